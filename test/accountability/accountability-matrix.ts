import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Tier } from '../../src/core/db/schema';
import { PerpetratorsService } from '../../src/modules/accountability/perpetrators.service';
import { PackageService } from '../../src/modules/evidence/package.service';
import type { Method } from '../support/session';
import { nameMarker } from '../support/registry-factories';
import { makeEvidence, makePerpetrator, makeViolation } from '../evidence/evidence-fixtures';
import type { MatrixDeps, Who } from '../support/matrix';

/**
 * Access-matrix rows for the accountability and evidence routes: every caller × a perpetrator, a violation
 * and an evidence item of every tier. The expected policy is written out by hand here.
 */
const TIERS: Tier[] = ['public', 'internal', 'confidential', 'sealed'];
const STAFF_CONF = new Set<Who>(['admin', 'editor', 'researcher', 'author']);
const GRANTED = new Set<Who>(['grantee', 'author']);
const WRITERS = new Set<Who>(['admin', 'editor', 'author']);

function sees(who: Who, tier: Tier): boolean {
  if (who === 'analyst' || who === 'anonymous') return false;
  if (tier === 'sealed') return GRANTED.has(who);
  if (tier === 'confidential') return STAFF_CONF.has(who);
  return true;
}

interface Fixture {
  tier: Tier;
  perpetrator: string;
  violation: string;
  evidence: string;
  marker: string;
}

export function accountabilityMatrix(d: MatrixDeps): Record<string, (who: Who) => Promise<void>> {
  let fixtures: Fixture[] | undefined;
  const packages = new Map<Who, string>();

  async function all(): Promise<Fixture[]> {
    if (fixtures) return fixtures;
    const ctx = d.ctx();
    const author = d.actor('author');
    const out: Fixture[] = [];
    for (const tier of TIERS) {
      const marker = nameMarker('Acc');
      const p = await makePerpetrator(ctx, author, tier, {
        names: [{ script: 'latn', kind: 'primary', value: `${marker} Perpetrov` }],
      });
      const v = await makeViolation(ctx, author, tier);
      await new PerpetratorsService(ctx).addLink(author, p.id, {
        targetType: 'violation',
        targetId: v.id,
        role: 'judge',
        sourceIds: [],
      });
      const e = await makeEvidence(ctx, author, tier, {
        title: `${marker} evidence`,
        consent: ['courts'],
        links: [{ entityType: 'perpetrator', entityId: p.id }],
      });
      if (tier === 'sealed')
        for (const [type, id] of [
          ['perpetrator', p.id],
          ['violation', v.id],
          ['evidence', e.view.id],
        ] as const)
          await ctx.db
            .insertInto('record_grants')
            .values({
              entity_type: type,
              entity_id: id,
              user_id: d.actor('grantee').id,
              granted_by: author.id,
              created_at: new Date().toISOString(),
            })
            .execute();
      out.push({ tier, perpetrator: p.id, violation: v.id, evidence: e.view.id, marker });
    }
    fixtures = out;
    return out;
  }

  /** Every response is searched for the markers of fixtures the caller may not see. */
  async function call(who: Who, method: Method, url: string, body?: unknown) {
    const res = await d.call(who, method, url, body);
    for (const f of fixtures ?? [])
      if (!sees(who, f.tier))
        expect(res.body.includes(f.marker), `${who} ${method} ${url} leaks ${f.tier}`).toBe(false);
    return res;
  }
  const denied = (who: Who, res: LightMyRequestResponse) =>
    who === 'anonymous' ? d.expectError(res, 401, 'UNAUTHENTICATED') : d.expectError(res, 403, 'FORBIDDEN');

  /** A read of one record: visible → 200; hidden → same as missing; analyst/anonymous refused alike for all ids. */
  function read(kind: keyof Omit<Fixture, 'tier' | 'marker'>, path: (id: string) => string, okStatus = 200) {
    return async (who: Who) => {
      for (const f of await all()) {
        const res = await call(who, 'GET', path(f[kind]));
        if (who === 'anonymous' || who === 'analyst') {
          denied(who, res);
          await d.expectSameAsMissing(who, 'GET', path, f[kind]);
        } else if (!sees(who, f.tier)) await d.expectSameAsMissing(who, 'GET', path, f[kind]);
        else expect(res.statusCode, `${who} ${f.tier} ${res.body.slice(0, 200)}`).toBe(okStatus);
      }
    };
  }

  /** A write on one record, proven harmless on fixtures (stale version or no-op) and real on a scratch. */
  function write(
    kind: keyof Omit<Fixture, 'tier' | 'marker'>,
    method: Method,
    path: (id: string) => string,
    body: unknown,
    fixtureStatus: number,
    scratch: () => Promise<string>,
    scratchStatus: number,
  ) {
    return async (who: Who) => {
      for (const f of await all()) {
        if (who === 'anonymous')
          d.expectError(await call(who, method, path(f[kind]), body), 401, 'UNAUTHENTICATED');
        else if (!sees(who, f.tier)) await d.expectSameAsMissing(who, method, path, f[kind], body);
        else if (!WRITERS.has(who))
          d.expectError(await call(who, method, path(f[kind]), body), 403, 'FORBIDDEN');
        else
          expect((await call(who, method, path(f[kind]), body)).statusCode, `${who} ${f.tier}`).toBe(
            fixtureStatus,
          );
      }
      const id = await scratch();
      const res = await call(who, method, path(id), body);
      if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(scratchStatus);
      else expect(res.statusCode).toBe(who === 'anonymous' ? 401 : who === 'analyst' ? 404 : 403);
    };
  }

  function list(url: string, kind: keyof Omit<Fixture, 'tier' | 'marker'>) {
    return async (who: Who) => {
      const fixturesNow = await all();
      const res = await call(who, 'GET', url);
      if (who === 'anonymous' || who === 'analyst') return denied(who, res);
      expect(res.statusCode, res.body).toBe(200);
      const ids = res
        .json<{ items: Array<Record<string, unknown>> }>()
        .items.map((i) => i.id ?? i.perpetratorId);
      for (const f of fixturesNow)
        expect(ids.includes(f[kind]), `${who} lists ${f.tier}`).toBe(sees(who, f.tier));
    };
  }

  const scratchPerp = async () => (await makePerpetrator(d.ctx(), d.actor('author'), 'internal')).id;
  const scratchViolation = async () => (await makeViolation(d.ctx(), d.actor('author'), 'internal')).id;
  const scratchEvidence = async () => (await makeEvidence(d.ctx(), d.actor('author'), 'internal')).view.id;
  const upload = (url: string) => async (who: Who) => {
    const res = await call(who, 'POST', url, Buffer.from(`fictional upload ${randomUUID()}`));
    if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(201);
    else denied(who, res);
  };

  return {
    'GET /api/v1/perpetrators': async (who) => {
      await list('/api/v1/perpetrators?limit=200', 'perpetrator')(who);
      if (who === 'anonymous' || who === 'analyst') return;
      // The name search finds a hidden perpetrator for nobody who may not see it.
      for (const f of await all()) {
        const res = await call(who, 'GET', `/api/v1/perpetrators?q=${f.marker}`);
        expect(res.json<{ total: number }>().total, `${who} q ${f.tier}`).toBe(sees(who, f.tier) ? 1 : 0);
      }
    },
    'GET /api/v1/perpetrators/:id': read('perpetrator', (id) => `/api/v1/perpetrators/${id}`),
    'GET /api/v1/perpetrators/:id/duplicates': read(
      'perpetrator',
      (id) => `/api/v1/perpetrators/${id}/duplicates`,
    ),
    'GET /api/v1/perpetrators/:id/dossier': read(
      'perpetrator',
      (id) => `/api/v1/perpetrators/${id}/dossier?jurisdiction=EU`,
    ),
    'GET /api/v1/perpetrators/:id/dossier.pdf': read(
      'perpetrator',
      (id) => `/api/v1/perpetrators/${id}/dossier.pdf?jurisdiction=EU`,
    ),
    'POST /api/v1/perpetrators': async (who) => {
      for (const tier of TIERS) {
        const res = await call(who, 'POST', '/api/v1/perpetrators', {
          tier,
          category: 'judge',
          names: [{ script: 'latn', kind: 'primary', value: `Scratch ${nameMarker()}` }],
        });
        if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(201);
        else denied(who, res);
      }
    },
    'PATCH /api/v1/perpetrators/:id': write(
      'perpetrator',
      'PATCH',
      (id) => `/api/v1/perpetrators/${id}`,
      { category: 'other', version: 99 },
      409,
      scratchPerp,
      409,
    ),
    'DELETE /api/v1/perpetrators/:id': async (who) => {
      for (const f of await all()) {
        const url = (id: string) => `/api/v1/perpetrators/${id}`;
        if (who === 'anonymous')
          d.expectError(await call(who, 'DELETE', url(f.perpetrator)), 401, 'UNAUTHENTICATED');
        else if (!sees(who, f.tier)) await d.expectSameAsMissing(who, 'DELETE', url, f.perpetrator);
        else if (!WRITERS.has(who))
          d.expectError(await call(who, 'DELETE', url(f.perpetrator)), 403, 'FORBIDDEN');
      }
      const id = await scratchPerp();
      const res = await call(who, 'DELETE', `/api/v1/perpetrators/${id}`);
      if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(200);
      else expect(res.statusCode).toBe(who === 'anonymous' ? 401 : who === 'analyst' ? 404 : 403);
    },
    // A link to a violation that does not exist: writers reach validation (400), nothing is created.
    'POST /api/v1/perpetrators/:id/links': write(
      'perpetrator',
      'POST',
      (id) => `/api/v1/perpetrators/${id}/links`,
      { targetType: 'violation', targetId: randomUUID(), role: 'judge' },
      400,
      scratchPerp,
      400,
    ),
    'DELETE /api/v1/perpetrators/:id/links/:linkId': write(
      'perpetrator',
      'DELETE',
      (id) => `/api/v1/perpetrators/${id}/links/${randomUUID()}`,
      undefined,
      404,
      scratchPerp,
      404,
    ),
    'GET /api/v1/violations': list('/api/v1/violations?limit=200', 'violation'),
    'GET /api/v1/violations/:id': read('violation', (id) => `/api/v1/violations/${id}`),
    'POST /api/v1/violations': async (who) => {
      const res = await call(who, 'POST', '/api/v1/violations', { tier: 'internal', type: 'search' });
      if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(201);
      else denied(who, res);
    },
    'PATCH /api/v1/violations/:id': write(
      'violation',
      'PATCH',
      (id) => `/api/v1/violations/${id}`,
      { place: 'x', version: 99 },
      409,
      scratchViolation,
      409,
    ),
    'DELETE /api/v1/violations/:id': async (who) => {
      for (const f of await all()) {
        const url = (id: string) => `/api/v1/violations/${id}`;
        if (who === 'anonymous')
          d.expectError(await call(who, 'DELETE', url(f.violation)), 401, 'UNAUTHENTICATED');
        else if (!sees(who, f.tier)) await d.expectSameAsMissing(who, 'DELETE', url, f.violation);
        else if (!WRITERS.has(who))
          d.expectError(await call(who, 'DELETE', url(f.violation)), 403, 'FORBIDDEN');
      }
      const res = await call(who, 'DELETE', `/api/v1/violations/${await scratchViolation()}`);
      if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(200);
      else expect(res.statusCode).toBe(who === 'anonymous' ? 401 : who === 'analyst' ? 404 : 403);
    },
    'GET /api/v1/accountability/unsanctioned': list('/api/v1/accountability/unsanctioned', 'perpetrator'),

    'POST /api/v1/evidence': upload('/api/v1/evidence?tier=internal&kind=document&title=Fictional'),
    'POST /api/v1/evidence/:id/copies': write(
      'evidence',
      'POST',
      (id) => `/api/v1/evidence/${id}/copies?derivation=bogus&title=x`,
      Buffer.from('copy'),
      400,
      scratchEvidence,
      400,
    ),
    'GET /api/v1/evidence': list('/api/v1/evidence?limit=200', 'evidence'),
    'GET /api/v1/evidence/signing-key': async (who) => {
      const res = await call(who, 'GET', '/api/v1/evidence/signing-key');
      if (who === 'anonymous' || who === 'analyst') return denied(who, res);
      expect(res.statusCode).toBe(200);
    },
    'GET /api/v1/evidence/:id': read('evidence', (id) => `/api/v1/evidence/${id}`),
    'GET /api/v1/evidence/:id/content': read('evidence', (id) => `/api/v1/evidence/${id}/content`),
    'GET /api/v1/evidence/:id/custody': read('evidence', (id) => `/api/v1/evidence/${id}/custody`),
    'POST /api/v1/evidence/:id/verify': async (who) => {
      for (const f of await all()) {
        const url = (id: string) => `/api/v1/evidence/${id}/verify`;
        const res = await call(who, 'POST', url(f.evidence));
        if (who === 'anonymous' || who === 'analyst') denied(who, res);
        else if (!sees(who, f.tier)) await d.expectSameAsMissing(who, 'POST', url, f.evidence);
        else expect(res.json()).toMatchObject({ intact: true });
      }
    },
    'PATCH /api/v1/evidence/:id': write(
      'evidence',
      'PATCH',
      (id) => `/api/v1/evidence/${id}`,
      { notes: 'x', version: 99 },
      409,
      scratchEvidence,
      409,
    ),
    'POST /api/v1/evidence/:id/transfers': write(
      'evidence',
      'POST',
      (id) => `/api/v1/evidence/${id}/transfers`,
      { to: 'Fictional court registry' },
      200,
      scratchEvidence,
      200,
    ),
    'POST /api/v1/evidence/packages': async (who) => {
      for (const f of await all()) {
        const body = { recipient: 'courts', perpetratorIds: [f.perpetrator] };
        const res = await call(who, 'POST', '/api/v1/evidence/packages', body);
        if (who === 'anonymous' || who === 'analyst') denied(who, res);
        else if (!sees(who, f.tier)) {
          // Naming a hidden perpetrator answers exactly like naming one that never existed.
          const missing = await call(who, 'POST', '/api/v1/evidence/packages', {
            ...body,
            perpetratorIds: [randomUUID()],
          });
          const shape = (r: LightMyRequestResponse) => {
            const e = r.json<{ error: { code: string; message: string } }>().error;
            return [r.statusCode, e.code, e.message];
          };
          expect(shape(res)).toEqual(shape(missing));
          expect(res.statusCode).toBe(404);
        } else {
          expect(res.statusCode, res.body).toBe(201);
          packages.set(who, res.json<{ id: string }>().id);
        }
      }
    },
    'GET /api/v1/evidence/packages/:id': packageRead((id) => `/api/v1/evidence/packages/${id}`),
    'GET /api/v1/evidence/packages/:id/verification': packageRead(
      (id) => `/api/v1/evidence/packages/${id}/verification`,
    ),
  };

  /** A package is readable by its author only; for anyone else it does not exist. */
  function packageRead(url: (id: string) => string) {
    return async (who: Who) => {
      const f = (await all())[0]!;
      const own = await new PackageService(d.ctx()).create(d.actor('author'), {
        recipient: 'courts',
        title: 'm',
        perpetratorIds: [f.perpetrator],
        violationIds: [],
        caseIds: [],
        evidenceIds: [],
      });
      const res = await call(who, 'GET', url(own.id));
      if (who === 'anonymous') return d.expectError(res, 401, 'UNAUTHENTICATED');
      if (who === 'author') return expect(res.statusCode, res.body).toBe(200);
      await d.expectSameAsMissing(who, 'GET', url, own.id);
    };
  }
}

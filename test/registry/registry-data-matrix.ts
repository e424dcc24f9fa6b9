import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Consent } from '../../src/core/db/schema-registry';
import { digestOf } from '../../src/modules/registry/import/import.service';
import { MergeService } from '../../src/modules/registry/merge.service';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { ReleasesService } from '../../src/modules/registry/releases.service';
import type { Method } from '../support/session';
import { makePerson, nameMarker } from '../support/registry-factories';
import type { MatrixDeps, Who } from '../support/matrix';

/**
 * Access-matrix rows for registry data routes (import, export, duplicates, merge, releases, humanitarian
 * lists): every caller × a person of every consent tier, with the policy written out by hand.
 */
const CONSENTS: Consent[] = ['public', 'anonymised', 'confidential', 'sealed'];
const STAFF = new Set<Who>(['admin', 'editor', 'researcher', 'author']);
const GRANTED = new Set<Who>(['grantee', 'author']);
const WRITERS = new Set<Who>(['admin', 'editor', 'author']);
const READERS = new Set<Who>(['admin', 'editor', 'researcher', 'viewer', 'grantee', 'author']);

function seesPerson(who: Who, consent: Consent): boolean {
  if (!READERS.has(who)) return false;
  if (consent === 'sealed') return GRANTED.has(who);
  if (consent === 'confidential') return STAFF.has(who);
  return true;
}
/** Identity in an export: never for sealed (exports list no sealed record at all). */
function exportsIdentity(who: Who, consent: Consent): boolean {
  if (consent === 'sealed' || !seesPerson(who, consent)) return false;
  return consent === 'public' || STAFF.has(who);
}
/** Health facts are at least confidential; sealed ones need the grant. */
function readsHealth(who: Who, consent: Consent): boolean {
  if (!seesPerson(who, consent)) return false;
  return consent === 'sealed' ? GRANTED.has(who) : STAFF.has(who);
}

export function registryDataMatrix(d: MatrixDeps): Record<string, (who: Who) => Promise<void>> {
  let fixtures: Array<{ consent: Consent; id: string; marker: string }> | undefined;
  async function people() {
    if (fixtures) return fixtures;
    const out: Array<{ consent: Consent; id: string; marker: string }> = [];
    for (const consent of CONSENTS) {
      const marker = nameMarker('Dmx');
      const p = await makePerson(d.ctx(), d.actor('author'), consent, {
        names: [{ script: 'latn', kind: 'primary', value: marker }],
      });
      if (consent === 'sealed')
        await new PersonsService(d.ctx()).grant(d.actor('author'), p.id, d.actor('grantee').id);
      out.push({ consent, id: p.id, marker });
    }
    return (fixtures = out);
  }
  async function call(who: Who, method: Method, url: string, body?: unknown) {
    const res = await d.call(who, method, url, body);
    for (const f of fixtures ?? [])
      if (!exportsIdentity(who, f.consent))
        expect(res.body.includes(f.marker), `${who} ${method} ${url} leaks ${f.consent}`).toBe(false);
    return res;
  }
  const gate = (who: Who, res: LightMyRequestResponse, allowed: Set<Who>): boolean => {
    if (who === 'anonymous') d.expectError(res, 401, 'UNAUTHENTICATED');
    else if (!allowed.has(who)) d.expectError(res, 403, 'FORBIDDEN');
    else return true;
    return false;
  };
  const scratch = async () => (await makePerson(d.ctx(), d.actor('author'), 'public')).id;

  /** Person-scoped route: role gate first, then a hidden (or unreadable) person is the same as a missing one. */
  function perPerson(
    method: Method,
    path: (id: string) => string,
    allowed: Set<Who>,
    ok: (who: Who, c: Consent) => boolean,
    body?: () => Promise<unknown>,
  ) {
    return async (who: Who) => {
      for (const f of await people()) {
        const b = body ? await body() : undefined;
        const res = await call(who, method, path(f.id), b);
        if (!gate(who, res, allowed)) continue;
        if (ok(who, f.consent)) expect(res.statusCode, `${who} ${f.consent} ${res.body}`).toBe(200);
        else await d.expectSameAsMissing(who, method, path, f.id, b);
      }
    };
  }

  function exportRoute(url: string) {
    return async (who: Who) => {
      const all = await people();
      const res = await call(who, 'GET', url);
      if (!gate(who, res, READERS)) return;
      expect(res.statusCode).toBe(200);
      for (const f of all)
        expect(res.body.includes(f.marker), `${who} ${url} ${f.consent}`).toBe(
          exportsIdentity(who, f.consent),
        );
    };
  }

  let filterId: string | undefined;
  const filter = async () =>
    (filterId ??= (
      await new ReleasesService(d.ctx()).createFilter(d.actor('author'), {
        name: 'Matrix list',
        purpose: 'humanitarian_release',
        criteria: { base: {}, currentOnly: true, match: 'any' },
      })
    ).id);
  const releaseEvent = async () =>
    (
      await new ReleasesService(d.ctx()).createEvent(d.actor('author'), {
        kind: 'pardon',
        occurredOn: '2025-01-01',
        title: 'Matrix wave',
      })
    ).id;
  const csv =
    'Name and surname,Status,Date of birth,Gender,Date of detention,Charges indicted,Date of verdict,Sentence,Penalty,Judge,Prosecutor,Prison\nMatrix Fictional Person,Political prisoner,,,,,,,,,,\n';
  const importBody = {
    contentBase64: Buffer.from(csv).toString('base64'),
    digest: digestOf(Buffer.from(csv)),
  };

  return {
    'POST /api/v1/registry/imports/dry-run': async (who) => {
      const res = await call(who, 'POST', '/api/v1/registry/imports/dry-run', importBody);
      if (gate(who, res, WRITERS)) expect(res.statusCode, res.body).toBe(200);
    },
    'POST /api/v1/registry/imports/commit': async (who) => {
      const res = await call(who, 'POST', '/api/v1/registry/imports/commit', importBody);
      if (gate(who, res, WRITERS)) expect(res.json()).toMatchObject({ created: 1 });
    },
    'GET /api/v1/registry/export.csv': exportRoute('/api/v1/registry/export.csv'),
    'GET /api/v1/registry/export.json': exportRoute('/api/v1/registry/export.json'),
    'GET /api/v1/registry/export.ftm.jsonl': exportRoute('/api/v1/registry/export.ftm.jsonl'),
    'GET /api/v1/persons/:id/duplicates': perPerson(
      'GET',
      (id) => `/api/v1/persons/${id}/duplicates`,
      READERS,
      seesPerson,
    ),
    'POST /api/v1/persons/:id/not-duplicate': perPerson(
      'POST',
      (id) => `/api/v1/persons/${id}/not-duplicate`,
      WRITERS,
      seesPerson,
      async () => ({
        otherId: await scratch(),
      }),
    ),
    'POST /api/v1/persons/:id/merge': async (who) => {
      // Fixtures are never merged away: the other side is missing, so a writer gets 404 whatever it sees.
      for (const f of await people()) {
        const res = await call(who, 'POST', `/api/v1/persons/${f.id}/merge`, { otherId: randomUUID() });
        if (gate(who, res, WRITERS)) d.expectError(res, 404, 'NOT_FOUND');
      }
      const [a, b] = [await scratch(), await scratch()];
      const res = await call(who, 'POST', `/api/v1/persons/${a}/merge`, { otherId: b });
      if (gate(who, res, WRITERS)) expect(res.statusCode, res.body).toBe(200);
    },
    'POST /api/v1/registry/merges/:mergeId/revert': async (who) => {
      const { mergeId } = await new MergeService(d.ctx()).merge(
        d.actor('author'),
        await scratch(),
        await scratch(),
      );
      const missing = await call(who, 'POST', `/api/v1/registry/merges/${randomUUID()}/revert`);
      if (gate(who, missing, WRITERS)) d.expectError(missing, 404, 'NOT_FOUND');
      const res = await call(who, 'POST', `/api/v1/registry/merges/${mergeId}/revert`);
      if (gate(who, res, WRITERS)) expect(res.statusCode, res.body).toBe(200);
    },
    'GET /api/v1/persons/:id/humanitarian': perPerson(
      'GET',
      (id) => `/api/v1/persons/${id}/humanitarian`,
      READERS,
      readsHealth,
    ),
    'PATCH /api/v1/persons/:id/humanitarian': perPerson(
      'PATCH',
      (id) => `/api/v1/persons/${id}/humanitarian`,
      WRITERS,
      readsHealth,
      () => Promise.resolve({ seriousIllness: false, parentOfMinors: false }),
    ),
    'GET /api/v1/registry/release-events': async (who) => {
      const res = await call(who, 'GET', '/api/v1/registry/release-events');
      if (gate(who, res, new Set([...READERS, 'analyst']))) expect(res.statusCode).toBe(200);
    },
    'POST /api/v1/registry/release-events': async (who) => {
      const res = await call(who, 'POST', '/api/v1/registry/release-events', {
        kind: 'exchange',
        occurredOn: '2025-02-02',
        title: 'Matrix',
      });
      if (gate(who, res, WRITERS)) expect(res.statusCode).toBe(201);
    },
    'PATCH /api/v1/registry/release-events/:id': async (who) => {
      const res = await call(who, 'PATCH', `/api/v1/registry/release-events/${await releaseEvent()}`, {
        title: 'Matrix 2',
      });
      if (gate(who, res, WRITERS)) expect(res.statusCode).toBe(200);
    },
    'DELETE /api/v1/registry/release-events/:id': async (who) => {
      const res = await call(who, 'DELETE', `/api/v1/registry/release-events/${await releaseEvent()}`);
      if (gate(who, res, WRITERS)) expect(res.statusCode).toBe(200);
    },
    'POST /api/v1/registry/release-events/:id/links': async (who) => {
      const p = await makePerson(d.ctx(), d.actor('author'), 'public', {
        statusEvents: [{ status: 'released_exchange', occurredOn: '2025-02-02' }],
      });
      const ev = (
        await d
          .ctx()
          .db.selectFrom('status_events')
          .select('id')
          .where('person_id', '=', p.id)
          .executeTakeFirstOrThrow()
      ).id;
      const res = await call(who, 'POST', `/api/v1/registry/release-events/${await releaseEvent()}/links`, {
        statusEventIds: [ev],
      });
      if (gate(who, res, WRITERS)) expect(res.json()).toEqual({ linked: 1 });
    },
    'GET /api/v1/registry/saved-filters': async (who) => {
      const res = await call(who, 'GET', '/api/v1/registry/saved-filters');
      if (gate(who, res, READERS)) expect(res.statusCode).toBe(200);
    },
    'POST /api/v1/registry/saved-filters': async (who) => {
      const res = await call(who, 'POST', '/api/v1/registry/saved-filters', {
        name: 'Matrix',
        criteria: { minAge: 60 },
      });
      if (gate(who, res, WRITERS)) expect(res.statusCode).toBe(201);
    },
    'PATCH /api/v1/registry/saved-filters/:id': async (who) => {
      const res = await call(who, 'PATCH', `/api/v1/registry/saved-filters/${await filter()}`, {
        name: 'Matrix list',
      });
      if (gate(who, res, WRITERS)) expect(res.statusCode).toBe(200);
    },
    'DELETE /api/v1/registry/saved-filters/:id': async (who) => {
      const id = (
        await new ReleasesService(d.ctx()).createFilter(d.actor('author'), {
          name: 'Gone',
          purpose: 'x',
          criteria: { base: {}, currentOnly: true, match: 'any' },
        })
      ).id;
      const res = await call(who, 'DELETE', `/api/v1/registry/saved-filters/${id}`);
      if (gate(who, res, WRITERS)) expect(res.statusCode).toBe(200);
    },
    'GET /api/v1/registry/saved-filters/:id/list': async (who) =>
      exportRoute(`/api/v1/registry/saved-filters/${await filter()}/list`)(who),
    'GET /api/v1/registry/saved-filters/:id/list.csv': async (who) =>
      exportRoute(`/api/v1/registry/saved-filters/${await filter()}/list.csv`)(who),
    'GET /api/v1/registry/saved-filters/:id/list.pdf': async (who) => {
      await people();
      const res = await call(who, 'GET', `/api/v1/registry/saved-filters/${await filter()}/list.pdf`);
      if (gate(who, res, READERS)) expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
  };
}

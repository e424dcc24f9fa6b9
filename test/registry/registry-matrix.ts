import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { Consent } from '../../src/core/db/schema-registry';
import { PersonsService } from '../../src/modules/registry/persons.service';
import type { Method } from '../support/session';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';
import type { MatrixDeps, Who } from '../support/matrix';

/**
 * Access-matrix rows for the registry core routes: every caller × a person of every consent tier. The
 * expected policy is written out by hand (consent → who sees the record, who sees the identity).
 */
const CONSENTS: Consent[] = ['public', 'anonymised', 'confidential', 'sealed'];
const STAFF_CONF = new Set<Who>(['admin', 'editor', 'researcher', 'author']);
const GRANTED = new Set<Who>(['grantee', 'author']);
const WRITERS = new Set<Who>(['admin', 'editor', 'author']);

function seesPerson(who: Who, consent: Consent): boolean {
  if (who === 'analyst' || who === 'anonymous') return false;
  if (consent === 'sealed') return GRANTED.has(who);
  if (consent === 'confidential') return STAFF_CONF.has(who);
  return true;
}
function seesIdentity(who: Who, consent: Consent): boolean {
  if (!seesPerson(who, consent)) return false;
  return consent === 'public' || consent === 'sealed' || STAFF_CONF.has(who);
}

export function registryMatrix(d: MatrixDeps): Record<string, (who: Who) => Promise<void>> {
  let fixtures: Array<{ consent: Consent; id: string; marker: string }> | undefined;
  // Our own grant target: the sources rows count every grant their target holds.
  let grantTarget: Actor | undefined;
  async function people() {
    if (fixtures) return fixtures;
    grantTarget = await makeUser(d.ctx(), 'viewer');
    const out: Array<{ consent: Consent; id: string; marker: string }> = [];
    for (const consent of CONSENTS) {
      const marker = nameMarker('Mtx');
      const p = await makePerson(d.ctx(), d.actor('author'), consent, {
        names: [{ script: 'latn', kind: 'primary', value: marker }],
      });
      if (consent === 'sealed')
        await new PersonsService(d.ctx()).grant(d.actor('author'), p.id, d.actor('grantee').id);
      out.push({ consent, id: p.id, marker });
    }
    fixtures = out;
    return out;
  }
  /** Every registry response is checked for names the caller may not read. */
  async function call(who: Who, method: Method, url: string, body?: unknown) {
    const res = await d.call(who, method, url, body);
    for (const f of fixtures ?? [])
      if (!seesIdentity(who, f.consent))
        expect(res.body.includes(f.marker), `${who} ${url} leaks ${f.consent}`).toBe(false);
    return res;
  }
  const denied = (who: Who, res: LightMyRequestResponse) =>
    who === 'anonymous' ? d.expectError(res, 401, 'UNAUTHENTICATED') : d.expectError(res, 403, 'FORBIDDEN');
  const scratch = async () => (await makePerson(d.ctx(), d.actor('author'), 'public')).id;

  /** Person-scoped writes: hidden = missing; visible but not a writer = 403; writers proven on a scratch. */
  function write(
    method: Method,
    path: (id: string) => string,
    body: unknown,
    okStatus: number,
    writerOnFixture?: number,
  ) {
    return async (who: Who) => {
      for (const f of await people()) {
        if (who === 'anonymous')
          d.expectError(await call(who, method, path(f.id), body), 401, 'UNAUTHENTICATED');
        else if (!seesPerson(who, f.consent)) await d.expectSameAsMissing(who, method, path, f.id, body);
        else if (!WRITERS.has(who))
          d.expectError(await call(who, method, path(f.id), body), 403, 'FORBIDDEN');
        else if (writerOnFixture)
          expect((await call(who, method, path(f.id), body)).statusCode).toBe(writerOnFixture);
      }
      const id = await scratch();
      const res = await call(who, method, path(id), body);
      if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(okStatus);
      else expect(res.statusCode).toBe(who === 'anonymous' ? 401 : who === 'analyst' ? 404 : 403);
    };
  }

  const aggregate = (url: string) => async (who: Who) => {
    const res = await call(who, 'GET', url);
    if (who === 'anonymous') return d.expectError(res, 401, 'UNAUTHENTICATED');
    expect(res.statusCode, res.body).toBe(200);
  };

  return {
    'GET /api/v1/persons': async (who) => {
      const all = await people();
      const res = await call(who, 'GET', '/api/v1/persons?limit=200');
      if (who === 'anonymous' || who === 'analyst') return denied(who, res);
      const listed = res.json<{ items: Array<{ id: string; identityHidden: boolean }> }>().items;
      for (const f of all) {
        const row = listed.find((i) => i.id === f.id);
        expect(Boolean(row), `${who} lists ${f.consent}`).toBe(seesPerson(who, f.consent));
        if (row)
          expect(row.identityHidden, `${who} identity ${f.consent}`).toBe(!seesIdentity(who, f.consent));
        const found = await call(who, 'GET', `/api/v1/persons?q=${f.marker}`);
        expect(found.json<{ total: number }>().total, `${who} q ${f.consent}`).toBe(
          seesIdentity(who, f.consent) ? 1 : 0,
        );
      }
    },
    'GET /api/v1/persons/:id': async (who) => {
      for (const f of await people()) {
        const url = (id: string) => `/api/v1/persons/${id}`;
        if (who === 'anonymous' || who === 'analyst') denied(who, await call(who, 'GET', url(f.id)));
        else if (!seesPerson(who, f.consent)) await d.expectSameAsMissing(who, 'GET', url, f.id);
        else {
          const view = (await call(who, 'GET', url(f.id))).json<{
            identityHidden: boolean;
            displayName: string;
          }>();
          expect(view.identityHidden, `${who} ${f.consent}`).toBe(!seesIdentity(who, f.consent));
          if (seesIdentity(who, f.consent)) expect(view.displayName).toBe(f.marker);
        }
      }
    },
    'POST /api/v1/persons': async (who) => {
      for (const consent of CONSENTS) {
        const res = await call(who, 'POST', '/api/v1/persons', {
          consent,
          names: [{ script: 'latn', value: `Scratch ${randomUUID()}` }],
        });
        if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(201);
        else denied(who, res);
      }
    },
    'PATCH /api/v1/persons/:id': write(
      'PATCH',
      (id) => `/api/v1/persons/${id}`,
      { region: 'brest', version: 99 },
      409,
      409,
    ),
    'DELETE /api/v1/persons/:id': write('DELETE', (id) => `/api/v1/persons/${id}`, undefined, 200),
    'POST /api/v1/persons/:id/cases': write(
      'POST',
      (id) => `/api/v1/persons/${id}/cases`,
      { articles: [{ article: '342' }] },
      201,
    ),
    'PATCH /api/v1/persons/:id/cases/:caseId': write(
      'PATCH',
      (id) => `/api/v1/persons/${id}/cases/${randomUUID()}`,
      { version: 1 },
      404,
      404,
    ),
    'DELETE /api/v1/persons/:id/cases/:caseId': write(
      'DELETE',
      (id) => `/api/v1/persons/${id}/cases/${randomUUID()}`,
      undefined,
      404,
      404,
    ),
    'POST /api/v1/persons/:id/status-events': write(
      'POST',
      (id) => `/api/v1/persons/${id}/status-events`,
      { status: 'detained', occurredOn: '2024-01-01' },
      201,
    ),
    'POST /api/v1/persons/:id/recognitions': write(
      'POST',
      (id) => `/api/v1/persons/${id}/recognitions`,
      { recognisedBy: 'Test', recognisedOn: '2024-01-01' },
      201,
    ),
    'POST /api/v1/persons/:id/grants': async (who) => {
      const url = (id: string) => `/api/v1/persons/${id}/grants`;
      const all = await people();
      const body = { userId: grantTarget!.id };
      for (const f of all) {
        if (who === 'anonymous') {
          d.expectError(await call(who, 'POST', url(f.id), body), 401, 'UNAUTHENTICATED');
          continue;
        }
        if (!seesPerson(who, f.consent)) {
          await d.expectSameAsMissing(who, 'POST', url, f.id, body);
          continue;
        }
        const allowed = who === 'admin' || (who === 'author' && f.consent === 'sealed');
        const res = await call(who, 'POST', url(f.id), body);
        if (allowed) expect(res.statusCode, res.body).toBe(200);
        else d.expectError(res, 403, 'FORBIDDEN');
      }
    },
    'GET /api/v1/registry/statistics': aggregate('/api/v1/registry/statistics'),
    'GET /api/v1/registry/statistics.csv': aggregate('/api/v1/registry/statistics.csv'),
    'GET /api/v1/registry/published-figures': aggregate('/api/v1/registry/published-figures'),
  };
}

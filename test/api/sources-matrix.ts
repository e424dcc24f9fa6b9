import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { AppContext } from '../../src/core/context';
import type { Method } from '../support/session';
import { makeSource } from '../support/factories';
import {
  expectError,
  fixtures,
  involvesSealed,
  readsRecords,
  seesNotes,
  seesRecord,
  WRITERS,
  HOLDS_SEALED_GRANTS,
  type Fixture,
  type Member,
  type Who,
} from './access-policy';

export interface SourcesMatrixDeps {
  ctx(): AppContext;
  actor(who: Member): Actor;
  /** A viewer that grants are given to. */
  target(): Actor;
  call: (who: Who, method: Method, url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  expectSameAsMissing: (
    who: Who,
    method: Method,
    url: (id: string) => string,
    id: string,
    body?: unknown,
  ) => Promise<void>;
}

/** Access-matrix rows for the sources routes: every caller × the source fixtures of access-policy.ts. */
export function sourcesMatrix(d: SourcesMatrixDeps): Record<string, (who: Who) => Promise<void>> {
  const { call, expectSameAsMissing } = d;
  const sourceRow = (id: string) =>
    d.ctx().db.selectFrom('sources').select(['version', 'title']).where('id', '=', id).executeTakeFirst();

  async function scratchSource(): Promise<string> {
    return (await makeSource(d.ctx(), d.actor('author'), 'public', { title: `scratch ${randomUUID()}` })).id;
  }
  async function dropSource(id: string): Promise<void> {
    await d.ctx().db.deleteFrom('sources').where('id', '=', id).execute();
  }

  /** Admins manage grants; a writer already named on a sealed record may name another reader. */
  const grantAllowed = (who: Who, f: Fixture): boolean =>
    who === 'admin' || (WRITERS.has(who) && HOLDS_SEALED_GRANTS.has(who) && involvesSealed(f));

  return {
    'GET /api/v1/sources': async (who) => {
      const list = async (query: string) => {
        const res = await call(who, 'GET', `/api/v1/sources?limit=200${query}`);
        if (who === 'anonymous') expectError(res, 401, 'UNAUTHENTICATED');
        else if (who === 'analyst') expectError(res, 403, 'FORBIDDEN');
        else expect(res.statusCode, res.body).toBe(200);
        return res.statusCode === 200
          ? res.json<{ items: Array<{ id: string; notes?: unknown }>; total: number }>()
          : null;
      };
      const all = await list('');
      const visible = fixtures.filter((f) => seesRecord(who, f));
      if (readsRecords(who)) {
        expect(all?.total).toBe(visible.length);
        expect(all?.items.map((i) => i.id).sort()).toEqual(visible.map((f) => f.id).sort());
        expect(all?.items.some((i) => 'notes' in i)).toBe(false);
      }
      for (const f of fixtures) {
        for (const m of [f.title, f.publisher]) {
          const found = await list(`&q=${encodeURIComponent(m.split(' ')[1]!)}`);
          if (readsRecords(who)) expect(found?.total, `${who} q= ${f.key}`).toBe(seesRecord(who, f) ? 1 : 0);
        }
        // Notes are encrypted and never searchable, by anyone.
        const byNotes = await list(`&q=${encodeURIComponent(f.notes.split(' ')[2]!)}`);
        if (readsRecords(who)) expect(byNotes?.total).toBe(0);
      }
      for (const tier of ['public', 'internal', 'confidential', 'sealed'] as const) {
        const byTier = await list(`&tier=${tier}`);
        if (readsRecords(who))
          expect(byTier?.total, `${who} tier=${tier}`).toBe(visible.filter((f) => f.tier === tier).length);
      }
    },
    'GET /api/v1/sources/stats': async (who) => {
      const res = await call(who, 'GET', '/api/v1/sources/stats');
      if (who === 'anonymous') return expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.statusCode).toBe(200);
      // Aggregates count every tier, sealed included, for every signed-in role.
      const byTier = { public: 0, internal: 0, confidential: 0, sealed: 0 };
      for (const f of fixtures) byTier[f.tier] += 1;
      expect(res.json()).toEqual({ total: fixtures.length, byTier });
    },
    'GET /api/v1/sources/:id': async (who) => {
      const url = (id: string) => `/api/v1/sources/${id}`;
      for (const f of fixtures) {
        if (who === 'anonymous') expectError(await call(who, 'GET', url(f.id)), 401, 'UNAUTHENTICATED');
        else if (who === 'analyst') expectError(await call(who, 'GET', url(f.id)), 403, 'FORBIDDEN');
        if (!seesRecord(who, f)) {
          await expectSameAsMissing(who, 'GET', url, f.id);
          continue;
        }
        const res = await call(who, 'GET', url(f.id));
        expect(res.statusCode, `${who} ${f.key}`).toBe(200);
        const view = res.json<{ title: string; notes?: string; notesHidden: boolean }>();
        expect(view.title).toBe(f.title);
        expect(view.notesHidden, `${who} notes of ${f.key}`).toBe(!seesNotes(who, f));
        expect(view.notes).toBe(seesNotes(who, f) ? f.notes : undefined);
      }
    },
    'POST /api/v1/sources': async (who) => {
      const title = `created by ${who} ${randomUUID()}`;
      const res = await call(who, 'POST', '/api/v1/sources', {
        tier: 'public',
        title,
        notesTier: 'public',
      });
      const row = await d
        .ctx()
        .db.selectFrom('sources')
        .select('id')
        .where('title', '=', title)
        .executeTakeFirst();
      if (row) await dropSource(row.id);
      if (WRITERS.has(who)) {
        expect(res.statusCode, res.body).toBe(201);
        expect(row).toBeDefined();
        return;
      }
      expectError(
        res,
        who === 'anonymous' ? 401 : 403,
        who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      );
      expect(row).toBeUndefined();
    },
    'PATCH /api/v1/sources/:id': async (who) => {
      const url = (id: string) => `/api/v1/sources/${id}`;
      for (const f of fixtures) {
        // A stale version: a caller allowed through gets CONFLICT, so no fixture is ever changed.
        const body = { title: `changed ${randomUUID()}`, version: 99 };
        if (who === 'anonymous')
          expectError(await call(who, 'PATCH', url(f.id), body), 401, 'UNAUTHENTICATED');
        if (!seesRecord(who, f)) await expectSameAsMissing(who, 'PATCH', url, f.id, body);
        else if (!WRITERS.has(who) || !seesNotes(who, f))
          expectError(await call(who, 'PATCH', url(f.id), body), 403, 'FORBIDDEN');
        else expectError(await call(who, 'PATCH', url(f.id), body), 409, 'CONFLICT');
        expect(await sourceRow(f.id)).toEqual({ version: 1, title: f.title });
      }
      const scratch = await scratchSource();
      try {
        const res = await call(who, 'PATCH', url(scratch), { title: `renamed ${scratch}`, version: 1 });
        if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(200);
        else expect(res.statusCode).toBe(who === 'anonymous' ? 401 : who === 'analyst' ? 404 : 403);
        expect((await sourceRow(scratch))?.version).toBe(WRITERS.has(who) ? 2 : 1);
      } finally {
        await dropSource(scratch);
      }
    },
    'DELETE /api/v1/sources/:id': async (who) => {
      const url = (id: string) => `/api/v1/sources/${id}`;
      for (const f of fixtures) {
        if (who === 'anonymous') expectError(await call(who, 'DELETE', url(f.id)), 401, 'UNAUTHENTICATED');
        if (!seesRecord(who, f)) await expectSameAsMissing(who, 'DELETE', url, f.id);
        else if (!WRITERS.has(who) || !seesNotes(who, f))
          expectError(await call(who, 'DELETE', url(f.id)), 403, 'FORBIDDEN');
        // Writers who may delete a fixture are proven on a scratch record below instead.
        expect(await sourceRow(f.id)).toBeDefined();
      }
      const scratch = await scratchSource();
      try {
        const res = await call(who, 'DELETE', url(scratch));
        if (WRITERS.has(who)) expect(res.statusCode, res.body).toBe(200);
        else expect(res.statusCode).toBe(who === 'anonymous' ? 401 : who === 'analyst' ? 404 : 403);
        expect(await sourceRow(scratch)).toEqual(WRITERS.has(who) ? undefined : expect.anything());
      } finally {
        await dropSource(scratch);
      }
    },
    'POST /api/v1/sources/:id/grants': async (who) => {
      const url = (id: string) => `/api/v1/sources/${id}/grants`;
      const body = { userId: d.target().id };
      for (const f of fixtures) {
        if (who === 'anonymous')
          expectError(await call(who, 'POST', url(f.id), body), 401, 'UNAUTHENTICATED');
        if (!seesRecord(who, f)) {
          await expectSameAsMissing(who, 'POST', url, f.id, body);
          continue;
        }
        const allowed = grantAllowed(who, f);
        const res = await call(who, 'POST', url(f.id), body);
        if (allowed) expect(res.statusCode, `${who} ${f.key}: ${res.body}`).toBe(200);
        else expectError(res, 403, 'FORBIDDEN');
      }
      if (who !== 'anonymous') {
        const grants = await d
          .ctx()
          .db.selectFrom('record_grants')
          .select(['entity_id', 'granted_by'])
          .where('user_id', '=', d.target().id)
          .execute();
        const allowedIds = fixtures
          .filter((f) => seesRecord(who, f) && grantAllowed(who, f))
          .map((f) => f.id);
        // Nothing granted by a caller beyond what it may grant; everything it may grant is in place.
        expect(
          grants
            .filter((g) => g.granted_by === d.actor(who).id)
            .every((g) => allowedIds.includes(g.entity_id)),
        ).toBe(true);
        expect(allowedIds.every((id) => grants.some((g) => g.entity_id === id))).toBe(true);
      }
    },
  };
}

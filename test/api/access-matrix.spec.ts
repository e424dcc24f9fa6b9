import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { buildApp } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { registerRoutes } from '../../src/routes';
import { totpCode } from '../../src/core/auth/totp';
import { SourcesService } from '../../src/modules/sources/sources.service';
import { buildTestApp } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { asSession, openSession, postLogin, type Method, type RawSession } from '../support/session';
import { registeredRoutes } from '../support/routes';
import { registryMatrix } from '../registry/registry-matrix';
import { registryDataMatrix } from '../registry/registry-data-matrix';
import { accountabilityMatrix } from '../accountability/accountability-matrix';
import { intakeMatrix } from '../intake/intake-matrix';
import { sanctionsMatrix } from '../sanctions/sanctions-matrix';
import { screeningMatrix } from '../screening/screening-matrix';
import {
  errorShape,
  expectError,
  fixtures,
  involvesSealed,
  ROLE_OF,
  seesNotes,
  seesRecord,
  WHO,
  type Member,
  type Who,
} from './access-policy';
import { sourcesMatrix } from './sources-matrix';

/**
 * Every API route × every kind of caller × every record tier. The expected policy is written out by hand
 * (access-policy.ts and each module's *-matrix.ts), not imported from access.ts, so that a change to the
 * policy code that leaks must disagree with it.
 */
for (const engine of ENGINES) {
  describe(`access matrix (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    const actors = {} as Record<Member, Actor>;
    const sessions = {} as Record<Member, RawSession>;
    let target: Actor;

    /** Every request in this file goes through here, so every response body is searched for hidden markers. */
    async function call(
      who: Who,
      method: Method,
      url: string,
      body?: unknown,
    ): Promise<LightMyRequestResponse> {
      const res =
        who === 'anonymous'
          ? await app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) })
          : await asSession(app, sessions[who], method, url, body);
      assertNoLeak(who, res.body, `${method} ${url}`);
      return res;
    }

    function assertNoLeak(who: Who, text: string, where: string): void {
      for (const f of fixtures) {
        if (!seesRecord(who, f)) {
          for (const m of [f.title, f.publisher, f.notes]) {
            expect(text.includes(m), `${who} ${where} leaks ${f.key} (${m.slice(0, 8)}…)`).toBe(false);
          }
        }
        if (!seesNotes(who, f))
          expect(text.includes(f.notes), `${who} ${where} leaks notes of ${f.key}`).toBe(false);
      }
    }

    /** A hidden record must be indistinguishable from an id that never existed. */
    async function expectSameAsMissing(
      who: Who,
      method: Method,
      url: (id: string) => string,
      id: string,
      body?: unknown,
    ): Promise<void> {
      const hidden = await call(who, method, url(id), body);
      const missing = await call(who, method, url(randomUUID()), body);
      expect(hidden.statusCode, hidden.body).toBeGreaterThanOrEqual(400);
      expect(errorShape(hidden)).toEqual(errorShape(missing));
    }

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      for (const who of Object.keys(ROLE_OF) as Member[])
        actors[who] = await makeUser(opened.ctx, ROLE_OF[who], `${who}-${randomBytes(3).toString('hex')}`);
      target = await makeUser(opened.ctx, 'viewer');
      const sources = new SourcesService(opened.ctx);
      for (const f of fixtures) {
        const view = await makeSource(opened.ctx, actors.author, f.tier, {
          title: f.title,
          notes: f.notes,
          notesTier: f.notesTier,
        });
        await sources.update(actors.author, view.id, { publisher: f.publisher, version: view.version });
        // Reset the version so every fixture starts equal.
        await opened.ctx.db.updateTable('sources').set({ version: 1 }).where('id', '=', view.id).execute();
        f.id = view.id;
        if (involvesSealed(f)) await sources.grant(actors.author, view.id, actors.grantee.id);
      }
      for (const who of Object.keys(ROLE_OF) as Member[])
        sessions[who] = await openSession(app, actors[who].username);
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    /** The table of expectations: one entry per registered /api route, each checked for every caller. */
    const matrix: Record<string, (who: Who) => Promise<void>> = {
      ...registryMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        call,
        expectSameAsMissing,
        expectError,
      }),
      ...registryDataMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        call,
        expectSameAsMissing,
        expectError,
      }),
      ...accountabilityMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        call,
        expectSameAsMissing,
        expectError,
      }),
      ...intakeMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        call,
        expectSameAsMissing,
        expectError,
      }),
      ...sanctionsMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        call,
        expectSameAsMissing,
        expectError,
      }),
      ...screeningMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        call,
        expectSameAsMissing,
        expectError,
      }),
      'GET /api/health': async (who) => {
        const res = await call(who, 'GET', '/api/health');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ status: 'ok', engine });
      },
      'GET /api/openapi.json': async (who) => {
        const res = await call(who, 'GET', '/api/openapi.json');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ openapi: '3.1.0' });
      },
      'POST /api/v1/auth/login': async (who) => {
        if (who === 'anonymous') {
          const res = await postLogin(app, { username: `nobody-${randomBytes(3).toString('hex')}` });
          assertNoLeak(who, res.body, 'login');
          return expectError(res, 401, 'INVALID_CREDENTIALS');
        }
        const res = await postLogin(app, { username: actors[who].username });
        assertNoLeak(who, res.body, 'login');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ user: { username: actors[who].username, role: ROLE_OF[who] } });
      },
      'POST /api/v1/auth/logout': async (who) => {
        if (who === 'anonymous')
          return expectError(await call(who, 'POST', '/api/v1/auth/logout'), 401, 'UNAUTHENTICATED');
        const extra = await openSession(app, actors[who].username);
        expect((await asSession(app, extra, 'POST', '/api/v1/auth/logout')).statusCode).toBe(200);
        expectError(await asSession(app, extra, 'GET', '/api/v1/auth/session'), 401, 'UNAUTHENTICATED');
      },
      'GET /api/v1/auth/session': async (who) => {
        const res = await call(who, 'GET', '/api/v1/auth/session');
        if (who === 'anonymous') return expectError(res, 401, 'UNAUTHENTICATED');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          user: { id: actors[who].id, role: ROLE_OF[who] },
          csrfToken: sessions[who].csrfToken,
        });
      },
      'POST /api/v1/account/password': async (who) => {
        const res = await call(who, 'POST', '/api/v1/account/password', {
          currentPassword: 'not the password',
          newPassword: 'a brand new long password',
        });
        // A wrong current password proves the route was reached without changing anything.
        expectError(res, 401, who === 'anonymous' ? 'UNAUTHENTICATED' : 'INVALID_CREDENTIALS');
      },
      'POST /api/v1/account/totp/setup': async (who) => {
        const res = await call(who, 'POST', '/api/v1/account/totp/setup');
        if (who === 'anonymous') return expectError(res, 401, 'UNAUTHENTICATED');
        expect(res.statusCode).toBe(200);
        expect(res.json<{ secret: string }>().secret).toMatch(/^[A-Z2-7]{32}$/);
      },
      'POST /api/v1/account/totp/enable': async (who) => {
        if (who === 'anonymous')
          return expectError(
            await call(who, 'POST', '/api/v1/account/totp/enable', { code: '123456' }),
            401,
            'UNAUTHENTICATED',
          );
        const { secret } = (await call(who, 'POST', '/api/v1/account/totp/setup')).json<{ secret: string }>();
        const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, Date.now() + d * 30_000)));
        let wrong = 0;
        while (valid.has(String(wrong).padStart(6, '0'))) wrong += 1;
        expectError(
          await call(who, 'POST', '/api/v1/account/totp/enable', { code: String(wrong).padStart(6, '0') }),
          401,
          'INVALID_CREDENTIALS',
        );
      },
      'POST /api/v1/account/totp/disable': async (who) => {
        // Nobody in the matrix has two-factor on, so a signed-in caller reaches the "not enabled" conflict.
        expectError(
          await call(who, 'POST', '/api/v1/account/totp/disable', { code: '123456' }),
          who === 'anonymous' ? 401 : 409,
          who === 'anonymous' ? 'UNAUTHENTICATED' : 'CONFLICT',
        );
      },
      'GET /api/v1/users': async (who) => {
        const res = await call(who, 'GET', '/api/v1/users');
        if (who === 'anonymous') return expectError(res, 401, 'UNAUTHENTICATED');
        if (who !== 'admin') return expectError(res, 403, 'FORBIDDEN');
        expect(res.statusCode).toBe(200);
        const items = res.json<{ items: Array<Record<string, unknown>> }>().items;
        expect(items.map((u) => u.id)).toContain(actors.viewer.id);
        expect(res.body).not.toMatch(/password|hash|secret|\$argon2/i);
      },
      'POST /api/v1/users': async (who) => {
        const username = `made-by-${who}-${randomBytes(3).toString('hex')}`;
        const res = await call(who, 'POST', '/api/v1/users', {
          username,
          displayName: username,
          role: 'viewer',
          password: 'long enough password',
        });
        const created = await opened.ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        if (who === 'admin') {
          expect(res.statusCode, res.body).toBe(201);
          expect(created).toBeDefined();
          return;
        }
        expectError(
          res,
          who === 'anonymous' ? 401 : 403,
          who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        );
        expect(created).toBeUndefined();
      },
      'PATCH /api/v1/users/:id': async (who) => {
        const res = await call(who, 'PATCH', `/api/v1/users/${target.id}`, { role: 'researcher' });
        const row = await opened.ctx.db
          .selectFrom('users')
          .select('role')
          .where('id', '=', target.id)
          .executeTakeFirstOrThrow();
        if (who === 'admin') {
          expect(res.statusCode, res.body).toBe(200);
          expect(row.role).toBe('researcher');
          await opened.ctx.db
            .updateTable('users')
            .set({ role: 'viewer' })
            .where('id', '=', target.id)
            .execute();
          return expectError(
            await call(who, 'PATCH', `/api/v1/users/${randomUUID()}`, { role: 'viewer' }),
            404,
            'NOT_FOUND',
          );
        }
        expectError(
          res,
          who === 'anonymous' ? 401 : 403,
          who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        );
        expect(row.role).toBe('viewer');
      },
      'GET /api/v1/audit': async (who) => {
        const res = await call(who, 'GET', '/api/v1/audit?limit=500');
        if (who === 'anonymous') return expectError(res, 401, 'UNAUTHENTICATED');
        if (who !== 'admin') return expectError(res, 403, 'FORBIDDEN');
        expect(res.statusCode).toBe(200);
        expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
      },
      'GET /api/v1/audit/verify': async (who) => {
        const res = await call(who, 'GET', '/api/v1/audit/verify');
        if (who === 'anonymous') return expectError(res, 401, 'UNAUTHENTICATED');
        if (who !== 'admin') return expectError(res, 403, 'FORBIDDEN');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ ok: true });
      },
      ...sourcesMatrix({
        ctx: () => opened.ctx,
        actor: (who) => actors[who],
        target: () => target,
        call,
        expectSameAsMissing,
      }),
    };

    it('the leak detector itself fires on a hidden marker', () => {
      const sealed = fixtures.find((f) => f.tier === 'sealed')!;
      expect(() => assertNoLeak('researcher', `{"x":"${sealed.title}"}`, 'self-test')).toThrow();
      expect(() => assertNoLeak('author', `{"x":"${sealed.notes}"}`, 'self-test')).not.toThrow();
    });

    it('granting a user that does not exist is a clean 400, not a database error', async () => {
      const res = await call('admin', 'POST', `/api/v1/sources/${fixtures[0]!.id}/grants`, {
        userId: randomUUID(),
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    });

    const apiRouteKeys = (server: App): string[] =>
      registeredRoutes(server)
        .filter((r) => r.url.startsWith('/api'))
        .map((r) => `${r.method} ${r.url}`);

    it('covers every registered /api route', () => {
      const keys = apiRouteKeys(app);
      expect(keys.length).toBeGreaterThan(10);
      expect(
        keys.filter((k) => !(k in matrix)),
        'add these routes to the access matrix',
      ).toEqual([]);
      expect(
        Object.keys(matrix).filter((k) => !keys.includes(k)),
        'stale matrix rows',
      ).toEqual([]);
    });

    it('the coverage check notices a route added to the server', async () => {
      const extra = await buildApp(opened.ctx, {
        routes: (a, c, auth) => {
          registerRoutes(a, c, auth, { demo: false });
          a.get('/api/v1/sources/:id/forgotten', { config: { access: 'session' } }, () => ({}));
        },
      });
      await extra.ready();
      try {
        expect(apiRouteKeys(extra).filter((k) => !(k in matrix))).toEqual([
          'GET /api/v1/sources/:id/forgotten',
        ]);
      } finally {
        await extra.close();
      }
    });

    it('refuses every non-public route without a session', async () => {
      const publicRoutes = new Set(['GET /api/health', 'GET /api/openapi.json', 'POST /api/v1/auth/login']);
      for (const r of registeredRoutes(app).filter((x) => x.url.startsWith('/api'))) {
        const key = `${r.method} ${r.url}`;
        const res = await app.inject({
          method: r.method as Method,
          url: r.url.replace(/:[a-zA-Z]+/g, fixtures[3]!.id),
          ...(r.method === 'GET' ? {} : { payload: {} }),
        });
        if (publicRoutes.has(key)) expect(res.statusCode, key).not.toBe(401);
        else expectError(res, 401, 'UNAUTHENTICATED');
        assertNoLeak('anonymous', res.body, key);
      }
    });

    for (const [route, check] of Object.entries(matrix)) {
      describe(route, () => {
        for (const who of WHO) it(who, () => check(who));
      });
    }
  });
}

import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { buildApp, SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { registerRoutes } from '../../src/routes';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';
import { registeredRoutes, type RegisteredRoute } from '../support/routes';
import { openSession, type RawSession } from '../support/session';
import { changedTables, injectWithin, statusProblem, tableCounts } from './oracle';
import { corpus, describeReq, requestArb, type Req, type RouteSchemas } from './route-requests';

/**
 * Every route in the server's own route table (so a route added later is fuzzed without touching this file)
 * gets random and malicious params, query strings, bodies and headers, as an anonymous caller and as a
 * signed-in editor, plus a fixed corpus (oversize, malformed and deeply nested bodies, hidden record ids).
 * Each answer must be a 2xx or a catalogued 4xx: never a 5xx, never slower than the hang limit, never a
 * hidden record's marker, and a refused request must leave every table as it was.
 */
const RUNS_PER_ROUTE = Number(process.env.SUPOLKA_FUZZ_RUNS ?? 12);
const HANG_MS = 10_000;
const SEED = process.env.SUPOLKA_FUZZ_SEED ? Number(process.env.SUPOLKA_FUZZ_SEED) : undefined;
// A failed sign-in is audited and counted against the account by design (test/api/auth.spec.ts).
const WRITES_ON_FAILURE_ALLOWED: Record<string, string[]> = {
  'POST /api/v1/auth/login': ['audit_log'],
};

for (const engine of ENGINES) {
  describe(`hostile input to every route (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let fuzzer: Actor;
    let session: RawSession;
    const schemas = new Map<string, RouteSchemas>();
    const ids: string[] = [];
    /** Values of hidden (sealed) records: none may ever appear in an answer to these callers. */
    const markers: string[] = [];
    /** Hidden ids: may appear only in an answer to a request that named them itself. */
    const hiddenIds: string[] = [];
    let lastFingerprint: Record<string, number> | null = null;
    const known = () => ({ ids, hiddenIds, bodyLimit: opened.ctx.config.bodyLimitBytes });
    const tried = { requests: 0, byStatus: {} as Record<string, number>, routes: 0 };

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildApp(opened.ctx, {
        routes: (a, c, auth) => {
          a.addHook('onRoute', (r) => {
            const s = r.schema as { body?: z.ZodType; querystring?: z.ZodType } | undefined;
            for (const m of [r.method].flat())
              schemas.set(`${m} ${r.url}`, { body: s?.body, querystring: s?.querystring });
          });
          registerRoutes(a, c, auth, { demo: false });
        },
      });
      await app.ready();
      const author = await makeUser(opened.ctx, 'editor');
      fuzzer = await makeUser(opened.ctx, 'editor');
      const sealedName = nameMarker('Zqsealed');
      const sealed = await makePerson(opened.ctx, author, 'sealed', {
        names: [{ script: 'latn', kind: 'primary', value: `${sealedName} Hiddenovich` }],
        description: `sealed description ${nameMarker('Zqdesc')}`,
      });
      const visible = await makePerson(opened.ctx, author, 'confidential');
      const publicPerson = await makePerson(opened.ctx, author, 'public');
      const sealedSource = await makeSource(opened.ctx, author, 'sealed', {
        title: `sealed title ${nameMarker('Zqtitle')}`,
        notes: `sealed notes ${nameMarker('Zqnotes')}`,
      });
      const mixedSource = await makeSource(opened.ctx, author, 'confidential', {
        notes: `sealed notes of a visible source ${nameMarker('Zqmixed')}`,
        notesTier: 'sealed',
      });
      markers.push(
        sealedName,
        ...(sealed.names ?? []).map((n) => n.value ?? '').filter(Boolean),
        sealed.refCode,
        sealedSource.title,
        sealedSource.notes ?? '',
        mixedSource.notes ?? '',
      );
      for (const m of markers) expect(m.length).toBeGreaterThan(8);
      hiddenIds.push(sealed.id, sealedSource.id);
      ids.push(sealed.id, visible.id, publicPerson.id, sealedSource.id, mixedSource.id, fuzzer.id, author.id);
      session = await openSession(app, fuzzer.username);
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    async function send(req: Req): Promise<LightMyRequestResponse> {
      const headers: Record<string, string> = { ...req.headers };
      const cookies: Record<string, string> = {};
      if (req.who === 'editor') {
        cookies[SESSION_COOKIE] = session.cookie;
        if (req.csrf === 'right') headers['x-csrf-token'] = session.csrfToken;
        if (req.csrf === 'wrong') headers['x-csrf-token'] = randomBytes(16).toString('hex');
      }
      return injectWithin(
        app,
        {
          method: req.method,
          url: req.url,
          headers,
          cookies,
          ...(req.payload !== undefined ? { payload: req.payload } : {}),
        },
        HANG_MS,
      );
    }

    /** The oracle for one request; returns a failure description or null. */
    async function check(route: RegisteredRoute, req: Req): Promise<string | null> {
      const key = `${route.method} ${route.url}`;
      // The previous refusal's fingerprint still holds unless something answered 2xx since (which may write).
      const before = lastFingerprint ?? (await tableCounts(opened.ctx.db));
      lastFingerprint = null;
      let res: LightMyRequestResponse;
      try {
        res = await send(req);
      } catch (e) {
        return `${describeReq(req)} -> ${(e as Error).message}`;
      }
      tried.requests++;
      tried.byStatus[res.statusCode] = (tried.byStatus[res.statusCode] ?? 0) + 1;
      const where = `${describeReq(req)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
      const text = `${JSON.stringify(res.headers)}\n${res.body}`;
      const lower = text.toLowerCase();
      for (const m of markers) if (lower.includes(m.toLowerCase())) return `LEAK of a hidden value: ${where}`;
      for (const id of hiddenIds)
        if (text.includes(id) && !req.url.includes(id) && !JSON.stringify(req.payload ?? '').includes(id))
          return `LEAK of a hidden id: ${where}`;
      const problem = statusProblem(res, where, route.url.startsWith('/api'));
      if (problem) return problem;
      if (res.statusCode >= 400) {
        const after = await tableCounts(opened.ctx.db);
        lastFingerprint = after;
        const changed = changedTables(before, after, WRITES_ON_FAILURE_ALLOWED[key]);
        if (changed.length > 0) return `refused but wrote to ${changed.join(', ')}: ${where}`;
      }
      // A successful sign-out or password change ends the fuzzer's session: open a new one.
      if (req.who === 'editor' && res.statusCode < 300 && /\/(auth|account)\//.test(route.url))
        session = await openSession(app, fuzzer.username);
      return null;
    }

    it('answers every route with a clean 4xx or a 2xx: never 5xx, no hang, no leak, no write on refusal', async () => {
      const routes = registeredRoutes(app).filter(
        (r) => r.url.startsWith('/api') || r.url.startsWith('/public'),
      );
      expect(routes.length).toBeGreaterThan(20);
      const failures: string[] = [];
      for (const [index, route] of routes.entries()) {
        tried.routes++;
        for (const req of corpus(route, index, known())) {
          const f = await check(route, req);
          if (f) failures.push(`${route.method} ${route.url} [corpus]: ${f}`);
        }
        try {
          await fc.assert(
            fc.asyncProperty(
              requestArb(route, schemas.get(`${route.method} ${route.url}`) ?? {}, ids),
              async (req) => {
                const f = await check(route, req);
                if (f) throw new Error(f);
              },
            ),
            { numRuns: RUNS_PER_ROUTE, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
          );
        } catch (e) {
          failures.push(`${route.method} ${route.url} [property]: ${(e as Error).message.slice(0, 1200)}`);
        }
      }
      process.stdout.write(
        `routes-fuzz (${engine}): ${tried.routes} routes, ${tried.requests} requests, statuses ${JSON.stringify(tried.byStatus)}, ${failures.length} failures\n`,
      );
      expect(failures).toEqual([]);
    }, 120_000);

    it('the oracle notices a leak, a 5xx and a write on refusal (self-test)', async () => {
      const route = { method: 'GET', url: '/api/v1/sources/:id' };
      // The hidden source's own id asked for by the author would be a 200: its title is a marker.
      const author = await makeUser(opened.ctx, 'editor');
      const hidden = await makeSource(opened.ctx, author, 'sealed', {
        title: `self-test ${nameMarker('Zqself')}`,
      });
      markers.push(hidden.title);
      const authorSession = await openSession(app, author.username);
      const saved = session;
      session = authorSession;
      try {
        const f = await check(route, {
          who: 'editor',
          method: 'GET',
          url: `/api/v1/sources/${hidden.id}`,
          headers: {},
          csrf: 'right',
        });
        expect(f).toMatch(/^LEAK/);
      } finally {
        session = saved;
      }
    });
  });
}

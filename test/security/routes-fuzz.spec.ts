import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../../src/core/access';
import { ALL_TABLES } from '../../src/core/backup/tables';
import type { OpenedContext } from '../../src/core/bootstrap';
import { errorCatalogue } from '../../src/core/errors';
import { buildApp, SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { registerRoutes } from '../../src/routes';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';
import { registeredRoutes, type RegisteredRoute } from '../support/routes';
import { openSession, type RawSession } from '../support/session';
import {
  arbitraryFor,
  hostileJson,
  hostileString,
  HOSTILE_STRINGS,
  pathSegment,
  queryString,
} from './hostile';

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

interface Req {
  who: 'anonymous' | 'editor';
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer | object;
  csrf: 'right' | 'wrong' | 'none';
}

interface RouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
}

const ASCII = HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s));
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json, text/csv',
];
const MALFORMED_BODIES = [
  '{"a":',
  '[',
  'null',
  '"\\ud800"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\u0000',
  '{"a":1,"a":2}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `{"x":"${'\\u0000'.repeat(1000)}"}`,
];

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

    /** Row count of every table, in one round trip. */
    async function fingerprint(): Promise<Record<string, number>> {
      const parts = ALL_TABLES.map(
        (t) => sql`(select count(*) from ${sql.table(t.name)}) as ${sql.ref(t.name)}`,
      );
      const row = (await sql<Record<string, number>>`select ${sql.join(parts)}`.execute(opened.ctx.db))
        .rows[0]!;
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
    }

    async function send(req: Req): Promise<LightMyRequestResponse> {
      const headers: Record<string, string> = { ...req.headers };
      const cookies: Record<string, string> = {};
      if (req.who === 'editor') {
        cookies[SESSION_COOKIE] = session.cookie;
        if (req.csrf === 'right') headers['x-csrf-token'] = session.csrfToken;
        if (req.csrf === 'wrong') headers['x-csrf-token'] = randomBytes(16).toString('hex');
      }
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
      });
      try {
        return await Promise.race([
          app.inject({
            method: req.method as 'GET',
            url: req.url,
            headers,
            cookies,
            ...(req.payload !== undefined ? { payload: req.payload } : {}),
          }),
          hang,
        ]);
      } finally {
        clearTimeout(timer);
      }
    }

    const describeReq = (r: Req): string =>
      `${r.who} ${r.method} ${r.url.slice(0, 160)} headers=${JSON.stringify(r.headers).slice(0, 160)} body=${
        typeof r.payload === 'string' ? r.payload.slice(0, 160) : JSON.stringify(r.payload)?.slice(0, 160)
      }`;

    /** The oracle for one request; returns a failure description or null. */
    async function check(route: RegisteredRoute, req: Req): Promise<string | null> {
      const key = `${route.method} ${route.url}`;
      // The previous refusal's fingerprint still holds unless something answered 2xx since (which may write).
      const before = lastFingerprint ?? (await fingerprint());
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
      if (res.statusCode >= 500) return where;
      if (res.statusCode < 200) return where;
      const text = `${JSON.stringify(res.headers)}\n${res.body}`;
      const lower = text.toLowerCase();
      for (const m of markers) if (lower.includes(m.toLowerCase())) return `LEAK of a hidden value: ${where}`;
      for (const id of hiddenIds)
        if (text.includes(id) && !req.url.includes(id) && !JSON.stringify(req.payload ?? '').includes(id))
          return `LEAK of a hidden id: ${where}`;
      if (res.statusCode >= 400 && route.url.startsWith('/api')) {
        let code: string | undefined;
        try {
          code = res.json<{ error?: { code?: string } }>().error?.code;
        } catch {
          return `error is not JSON: ${where}`;
        }
        const entry = code ? errorCatalogue[code as keyof typeof errorCatalogue] : undefined;
        if (!entry || entry.status !== res.statusCode) return `uncatalogued error: ${where}`;
      }
      if (res.statusCode >= 400) {
        const after = await fingerprint();
        lastFingerprint = after;
        const allowed = WRITES_ON_FAILURE_ALLOWED[key] ?? [];
        const changed = Object.keys(after).filter((t) => after[t] !== before[t] && !allowed.includes(t));
        if (changed.length > 0) return `refused but wrote to ${changed.join(', ')}: ${where}`;
      }
      // A successful sign-out or password change ends the fuzzer's session: open a new one.
      if (req.who === 'editor' && res.statusCode < 300 && /\/(auth|account)\//.test(route.url))
        session = await openSession(app, fuzzer.username);
      return null;
    }

    function requestArb(route: RegisteredRoute): fc.Arbitrary<Req> {
      const s = schemas.get(`${route.method} ${route.url}`) ?? {};
      const params = (route.url.match(/:[A-Za-z]+/g) ?? []).map(() =>
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...ids) },
          { weight: 1, arbitrary: fc.uuid() },
          { weight: 2, arbitrary: hostileString().map(pathSegment) },
          { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%00', '..', '%2e%2e', '%ED%A0%80', '%FF%FE') },
        ),
      );
      const query = fc.oneof(
        { weight: 3, arbitrary: arbitraryFor(s.querystring, { ids }) },
        {
          weight: 1,
          arbitrary: fc.dictionary(
            fc.constantFrom('q', 'limit', 'offset', 'tier', 'status', 'region', 'article', 'format', 'lang'),
            fc.oneof(hostileString(), fc.array(hostileString(), { maxLength: 3 })),
            { maxKeys: 4 },
          ),
        },
      );
      const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
      const body: fc.Arbitrary<string | object | undefined> = hasBody
        ? fc.oneof(
            {
              weight: 6,
              arbitrary: arbitraryFor(s.body, { ids }).map((b) => (b === undefined ? {} : b) as object),
            },
            { weight: 2, arbitrary: hostileJson().map((b) => JSON.stringify(b) ?? 'null') },
            { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
          )
        : fc.oneof(
            { weight: 8, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constant('{}') },
          );
      const headers = fc.record(
        {
          'content-type': fc.oneof(
            { weight: 6, arbitrary: fc.constant('application/json') },
            { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
            { weight: 1, arbitrary: fc.constantFrom(...ASCII) },
          ),
          accept: fc.constantFrom('*/*', 'text/csv', 'application/pdf', 'text/html', ...ASCII),
          origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:80'),
          'x-forwarded-for': fc.constantFrom('1.2.3.4', "' OR 1=1", '::1'),
          'accept-language': fc.constantFrom('be', 'ru', 'xx', ...ASCII),
          cookie: fc.constantFrom(
            `${SESSION_COOKIE}=${'a'.repeat(300)}`,
            `${SESSION_COOKIE}='; DROP TABLE sessions`,
          ),
        },
        { requiredKeys: [] },
      );
      return fc
        .record({
          who: fc.constantFrom('anonymous' as const, 'editor' as const, 'editor' as const),
          params: fc.tuple(...params),
          query,
          body,
          headers,
          csrf: fc.constantFrom(
            'right' as const,
            'right' as const,
            'right' as const,
            'wrong' as const,
            'none' as const,
          ),
        })
        .map(({ who, params: ps, query: q, body: b, headers: h, csrf }) => {
          let i = 0;
          const path = route.url.replace(/:[A-Za-z]+/g, () => ps[i++] ?? 'x');
          const qs =
            q && typeof q === 'object' && !Array.isArray(q) ? queryString(q as Record<string, unknown>) : '';
          const headersOut: Record<string, string> = { ...(h as Record<string, string>) };
          // A signed-in caller's own cookie must reach the server; the garbage cookies are for anonymous ones.
          if (who === 'editor') delete headersOut.cookie;
          // A string body is sent as is; an object body as JSON unless the generated content type says otherwise.
          if (typeof b === 'object' && !headersOut['content-type'])
            headersOut['content-type'] = 'application/json';
          const payload =
            typeof b === 'object' && headersOut['content-type'] !== 'application/json'
              ? JSON.stringify(b)
              : b;
          return {
            who,
            method: route.method,
            url: qs ? `${path}?${qs}` : path,
            headers: headersOut,
            payload,
            csrf,
          };
        });
    }

    /**
     * Fixed hostile requests every route gets, whatever the random ones did. An anonymous caller is refused
     * by a session route before its body is read, so it gets the hidden ids and one bad body; the malformed
     * bodies rotate over the routes so that each is sent to many routes without sending all to every one.
     */
    function corpus(route: RegisteredRoute, index: number): Req[] {
      const out: Req[] = [];
      const withId = (id: string) => route.url.replace(/:[A-Za-z]+/g, id);
      const url = withId(ids[1]!);
      const base = { method: route.method, headers: {}, csrf: 'right' as const };
      const json = { 'content-type': 'application/json' };
      const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
      const malformed = [0, 1, 2].map((k) => MALFORMED_BODIES[(index * 3 + k) % MALFORMED_BODIES.length]!);
      for (const id of hiddenIds) {
        out.push({ ...base, who: 'anonymous', url: withId(id) });
        out.push({ ...base, who: 'editor', url: withId(id) });
      }
      if (hasBody) out.push({ ...base, who: 'anonymous', url, headers: json, payload: malformed[0]! });
      out.push({ ...base, who: 'editor', url: `${url}?q=${'x'.repeat(20_000)}&limit=-1&offset=1e309` });
      out.push({ ...base, who: 'editor', url: `${url}?limit=1&limit=2&q[]=a&q[b]=c` });
      out.push({ ...base, who: 'editor', url: withId('x'.repeat(600)) });
      if (hasBody) {
        const limit = opened.ctx.config.bodyLimitBytes;
        out.push({ ...base, who: 'editor', url, headers: json, payload: 'x'.repeat(limit + 1) });
        out.push({ ...base, who: 'editor', url, headers: json, payload: `{"a":"${'y'.repeat(limit)}"}` });
        for (const m of malformed) out.push({ ...base, who: 'editor', url, headers: json, payload: m });
        const csv = { 'content-type': 'text/csv' };
        out.push({
          ...base,
          who: 'editor',
          url,
          headers: csv,
          payload: "=cmd|' /C calc'!A0,\u0000\n\xff\xfe",
        });
        out.push({
          ...base,
          who: 'editor',
          url,
          headers: csv,
          payload: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0]),
        });
      }
      return out;
    }

    it('answers every route with a clean 4xx or a 2xx: never 5xx, no hang, no leak, no write on refusal', async () => {
      const routes = registeredRoutes(app).filter(
        (r) => r.url.startsWith('/api') || r.url.startsWith('/public'),
      );
      expect(routes.length).toBeGreaterThan(20);
      const failures: string[] = [];
      for (const [index, route] of routes.entries()) {
        tried.routes++;
        for (const req of corpus(route, index)) {
          const f = await check(route, req);
          if (f) failures.push(`${route.method} ${route.url} [corpus]: ${f}`);
        }
        try {
          await fc.assert(
            fc.asyncProperty(requestArb(route), async (req) => {
              const f = await check(route, req);
              if (f) throw new Error(f);
            }),
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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import { openContext, type OpenedContext } from '../../src/core/bootstrap';
import { buildApp, SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { createLogger } from '../../src/core/logging';
import { registerRoutes } from '../../src/routes';
import { REPO_ROOT, withRawDb } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { registeredRoutes } from '../support/routes';
import { asSession, openSession, postLogin, type Method, type RawSession } from '../support/session';

/**
 * Security properties checked against the server's own route table and the web app's own router, so a
 * page or route added later is covered without editing this file:
 *   - every route declares its access, and the public ones are exactly the list below;
 *   - every other route refuses a caller without a valid session (none, forged, expired);
 *   - every page (SPA pages from web/src/app/router.tsx, /public, assets) and every API answer carries the
 *     security headers and the CSP; API answers are never cached;
 *   - the session cookie is HttpOnly, SameSite=Strict, Path=/, Secure when configured, cleared at sign-out.
 */
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/v1/auth/login',
  'GET /public',
  'GET /public/style.css',
  'GET /assets/*',
]);

/** Page paths the web app's router knows, read from its source; ids stand in for its patterns. */
function spaPaths(): string[] {
  const router = fs.readFileSync(path.join(REPO_ROOT, 'web', 'src', 'app', 'router.tsx'), 'utf8');
  const literal = [...router.matchAll(/path === '(\/[^']*)'/g)].map((m) => m[1]!);
  expect(
    literal.length,
    'router.tsx no longer lists its paths as literals: update spaPaths()',
  ).toBeGreaterThan(5);
  const id = randomUUID();
  const deep = [...new Set(literal.map((p) => p.split('/')[1]).filter(Boolean))].map(
    (first) => `/${first}/${id}`,
  );
  return [...new Set([...literal, ...deep, '/no-such-page'])];
}

function expectSecurityHeaders(res: LightMyRequestResponse, where: string): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!, parts.slice(1)]),
  );
  expect(directives.get('default-src'), `${where}: ${csp}`).toEqual(["'self'"]);
  expect(directives.get('script-src'), `${where}: ${csp}`).toEqual(["'self'"]);
  expect(directives.get('object-src'), `${where}: ${csp}`).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors'), `${where}: ${csp}`).toEqual(["'none'"]);
  expect(directives.get('base-uri'), `${where}: ${csp}`).toEqual(["'none'"]);
  expect(csp, where).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  expect(res.headers['x-content-type-options'], where).toBe('nosniff');
  expect(res.headers['referrer-policy'], where).toBe('no-referrer');
  expect(res.headers['x-frame-options'], where).toBeDefined();
  expect(res.headers['cross-origin-opener-policy'], where).toBe('same-origin');
  expect(res.headers['x-powered-by'], where).toBeUndefined();
}

function cookieAttributes(setCookie: string | string[] | undefined): Map<string, string> {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(line, 'no session cookie set').toBeDefined();
  return new Map(
    line!
      .split(';')
      .slice(1)
      .map((p) => p.trim().split('='))
      .map(([k, v]) => [k!.toLowerCase(), v ?? '']),
  );
}

for (const engine of ENGINES) {
  describe(`security headers, cookies and authentication (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let webDir: string;
    let ownWebDir = false;
    let editor: Actor;
    let session: RawSession;
    const access = new Map<string, unknown>();

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      // The real built UI when there is one (npm test builds it first), else a stand-in with the same shape.
      webDir = path.join(REPO_ROOT, 'dist', 'web');
      if (!fs.existsSync(path.join(webDir, 'index.html'))) {
        ownWebDir = true;
        webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-web-'));
        fs.mkdirSync(path.join(webDir, 'assets'));
        fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Supolka</title>');
        fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'void 0;');
      }
      app = await buildApp(opened.ctx, {
        webDir,
        routes: (a, c, auth) => {
          a.addHook('onRoute', (r) => {
            for (const m of [r.method].flat()) access.set(`${m} ${r.url}`, r.config?.access);
          });
          registerRoutes(a, c, auth, { demo: false });
        },
      });
      await app.ready();
      editor = await makeUser(opened.ctx, 'editor');
      session = await openSession(app, editor.username);
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
      if (ownWebDir) fs.rmSync(webDir, { recursive: true, force: true });
    });

    /**
     * The route table. printRoutes shows a wildcard route under a prefix (/assets/*) as a bare "*" at the
     * top level; it is mapped back to the one wildcard route registered, so its declaration is checked too.
     */
    const routes = () =>
      registeredRoutes(app).map((r) => {
        if (r.url !== '*') return r;
        const wild = [...access.keys()].filter((k) => k.startsWith(`${r.method} /`) && k.endsWith('*'));
        expect(wild, 'exactly one prefixed wildcard route').toHaveLength(1);
        return { method: r.method, url: wild[0]!.slice(r.method.length + 1) };
      });

    it('every route declares its access, and only the known ones are public', () => {
      const table = routes();
      expect(table.length).toBeGreaterThan(40);
      const undeclared = table
        .map((r) => `${r.method} ${r.url}`)
        .filter((k) => !['public', 'session'].includes(String(access.get(k))));
      expect(undeclared).toEqual([]);
      const declaredPublic = table
        .filter((r) => access.get(`${r.method} ${r.url}`) === 'public')
        .map((r) => `${r.method} ${r.url}`);
      expect(
        declaredPublic.filter((k) => !PUBLIC_ROUTES.has(k)),
        'new public routes must be added to PUBLIC_ROUTES on purpose',
      ).toEqual([]);
    });

    it('every non-public route refuses no session, a forged one and an expired one', async () => {
      const expired = await openSession(app, editor.username);
      await withRawDb(env, (db) =>
        db
          .updateTable('sessions')
          .set({ expires_at: '2000-01-01T00:00:00.000Z' })
          .where('csrf_token', '=', expired.csrfToken)
          .execute(),
      );
      let checked = 0;
      for (const r of routes()) {
        const key = `${r.method} ${r.url}`;
        if (access.get(key) !== 'session') continue;
        const url = r.url.replace(/:[A-Za-z]+/g, randomUUID()).replace('*', 'x');
        const body = r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} };
        const callers: Array<[string, Record<string, string>]> = [
          ['none', {}],
          ['forged', { [SESSION_COOKIE]: randomBytes(32).toString('base64url') }],
          ['expired', { [SESSION_COOKIE]: expired.cookie }],
        ];
        for (const [who, cookies] of callers) {
          const res = await app.inject({ method: r.method as Method, url, cookies, ...body });
          expect({
            who,
            key,
            status: res.statusCode,
            code: res.json<{ error?: { code?: string } }>().error?.code,
          }).toEqual({
            who,
            key,
            status: 401,
            code: 'UNAUTHENTICATED',
          });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });

    it('every page and every GET answer carries the security headers; API answers are never cached', async () => {
      const pages = spaPaths();
      for (const p of pages) {
        for (const res of [
          await app.inject({ method: 'GET', url: p }),
          await asSession(app, session, 'GET', p),
        ]) {
          expectSecurityHeaders(res, `page ${p}`);
          expect(res.statusCode, p).toBe(200);
          expect(res.headers['content-type'], p).toMatch(/^text\/html/);
        }
      }
      const assets = fs.readdirSync(path.join(webDir, 'assets')).slice(0, 5);
      expect(assets.length).toBeGreaterThan(0);
      for (const a of [...assets, 'no-such-asset.js'])
        expectSecurityHeaders(await app.inject({ method: 'GET', url: `/assets/${a}` }), `asset ${a}`);
      let apiChecked = 0;
      for (const r of routes().filter((x) => x.method === 'GET' && x.url !== '/assets/*')) {
        const url = r.url.replace(/:[A-Za-z]+/g, randomUUID());
        for (const res of [
          await app.inject({ method: 'GET', url }),
          await asSession(app, session, 'GET', url),
        ]) {
          expectSecurityHeaders(res, `${r.url} ${res.statusCode}`);
          if (url.startsWith('/api/')) {
            expect(res.headers['cache-control'], r.url).toBe('no-store');
            apiChecked++;
          }
        }
      }
      expect(apiChecked).toBeGreaterThan(30);
      // Errors raised before routing (bad percent-encoding, an over-long id) carry them too.
      for (const url of [
        '/api/v1/sources/%ED%A0%80',
        `/api/v1/sources/${'x'.repeat(600)}`,
        '/api/v1/nope',
        '/%zz',
      ]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, url).toBeLessThan(500);
        expectSecurityHeaders(res, url);
      }
    });

    it('the session cookie is HttpOnly, SameSite=Strict and Path=/, and sign-out clears it', async () => {
      const login = await postLogin(app, { username: editor.username });
      expect(login.statusCode).toBe(200);
      const attrs = cookieAttributes(login.headers['set-cookie']);
      expect(attrs.has('httponly')).toBe(true);
      expect(attrs.get('samesite')?.toLowerCase()).toBe('strict');
      expect(attrs.get('path')).toBe('/');
      expect(attrs.has('domain')).toBe(false);
      // Not Secure by default: the default install serves plain HTTP on localhost.
      expect(attrs.has('secure')).toBe(false);
      const s = { cookie: login.cookies[0]!.value, csrfToken: login.json<{ csrfToken: string }>().csrfToken };
      const out = await asSession(app, s, 'POST', '/api/v1/auth/logout', {});
      expect(out.statusCode).toBeLessThan(300);
      const cleared = cookieAttributes(out.headers['set-cookie']);
      const expires = cleared.get('expires');
      expect(
        cleared.get('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now()),
      ).toBe(true);
      const after = await asSession(app, s, 'GET', '/api/v1/auth/session');
      expect(after.statusCode).toBe(401);
    });

    it('with SUPOLKA_COOKIE_SECURE the cookie is Secure and HSTS is sent', async () => {
      const secure = await openContext({ ...env.config, cookieSecure: true }, createLogger('silent'));
      const secureApp = await buildApp(secure.ctx, {
        routes: (a, c, auth) => registerRoutes(a, c, auth, { demo: false }),
      });
      await secureApp.ready();
      try {
        const login = await postLogin(secureApp, { username: editor.username });
        expect(login.statusCode).toBe(200);
        const attrs = cookieAttributes(login.headers['set-cookie']);
        expect(attrs.has('secure')).toBe(true);
        expect(attrs.has('httponly')).toBe(true);
        expect(String(login.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
      } finally {
        await secureApp.close();
        await secure.close();
      }
    });
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import { AuthService } from '../../src/core/auth/auth.service';
import { openContext, type OpenedContext } from '../../src/core/bootstrap';
import { errorCatalogue } from '../../src/core/errors';
import type { App } from '../../src/core/http/types';
import { createLogger } from '../../src/core/logging';
import { createServer } from '../../src/server';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { asSession, openSession, postLogin } from '../support/session';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    correlationId: string;
    details?: Array<{ path: string; message: string }>;
  };
}

/** The error body is exactly the catalogue entry and the request's correlation id: nothing internal. */
function expectCleanError(
  res: LightMyRequestResponse,
  status: number,
  code: keyof typeof errorCatalogue,
): ErrorBody['error'] {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<ErrorBody>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.correlationId).toBe(res.headers['x-correlation-id']);
  expect(body.error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body).not.toMatch(
    /stack|\bat \S+ \(|node_modules|\.ts:\d+|FST_|SyntaxError|Unexpected token|JSON at position/,
  );
  return body.error;
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
  expect(directives.get('script-src'), `${where}: ${csp}`).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors'), where).toEqual(["'none'"]);
  expect(directives.get('default-src'), where).toEqual(["'self'"]);
  // No third-party origin anywhere, and nothing that re-opens inline or eval'd script.
  expect(csp, where).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  expect(res.headers['x-content-type-options'], where).toBe('nosniff');
  expect(res.headers['referrer-policy'], where).toBe('no-referrer');
}

for (const engine of ENGINES) {
  describe(`http errors and headers (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let webDir: string;
    let editor: Actor;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-web-'));
      fs.mkdirSync(path.join(webDir, 'assets'));
      fs.writeFileSync(
        path.join(webDir, 'index.html'),
        '<!doctype html><title>Supolka</title><script type="module" src="/assets/app.js"></script>',
      );
      fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log("supolka");');
      ({ app } = await createServer(opened, { demo: false, webDir }));
      await app.ready();
      editor = await makeUser(opened.ctx, 'editor');
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
      if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
    });

    it('malformed JSON is 400 BAD_INPUT with the correlation id and no parser message', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": "ann", "password": ',
      });
      const error = expectCleanError(res, 400, 'BAD_INPUT');
      expect(error.message).toBe(errorCatalogue.BAD_INPUT.message);
    });

    it('a NUL character in a query string or JSON body is 400 VALIDATION_FAILED on both engines', async () => {
      const session = await openSession(app, editor.username);
      const inQuery = await asSession(app, session, 'GET', '/api/v1/sources?q=a%00b');
      expectCleanError(inQuery, 400, 'VALIDATION_FAILED');
      const inBody = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'ann\u0000', password: 'x' }),
      });
      expectCleanError(inBody, 400, 'VALIDATION_FAILED');
    });

    it('an oversize body is 413 PAYLOAD_TOO_LARGE', async () => {
      const big = JSON.stringify({
        username: 'ann',
        password: 'x'.repeat(opened.ctx.config.bodyLimitBytes + 10),
      });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: big,
      });
      expectCleanError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('wrong types are 400 VALIDATION_FAILED with field details but not the submitted values', async () => {
      const secretValue = `ZQV${randomBytes(6).toString('hex')}`;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 42, password: [secretValue] },
      });
      const error = expectCleanError(res, 400, 'VALIDATION_FAILED');
      expect(error.details?.map((d) => d.path).sort()).toEqual(['body.password', 'body.username']);
      expect(res.body).not.toContain(secretValue);

      const s = await openSession(app, editor.username);
      const bad = await asSession(app, s, 'POST', '/api/v1/sources', {
        tier: 'top-secret',
        title: secretValue,
        notesTier: 'public',
      });
      expect(expectCleanError(bad, 400, 'VALIDATION_FAILED').details?.map((d) => d.path)).toEqual([
        'body.tier',
      ]);
      expect(bad.body).not.toContain(secretValue);
      const badQuery = await asSession(app, s, 'GET', '/api/v1/sources?limit=lots');
      expect(expectCleanError(badQuery, 400, 'VALIDATION_FAILED').details?.[0]?.path).toBe(
        'querystring.limit',
      );
    });

    it('an unknown /api route is a JSON 404 NOT_FOUND, signed in or not', async () => {
      expectCleanError(await app.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'NOT_FOUND');
      expectCleanError(
        await app.inject({ method: 'POST', url: '/api/v2/sources', payload: {} }),
        404,
        'NOT_FOUND',
      );
      expectCleanError(await app.inject({ method: 'PUT', url: '/api/v1/sources' }), 404, 'NOT_FOUND');
      const s = await openSession(app, editor.username);
      expectCleanError(await asSession(app, s, 'GET', '/api/v1/nope'), 404, 'NOT_FOUND');
    });

    it('every response carries the security headers; API responses are never cached', async () => {
      const s = await openSession(app, editor.username);
      const api: Array<[string, LightMyRequestResponse]> = [
        ['health', await app.inject({ method: 'GET', url: '/api/health' })],
        ['401', await app.inject({ method: 'GET', url: '/api/v1/sources' })],
        ['404', await app.inject({ method: 'GET', url: '/api/v1/nope' })],
        ['400', await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} })],
        ['login', await postLogin(app, { username: editor.username })],
        ['list', await asSession(app, s, 'GET', '/api/v1/sources')],
        ['openapi', await app.inject({ method: 'GET', url: '/api/openapi.json' })],
      ];
      for (const [where, res] of api) {
        expectSecurityHeaders(res, where);
        expect(res.headers['cache-control'], where).toBe('no-store');
      }
      const web: Array<[string, LightMyRequestResponse]> = [
        ['index', await app.inject({ method: 'GET', url: '/' })],
        ['deep link', await app.inject({ method: 'GET', url: '/sources/123' })],
        ['asset', await app.inject({ method: 'GET', url: '/assets/app.js' })],
        ['missing asset', await app.inject({ method: 'GET', url: '/assets/nope.js' })],
      ];
      for (const [where, res] of web) expectSecurityHeaders(res, where);
      expect(web[0]![1].statusCode).toBe(200);
      expect(web[0]![1].body).toContain('<title>Supolka</title>');
      expect(web[1]![1].body).toContain('<title>Supolka</title>');
      expect(web[2]![1].statusCode).toBe(200);
      expect(web[2]![1].headers['content-type']).toMatch(/javascript/);
      expect(web[3]![1].statusCode).toBe(404);
      expect(web[3]![1].headers['cache-control']).not.toMatch(/immutable/);
    });
  });

  describe(`logs redact secrets and personal data (${engine})`, () => {
    let env: TestEnv;
    const lines: string[] = [];

    beforeAll(async () => {
      env = await createTestEnv(engine);
    });
    afterAll(async () => {
      await env?.destroy();
    });

    it('a full sign-in and record create leave no marker, password or cookie in the log', async () => {
      const logger = createLogger('trace', { write: (chunk: string) => void lines.push(chunk) });
      const opened = await openContext(env.config, logger);
      const { app } = await createServer(opened, { demo: false });
      await app.ready();
      try {
        const m = (kind: string) => `ZQ${kind}${randomBytes(6).toString('hex')}`;
        const password = `pw ${m('PW')} long enough`;
        const username = `logger-${randomBytes(3).toString('hex')}`;
        await new AuthService(opened.ctx).createUser(null, {
          username,
          displayName: m('DN'),
          role: 'editor',
          password,
        });
        const markers = {
          password,
          title: m('T'),
          notes: m('N'),
          publisher: m('P'),
          query: m('Q'),
          wrongPassword: m('WP'),
        };

        expect((await postLogin(app, { username, password: markers.wrongPassword })).statusCode).toBe(401);
        const login = await postLogin(app, { username, password });
        expect(login.statusCode).toBe(200);
        const s = {
          cookie: login.cookies[0]!.value,
          csrfToken: login.json<{ csrfToken: string }>().csrfToken,
        };
        const created = await asSession(app, s, 'POST', '/api/v1/sources', {
          tier: 'confidential',
          title: markers.title,
          publisher: markers.publisher,
          notes: markers.notes,
          notesTier: 'confidential',
        });
        expect(created.statusCode).toBe(201);
        const id = created.json<{ id: string }>().id;
        await asSession(app, s, 'GET', `/api/v1/sources?q=${markers.query}`);
        await asSession(app, s, 'GET', `/api/v1/sources/${id}`);
        await asSession(app, s, 'POST', '/api/v1/sources', {
          tier: 'nope',
          title: markers.title,
          notes: markers.notes,
        });
        await asSession(app, s, 'POST', '/api/v1/account/password', {
          currentPassword: password,
          newPassword: `${password}!`,
        });

        const text = lines.join('');
        // The log must have recorded these requests, or the checks below would prove nothing.
        expect(text).toContain('/api/v1/sources');
        expect(lines.length).toBeGreaterThan(10);
        for (const [name, value] of Object.entries({ ...markers, cookie: s.cookie, csrf: s.csrfToken })) {
          expect(text.includes(value), `log contains ${name}`).toBe(false);
        }
      } finally {
        await app.close();
        await opened.close();
      }
    });
  });
}

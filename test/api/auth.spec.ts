import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { totpCode } from '../../src/core/auth/totp';
import { SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { buildTestApp } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser, TEST_PASSWORD } from '../support/factories';
import { asSession, openSession, postLogin, sessionFrom } from '../support/session';

const MAX_FAILURES = 3;
const LOCKOUT_MINUTES = 7;

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(
    { status: res.statusCode, code: res.json<{ error?: { code?: string } }>().error?.code },
    res.body,
  ).toEqual({ status, code });
}

for (const engine of ENGINES) {
  describe(`auth (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let admin: Actor;

    beforeAll(async () => {
      env = await createTestEnv(engine, {
        SUPOLKA_LOGIN_MAX_FAILURES: String(MAX_FAILURES),
        SUPOLKA_LOCKOUT_MINUTES: String(LOCKOUT_MINUTES),
      });
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      admin = await makeUser(opened.ctx, 'admin');
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    const userRow = (id: string) =>
      opened.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const sessionCount = async (userId: string) =>
      (await opened.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute())
        .length;
    const auditRows = (actorId: string) =>
      opened.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('actor_id', '=', actorId)
        .orderBy('seq')
        .execute();
    const isSignedIn = async (s: { cookie: string; csrfToken: string }) =>
      (await asSession(app, s, 'GET', '/api/v1/auth/session')).statusCode === 200;

    it('sets an HttpOnly, SameSite=Strict, Path=/ cookie and stores only a hash of the token', async () => {
      const user = await makeUser(opened.ctx, 'viewer');
      const res = await postLogin(app, { username: user.username });
      expect(res.statusCode).toBe(200);
      const raw = String(res.headers['set-cookie']);
      expect(raw).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      expect(raw).toMatch(/;\s*HttpOnly/i);
      expect(raw).toMatch(/;\s*SameSite=Strict/i);
      expect(raw).toMatch(/;\s*Path=\/(;|$)/);
      const { cookie } = sessionFrom(res);
      expect(res.body).not.toContain(cookie);
      const stored = await opened.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.id).not.toContain(cookie);
    });

    it('refuses a wrong password with INVALID_CREDENTIALS and audits the failure', async () => {
      const user = await makeUser(opened.ctx, 'viewer');
      const res = await postLogin(app, { username: user.username, password: 'wrong password here' });
      expectError(res, 401, 'INVALID_CREDENTIALS');
      const failed = (await auditRows(user.id)).filter(
        (r) => r.action === 'auth.login' && r.outcome === 'failed',
      );
      expect(failed).toHaveLength(1);
      expect(failed[0]!.detail).not.toContain('wrong password here');
      // An unknown username looks exactly like a wrong password.
      const unknown = await postLogin(app, { username: 'no-such-user-x' });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: res.json<{ error: { message: string } }>().error.message,
      });
    });

    it(`locks the account after ${MAX_FAILURES} failures, even for the right password, until the window passes`, async () => {
      const user = await makeUser(opened.ctx, 'editor');
      for (let i = 0; i < MAX_FAILURES; i += 1) {
        expectError(
          await postLogin(app, { username: user.username, password: `wrong password ${i}` }),
          401,
          'INVALID_CREDENTIALS',
        );
      }
      const before = Date.now();
      expectError(await postLogin(app, { username: user.username }), 423, 'ACCOUNT_LOCKED');
      const { locked_until } = await userRow(user.id);
      expect(locked_until).not.toBeNull();
      const lockMs = Date.parse(locked_until!) - before;
      expect(lockMs).toBeGreaterThan((LOCKOUT_MINUTES - 1) * 60_000);
      expect(lockMs).toBeLessThanOrEqual(LOCKOUT_MINUTES * 60_000);
      expect((await auditRows(user.id)).some((r) => r.outcome === 'denied')).toBe(true);
      expect(await sessionCount(user.id)).toBe(0);

      // The window has passed: move locked_until into the past instead of waiting.
      await opened.ctx.db
        .updateTable('users')
        .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', user.id)
        .execute();
      const ok = await postLogin(app, { username: user.username });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(await userRow(user.id)).toMatchObject({ failed_logins: 0, locked_until: null });
    });

    it('a success resets the failure count, so failures must be consecutive to lock', async () => {
      const user = await makeUser(opened.ctx, 'viewer');
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < MAX_FAILURES - 1; i += 1)
          await postLogin(app, { username: user.username, password: 'wrong password!' });
        expect((await postLogin(app, { username: user.username })).statusCode).toBe(200);
      }
    });

    it('two-factor: setup, enable, required at login, wrong and replayed codes refused', async () => {
      const user = await makeUser(opened.ctx, 'researcher');
      const s = await openSession(app, user.username);
      const setup = await asSession(app, s, 'POST', '/api/v1/account/totp/setup');
      expect(setup.statusCode).toBe(200);
      const { secret, uri } = setup.json<{ secret: string; uri: string }>();
      expect(uri).toContain(`secret=${secret}`);
      // The secret is stored encrypted, never as typed.
      expect((await userRow(user.id)).totp_secret_enc).not.toContain(secret);

      const enableCode = totpCode(secret, Date.now());
      expect(
        (await asSession(app, s, 'POST', '/api/v1/account/totp/enable', { code: enableCode })).statusCode,
      ).toBe(200);
      expect((await userRow(user.id)).totp_enabled).toBeTruthy();

      expectError(await postLogin(app, { username: user.username }), 401, 'TOTP_REQUIRED');
      const wrong = String((Number(totpCode(secret, Date.now() + 30_000)) + 1) % 1_000_000).padStart(6, '0');
      const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, Date.now() + d * 30_000)));
      expect(valid.has(wrong) ? 'collision' : 'ok').toBe('ok');
      expectError(await postLogin(app, { username: user.username, totp: wrong }), 401, 'INVALID_CREDENTIALS');
      // The code used to enable was spent; it must not sign anyone in.
      expectError(
        await postLogin(app, { username: user.username, totp: enableCode }),
        401,
        'INVALID_CREDENTIALS',
      );
      const next = totpCode(secret, Date.now() + 30_000);
      const ok = await postLogin(app, { username: user.username, totp: next });
      expect(ok.statusCode, ok.body).toBe(200);
      expectError(await postLogin(app, { username: user.username, totp: next }), 401, 'INVALID_CREDENTIALS');
      // A wrong password is refused whatever code comes with it.
      const later = totpCode(secret, Date.now() + 30_000);
      expectError(
        await postLogin(app, { username: user.username, password: 'wrong password!', totp: later }),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    it('a disabled user cannot sign in and its sessions end', async () => {
      const user = await makeUser(opened.ctx, 'editor');
      const s1 = await openSession(app, user.username);
      const s2 = await openSession(app, user.username);
      const adminSession = await openSession(app, admin.username);
      const res = await asSession(app, adminSession, 'PATCH', `/api/v1/users/${user.id}`, { disabled: true });
      expect(res.statusCode, res.body).toBe(200);
      expect(await isSignedIn(s1)).toBe(false);
      expect(await isSignedIn(s2)).toBe(false);
      expect(await sessionCount(user.id)).toBe(0);
      expectError(await postLogin(app, { username: user.username }), 401, 'INVALID_CREDENTIALS');
      // A disabled account's session row, even if one survived, is refused.
      await opened.ctx.db.updateTable('users').set({ disabled: 0 }).where('id', '=', user.id).execute();
      const s3 = await openSession(app, user.username);
      await opened.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
      expect(await isSignedIn(s3)).toBe(false);
    });

    it('logout ends the session and clears the cookie', async () => {
      const user = await makeUser(opened.ctx, 'viewer');
      const s = await openSession(app, user.username);
      const other = await openSession(app, user.username);
      const res = await asSession(app, s, 'POST', '/api/v1/auth/logout');
      expect(res.statusCode).toBe(200);
      const cleared = res.cookies.find((c) => c.name === SESSION_COOKIE);
      expect(cleared?.value).toBe('');
      expect(await isSignedIn(s)).toBe(false);
      expect(await isSignedIn(other)).toBe(true);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('changing the password ends every other session', async () => {
      const user = await makeUser(opened.ctx, 'researcher');
      const a = await openSession(app, user.username);
      const b = await openSession(app, user.username);
      const newPassword = 'an entirely new passphrase';
      const bad = await asSession(app, a, 'POST', '/api/v1/account/password', {
        currentPassword: 'not it at all',
        newPassword,
      });
      expectError(bad, 401, 'INVALID_CREDENTIALS');
      expect(await isSignedIn(b)).toBe(true);

      const res = await asSession(app, a, 'POST', '/api/v1/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await isSignedIn(a)).toBe(true);
      expect(await isSignedIn(b)).toBe(false);
      expectError(await postLogin(app, { username: user.username }), 401, 'INVALID_CREDENTIALS');
      expect((await postLogin(app, { username: user.username, password: newPassword })).statusCode).toBe(200);
    });
  });

  describe(`csrf (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    /** What a refused request must not have changed. */
    const snapshot = async () => ({
      sources: await opened.ctx.db.selectFrom('sources').selectAll().orderBy('id').execute(),
      audit: (await opened.ctx.db.selectFrom('audit_log').select('seq').execute()).length,
      users: await opened.ctx.db
        .selectFrom('users')
        .select(['id', 'password_hash', 'totp_secret_enc'])
        .orderBy('id')
        .execute(),
      sessions: (await opened.ctx.db.selectFrom('sessions').select('id').execute()).length,
    });

    it('refuses state changes with a valid cookie but a missing, wrong or foreign token, and writes nothing', async () => {
      const s = await openSession(app, editor.username);
      const other = await openSession(app, (await makeUser(opened.ctx, 'editor')).username);
      const created = await asSession(app, s, 'POST', '/api/v1/sources', {
        tier: 'public',
        title: 'csrf target',
        notesTier: 'public',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;

      const attempts: Array<[Parameters<typeof asSession>[2], string, unknown]> = [
        ['POST', '/api/v1/sources', { tier: 'public', title: 'forged', notesTier: 'public' }],
        ['PATCH', `/api/v1/sources/${id}`, { title: 'forged', version: 1 }],
        ['DELETE', `/api/v1/sources/${id}`, undefined],
        ['POST', `/api/v1/sources/${id}/grants`, { userId: editor.id }],
        [
          'POST',
          '/api/v1/account/password',
          { currentPassword: TEST_PASSWORD, newPassword: 'forged new password' },
        ],
        ['POST', '/api/v1/account/totp/setup', undefined],
        ['POST', '/api/v1/auth/logout', undefined],
      ];
      const before = await snapshot();
      for (const [method, url, body] of attempts) {
        for (const csrf of [false, '', 'x'.repeat(43), other.csrfToken] as const) {
          const res = await asSession(app, s, method, url, body, { csrf });
          expectError(res, 403, 'CSRF_FAILED');
        }
      }
      expect(await snapshot()).toEqual(before);
      // The right token still works, so the refusals above were about the token alone.
      expect((await asSession(app, s, 'DELETE', `/api/v1/sources/${id}`)).statusCode).toBe(200);
    });

    it('refuses a sign-in posted from a foreign origin', async () => {
      const host = 'supolka.example';
      const before = await snapshot();
      for (const origin of [
        'https://evil.example',
        'null',
        'http://supolka.example.evil.example',
        'not a url',
      ]) {
        const res = await postLogin(app, { username: editor.username }, { host, origin });
        expectError(res, 403, 'CSRF_FAILED');
        expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
      }
      expect((await snapshot()).sessions).toBe(before.sessions);
      expect(
        (await postLogin(app, { username: editor.username }, { host, origin: `http://${host}` })).statusCode,
      ).toBe(200);
    });
  });
}

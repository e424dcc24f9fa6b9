import { randomInt } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { TEST_PASSWORD } from './factories';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RawSession {
  cookie: string;
  csrfToken: string;
}

/** Calls the real login route; returns the raw response so a test can inspect cookies and errors. */
export function postLogin(
  app: App,
  body: { username: string; password?: string; totp?: string },
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    // The login route has its own per-address rate limit; tests that sign in often come from many addresses.
    remoteAddress: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
    headers,
    payload: { password: TEST_PASSWORD, ...body },
  });
}

export function sessionFrom(res: LightMyRequestResponse): RawSession {
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return { cookie: cookie.value, csrfToken: res.json<{ csrfToken: string }>().csrfToken };
}

export async function openSession(
  app: App,
  username: string,
  password = TEST_PASSWORD,
  totp?: string,
): Promise<RawSession> {
  return sessionFrom(await postLogin(app, { username, password, ...(totp ? { totp } : {}) }));
}

/** A request as a signed-in user; csrf: false leaves the header out, a string sends that value instead. */
export function asSession(
  app: App,
  session: RawSession,
  method: Method,
  url: string,
  body?: unknown,
  opts: { csrf?: string | false; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const csrf = opts.csrf === undefined ? session.csrfToken : opts.csrf;
  return app.inject({
    method,
    url,
    cookies: { [SESSION_COOKIE]: session.cookie },
    headers: { ...(csrf === false ? {} : { 'x-csrf-token': csrf }), ...opts.headers },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
}

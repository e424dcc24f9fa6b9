import type { LightMyRequestResponse } from 'fastify';
import type { OpenedContext } from '../../src/core/bootstrap';
import { SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { createServer } from '../../src/server';
import { TEST_PASSWORD } from './factories';

export async function buildTestApp(opened: OpenedContext): Promise<App> {
  const { app } = await createServer(opened, { demo: false });
  await app.ready();
  return app;
}

export interface Client {
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

export const anonymous = (app: App): Client => ({
  request: (method, url, body) =>
    app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) }),
});

/** Signs in through the real login route and returns a client that sends the cookie and CSRF header. */
export async function signIn(app: App, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  const { csrfToken } = res.json<{ csrfToken: string }>();
  if (!cookie) throw new Error('no session cookie');
  return {
    request: (method, url, body) =>
      app.inject({
        method,
        url,
        cookies: { [SESSION_COOKIE]: cookie.value },
        headers: { 'x-csrf-token': csrfToken },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { SESSION_COOKIE } from '../../src/core/http/app';
import { CLI, childEnv, REPO_ROOT } from './cli';
import { TEST_PASSWORD } from './factories';

/** A port the OS just handed out and released; good enough for one test server on a test machine. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** What the process printed, for failure messages. */
  output(): string;
  /** Resolves when the process has exited (immediately if it already has). */
  exited(): Promise<void>;
}

/** Starts `supolka serve --no-demo` as a real process and waits until /api/health answers. */
export async function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--no-demo'], {
    cwd: REPO_ROOT,
    env: childEnv(env, { SUPOLKA_PORT: String(port), SUPOLKA_HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: ServerProcess = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : done),
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${out}`);
    try {
      const res = await fetch(`${server.baseUrl}/api/health`);
      if (res.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy within ${timeoutMs} ms: ${out}`);
}

/** Kills the process if it still runs and waits for it to be gone; safe to call more than once. */
export async function killServer(
  server: ServerProcess | undefined,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (!server) return;
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited();
}

export interface HttpSession {
  cookie: string;
  csrfToken: string;
}

/** Signs in over real HTTP and keeps what later requests need: the session cookie and the CSRF token. */
export async function httpSignIn(
  baseUrl: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!setCookie) throw new Error('no session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0]!, csrfToken };
}

export function httpRequest(
  baseUrl: string,
  session: HttpSession,
  method: string,
  url: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

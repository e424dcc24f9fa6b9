import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/core/bootstrap';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/logging';
import { runCli } from '../support/cli';
import { ENGINES } from '../support/context';
import { makeUser } from '../support/factories';
import {
  freePort,
  httpRequest,
  httpSignIn,
  killServer,
  startServer,
  type HttpSession,
  type ServerProcess,
} from '../support/server-process';
import { startPrivateCluster, type PrivateCluster } from './private-postgres';

/**
 * PostgreSQL goes away under load and comes back. The real server runs against a private cluster (never
 * the shared one on 5432); writers and readers keep going while the cluster is stopped (immediate mode, as
 * in a crash) and started again. While it is down every answer must be a quick 503 DATABASE_UNAVAILABLE
 * (no hang, no 500); afterwards the same server process must answer normally again by itself, and every
 * write it acknowledged must be there, with an intact audit chain.
 */
const WRITERS = 4;
const READERS = 2;
// Not a speed target: a request that takes longer than this while the database is down is a hang.
const HANG_MS = 10_000;

interface Outcome {
  kind: 'write' | 'read';
  startedAt: number;
  endedAt: number;
  status: number;
  code?: string;
}

async function call(
  baseUrl: string,
  session: HttpSession,
  kind: Outcome['kind'],
  n: number,
  acked: Array<{ id: string; title: string }>,
): Promise<Outcome> {
  const startedAt = Date.now();
  const title = `pg-restart ${n} ${randomBytes(4).toString('hex')}`;
  const res =
    kind === 'write'
      ? await httpRequest(baseUrl, session, 'POST', '/api/v1/sources', {
          tier: 'internal',
          title,
          notes: `notes ${title}`,
          notesTier: 'internal',
        })
      : await httpRequest(baseUrl, session, 'GET', '/api/v1/sources?limit=20');
  const body = (await res.json()) as { id?: string; error?: { code?: string } };
  if (kind === 'write' && res.status === 201 && body.id) acked.push({ id: body.id, title });
  return {
    kind,
    startedAt,
    endedAt: Date.now(),
    status: res.status,
    ...(body.error ? { code: body.error.code } : {}),
  };
}

describe.skipIf(!ENGINES.includes('postgres'))('PostgreSQL restarted under load', () => {
  let cluster: PrivateCluster | undefined;
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await killServer(server);
    cluster?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 DATABASE_UNAVAILABLE while it is down, recovers alone, and loses no acknowledged write', async () => {
    cluster = await startPrivateCluster(await freePort());
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-pgrestart-'));
    const env: NodeJS.ProcessEnv = {
      SUPOLKA_DATA_DIR: dataDir,
      DATABASE_URL: cluster.url('supolka'),
      SUPOLKA_LOG_LEVEL: 'silent',
      SUPOLKA_PASSWORD_HASH_COST: 'test',
      SUPOLKA_RATE_LIMIT_PER_MINUTE: '100000',
    };
    const opened = await openContext(loadConfig(env), createLogger('silent'));
    const editor = await makeUser(opened.ctx, 'editor');
    await opened.close();

    server = await startServer(env, await freePort());
    const session = await httpSignIn(server.baseUrl, editor.username);
    const acked: Array<{ id: string; title: string }> = [];
    const outcomes: Outcome[] = [];
    const transport: string[] = [];
    let running = true;
    const loop = async (kind: Outcome['kind'], n: number) => {
      for (let i = 0; running; i++) {
        try {
          outcomes.push(await call(server!.baseUrl, session, kind, n * 10_000 + i, acked));
        } catch (e) {
          transport.push((e as Error).message);
        }
        // While the database is down answers come back at once; a short pause keeps the loop from spinning.
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const loops = [
      ...Array.from({ length: WRITERS }, (_, n) => loop('write', n)),
      ...Array.from({ length: READERS }, (_, n) => loop('read', WRITERS + n)),
    ];
    await sleep(1500);
    const ackedBeforeStop = acked.length;
    cluster.stop('immediate');
    const downFrom = Date.now();
    await sleep(2500);
    const downUntil = Date.now();
    cluster.start();
    const upFrom = Date.now();
    // Recovery: the same server process answers normally again, with no restart.
    let recoveredAt: number | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const r = await httpRequest(server.baseUrl, session, 'GET', '/api/v1/sources?limit=1');
      await r.text();
      if (r.status === 200) {
        recoveredAt = Date.now();
        break;
      }
      await sleep(100);
    }
    expect(recoveredAt, 'the server did not recover within 30 s of the database coming back').toBeDefined();
    await sleep(1500);
    const steadyFrom = Date.now();
    await sleep(1000);
    running = false;
    await Promise.all(loops);

    expect(transport, 'connections dropped or refused by the server').toEqual([]);
    expect(ackedBeforeStop).toBeGreaterThan(WRITERS);
    const during = outcomes.filter((o) => o.startedAt >= downFrom + 200 && o.endedAt <= downUntil);
    expect(during.length, 'no request ran while the database was down').toBeGreaterThan(10);
    const wrongWhileDown = during.filter((o) => o.status !== 503 || o.code !== 'DATABASE_UNAVAILABLE');
    expect(wrongWhileDown).toEqual([]);
    expect(during.filter((o) => o.endedAt - o.startedAt > HANG_MS)).toEqual([]);
    // Around the stop and the start a request may fail, but only with the clear 503: never a 500.
    const unexpected = outcomes.filter(
      (o) => !(o.status < 300 || (o.status === 503 && o.code === 'DATABASE_UNAVAILABLE')),
    );
    expect(unexpected).toEqual([]);
    const steady = outcomes.filter((o) => o.startedAt >= steadyFrom);
    expect(steady.length).toBeGreaterThan(5);
    expect(steady.filter((o) => o.status >= 300)).toEqual([]);
    expect(upFrom).toBeLessThanOrEqual(recoveredAt!);
    expect(acked.length).toBeGreaterThan(ackedBeforeStop);

    // Every acknowledged write survived the crash-like stop, whole.
    const missing: string[] = [];
    for (const { id, title } of acked) {
      const res = await httpRequest(server.baseUrl, session, 'GET', `/api/v1/sources/${id}`);
      const body = (await res.json()) as { title?: string; notes?: string };
      if (res.status !== 200 || body.title !== title || body.notes !== `notes ${title}`)
        missing.push(`${id} ${res.status}`);
    }
    expect(missing).toEqual([]);
    await killServer(server, 'SIGTERM');
    const verify = await runCli(env, ['audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  }, 120_000);
});

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, withRawDb } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { buildIntakeServer } from '../../src/intake-server';
import { loadIntakeConfig } from '../../src/modules/intake/intake.config';
import { jsSubmit } from '../intake/intake-support';
import { makeUser, TEST_PASSWORD } from '../support/factories';
import { alive, childPids, commandLine, cpuTicks } from '../support/proc';
import { makePerson } from '../support/registry-factories';
import {
  freePort,
  httpRequest,
  httpSignIn,
  killServer,
  startServer,
  type HttpSession,
  type ServerProcess,
} from '../support/server-process';

/**
 * `serve` with SUPOLKA_WORKERS=2: two processes on one database, each with its own connection. Writers
 * (sources: a write transaction with its audit entry) and readers of confidential records (a read-only
 * transaction, then an audit entry through the group commit) run at once; on SQLite a deferred
 * transaction would fail here with SQLITE_BUSY as soon as the other process wrote in between. Every
 * request must succeed, both workers must serve, every acknowledged write must be stored once with its
 * audit entry, and the audit chain must verify. Fictional data only.
 */
const CLIENTS = 6;
const RUN_MS = 2000;

/**
 * The serving workers of a main process. Not every child is one: tsx starts an esbuild process when it has
 * sources to compile (after a change), which once made a count of children 3.
 */
const workersOf = (pid: number): number[] =>
  childPids(pid).filter((c) => commandLine(c).includes('supolka.js serve'));

/** A GET on a connection of its own (no keep-alive), so that successive ones reach different workers. */
function freshGet(
  baseUrl: string,
  session: HttpSession,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${baseUrl}${path}`,
      { agent: false, headers: { cookie: session.cookie, connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
  });
}

for (const engine of ENGINES) {
  describe(`two serving workers on one database (${engine})`, () => {
    let env: TestEnv;
    let server: ServerProcess | undefined;
    beforeAll(async () => {
      env = await createTestEnv(engine, { SUPOLKA_INTAKE_POW_BITS: '4' });
    });
    afterAll(async () => {
      await killServer(server);
      await env?.destroy();
    });

    it('serves concurrent reads and writes from both workers without losing or failing any', async () => {
      const opened = await openTestContext(env);
      const editor = await makeUser(opened.ctx, 'editor');
      const hidden = await makePerson(opened.ctx, editor, 'confidential');
      await opened.close();

      server = await startServer({ ...env.env, SUPOLKA_WORKERS: '2' }, await freePort());
      const primary = server.child.pid!;
      const workers = workersOf(primary);
      expect(workers).toHaveLength(2);
      const ticksBefore = workers.map(cpuTicks);

      const sessions: HttpSession[] = [];
      for (let i = 0; i < CLIENTS; i++) sessions.push(await httpSignIn(server.baseUrl, editor.username));
      const acked: string[] = [];
      const failures: string[] = [];
      let reads = 0;
      const stopAt = Date.now() + RUN_MS;
      const client = async (n: number): Promise<void> => {
        const session = sessions[n]!;
        for (let i = 0; Date.now() < stopAt; i++) {
          const res =
            (n + i) % 2 === 0
              ? await httpRequest(server!.baseUrl, session, 'POST', '/api/v1/sources', {
                  tier: 'internal',
                  title: `workers-test ${n}-${i} ${randomBytes(3).toString('hex')}`,
                })
              : await httpRequest(server!.baseUrl, session, 'GET', `/api/v1/persons/${hidden.id}`);
          const body = (await res.json()) as { id?: string; error?: { code?: string } };
          if (res.status >= 300) failures.push(`${res.status} ${body.error?.code ?? ''}`);
          else if ((n + i) % 2 === 0 && body.id) acked.push(body.id);
          else reads++;
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
      expect(failures).toEqual([]);
      expect(acked.length).toBeGreaterThan(CLIENTS);
      expect(reads).toBeGreaterThan(CLIENTS);
      // Both did work: an idle worker uses next to no CPU.
      const used = workers.map((w, i) => cpuTicks(w) - ticksBefore[i]!);
      expect(Math.min(...used), `CPU ticks per worker: ${used.join(', ')}`).toBeGreaterThan(5);

      await killServer(server, 'SIGTERM');
      await withRawDb(env, async (db) => {
        const stored = await db.selectFrom('sources').select('id').execute();
        expect(new Set(stored.map((r) => r.id))).toEqual(new Set(acked));
        const created = await db
          .selectFrom('audit_log')
          .select('entity_id')
          .where('action', '=', 'source.create')
          .execute();
        expect(created.map((r) => r.entity_id).sort()).toEqual([...acked].sort());
        const readEntries = await db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'person.read')
          .where('entity_id', '=', hidden.id)
          .execute();
        expect(readEntries).toHaveLength(reads);
      });
      const verify = await runCli(env.env, ['audit', 'verify']);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    }, 90_000);

    it('keeps a secure-channel key unlocked through one worker usable on every worker, until locked', async () => {
      const opened = await openTestContext(env);
      try {
        const editor = await makeUser(opened.ctx, 'editor');
        server = await startServer({ ...env.env, SUPOLKA_WORKERS: '2' }, await freePort());
        const session = await httpSignIn(server.baseUrl, editor.username);
        // Creating the key unlocks it in this session (through whichever worker took the request).
        const created = await httpRequest(server.baseUrl, session, 'POST', '/api/v1/intake/key', {
          password: TEST_PASSWORD,
        });
        expect(created.status).toBe(200);
        // A fictional report, sealed to that key through the intake site's own code.
        const site = await buildIntakeServer(opened.ctx, loadIntakeConfig(env.env));
        try {
          expect(
            (await jsSubmit({ site }, { v: 1, text: 'Fictional report for the worker test' })).statusCode,
          ).toBe(200);
        } finally {
          await site.app.close();
        }
        const list = (await (
          await httpRequest(server.baseUrl, session, 'GET', '/api/v1/intake/submissions')
        ).json()) as { items: Array<{ id: string }> };
        const id = list.items[0]!.id;
        // A new connection per request: the main process hands them to the workers in turn. Forty at once,
        // so that vault answers cross the IPC channel while connections are being handed over (bytes the
        // main process changed after sending then arrived changed: every read answered 500).
        const reads = await Promise.all(
          Array.from({ length: 40 }, () =>
            freshGet(server!.baseUrl, session, `/api/v1/intake/submissions/${id}`),
          ),
        );
        expect(reads.map((r) => r.status)).toEqual(Array(40).fill(200));
        for (const r of reads)
          expect(JSON.parse(r.body)).toMatchObject({
            readable: true,
            messages: [{ body: { text: 'Fictional report for the worker test' } }],
          });
        expect((await httpRequest(server.baseUrl, session, 'POST', '/api/v1/intake/key/lock')).status).toBe(
          200,
        );
        const locked = await Promise.all(
          Array.from({ length: 40 }, () =>
            freshGet(server!.baseUrl, session, `/api/v1/intake/submissions/${id}`),
          ),
        );
        expect(locked.map((r) => r.status)).toEqual(Array(40).fill(409));
      } finally {
        await opened.close();
        await killServer(server, 'SIGTERM');
      }
    }, 90_000);

    it('stops its workers when the main process is killed without warning', async () => {
      server = await startServer({ ...env.env, SUPOLKA_WORKERS: '2' }, await freePort());
      const workers = workersOf(server.child.pid!);
      expect(workers).toHaveLength(2);
      server.child.kill('SIGKILL');
      await server.exited();
      const deadline = Date.now() + 15_000;
      while (workers.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(workers.filter(alive)).toEqual([]);
    }, 60_000);
  });
}

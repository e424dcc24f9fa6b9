import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, withRawDb } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
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

/**
 * The promise behind a 2xx answer: the write is durable. The real server is killed without warning while
 * several clients write, restarted on the same data, and every acknowledged record must still be there,
 * with its audit entry, and the audit chain intact.
 */
const WRITERS = 8;
const WRITE_FOR_MS = 1500;

interface Acked {
  id: string;
  title: string;
}

/** Writes sources in a loop until the server stops answering; returns what it acknowledged. */
async function writer(
  baseUrl: string,
  session: HttpSession,
  n: number,
  acked: Acked[],
  failures: string[],
): Promise<void> {
  for (let i = 0; ; i++) {
    const title = `kill-test ${n}-${i} ${randomBytes(4).toString('hex')}`;
    let res: Response;
    try {
      res = await httpRequest(baseUrl, session, 'POST', '/api/v1/sources', {
        tier: i % 2 ? 'confidential' : 'internal',
        title,
        notes: `notes ${title}`,
        notesTier: 'confidential',
      });
    } catch {
      return; // The connection died with the server: this write was never acknowledged.
    }
    let body: { id?: string; title?: string } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      return; // Killed between headers and body: not acknowledged either.
    }
    if (res.status >= 200 && res.status < 300 && body.id) acked.push({ id: body.id, title });
    else failures.push(`${res.status}`);
  }
}

for (const engine of ENGINES) {
  describe(`SIGKILL during concurrent writes (${engine})`, () => {
    let env: TestEnv | undefined;
    const servers: ServerProcess[] = [];
    afterAll(async () => {
      // Kill before destroying: a live server would keep the database open.
      await Promise.all(servers.map((s) => killServer(s)));
      await env?.destroy();
    });

    it('keeps every acknowledged write and a valid audit chain', async () => {
      env = await createTestEnv(engine);
      const opened = await openTestContext(env);
      const editor = await makeUser(opened.ctx, 'editor');
      await opened.close();

      const port = await freePort();
      const first = await startServer(env.env, port);
      servers.push(first);
      const session = await httpSignIn(first.baseUrl, editor.username);
      const acked: Acked[] = [];
      const failures: string[] = [];
      const loops = Array.from({ length: WRITERS }, (_, n) =>
        writer(first.baseUrl, session, n, acked, failures),
      );
      await new Promise((r) => setTimeout(r, WRITE_FOR_MS));
      first.child.kill('SIGKILL');
      await Promise.all(loops);
      await first.exited();
      expect(first.child.signalCode).toBe('SIGKILL');
      // Before the kill every write must have succeeded, and enough of them to make the test meaningful.
      expect(failures).toEqual([]);
      expect(acked.length).toBeGreaterThan(WRITERS);

      const second = await startServer(env.env, port);
      servers.push(second);
      const again = await httpSignIn(second.baseUrl, editor.username);
      const missing: string[] = [];
      for (let i = 0; i < acked.length; i += WRITERS) {
        await Promise.all(
          acked.slice(i, i + WRITERS).map(async ({ id, title }) => {
            const res = await httpRequest(second.baseUrl, again, 'GET', `/api/v1/sources/${id}`);
            const body = (await res.json()) as { title?: string; notes?: string };
            if (res.status !== 200 || body.title !== title || body.notes !== `notes ${title}`)
              missing.push(`${id} ${res.status}`);
          }),
        );
      }
      expect(missing).toEqual([]);
      await killServer(second, 'SIGTERM');

      // Each stored source (acknowledged or not) was written in one transaction with its audit entry.
      await withRawDb(env, async (db) => {
        const sources = await db.selectFrom('sources').select('id').execute();
        const created = await db
          .selectFrom('audit_log')
          .select('entity_id')
          .where('action', '=', 'source.create')
          .execute();
        expect(new Set(created.map((r) => r.entity_id))).toEqual(new Set(sources.map((r) => r.id)));
        expect(sources.length).toBeGreaterThanOrEqual(acked.length);
      });
      const verify = await runCli(env.env, ['audit', 'verify']);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    }, 90_000);
  });
}

import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SourcesService } from '../../src/modules/sources/sources.service';
import { runCli, withRawDb } from '../support/cli';
import { createTestEnv, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import {
  freePort,
  httpRequest,
  httpSignIn,
  killServer,
  startServer,
  type ServerProcess,
} from '../support/server-process';

/**
 * The server and another process (here this test, through the same services a CLI command uses) write
 * one SQLite file at the same time: the server creates sources and audits reads of a confidential record
 * (the audit append reads the chain's head, then writes), this process creates sources. SQLite lets one
 * writer in at a time; a transaction that read first and then wrote while the other process had
 * committed in between failed with SQLITE_BUSY (a 503 from the server) until transactions took the write
 * lock when they begin (sqlite-driver.ts). Every request and write on both sides must succeed, each write
 * with its audit entry, and the chain must verify. PostgreSQL locks rows, not the file, so this is
 * SQLite's test. Fictional data only.
 */
const HTTP_WRITERS = 6;
const RUN_MS = 2000;

describe('two processes writing one SQLite database', () => {
  let env: TestEnv | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await killServer(server);
    await env?.destroy();
  });

  it('loses and fails no write on either side', async () => {
    env = await createTestEnv('sqlite');
    const opened = await openTestContext(env);
    try {
      const editor = await makeUser(opened.ctx, 'editor');
      const confidential = await makePerson(opened.ctx, editor, 'confidential');
      server = await startServer(env.env, await freePort());
      const session = await httpSignIn(server.baseUrl, editor.username);
      const stopAt = Date.now() + RUN_MS;
      const failures: string[] = [];
      const acked: string[] = [];
      const overHttp = async (n: number): Promise<void> => {
        for (let i = 0; Date.now() < stopAt; i++) {
          const write = (n + i) % 2 === 0;
          const res = write
            ? await httpRequest(server!.baseUrl, session, 'POST', '/api/v1/sources', {
                tier: 'internal',
                title: `concurrent http ${n}-${i} ${randomBytes(3).toString('hex')}`,
              })
            : await httpRequest(server!.baseUrl, session, 'GET', `/api/v1/persons/${confidential.id}`);
          const body = (await res.json()) as { id?: string; error?: { code?: string } };
          if (res.status >= 300) failures.push(`http ${res.status} ${body.error?.code ?? ''}`);
          else if (write) acked.push(body.id!);
        }
      };
      const sources = new SourcesService(opened.ctx);
      const inThisProcess = async (): Promise<void> => {
        for (let i = 0; Date.now() < stopAt; i++) {
          try {
            const s = await sources.create(editor, {
              tier: 'internal',
              title: `concurrent local ${i} ${randomBytes(3).toString('hex')}`,
              notes: 'fictional',
              notesTier: 'internal',
            });
            acked.push(s.id);
          } catch (err) {
            failures.push(`local ${(err as Error).message}`);
          }
          // Let the HTTP clients' requests through between writes.
          await new Promise((r) => setTimeout(r, 2));
        }
      };
      await Promise.all([inThisProcess(), ...Array.from({ length: HTTP_WRITERS }, (_, n) => overHttp(n))]);
      expect(failures).toEqual([]);
      expect(acked.length).toBeGreaterThan(HTTP_WRITERS * 2);
    } finally {
      await opened.close();
    }
    await killServer(server, 'SIGTERM');
    await withRawDb(env, async (db) => {
      const stored = await db.selectFrom('sources').select('id').execute();
      const created = await db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('action', '=', 'source.create')
        .execute();
      expect(created.map((r) => r.entity_id).sort()).toEqual(stored.map((r) => r.id).sort());
    });
    const verify = await runCli(env.env, ['audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 60_000);
});

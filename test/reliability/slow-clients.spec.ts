import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TABLES } from '../../src/core/backup/tables';
import { withRawDb } from '../support/cli';
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
 * Clients that go away or dawdle, against the real server process: an evidence upload and a sanctions
 * list upload cut off half-way (the connection drops) and a JSON write whose body never arrives in full
 * must leave no row, no stored file and no temporary file behind; a crowd of connections that send half a request and then stall must not keep the server
 * from answering everyone else. Afterwards the same upload, sent whole, is stored normally.
 */
const HANG_MS = 10_000;
const STALLED = 40;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .filter((f) => !/supolka\.sqlite(-wal|-shm|-journal)?$/.test(f))
    .sort();
}

/** Opens a raw connection, sends the head and part of the body, then drops the connection. */
function sendPartOf(port: number, head: string, part: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(part, () => setTimeout(() => socket.destroy(), 200));
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

for (const engine of ENGINES) {
  describe(`slow and vanishing clients (${engine})`, () => {
    let env: TestEnv;
    let server: ServerProcess | undefined;
    let port: number;
    let session: HttpSession;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      const opened = await openTestContext(env);
      const editor = await makeUser(opened.ctx, 'editor');
      await opened.close();
      port = await freePort();
      // The server's temporary files (sanctions uploads) go under the data folder, so they are checked too.
      fs.mkdirSync(path.join(env.dataDir, 'os-tmp'), { recursive: true });
      server = await startServer({ ...env.env, TMPDIR: path.join(env.dataDir, 'os-tmp') }, port);
      session = await httpSignIn(server.baseUrl, editor.username);
    });

    afterAll(async () => {
      await killServer(server);
      await env?.destroy();
    });

    const rowCounts = (): Promise<Record<string, number>> =>
      withRawDb(env, async (db) => {
        const parts = ALL_TABLES.map(
          (t) => sql`(select count(*) from ${sql.table(t.name)}) as ${sql.ref(t.name)}`,
        );
        const row = (await sql<Record<string, number>>`select ${sql.join(parts)}`.execute(db)).rows[0]!;
        return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
      });

    const head = (method: string, url: string, type: string, length: number): string =>
      `${method} ${url} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${session.cookie}\r\n` +
      `X-CSRF-Token: ${session.csrfToken}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`;

    it('an upload or a write cut off half-way leaves no row and no file, and the server carries on', async () => {
      const upload = '/api/v1/evidence?tier=internal&kind=document&title=Fictional%20cut-off%20upload';
      const content = Buffer.alloc(3 * 1024 * 1024, 'Fictional statement for an aborted upload. ');
      // A baseline write first, so the audit chain and the tables are not empty.
      const first = await httpRequest(server!.baseUrl, session, 'POST', '/api/v1/sources', {
        tier: 'internal',
        title: 'Fictional source before the aborted requests',
      });
      expect(first.status).toBe(201);
      const rowsBefore = await rowCounts();
      const filesBefore = filesUnder(env.dataDir);

      await sendPartOf(
        port,
        head('POST', upload, 'application/octet-stream', content.length),
        content.subarray(0, content.length / 2),
      );
      const list = Buffer.alloc(2 * 1024 * 1024, 'ent_num,SDN_Name\n');
      await sendPartOf(
        port,
        head('POST', '/api/v1/sanctions/imports?filename=sdn.csv', 'application/octet-stream', list.length),
        list.subarray(0, list.length / 2),
      );
      const json = Buffer.from(JSON.stringify({ tier: 'internal', title: 'Fictional half-sent source' }));
      await sendPartOf(
        port,
        head('POST', '/api/v1/sources', 'application/json', json.length),
        json.subarray(0, 20),
      );
      // The server notices the dropped connections on its own time; give it a moment, then look.
      const deadline = Date.now() + HANG_MS;
      let filesAfter = filesUnder(env.dataDir);
      while (filesAfter.join() !== filesBefore.join() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        filesAfter = filesUnder(env.dataDir);
      }
      expect(filesAfter, 'a partial upload left a file behind').toEqual(filesBefore);
      expect(await rowCounts()).toEqual(rowsBefore);

      // The same server, no restart: the whole upload goes through and is intact.
      const whole = await fetch(`${server!.baseUrl}${upload}`, {
        method: 'POST',
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          'content-type': 'application/octet-stream',
        },
        body: content,
      });
      expect(whole.status, await whole.clone().text()).toBe(201);
      const { id } = (await whole.json()) as { id: string };
      const verify = await httpRequest(server!.baseUrl, session, 'POST', `/api/v1/evidence/${id}/verify`, {});
      expect(((await verify.json()) as { intact: boolean }).intact).toBe(true);
    }, 60_000);

    it('connections that send half a request and stall do not keep others from being answered', async () => {
      const stalled: net.Socket[] = [];
      try {
        for (let i = 0; i < STALLED; i++) {
          const s = net.connect(port, '127.0.0.1');
          s.on('error', () => undefined);
          // Half a request line and a header, never finished (a "slowloris" client).
          s.write(i % 2 ? 'GET /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' : 'POST /api/v1/sou');
          stalled.push(s);
        }
        await new Promise((r) => setTimeout(r, 300));
        const started = Date.now();
        const answers = await Promise.all(
          Array.from({ length: 5 }, () =>
            httpRequest(server!.baseUrl, session, 'GET', '/api/v1/sources?limit=5'),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
        expect(Date.now() - started, 'answers waited for the stalled connections').toBeLessThan(HANG_MS);
      } finally {
        for (const s of stalled) s.destroy();
      }
    }, 60_000);
  });
}

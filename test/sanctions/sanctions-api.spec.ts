import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { buildTestApp } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { asSession, openSession, type RawSession } from '../support/session';
import { LIST_A, LIST_B, tempDir, writeList } from './fictional-lists';

/** The sanctions API end to end on FICTIONAL lists: streamed upload, lists, gaps filters, target page, exports. */

for (const engine of ENGINES) {
  describe(`sanctions API (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: RawSession;
    let viewer: RawSession;
    let dir: string;
    const upload = (file: string, name: string, type = 'application/gzip') =>
      asSession(app, editor, 'POST', `/api/v1/sanctions/imports?filename=${name}`, fs.readFileSync(file), {
        headers: { 'content-type': type },
      });

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      const e = await makeUser(opened.ctx, 'editor');
      const v = await makeUser(opened.ctx, 'viewer');
      editor = await openSession(app, e.username);
      viewer = await openSession(app, v.username);
      dir = tempDir();
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('imports streamed uploads, audits them and resolves', async () => {
      const a = writeList(dir, 'a.gz', 'test_fictional_ca', LIST_A, true);
      const res = await upload(a, 'api-ca-2026-01-05.ftm.jsonl.gz');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        dataset: 'test_fictional_ca',
        snapshotDate: '2026-01-05',
        targets: 5,
        byRegime: { Belarus: 3, Russia: 1, other: 1 },
        resolution: { clusters: 5 },
      });
      const b = writeList(dir, 'b.jsonl', 'test_fictional_gb', LIST_B);
      expect((await upload(b, 'api-gb-2026-01-06.ftm.jsonl', 'application/x-ndjson')).statusCode).toBe(201);
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'sanctions.import')
        .execute();
      expect(audit).toHaveLength(2);
    });

    it('refuses an unreadable upload with the file name and writes nothing', async () => {
      const bad = `${dir}/bad.txt`;
      fs.writeFileSync(bad, 'not a list at all\n');
      const before = await opened.ctx.db.selectFrom('sanctions_snapshots').select('id').execute();
      const res = await upload(bad, 'bad-upload.txt', 'application/octet-stream');
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'BAD_INPUT',
      });
      expect(res.body).toContain('bad-upload.txt');
      expect(await opened.ctx.db.selectFrom('sanctions_snapshots').select('id').execute()).toEqual(before);
    });

    it('reads lists, filtered gaps, a target page and exports', async () => {
      const lists = await asSession(app, viewer, 'GET', '/api/v1/sanctions/lists');
      expect(lists.json<{ items: { dataset: string }[] }>().items.map((l) => l.dataset)).toEqual([
        'test_fictional_ca',
        'test_fictional_gb',
      ]);
      const gaps = await asSession(
        app,
        viewer,
        'GET',
        '/api/v1/sanctions/alignment/gaps?kind=russia-only&jurisdiction=UK',
      );
      const body = gaps.json<{ total: number; items: { clusterId: string; notListedBy: string[] }[] }>();
      expect(body.total).toBe(1);
      expect(body.items[0]!.notListedBy).toEqual(['UK:Belarus']);
      const none = await asSession(app, viewer, 'GET', '/api/v1/sanctions/alignment/gaps?q=zzzz-nothing');
      expect(none.json<{ total: number }>().total).toBe(0);
      const target = await asSession(
        app,
        viewer,
        'GET',
        `/api/v1/sanctions/targets/${body.items[0]!.clusterId}`,
      );
      const page = target.json<{
        members: { dataset: string; birthDates: string[]; listings: unknown[] }[];
      }>();
      expect(page.members.map((m) => m.dataset).sort()).toEqual(['test_fictional_ca', 'test_fictional_gb']);
      expect(page.members[0]!.birthDates).toEqual(['1970-02-03']);
      const csv = await asSession(
        app,
        viewer,
        'GET',
        '/api/v1/sanctions/alignment/export?format=csv&kind=russia-only',
      );
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2);
      const ftm = await asSession(
        app,
        viewer,
        'GET',
        '/api/v1/sanctions/alignment/export?format=ftm&kind=russia-only',
      );
      const entities = ftm.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { schema: string });
      expect(entities.map((e) => e.schema)).toEqual(['Person', 'Sanction', 'Sanction']);
      const review = await asSession(app, viewer, 'GET', '/api/v1/sanctions/review');
      expect(review.json<{ total: number }>().total).toBeGreaterThan(0);
    });
  });
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { EvidenceIntegrityError } from '../../src/modules/evidence/evidence.crypto';
import { copyQuery } from '../../src/modules/evidence/evidence.schema';
import { verifyStoredOriginals } from '../../src/modules/evidence/evidence.integrity';
import { EvidenceService, evidenceStore } from '../../src/modules/evidence/evidence.service';
import { buildTestApp } from '../support/api';
import { runCli } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { asSession, openSession, type RawSession } from '../support/session';
import { makeEvidence, makePerpetrator } from './evidence-fixtures';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function storedFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.sev'))
    .map((d) => path.join(d.parentPath, d.name));
}

for (const engine of ENGINES) {
  describe(`evidence locker (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    let viewer: Actor;
    let editorSession: RawSession;
    let service: EvidenceService;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      viewer = await makeUser(opened.ctx, 'viewer');
      editorSession = await openSession(app, editor.username);
      service = new EvidenceService(opened.ctx);
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    it('streams an upload in, hashes it, stores it encrypted and content-addressed, and records custody', async () => {
      const marker = `PLAINTEXT-MARKER-${Date.now()}`;
      const body = Buffer.concat([Buffer.from(marker), Buffer.alloc(3 * 1024 * 1024 + 17, 7)]);
      const res = await asSession(
        app,
        editorSession,
        'POST',
        '/api/v1/evidence?tier=internal&kind=document&title=Fictional%20doc&fileName=a.bin&consent=courts',
        body,
        {
          headers: { 'content-type': 'application/octet-stream' },
        },
      );
      expect(res.statusCode, res.body).toBe(201);
      const view = res.json<{ id: string; sha256: string; size: number; consent: string[] }>();
      expect(view.sha256).toBe(sha(body));
      expect(view.size).toBe(body.length);
      expect(view.consent).toEqual(['courts']);
      const files = storedFiles(path.join(env.dataDir, 'files', 'evidence'));
      const mine = files.find((f) => !fs.readFileSync(f).includes(Buffer.from(marker)));
      expect(mine).toBeDefined();
      for (const f of files) expect(fs.readFileSync(f).includes(Buffer.from(marker))).toBe(false);
      // Content-addressed by a keyed hash: the file name is not the public SHA-256.
      expect(files.some((f) => f.includes(view.sha256))).toBe(false);

      const down = await asSession(app, editorSession, 'GET', `/api/v1/evidence/${view.id}/content`);
      expect(down.statusCode).toBe(200);
      expect(sha(down.rawPayload)).toBe(view.sha256);
      expect(down.headers['x-content-sha256']).toBe(view.sha256);

      const custody = await asSession(app, editorSession, 'GET', `/api/v1/evidence/${view.id}/custody`);
      expect(custody.json<{ items: Array<{ event: string }> }>().items.map((i) => i.event)).toEqual([
        'received',
        'viewed',
      ]);
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', view.id)
        .execute();
      expect(audit.map((a) => a.action)).toContain('evidence.received');
    });

    it('stores identical content once and keeps both items', async () => {
      const content = Buffer.from('identical fictional content');
      const a = await makeEvidence(opened.ctx, editor, 'internal', { content });
      const b = await makeEvidence(opened.ctx, editor, 'internal', { content });
      expect(a.view.id).not.toBe(b.view.id);
      const blobs = await opened.ctx.db
        .selectFrom('evidence_blobs')
        .select('address')
        .where('sha256', '=', sha(content))
        .execute();
      expect(blobs).toHaveLength(1);
    });

    it('refuses an upload over the configured size limit without storing anything', async () => {
      const small = new EvidenceService({
        ...opened.ctx,
        config: { ...opened.ctx.config, evidenceMaxBytes: 2048 },
      });
      const before = storedFiles(path.join(env.dataDir, 'files', 'evidence')).length;
      const { uploadQuery } = await import('../../src/modules/evidence/evidence.schema');
      await expect(
        small.upload(
          editor,
          uploadQuery.parse({ tier: 'internal', kind: 'document', title: 'too big' }),
          [Buffer.alloc(4096)],
          undefined,
        ),
      ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(storedFiles(path.join(env.dataDir, 'files', 'evidence')).length).toBe(before);
      expect(fs.readdirSync(path.join(env.dataDir, 'files', 'evidence', 'tmp'))).toEqual([]);
    });

    it('keeps the original untouched when a working copy is added, and links the copy to it', async () => {
      const { view: original } = await makeEvidence(opened.ctx, editor, 'internal');
      const copy = await service.copy(
        editor,
        original.id,
        copyQuery.parse({ derivation: 'redacted', title: 'Redacted copy' }),
        [Buffer.from('redacted')],
        'text/plain',
      );
      expect(copy.originalId).toBe(original.id);
      expect(copy.derivation).toBe('redacted');
      expect(copy.sha256).not.toBe(original.sha256);
      const again = await service.get(editor, original.id);
      expect(again.sha256).toBe(original.sha256);
      expect((await service.custody(editor, original.id)).items.map((i) => i.event)).toContain('copied');
    });

    it('hides an item from a caller who may not see its tier exactly like a missing one', async () => {
      const { view } = await makeEvidence(opened.ctx, editor, 'confidential');
      await expect(service.get(viewer, view.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(service.download(viewer, view.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const viewerSession = await openSession(app, viewer.username);
      const res = await asSession(app, viewerSession, 'GET', `/api/v1/evidence/${view.id}`);
      expect(res.statusCode).toBe(404);
    });

    it('records consent with who recorded it and when', async () => {
      const { view } = await makeEvidence(opened.ctx, editor, 'internal', { consent: [] });
      const other = await makeUser(opened.ctx, 'editor');
      const updated = await service.update(other, view.id, {
        consent: ['courts', 'un_osce'],
        version: view.version,
      });
      expect(updated.consent).toEqual(['courts', 'un_osce']);
      expect(updated.consentRecordedBy).toBe(other.username);
      expect(updated.consentRecordedAt >= view.consentRecordedAt).toBe(true);
    });

    it('`supolka evidence verify --stored` names an altered, missing or mis-recorded original', async () => {
      const ctx = opened.ctx;
      const { view } = await makeEvidence(ctx, editor, 'confidential', {
        content: Buffer.from(`fictional sweep target ${Date.now()} `.repeat(3000)),
      });
      const { view: other } = await makeEvidence(ctx, editor, 'internal');
      const ok = await runCli(env.env, ['evidence', 'verify', '--stored'], { timeoutMs: 90_000 });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^OK: \d+ stored originals, \d+ items checked/);

      const file = evidenceStore(ctx).pathOf(
        (
          await ctx.db
            .selectFrom('evidence_items')
            .select('blob_address')
            .where('id', '=', view.id)
            .executeTakeFirstOrThrow()
        ).blob_address,
      );
      const pristine = fs.readFileSync(file);
      fs.chmodSync(file, 0o600);
      const altered = Buffer.from(pristine);
      altered[Math.floor(altered.length / 2)]! ^= 0x04;
      fs.writeFileSync(file, altered);
      try {
        const bad = await runCli(env.env, ['evidence', 'verify', '--stored'], { timeoutMs: 90_000 });
        expect(bad.code, bad.stderr).toBe(1);
        expect(bad.stdout).toMatch(/^FAILED/);
        const problems = bad.stdout.split('\n').filter((l) => l.startsWith('problem:'));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(`evidence ${view.id}: `);
        expect(problems[0]).toContain('altered');
        expect(bad.stdout).not.toContain(other.id);
        // The same sweep, called in process: a missing file, then a database row whose hash was edited.
        fs.renameSync(file, `${file}.away`);
        const missing = await verifyStoredOriginals(ctx);
        expect(missing.problems).toEqual([{ itemIds: [view.id], problem: 'the stored file is missing' }]);
        fs.renameSync(`${file}.away`, file);
      } finally {
        fs.writeFileSync(file, pristine);
        fs.chmodSync(file, 0o400);
      }
      await ctx.db
        .updateTable('evidence_items')
        .set({ sha256: sha(Buffer.from('something else')) })
        .where('id', '=', other.id)
        .execute();
      try {
        const edited = await verifyStoredOriginals(ctx);
        expect(edited.ok).toBe(false);
        expect(edited.problems.map((p) => p.itemIds)).toEqual([[other.id]]);
      } finally {
        await ctx.db
          .updateTable('evidence_items')
          .set({ sha256: other.sha256 })
          .where('id', '=', other.id)
          .execute();
      }
      expect((await verifyStoredOriginals(ctx)).ok).toBe(true);
      // Every sweep is in the audit log with its outcome, the CLI runs and the in-process ones alike.
      const sweeps = await ctx.db
        .selectFrom('audit_log')
        .select(['actor_id', 'outcome', 'detail'])
        .where('action', '=', 'evidence.verify_stored')
        .orderBy('seq')
        .execute();
      expect(sweeps.map((r) => r.outcome)).toEqual(['ok', 'failed', 'failed', 'failed', 'ok']);
      expect(sweeps.every((r) => r.actor_id === null)).toBe(true);
      expect(JSON.parse(sweeps[1]!.detail)).toMatchObject({ problems: 1, failedItemIds: [view.id] });
      expect(JSON.parse(sweeps[3]!.detail)).toMatchObject({ failedItemIds: [other.id] });
    }, 240_000);

    it('detects a tampered stored original and never serves it as valid', async () => {
      const content = Buffer.from(`fictional tamper target ${Date.now()} `.repeat(5000));
      const { view } = await makeEvidence(opened.ctx, editor, 'internal', { content });
      const perp = await makePerpetrator(opened.ctx, editor, 'internal');
      await service.update(editor, view.id, {
        links: [{ entityType: 'perpetrator', entityId: perp.id }],
        consent: ['courts'],
        version: view.version,
      });
      expect((await service.verify(editor, view.id)).intact).toBe(true);
      const row = await opened.ctx.db
        .selectFrom('evidence_items')
        .select('blob_address')
        .where('id', '=', view.id)
        .executeTakeFirstOrThrow();
      const file = evidenceStore(opened.ctx).pathOf(row.blob_address);
      fs.chmodSync(file, 0o600);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 40]! ^= 0x01;
      fs.writeFileSync(file, bytes);

      expect((await service.verify(editor, view.id)).intact).toBe(false);
      const checks = await opened.ctx.db
        .selectFrom('audit_log')
        .select(['actor_id', 'outcome'])
        .where('action', '=', 'evidence.verified')
        .where('entity_id', '=', view.id)
        .orderBy('seq')
        .execute();
      expect(checks).toEqual([
        { actor_id: editor.id, outcome: 'ok' },
        { actor_id: editor.id, outcome: 'failed' },
      ]);
      const { stream } = await service.download(editor, view.id);
      await expect(
        (async () => {
          for await (const chunk of stream) void chunk;
        })(),
      ).rejects.toBeInstanceOf(EvidenceIntegrityError);
      const res = await asSession(app, editorSession, 'POST', '/api/v1/evidence/packages', {
        recipient: 'courts',
        perpetratorIds: [perp.id],
      });
      expect(res.statusCode).toBe(409);
      expect(fs.readdirSync(path.join(env.dataDir, 'exports')).filter((f) => f.endsWith('.zip'))).toEqual([]);
    });

    it('exposes the instance signing key with its fingerprint, generated once', async () => {
      const a = await asSession(app, editorSession, 'GET', '/api/v1/evidence/signing-key');
      const b = await asSession(app, editorSession, 'GET', '/api/v1/evidence/signing-key');
      expect(a.statusCode).toBe(200);
      expect(a.json()).toEqual(b.json());
      expect(a.json<{ fingerprint: string }>().fingerprint).toMatch(/^([0-9a-f]{4}:){15}[0-9a-f]{4}$/);
      const row = await opened.ctx.db.selectFrom('instance_keys').selectAll().executeTakeFirstOrThrow();
      expect(row.private_key_enc).toMatch(/^v1\./);
    });
  });
}

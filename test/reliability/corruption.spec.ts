import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { SEAL_LENGTH } from '../../src/core/backup/archive';
import { verifyArchive } from '../../src/core/backup/verify.service';
import type { App } from '../../src/core/http/types';
import { buildTestApp } from '../support/api';
import { runCli } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import { asSession, openSession, type RawSession } from '../support/session';

/**
 * Stored bytes rot, or are tampered with. A backup archive with any byte flipped or cut short must fail
 * verification (never pass as a good backup), including the flips gzip cannot see (its seal catches them), and an evidence original altered on disk must be reported
 * as not intact and never be served as a valid copy.
 */
const FLIPS = Number(process.env.SUPOLKA_CORRUPTION_RUNS ?? 12);

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

for (const engine of ENGINES) {
  describe(`corrupted stored files are detected (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    let session: RawSession;
    let work: string;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      session = await openSession(app, editor.username);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-corrupt-'));
      await makeSource(opened.ctx, editor, 'confidential');
      await makePerson(opened.ctx, editor, 'public');
      await makePerson(opened.ctx, editor, 'sealed');
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it('a backup archive with any flipped byte or cut short fails verification', async () => {
      const archive = path.join(work, 'backup.tar.gz');
      const made = await runCli(env.env, ['backup', '--output', archive], { timeoutMs: 60_000 });
      expect(made.code, made.stdout + made.stderr).toBe(0);
      await expect(verifyArchive(archive)).resolves.toBeDefined();
      const bytes = fs.readFileSync(archive);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: bytes.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          async (at, mask) => {
            const bad = Buffer.from(bytes);
            bad[at]! ^= mask;
            const file = path.join(work, `flip-${n++}.tar.gz`);
            fs.writeFileSync(file, bad);
            await expect(verifyArchive(file), `byte ${at} of ${bytes.length} ^ ${mask}`).rejects.toThrow();
          },
        ),
        { numRuns: FLIPS },
      );
      for (const keep of [0, 10, Math.floor(bytes.length / 2), bytes.length - 1]) {
        const file = path.join(work, `cut-${keep}.tar.gz`);
        fs.writeFileSync(file, bytes.subarray(0, keep));
        await expect(verifyArchive(file), `cut at ${keep}`).rejects.toThrow();
      }
      // The CLI says so too, with a non-zero exit and no stack trace.
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(bytes.length / 3)]! ^= 0x10;
      fs.writeFileSync(path.join(work, 'cli.tar.gz'), flipped);
      const verify = await runCli(env.env, ['backup', 'verify', path.join(work, 'cli.tar.gz')]);
      expect(verify.code).not.toBe(0);
      expect(verify.stderr).not.toMatch(/\n\s+at /);
    }, 60_000);

    it('a flip that gzip itself cannot see (same decompressed bytes) is caught by the seal', async () => {
      const archive = path.join(work, 'seal.tar.gz');
      const made = await runCli(env.env, ['backup', '--output', archive], { timeoutMs: 60_000 });
      expect(made.code, made.stdout + made.stderr).toBe(0);
      const bytes = fs.readFileSync(archive);
      const content = gunzipSync(bytes);
      // Single-bit flips gunzip accepts with the very same output: the header's time and OS bytes, the
      // deflate stream's final padding bits, lengths of unused Huffman codes, the seal's own empty member.
      // Searched at both ends and every 11th byte between (to keep the test quick), then each must fail.
      const invisible: Array<[number, number]> = [];
      const ends = (at: number): boolean => at < 16 || at >= bytes.length - SEAL_LENGTH - 32;
      for (let at = 0; at < bytes.length; at++)
        for (let bit = 0; bit < 8 && (ends(at) || at % 11 === 0); bit++) {
          const bad = Buffer.from(bytes);
          bad[at]! ^= 1 << bit;
          try {
            if (gunzipSync(bad).equals(content)) invisible.push([at, 1 << bit]);
          } catch {
            // gzip notices this one itself.
          }
        }
      expect(invisible.length, 'no flip invisible to gzip was found to test the seal with').toBeGreaterThan(
        0,
      );
      for (const [at, mask] of invisible) {
        const bad = Buffer.from(bytes);
        bad[at]! ^= mask;
        const file = path.join(work, `invisible-${at}-${mask}.tar.gz`);
        fs.writeFileSync(file, bad);
        await expect(verifyArchive(file), `byte ${at} ^ ${mask}`).rejects.toThrow(/seal|gzip header/);
      }
      // An archive cut just before its seal (a plain .tar.gz whose content is whole) is refused too.
      const unsealed = path.join(work, 'unsealed.tar.gz');
      fs.writeFileSync(unsealed, bytes.subarray(0, bytes.length - SEAL_LENGTH));
      await expect(verifyArchive(unsealed)).rejects.toThrow(/seal/);
    }, 120_000);

    it('an evidence original altered on disk is reported not intact and never served as valid', async () => {
      const store = path.join(opened.ctx.config.dataDir, 'files');
      const before = new Set(filesUnder(store));
      const content = Buffer.from('Fictional witness statement for a corruption test. '.repeat(4000));
      const up = await asSession(
        app,
        session,
        'POST',
        '/api/v1/evidence?tier=internal&kind=document&title=Fictional%20corruption%20test',
        content,
        { headers: { 'content-type': 'application/octet-stream' } },
      );
      expect(up.statusCode, up.body).toBe(201);
      const id = up.json<{ id: string }>().id;
      const ok = await asSession(app, session, 'POST', `/api/v1/evidence/${id}/verify`, {});
      expect(ok.json<{ intact: boolean }>().intact).toBe(true);

      const stored = filesUnder(store).filter((f) => !before.has(f));
      expect(stored.length, 'the upload stored no new file').toBeGreaterThan(0);
      for (const f of stored) {
        const b = fs.readFileSync(f);
        b[Math.floor(b.length / 2)]! ^= 0x01;
        fs.writeFileSync(f, b);
      }
      const bad = await asSession(app, session, 'POST', `/api/v1/evidence/${id}/verify`, {});
      expect(bad.statusCode, bad.body).toBe(200);
      expect(bad.json<{ intact: boolean }>().intact).toBe(false);

      // A download must not hand out the altered bytes as the original: either it is refused, or the
      // body is cut off and does not match the SHA-256 it claims.
      const dl = await asSession(app, session, 'GET', `/api/v1/evidence/${id}/original`);
      if (dl.statusCode === 200) {
        const got = createHash('sha256').update(dl.rawPayload).digest('hex');
        expect(got).not.toBe(dl.headers['x-content-sha256']);
        expect(dl.rawPayload.equals(content)).toBe(false);
      } else {
        expect(dl.statusCode).toBeGreaterThanOrEqual(400);
      }
    }, 60_000);
  });
}

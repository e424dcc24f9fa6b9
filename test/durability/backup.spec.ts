import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/core/backup/archive';
import { createBackup } from '../../src/core/backup/backup.service';
import { restoreArchive } from '../../src/core/backup/restore.service';
import { verifyAuditChain } from '../../src/core/audit/audit.verify';
import { openDatabase, type DB, type Engine } from '../../src/core/db/database';
import { SourcesService } from '../../src/modules/sources/sources.service';
import type { Actor } from '../../src/core/access';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI with only the test installation's environment (no SUPOLKA_* leaking from the shell). */
function cli(env: TestEnv, args: string[]): Promise<CliResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SUPOLKA_') && k !== 'DATABASE_URL'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/supolka.js', ...args],
      { cwd: ROOT, env: { ...base, ...env.env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Every table and its primary key, read from the database's own catalogue (not from the backup code). */
async function catalogue(handle: { db: DB; engine: Engine }): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (handle.engine === 'postgres') {
    const { rows } = await sql<{ t: string; c: string }>`
      select tc.table_name as t, kcu.column_name as c
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'
      order by tc.table_name, kcu.ordinal_position`.execute(handle.db);
    for (const r of rows) (out[r.t] ??= []).push(r.c);
  } else {
    const { rows: tables } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(handle.db);
    for (const { name } of tables) {
      const { rows } = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${name}) where pk > 0 order by pk`.execute(handle.db);
      out[name] = rows.map((r) => r.name);
    }
  }
  // Not data: migration bookkeeping, and sessions, which are live credentials and deliberately not backed up.
  for (const t of Object.keys(out)) if (t.startsWith('kysely_') || t === 'sessions') delete out[t];
  return out;
}

/**
 * Canonical content hash per table, computed independently of the implementation: all rows via
 * `select *` (columns in table-definition order), sorted by primary key in JavaScript (byte order for the
 * ASCII and UUID keys used here), one JSON array of values per line.
 */
async function tableHashes(env: TestEnv): Promise<Record<string, string>> {
  const handle = openDatabase(env.config.database);
  try {
    const out: Record<string, string> = {};
    for (const [table, key] of Object.entries(await catalogue(handle))) {
      const { rows } = await sql<
        Record<string, string | number | null>
      >`select * from ${sql.table(table)}`.execute(handle.db);
      rows.sort((a, b) => {
        for (const k of key) {
          const x = a[k]!;
          const y = b[k]!;
          if (x !== y) return x < y ? -1 : 1;
        }
        return 0;
      });
      const hash = createHash('sha256');
      for (const r of rows) hash.update(`${JSON.stringify(Object.values(r))}\n`);
      out[table] = hash.digest('hex');
    }
    return out;
  } finally {
    await handle.close();
  }
}

async function publicTableCount(env: TestEnv): Promise<number> {
  if (env.engine === 'sqlite') {
    if (env.config.database.engine !== 'sqlite' || !fs.existsSync(env.config.database.file)) return 0;
  }
  const handle = openDatabase(env.config.database);
  try {
    const q =
      env.engine === 'postgres'
        ? sql<{
            n: number;
          }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`
        : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table'`;
    return Number((await q.execute(handle.db)).rows[0]!.n);
  } finally {
    await handle.close();
  }
}

interface Seeded {
  env: TestEnv;
  archive: string;
  hashes: Record<string, string>;
  author: Actor;
  sealedId: string;
  sealedNotes: string;
  confidentialId: string;
  fileBytes: Buffer;
}

const SEALED_NOTES = 'Крыніца: сведка Х., тэл. +375 29 000-00-00 (sealed)';
const CONF_NOTES = 'Адвакат паведаміў пра ціск у СІЗА №1 (confidential)';

/** An installation with users, every tier of source, grants, >1 archive chunk of rows and a stored file. */
async function seed(engine: Engine, workDir: string): Promise<Seeded> {
  const env = await createTestEnv(engine);
  const opened = await openTestContext(env);
  const { ctx } = opened;
  try {
    if (engine === 'postgres') {
      // Many clusters sort text by a language collation (en_US.UTF-8 and the like), where "A" and "a" sort
      // together; the backup must still produce the byte-order canonical hash.
      await sql`alter table users alter column id type text collate "und-x-icu"`.execute(ctx.db);
    }
    const author = await makeUser(ctx, 'editor');
    const reader = await makeUser(ctx, 'researcher');
    await makeSource(ctx, author, 'public', { title: 'Вясна: справаздача за год' });
    await makeSource(ctx, author, 'internal');
    const conf = await makeSource(ctx, author, 'confidential', { notes: CONF_NOTES });
    const sealed = await makeSource(ctx, author, 'sealed', { notes: SEALED_NOTES });
    await new SourcesService(ctx).grant(author, sealed.id, reader.id);
    // More rows than one archive chunk (500) in a text-keyed table, so keyset paging and the byte-order
    // collation are exercised; mixed-case and Cyrillic names sort differently under locales.
    const now = new Date().toISOString();
    const bulk = Array.from({ length: 620 }, (_, i) => ({
      id: i % 3 === 0 ? randomUUID().toUpperCase() : randomUUID(),
      username: i % 2 ? `Ул-${i}` : `user-${i}`,
      display_name: `Карыстальнік ${i}`,
      role: 'viewer' as const,
      password_hash: 'not-a-real-hash',
      totp_secret_enc: null,
      totp_enabled: 0,
      totp_last_step: 0,
      disabled: i % 7 === 0 ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < bulk.length; i += 50)
      await ctx.db
        .insertInto('users')
        .values(bulk.slice(i, i + 50))
        .execute();
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 30; i++)
        await ctx.audit.append(trx, { actorId: author.id, action: 'test.bulk', detail: { i } });
    });
    // Registry rows, including a person merged into one whose id sorts later (a self-reference), with enough
    // persons between them that the two land in different insert batches on restore.
    const [later, earlier] = ['ffffffff-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const people: [string, string | null][] = [
      [later, null],
      [earlier, later],
    ];
    for (let i = 0; i < 80; i++) people.push([randomUUID().replace(/^./, '8'), null]);
    for (const [id, mergedInto] of people) {
      await ctx.db
        .insertInto('persons')
        .values({
          ...{
            id,
            consent: 'public',
            tier: 'public',
            identity_tier: 'public',
            ref_code: `PP-${id}`,
            groups: '[]',
            external_ids: '{}',
          },
          ...{
            birth_year: null,
            birth_date_enc: null,
            gender: null,
            region: null,
            description_enc: null,
            health_notes_enc: null,
            photo_file: null,
          },
          ...{
            current_status: null,
            current_status_on: null,
            recognised_on: null,
            merged_into: mergedInto,
            is_demo: 0,
            created_by: null,
          },
          ...{ created_at: now, updated_at: now, version: 1 },
        })
        .execute();
    }
    await ctx.db
      .insertInto('person_names')
      .values({
        id: randomUUID(),
        person_id: later,
        script: 'be',
        kind: 'primary',
        value: 'Алесь Бяляцкі',
        value_enc: null,
        position: 0,
      })
      .execute();
    const fileBytes = randomBytes(150_000);
    fs.mkdirSync(path.join(env.dataDir, 'files', 'evidence', 'case-1'), { recursive: true });
    fs.writeFileSync(path.join(env.dataDir, 'files', 'evidence', 'case-1', 'photo.bin'), fileBytes);
    fs.writeFileSync(path.join(env.dataDir, 'files', 'readme.txt'), 'доказы\n');
    return {
      env,
      archive: path.join(workDir, `${engine}.tar.gz`),
      hashes: {},
      author,
      sealedId: sealed.id,
      sealedNotes: SEALED_NOTES,
      confidentialId: conf.id,
      fileBytes,
    };
  } finally {
    await opened.close();
  }
}

function copyMasterKey(from: TestEnv, to: TestEnv): void {
  fs.copyFileSync(path.join(from.dataDir, 'master.key'), path.join(to.dataDir, 'master.key'));
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-backup-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function freshTarget(engine: Engine, extra: NodeJS.ProcessEnv = {}): Promise<TestEnv> {
  const env = await createTestEnv(engine, extra);
  cleanups.push(() => env.destroy());
  return env;
}

for (const engine of ENGINES) {
  describe(`backup from ${engine}`, () => {
    let s: Seeded;

    beforeAll(async () => {
      s = await seed(engine, workDir);
      cleanups.push(() => s.env.destroy());
      s.hashes = await tableHashes(s.env);
    });

    it('writes an archive whose manifest hashes match the database, and refuses to overwrite it', async () => {
      const res = await cli(s.env, ['backup', '--output', s.archive]);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as {
        tables: { name: string; rows: number; contentHash: string }[];
        files: number;
      };
      // Every data table in the database is in the archive (s.hashes comes from the database's catalogue).
      expect(Object.fromEntries(out.tables.map((t) => [t.name, t.contentHash]))).toEqual(s.hashes);
      expect(Object.keys(s.hashes)).toContain('persons');
      expect(out.tables.find((t) => t.name === 'users')!.rows).toBeGreaterThan(600);
      expect(out.files).toBe(2);
      // Sessions (live credentials) and the master key are never in the archive.
      const raw = fs.readFileSync(s.archive);
      const key = fs.readFileSync(path.join(s.env.dataDir, 'master.key'), 'utf8').trim();
      expect(raw.includes(Buffer.from(key))).toBe(false);
      expect(fs.statSync(s.archive).mode & 0o077).toBe(0);

      const handle = openDatabase(s.env.config.database);
      try {
        await expect(createBackup(handle, s.env.dataDir, { output: s.archive })).rejects.toThrow(
          /exists; give --force/,
        );
      } finally {
        await handle.close();
      }
      expect(fs.readFileSync(s.archive)).toEqual(raw);
    });

    for (const target of ENGINES) {
      it(`restores into an empty ${target} installation with identical content`, async () => {
        const t = await freshTarget(target);
        copyMasterKey(s.env, t);
        // The real CLI for a same-engine restore; the service directly across engines (spawning is slow).
        if (target === engine) {
          const res = await cli(t, ['restore', s.archive]);
          expect(res.stderr).toBe('');
          expect(res.code).toBe(0);
        } else {
          await restoreArchive(t.config, s.archive);
        }

        expect(await tableHashes(t)).toEqual(s.hashes);
        for (const rel of ['evidence/case-1/photo.bin', 'readme.txt']) {
          expect(fs.readFileSync(path.join(t.dataDir, 'files', rel))).toEqual(
            fs.readFileSync(path.join(s.env.dataDir, 'files', rel)),
          );
        }
        expect(fs.readFileSync(path.join(t.dataDir, 'files', 'evidence/case-1/photo.bin'))).toEqual(
          s.fileBytes,
        );
        // No staging folders are left behind.
        expect(fs.readdirSync(t.dataDir).filter((n) => n.startsWith('.'))).toEqual([]);

        const opened = await openTestContext(t);
        try {
          const sources = new SourcesService(opened.ctx);
          expect((await sources.get(s.author, s.sealedId)).notes).toBe(s.sealedNotes);
          expect((await sources.get(s.author, s.confidentialId)).notes).toBe(CONF_NOTES);
          const chain = await verifyAuditChain(opened.ctx.db, opened.ctx.audit);
          expect(chain).toMatchObject({ ok: true });
          if (target === 'postgres') {
            // The serial sequence was moved past the restored rows.
            const next = sql<{
              v: number;
            }>`select nextval(pg_get_serial_sequence('audit_log', 'seq'))::int as v`;
            const { rows } = await next.execute(opened.ctx.db);
            expect(rows[0]!.v).toBeGreaterThan(30);
          }
        } finally {
          await opened.close();
        }
        if (target === engine) {
          // A target in use is refused without --force, and replaced whole with it.
          await expect(restoreArchive(t.config, s.archive)).rejects.toThrow(/already holds data/);
          fs.writeFileSync(path.join(t.dataDir, 'files', 'stray.txt'), 'x');
          await restoreArchive(t.config, s.archive, { force: true });
          expect(await tableHashes(t)).toEqual(s.hashes);
          expect(fs.existsSync(path.join(t.dataDir, 'files', 'stray.txt'))).toBe(false);
        }
      });
    }

    it('refuses a corrupted or truncated archive with a clear message and writes nothing', async () => {
      const t = await freshTarget(engine);
      copyMasterKey(s.env, t);
      const bytes = fs.readFileSync(s.archive);
      const corrupt = Buffer.from(bytes);
      corrupt[Math.floor(corrupt.length / 2)]! ^= 0x01;
      const corruptFile = path.join(workDir, `${engine}-corrupt.tar.gz`);
      fs.writeFileSync(corruptFile, corrupt);
      const res = await cli(t, ['restore', corruptFile]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/corrupt|damaged|does not match/);
      expect(res.stderr).not.toMatch(/\n\s+at /);

      const truncatedFile = path.join(workDir, `${engine}-truncated.tar.gz`);
      fs.writeFileSync(truncatedFile, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
      await expect(restoreArchive(t.config, truncatedFile)).rejects.toThrow(/truncated or corrupt/);

      // A valid gzip and tar whose content was altered: only the per-entry SHA-256 catches it.
      const tarBytes = gunzipSync(bytes);
      const at = tarBytes.indexOf(Buffer.from('Вясна'));
      expect(at).toBeGreaterThan(0);
      tarBytes[at]! ^= 0x01;
      const alteredFile = path.join(workDir, `${engine}-altered.tar.gz`);
      fs.writeFileSync(alteredFile, gzipSync(tarBytes));
      await expect(restoreArchive(t.config, alteredFile)).rejects.toThrow(
        /tables\/sources\/000001\.jsonl does not match its SHA-256/,
      );

      expect(await publicTableCount(t)).toBe(0);
      expect(fs.existsSync(path.join(t.dataDir, 'files'))).toBe(false);
    });

    it('refuses to restore when the master key that wraps the data keys is not in place', async () => {
      const t = await freshTarget(engine, { SUPOLKA_MASTER_KEY: randomBytes(32).toString('base64') });
      const err = await restoreArchive(t.config, s.archive).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as Error).message).toMatch(/master key/);
      expect(await publicTableCount(t)).toBe(0);
    });
  });
}

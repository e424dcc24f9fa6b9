import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import { ALL_TABLES } from '../../src/core/backup/tables';
import { openContext, type OpenedContext } from '../../src/core/bootstrap';
import { loadConfig } from '../../src/core/config';
import type { App } from '../../src/core/http/types';
import { createLogger } from '../../src/core/logging';
import { MACHINE_COLUMNS } from '../../src/modules/registry/import/import.layout';
import { digestOf } from '../../src/modules/registry/import/import.service';
import { buildTestApp, signIn, type Client } from '../support/api';
import { makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import { asSession, openSession } from '../support/session';

/**
 * The disk fills up while a list import is committed and while an evidence original is uploaded. The
 * SQLite data folder lives on a small tmpfs mounted for this test (PostgreSQL keeps its data on the
 * shared server, which this test must not fill). Expected: a clear 507 STORAGE_FULL, every table exactly
 * as before (no partial records, no half-written file left behind), the earlier data intact and the
 * database consistent; once space is freed the same import goes through without a restart.
 */
const TMPFS_MB = 24;

function mountTmpfs(dir: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (e) {
    throw new Error(
      `The disk-full test needs a small tmpfs and could not mount one at ${dir} (run as root with mount ` +
        `permission, e.g. a container with CAP_SYS_ADMIN): ${(e as Error).message}`,
    );
  }
}

/** Fills the file system with one file until it refuses more, then frees `leaveBytes`. */
function fill(dir: string, leaveBytes: number): string {
  const file = path.join(dir, 'filler.bin');
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  let size = 0;
  try {
    for (;;) size += fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
  fs.truncateSync(file, Math.max(0, size - leaveBytes));
  return file;
}

const SYL = ['ka', 'lo', 'vi', 'ran', 'zhy', 'tu', 'me', 'da', 'shu', 'zo', 'pi', 'hru'];
/** A list export of invented people (syllable names), machine layout, large enough to outgrow the disk. */
function bigCsv(rows: number, offset: number): string {
  const name = (i: number) => {
    const s = [
      SYL[i % 12],
      SYL[Math.floor(i / 12) % 12],
      SYL[Math.floor(i / 144) % 12],
      SYL[Math.floor(i / 1728) % 12],
    ].join('');
    return `${s[0]!.toUpperCase()}${s.slice(1)}vich Fictional${i}`;
  };
  const lines = [MACHINE_COLUMNS.join(',')];
  for (let i = 0; i < rows; i++) {
    const row: Record<string, string> = {
      id: String(offset + i),
      name: name(i),
      status: 'active',
      gender: i % 3 ? 'male' : 'female',
      arrested: '2022-03-05',
      articles: '342;361-4',
      prison: `Fictional Colony No. ${i % 40}`,
      verdict_date: '2022-09-01',
      decision: '3 years',
      clusters: 'Fictional case for the disk-full test',
    };
    lines.push(MACHINE_COLUMNS.map((c) => row[c] ?? '').join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('disk full while importing and uploading (sqlite on a tmpfs)', () => {
  let mnt: string;
  let mounted = false;
  let opened: OpenedContext | undefined;
  let app: App | undefined;
  let editor: Actor;
  let client: Client;
  const previous: Array<{ id: string; name: string }> = [];

  beforeAll(async () => {
    mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-diskfull-'));
    mountTmpfs(mnt);
    mounted = true;
    const env: NodeJS.ProcessEnv = {
      SUPOLKA_DATA_DIR: path.join(mnt, 'data'),
      SUPOLKA_LOG_LEVEL: 'silent',
      SUPOLKA_PASSWORD_HASH_COST: 'test',
      SUPOLKA_RATE_LIMIT_PER_MINUTE: '100000',
    };
    opened = await openContext(loadConfig(env), createLogger('silent'));
    app = await buildTestApp(opened);
    editor = await makeUser(opened.ctx, 'editor');
    client = await signIn(app, editor.username);
    for (let i = 0; i < 3; i++) {
      const p = await makePerson(opened.ctx, editor, 'confidential');
      previous.push({ id: p.id, name: p.names?.[0]?.value ?? '' });
    }
  });

  afterAll(async () => {
    await app?.close();
    await opened?.close();
    if (mounted) execFileSync('umount', ['-l', mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  });

  async function counts(): Promise<Record<string, number>> {
    const parts = ALL_TABLES.map(
      (t) => sql`(select count(*) from ${sql.table(t.name)}) as ${sql.ref(t.name)}`,
    );
    const row = (await sql<Record<string, number>>`select ${sql.join(parts)}`.execute(opened!.ctx.db))
      .rows[0]!;
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  }

  async function expectPreviousIntact(): Promise<void> {
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(opened!.ctx.db);
    expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);
    for (const p of previous) {
      const res = await client.request('GET', `/api/v1/persons/${p.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ names: Array<{ value: string }> }>().names.map((n) => n.value)).toContain(p.name);
    }
  }

  function listFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.join(d.parentPath, d.name));
  }

  it('a list import that outgrows the disk is refused with 507 STORAGE_FULL and leaves nothing behind', async () => {
    const csv = bigCsv(3000, 800_000);
    const body = { filename: 'big.csv', contentBase64: Buffer.from(csv).toString('base64') };
    const dry = await client.request('POST', '/api/v1/registry/imports/dry-run', body);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<{ errors: unknown[] }>().errors).toEqual([]);
    const before = await counts();
    const filler = fill(mnt, 512 * 1024);
    try {
      const res = await client.request('POST', '/api/v1/registry/imports/commit', {
        ...body,
        digest: digestOf(Buffer.from(csv)),
      });
      expect(
        { status: res.statusCode, code: res.json<{ error?: { code?: string } }>().error?.code },
        res.body,
      ).toEqual({
        status: 507,
        code: 'STORAGE_FULL',
      });
      expect(await counts()).toEqual(before);
      await expectPreviousIntact();
    } finally {
      fs.rmSync(filler, { force: true });
    }
    // Space is back: a further import goes through on the same open database, with no restart.
    const small = bigCsv(200, 900_000);
    const smallBody = { filename: 'small.csv', contentBase64: Buffer.from(small).toString('base64') };
    const again = await client.request('POST', '/api/v1/registry/imports/commit', {
      ...smallBody,
      digest: digestOf(Buffer.from(small)),
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ created: number }>().created).toBe(200);
    await expectPreviousIntact();
  }, 90_000);

  it('an evidence upload that outgrows the disk is refused with 507 and leaves no file and no row', async () => {
    const store = path.join(opened!.ctx.config.dataDir, 'files');
    const session = await openSession(app!, editor.username);
    const before = await counts();
    const filesBefore = listFiles(store);
    const filler = fill(mnt, 256 * 1024);
    try {
      const upload = await asSession(
        app!,
        session,
        'POST',
        '/api/v1/evidence?tier=internal&kind=document&title=Fictional%20disk-full%20upload',
        Buffer.alloc(3 * 1024 * 1024, 7),
        { headers: { 'content-type': 'application/octet-stream' } },
      );
      expect(
        { status: upload.statusCode, code: upload.json<{ error?: { code?: string } }>().error?.code },
        upload.body,
      ).toEqual({
        status: 507,
        code: 'STORAGE_FULL',
      });
      expect(await counts()).toEqual(before);
      expect(listFiles(store)).toEqual(filesBefore);
      await expectPreviousIntact();
    } finally {
      fs.rmSync(filler, { force: true });
    }
  }, 60_000);
});

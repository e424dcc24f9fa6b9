import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { DatabaseHandle } from '../db/database';
import { migrations } from '../db/migrate';
import { nowIso } from '../time';
import {
  BackupError,
  chunkPath,
  FILES_DIR,
  FORMAT,
  FORMAT_VERSION,
  KEY_NOTE,
  MANIFEST_PATH,
  ROWS_PER_CHUNK,
  sealMember,
  type Manifest,
  type ManifestEntry,
} from './archive';
import { BackupRepository } from './backup.repository';
import { sha256, TableHasher, type Row } from './canonical';
import { Progress } from './progress';
import { ALL_TABLES, BACKUP_TABLES } from './tables';

export interface BackupOptions {
  output: string;
  /** Replace an existing file at `output`. */
  force?: boolean;
  progress?: Progress;
}

/** Checks that the database's schema is exactly the one this version of Supolka knows. */
export function checkMigrations(applied: string[] | undefined, where: string): void {
  const known = Object.keys(migrations).sort();
  if (!applied)
    throw new BackupError(`The ${where} database has no Supolka schema; run "supolka migrate" first.`);
  const unknown = applied.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new BackupError(
      `The ${where} database has migrations this version does not know (${unknown.join(', ')}); use a newer supolka.`,
    );
  }
  const missing = known.filter((m) => !applied.includes(m));
  if (missing.length > 0) {
    throw new BackupError(
      `The ${where} database lacks migrations ${missing.join(', ')}; run "supolka migrate" with the matching version first.`,
    );
  }
}

/** Regular files under `root`, as sorted archive-relative paths; symlinks and special files are skipped. */
function listStoredFiles(root: string): { rel: string; abs: string; size: number }[] {
  if (!fs.existsSync(root)) return [];
  const out: { rel: string; abs: string; size: number }[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const ent of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, ent.name);
      const rel = prefix ? `${prefix}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(abs, rel);
      else if (ent.isFile()) out.push({ rel, abs, size: fs.statSync(abs).size });
    }
  };
  walk(root, '');
  return out;
}

/**
 * Writes a consistent snapshot of every backed-up table and of the stored files (<dataDir>/files) into one
 * .tar.gz. Tables are read inside one read transaction, page by page, as JSON Lines chunks; the manifest
 * (hashes of every entry and a canonical content hash per table) is written last. The archive is written to
 * a temporary file beside the output and renamed only when complete. The master key is never included.
 */
export async function createBackup(
  handle: DatabaseHandle,
  dataDir: string,
  opts: BackupOptions,
): Promise<Manifest> {
  const output = path.resolve(opts.output);
  const progress = opts.progress ?? new Progress();
  if (fs.existsSync(output) && !opts.force)
    throw new BackupError(`${output} exists; give --force to replace it.`);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const tmp = `${output}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const repo = new BackupRepository(handle.engine);
  const createdAt = nowIso();
  const mtime = new Date(createdAt);

  const pack = tar.pack();
  // Owner-only: the archive holds password hashes and every non-encrypted field.
  // The compressed bytes are hashed on their way to disk for the seal appended at the end (archive.ts).
  const compressedHash = createHash('sha256');
  const hashCompressed = new Transform({
    transform(chunk: Buffer, _enc, done) {
      compressedHash.update(chunk);
      done(null, chunk);
    },
  });
  const writing = pipeline(
    pack,
    createGzip(),
    hashCompressed,
    fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
  );
  writing.catch(() => undefined);
  const addBuffer = (name: string, data: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      pack.entry({ name, size: data.length, mode: 0o600, mtime }, data, (err) =>
        err ? reject(err) : resolve(),
      );
    });

  try {
    const entries: ManifestEntry[] = [];
    const tables: Manifest['tables'] = [];
    const { applied, keyIds } = await repo.readSnapshot(handle.db, async (trx) => {
      const applied = await repo.appliedMigrations(trx);
      checkMigrations(applied, 'source');
      const keyIds = await repo.masterKeyIds(trx);
      for (const spec of BACKUP_TABLES) {
        const hasher = new TableHasher(spec.columns);
        if (progress.active) progress.start(`table ${spec.name}`, await repo.count(trx, spec.name), 'rows');
        let after: Row | undefined;
        for (let index = 1; ; index++) {
          const rows = await repo.page(trx, spec, after, ROWS_PER_CHUNK);
          if (rows.length === 0) break;
          const data = Buffer.from(rows.map((r) => `${hasher.add(r)}\n`).join(''), 'utf8');
          const name = chunkPath(spec.name, index);
          await addBuffer(name, data);
          entries.push({
            path: name,
            kind: 'table',
            table: spec.name,
            rows: rows.length,
            bytes: data.length,
            sha256: sha256(data),
          });
          progress.increment(rows.length);
          if (rows.length < ROWS_PER_CHUNK) break;
          after = rows[rows.length - 1];
        }
        progress.stop();
        tables.push({
          name: spec.name,
          columns: [...spec.columns],
          key: spec.key.map((k) => k.column),
          rows: hasher.rows,
          contentHash: hasher.digest(),
        });
      }
      return { applied: applied ?? [], keyIds };
    });

    const files = listStoredFiles(path.join(dataDir, 'files'));
    if (files.length > 0)
      progress.start(
        'stored files',
        files.reduce((n, f) => n + f.size, 0),
        'bytes',
      );
    for (const file of files) {
      const name = `${FILES_DIR}${file.rel}`;
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          progress.increment(chunk.length);
          done(null, chunk);
        },
      });
      const sink = pack.entry({ name, size: file.size, mode: 0o600, mtime });
      try {
        await pipeline(fs.createReadStream(file.abs), tap, sink);
      } catch {
        throw new BackupError(
          `Stored file ${file.rel} changed or vanished while it was being backed up; run the backup again.`,
        );
      }
      entries.push({ path: name, kind: 'file', bytes, sha256: hash.digest('hex') });
    }
    progress.stop();

    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt,
      engine: handle.engine,
      migrations: applied,
      masterKey: { ids: keyIds, note: KEY_NOTE },
      excludedTables: ALL_TABLES.filter((t) => !t.backedUp).map((t) => ({
        table: t.name,
        reason: t.reason ?? '',
      })),
      tables,
      entries,
    };
    await addBuffer(MANIFEST_PATH, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
    pack.finalize();
    await writing;
    fs.appendFileSync(tmp, sealMember(compressedHash.digest()));
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, output);
    return manifest;
  } catch (err) {
    progress.stop();
    pack.destroy();
    await writing.catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction } from 'kysely';
import type { AppConfig } from '../config';
import { migrationDeps } from '../bootstrap';
import { Keyring } from '../crypto/keyring';
import { masterKeySource, type MasterKeySource } from '../crypto/master-key';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import type { Database } from '../db/schema';
import { BackupError, MANIFEST_PATH, readAll, readArchive, safeFilePath, type Manifest } from './archive';
import { BackupRepository } from './backup.repository';
import { CanonicalError, sha256, TableHasher, type CellValue, type Row } from './canonical';
import { Progress } from './progress';
import { ALL_TABLES, BACKUP_TABLES, tableSpec, type TableSpec } from './tables';
import { verifyArchive } from './verify.service';

export interface RestoreOptions {
  /** Replace the data of a target that already holds some. */
  force?: boolean;
  progress?: Progress;
}

export interface RestoreSummary {
  tables: { name: string; rows: number }[];
  files: number;
}

/** Rows in any of these mean "this installation is in use"; a fresh start only creates a data key. */
const IN_USE_TABLES = BACKUP_TABLES.filter((t) => t.name !== 'data_keys').map((t) => t.name);
const PAGE = 500;

/** The target's master key must open the backed-up data keys, or the restored install could decrypt nothing. */
function checkMasterKey(manifest: Manifest, source: MasterKeySource): void {
  const wanted = manifest.masterKey.ids;
  if (wanted.length === 0) return;
  const current = source.current();
  const pending = source.pending();
  if ((current && wanted.includes(current.id)) || (pending && wanted.includes(pending.id))) return;
  const found = current ? `holds a different key (id ${current.id})` : 'holds no key';
  throw new BackupError(
    `The backed-up data keys are wrapped by master key ${wanted.join(', ')}, but ${source.describe()} ${found}. ` +
      'Put the master key saved with this backup in place first (it is never inside the archive).',
  );
}

function parseChunk(spec: TableSpec, data: Buffer, entry: string): CellValue[][] {
  const lines = data.toString('utf8').split('\n');
  if (lines.pop() !== '') throw new BackupError(`${entry} does not end with a newline.`);
  return lines.map((line, i) => {
    let values: unknown;
    try {
      values = JSON.parse(line);
    } catch {
      throw new BackupError(`${entry} line ${i + 1} is not valid JSON.`);
    }
    const ok =
      Array.isArray(values) &&
      values.length === spec.columns.length &&
      values.every(
        (v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
      );
    if (!ok) throw new BackupError(`${entry} line ${i + 1} does not have the columns of table ${spec.name}.`);
    return values as CellValue[];
  });
}

interface Deferred {
  spec: TableSpec;
  key: CellValue[];
  set: Record<string, CellValue>;
}

/** Self-referencing columns are inserted as null and set after the whole table is in (see TableSpec). */
function deferSelfReferences(spec: TableSpec, rows: CellValue[][], out: Deferred[]): void {
  const cols = (spec.selfReferences ?? []).map((c) => spec.columns.indexOf(c));
  if (cols.length === 0) return;
  const keyIdx = spec.key.map((k) => spec.columns.indexOf(k.column));
  for (const row of rows) {
    const key = keyIdx.map((i) => row[i]!);
    const set: Record<string, CellValue> = {};
    for (const i of cols) {
      if (row[i] === null) continue;
      set[spec.columns[i]!] = row[i]!;
      row[i] = null;
    }
    if (Object.keys(set).length > 0) out.push({ spec, key, set });
  }
}

/** Database errors can quote the offending values; report only the table and the driver's error code. */
function dbError(table: string, err: unknown): BackupError {
  const code = (err as { code?: unknown } | null)?.code;
  return new BackupError(
    `The database refused the rows of table ${table}${typeof code === 'string' ? ` (${code})` : ''}; nothing was restored.`,
  );
}

async function contentHash(
  repo: BackupRepository,
  trx: Transaction<Database>,
  spec: TableSpec,
): Promise<TableHasher> {
  const hasher = new TableHasher(spec.columns);
  let after: Row | undefined;
  for (;;) {
    const rows = await repo.page(trx, spec, after, PAGE);
    for (const r of rows) hasher.add(r);
    if (rows.length < PAGE) return hasher;
    after = rows[rows.length - 1];
  }
}

function hasStoredFiles(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

/**
 * Restores an archive made by createBackup into the configured installation, on either engine.
 * 1. The whole archive is verified (verifyArchive) before anything is touched; the target's master key
 *    must open the backed-up data keys.
 * 2. The target is migrated; a target already in use is refused unless `force`.
 * 3. In ONE transaction: every table is emptied (reverse foreign-key order), the rows are inserted in
 *    batches, each chunk's hash is checked again as it is read, and each table's canonical content hash is
 *    recomputed from the database and compared with the manifest. Any difference rolls everything back.
 * 4. Stored files are written to a temporary folder inside the data folder and moved into place only after
 *    the database commit.
 */
export async function restoreArchive(
  config: AppConfig,
  file: string,
  opts: RestoreOptions = {},
): Promise<RestoreSummary> {
  const progress = opts.progress ?? new Progress();
  const manifest = await verifyArchive(file, progress);
  const keys = masterKeySource(config.masterKey);
  checkMasterKey(manifest, keys);

  const handle = openDatabase(config.database);
  const repo = new BackupRepository(handle.engine);
  const filesDir = path.join(config.dataDir, 'files');
  const staging = path.join(config.dataDir, `.restore-${randomBytes(6).toString('hex')}`);
  let keepStaging = false;
  try {
    await migrateToLatest(handle.db, handle.engine, migrationDeps(config));
    if (!opts.force) {
      const used: string[] = [];
      for (const t of IN_USE_TABLES) if (await repo.hasRows(handle.db, t)) used.push(t);
      if (hasStoredFiles(filesDir)) used.push('stored files');
      if (used.length > 0)
        throw new BackupError(
          `The target installation already holds data (${used.join(', ')}); give --force to replace it.`,
        );
    }
    fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
    const byPath = new Map(manifest.entries.map((e) => [e.path, e]));
    const totalRows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const fileEntries = manifest.entries.filter((e) => e.kind === 'file');
    let filesStarted = false;
    let filesWritten = 0;
    const deferred: Deferred[] = [];
    if (totalRows > 0) progress.start('restoring rows', totalRows, 'rows');

    await handle.db.transaction().execute(async (trx) => {
      for (const spec of [...ALL_TABLES].reverse()) await repo.deleteAll(trx, spec.name);
      await readArchive(file, async (entry) => {
        const expected = byPath.get(entry.name);
        if (entry.name === MANIFEST_PATH) {
          await readAll(entry.stream);
          return;
        }
        // The archive may have changed since it was verified; every entry is checked again as it is used.
        if (!expected)
          throw new BackupError('The archive changed after it was verified; nothing was restored.');
        if (expected.kind === 'table') {
          const spec = tableSpec(expected.table ?? '');
          const data = await readAll(entry.stream);
          if (!spec || sha256(data) !== expected.sha256)
            throw new BackupError('The archive changed after it was verified; nothing was restored.');
          const rows = parseChunk(spec, data, entry.name);
          deferSelfReferences(spec, rows, deferred);
          const batch = Math.max(1, Math.floor(900 / spec.columns.length));
          for (let i = 0; i < rows.length; i += batch) {
            try {
              await repo.insertBatch(trx, spec, rows.slice(i, i + batch));
            } catch (err) {
              throw dbError(spec.name, err);
            }
          }
          progress.increment(rows.length);
          return;
        }
        const rel = safeFilePath(entry.name);
        if (!rel) throw new BackupError('The archive names an unsafe file path.');
        if (!filesStarted) {
          filesStarted = true;
          progress.start(
            'restoring files',
            fileEntries.reduce((n, e) => n + e.bytes, 0),
            'bytes',
          );
        }
        const target = path.join(staging, 'files', ...rel.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        const hash = createHash('sha256');
        const tap = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            progress.increment(chunk.length);
            done(null, chunk);
          },
        });
        await pipeline(entry.stream, tap, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
        if (hash.digest('hex') !== expected.sha256)
          throw new BackupError('The archive changed after it was verified; nothing was restored.');
        filesWritten++;
      });
      progress.stop();
      if (filesWritten !== fileEntries.length)
        throw new BackupError('The archive changed after it was verified; nothing was restored.');
      for (const d of deferred) {
        try {
          await repo.updateRow(trx, d.spec, d.key, d.set);
        } catch (err) {
          throw dbError(d.spec.name, err);
        }
      }
      await repo.resetSequences(trx);
      for (const spec of BACKUP_TABLES) {
        const want = manifest.tables.find((t) => t.name === spec.name)!;
        let got: TableHasher;
        try {
          got = await contentHash(repo, trx, spec);
        } catch (err) {
          if (err instanceof CanonicalError)
            throw new BackupError(
              `Table ${spec.name} reads back with unexpected value types: ${err.message}`,
            );
          throw err;
        }
        if (got.rows !== want.rows || got.digest() !== want.contentHash) {
          throw new BackupError(
            `Table ${spec.name} does not read back with the backed-up content hash; nothing was restored.`,
          );
        }
      }
      // Proves the restored data keys open with this installation's master key before committing.
      if (manifest.masterKey.ids.length > 0) await Keyring.open(trx, keys);
    });

    // The database is committed; now swap the stored files in.
    const restoredFiles = path.join(staging, 'files');
    const old = path.join(config.dataDir, `.replaced-files-${randomBytes(6).toString('hex')}`);
    try {
      if (fs.existsSync(filesDir)) fs.renameSync(filesDir, old);
      if (fs.existsSync(restoredFiles)) fs.renameSync(restoredFiles, filesDir);
    } catch {
      keepStaging = true;
      throw new BackupError(
        `The database was restored, but the stored files could not be moved into ${filesDir}; they are in ${restoredFiles} (previous files, if any, in ${old}).`,
      );
    }
    fs.rmSync(old, { recursive: true, force: true });
    return {
      tables: manifest.tables.map((t) => ({ name: t.name, rows: t.rows })),
      files: fileEntries.length,
    };
  } finally {
    progress.stop();
    if (!keepStaging) fs.rmSync(staging, { recursive: true, force: true });
    await handle.close();
  }
}

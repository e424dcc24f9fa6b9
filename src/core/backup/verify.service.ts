import fs from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import {
  BackupError,
  chunkPath,
  FORMAT,
  FORMAT_VERSION,
  manifestSchema,
  MANIFEST_PATH,
  readAll,
  readArchive,
  safeFilePath,
  FILES_DIR,
  TABLES_DIR,
  type Manifest,
} from './archive';
import { checkMigrations } from './backup.service';
import { Progress } from './progress';
import { BACKUP_TABLES } from './tables';

/** Names an entry in a message; stored files' names may themselves be sensitive, so they are not echoed. */
function describe(name: string): string {
  return name.startsWith(FILES_DIR) ? 'a stored file' : name;
}

interface Seen {
  sha256: string;
  bytes: number;
}

function parseManifest(data: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw new BackupError('The archive manifest is not valid JSON.');
  }
  const head = json as { format?: unknown; version?: unknown };
  if (head?.format !== FORMAT)
    throw new BackupError('This file is not a Supolka backup (wrong manifest format).');
  if (head.version !== FORMAT_VERSION) {
    throw new BackupError(
      `The backup format version ${String(head.version)} is not supported (this version reads ${FORMAT_VERSION}).`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new BackupError('The archive manifest is malformed.');
  return parsed.data;
}

/** The manifest must describe exactly the tables (and columns) this version backs up. */
function checkTables(manifest: Manifest): void {
  const names = manifest.tables.map((t) => t.name).join(',');
  const expected = BACKUP_TABLES.map((t) => t.name).join(',');
  if (names !== expected)
    throw new BackupError(`The backup holds tables [${names}], expected [${expected}].`);
  for (const spec of BACKUP_TABLES) {
    const t = manifest.tables.find((x) => x.name === spec.name)!;
    if (t.columns.join(',') !== spec.columns.join(','))
      throw new BackupError(
        `The columns of table ${spec.name} in the backup differ from this version's schema.`,
      );
    const chunks = manifest.entries.filter((e) => e.kind === 'table' && e.table === spec.name);
    chunks.forEach((c, i) => {
      if (c.path !== chunkPath(spec.name, i + 1))
        throw new BackupError(`Unexpected table entry ${c.path} in the manifest.`);
    });
    if (chunks.reduce((n, c) => n + (c.rows ?? 0), 0) !== t.rows)
      throw new BackupError(`The row count of table ${spec.name} does not add up.`);
  }
  for (const e of manifest.entries) {
    if (e.kind === 'file' && safeFilePath(e.path) === undefined)
      throw new BackupError(`The manifest names an unsafe file path.`);
    if (e.kind === 'table' && !e.path.startsWith(TABLES_DIR))
      throw new BackupError(`Unexpected table entry ${e.path} in the manifest.`);
  }
}

/**
 * Reads the whole archive once and checks it against its manifest, touching nothing: the manifest is
 * present, last, of a supported format and schema; every entry's size and SHA-256 match; no entry is
 * missing, duplicated or unexpected; and each table's content hash matches its chunks (the chunks are the
 * canonical rows, so the table hash is the hash of their concatenation).
 */
export async function verifyArchive(file: string, progress: Progress = new Progress()): Promise<Manifest> {
  const seen = new Map<string, Seen>();
  const tableHashes = new Map<string, Hash>();
  let manifest: Manifest | undefined;
  let sealIntact = false;
  if (progress.active && fs.existsSync(file))
    progress.start('verifying archive', fs.statSync(file).size, 'bytes');
  try {
    ({ sealIntact } = await readArchive(
      file,
      async (entry) => {
        if (manifest) throw new BackupError(`Unexpected entry after the manifest: ${describe(entry.name)}.`);
        if (entry.type !== 'file')
          throw new BackupError(`Unexpected ${entry.type} entry in the archive: ${describe(entry.name)}.`);
        if (seen.has(entry.name)) throw new BackupError(`The archive holds ${describe(entry.name)} twice.`);
        if (entry.name === MANIFEST_PATH) {
          manifest = parseManifest(await readAll(entry.stream));
          return;
        }
        const table = entry.name.startsWith(TABLES_DIR)
          ? entry.name.slice(TABLES_DIR.length).split('/')[0]!
          : undefined;
        const tableHash = table ? (tableHashes.get(table) ?? createHash('sha256')) : undefined;
        if (table && tableHash) tableHashes.set(table, tableHash);
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of entry.stream) {
          hash.update(chunk);
          tableHash?.update(chunk);
          bytes += chunk.length;
        }
        seen.set(entry.name, { sha256: hash.digest('hex'), bytes });
      },
      (n) => progress.increment(n),
    ));
  } finally {
    progress.stop();
  }
  if (!manifest)
    throw new BackupError('The archive has no manifest; it is incomplete or not a Supolka backup.');
  try {
    checkMigrations(manifest.migrations, 'backed-up');
  } catch (err) {
    throw new BackupError(`Cannot restore this backup with this version: ${(err as Error).message}`);
  }
  checkTables(manifest);
  const listed = new Set(manifest.entries.map((e) => e.path));
  for (const name of seen.keys())
    if (!listed.has(name))
      throw new BackupError(`The archive holds an entry the manifest does not list: ${describe(name)}.`);
  for (const e of manifest.entries) {
    const s = seen.get(e.path);
    if (!s) throw new BackupError(`The archive lacks ${describe(e.path)}; it is incomplete.`);
    if (s.bytes !== e.bytes || s.sha256 !== e.sha256)
      throw new BackupError(
        `${describe(e.path)} does not match its SHA-256 in the manifest; the archive is damaged.`,
      );
  }
  for (const t of manifest.tables) {
    const digest = (tableHashes.get(t.name) ?? createHash('sha256')).digest('hex');
    if (digest !== t.contentHash)
      throw new BackupError(`The content hash of table ${t.name} does not match the manifest.`);
  }
  // Last, so that a damaged entry is named above; the content is whole, but the bytes are not the writer's.
  if (!sealIntact)
    throw new BackupError(
      'The archive is corrupt: its seal (the SHA-256 of its compressed bytes) is missing or does not match; it was altered after it was written.',
    );
  return manifest;
}

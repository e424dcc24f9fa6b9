import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createGunzip, gzipSync } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { z } from 'zod';

export const FORMAT = 'supolka-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const TABLES_DIR = 'tables/';
export const FILES_DIR = 'files/';
/** Rows per archive chunk: bounds memory on both sides, since a tar entry's size must be known up front. */
export const ROWS_PER_CHUNK = 500;

export class BackupError extends Error {}

export const KEY_NOTE =
  'The master key is NOT in this archive. Back it up separately: the wrapped data keys in data_keys are useless without it, and it must never be stored next to this archive.';

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const entrySchema = z.object({
  path: z.string().min(1),
  kind: z.enum(['table', 'file']),
  table: z.string().optional(),
  rows: z.number().int().nonnegative().optional(),
  bytes: z.number().int().nonnegative(),
  sha256: sha,
});
export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  migrations: z.array(z.string()),
  masterKey: z.object({ ids: z.array(z.string()), note: z.string() }),
  excludedTables: z.array(z.object({ table: z.string(), reason: z.string() })),
  tables: z.array(
    z.object({
      name: z.string(),
      columns: z.array(z.string()),
      key: z.array(z.string()),
      rows: z.number().int().nonnegative(),
      contentHash: sha,
    }),
  ),
  entries: z.array(entrySchema),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entrySchema>;

export function chunkPath(table: string, index: number): string {
  return `${TABLES_DIR}${table}/${String(index).padStart(6, '0')}.jsonl`;
}

/**
 * A stored file's path inside the archive must be a plain relative path under files/: no "..", no
 * absolute paths, no backslashes or NUL. Anything else is refused, so a crafted archive cannot write
 * outside the restore folder.
 */
export function safeFilePath(entryPath: string): string | undefined {
  if (!entryPath.startsWith(FILES_DIR)) return undefined;
  const rel = entryPath.slice(FILES_DIR.length);
  const parts = rel.split('/');
  if (rel.length === 0 || /[\\\0]/.test(rel)) return undefined;
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return rel;
}

export interface ArchiveEntry {
  name: string;
  type: string;
  size: number;
  /** Must be consumed to its end before the next entry arrives. */
  stream: AsyncIterable<Buffer>;
}

/**
 * Streams the entries of a .tar.gz archive to `onEntry`, one at a time; each entry's stream must be fully
 * consumed. Decompression and tar-format errors (a truncated or corrupted file) become a BackupError with
 * a plain message.
 */
/**
 * The ten-byte gzip header our writer emits (default level, no name, no mtime). gunzip ignores the flag,
 * time, and OS bytes, so a flip there would pass unnoticed; an archive we wrote always starts with these.
 */
const WRITER_GZIP_HEADER = gzipSync(Buffer.alloc(0)).subarray(0, 10);

function assertWriterGzipHeader(file: string): void {
  const head = Buffer.alloc(WRITER_GZIP_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(WRITER_GZIP_HEADER)) {
    throw new BackupError(
      'The archive is truncated or corrupt (its gzip header is not ours); nothing was restored.',
    );
  }
}

/**
 * The seal: a second, empty gzip member appended by the writer whose header carries (in an FEXTRA subfield
 * "SP") the SHA-256 of every byte before it. gzip, tar and gunzip read it as an empty member, so the archive
 * stays a plain .tar.gz; the verifier recomputes it, which catches the flips that gzip cannot see (the
 * deflate stream's final padding bits, lengths of unused Huffman codes), whose decompressed bytes are
 * unchanged. 58 bytes: header 10, XLEN 2, subfield 4 + 32, empty deflate block and trailer 10.
 */
const EMPTY_MEMBER_BODY = gzipSync(Buffer.alloc(0)).subarray(10);
export const SEAL_LENGTH = 10 + 2 + 4 + 32 + EMPTY_MEMBER_BODY.length;

export function sealMember(digest: Buffer): Buffer {
  const head = Buffer.from(WRITER_GZIP_HEADER);
  head[3] = 0x04; // FLG.FEXTRA
  const extra = Buffer.alloc(2 + 4);
  extra.writeUInt16LE(4 + digest.length, 0);
  extra.write('SP', 2, 'latin1');
  extra.writeUInt16LE(digest.length, 4);
  return Buffer.concat([head, extra, digest, EMPTY_MEMBER_BODY]);
}

export async function readArchive(
  file: string,
  onEntry: (entry: ArchiveEntry) => Promise<void>,
  onCompressedBytes?: (n: number) => void,
): Promise<{ sealIntact: boolean }> {
  if (!fs.existsSync(file)) throw new BackupError(`No archive at ${file}.`);
  assertWriterGzipHeader(file);
  const sealAt = fs.statSync(file).size - SEAL_LENGTH;
  const sealHash = createHash('sha256');
  const tail: Buffer[] = [];
  let position = 0;
  const extract = tar.extract();
  const input = fs.createReadStream(file);
  input.on('data', (data) => {
    const chunk = data as Buffer;
    const sealed = Math.max(0, Math.min(chunk.length, sealAt - position));
    sealHash.update(chunk.subarray(0, sealed));
    if (sealed < chunk.length) tail.push(chunk.subarray(sealed));
    position += chunk.length;
    onCompressedBytes?.(chunk.length);
  });
  const feeding = pipeline(input, createGunzip(), extract);
  // The pipeline's failure is reported by the iteration below; keep it from being an unhandled rejection.
  feeding.catch(() => undefined);
  try {
    for await (const entry of extract) {
      const { header } = entry;
      await onEntry({
        name: header.name,
        type: header.type ?? 'file',
        size: header.size ?? 0,
        stream: entry as AsyncIterable<Buffer>,
      });
    }
    await feeding;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new BackupError(`The archive is truncated or corrupt (${reason}); nothing was restored.`);
  } finally {
    extract.destroy();
  }
  return { sealIntact: sealAt > 0 && Buffer.concat(tail).equals(sealMember(sealHash.digest())) };
}

export async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

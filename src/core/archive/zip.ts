import type { FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/**
 * The one ZIP reader (case-file packages, Office documents): written here rather than taken from npm to
 * keep code that runs on archives from elsewhere small enough to audit. Every offset and size is checked
 * against the source's length before it is read.
 *
 * The parsing is a generator that asks for byte ranges, so the same code reads from a file handle (packages
 * of any size, never held in memory) and from a Buffer (attachments already in memory, synchronously).
 */
export const LOCAL = 0x04034b50;
export const CENTRAL = 0x02014b50;
export const EOCD = 0x06054b50;
export const ZIP64_EOCD = 0x06064b50;
export const ZIP64_LOCATOR = 0x07064b50;
export const MAX32 = 0xffffffff;

export class ZipFormatError extends Error {}

export interface ZipEntry {
  name: string;
  /** Uncompressed size. */
  size: number;
  /** Bytes stored in the archive (equal to size for stored entries). */
  compressedSize: number;
  crc: number;
  method: number;
  flags: number;
  dataOffset: number;
}

export interface ZipReadOptions {
  /** Refuse ZIP64 archives (readers that only expect small, ordinary archives). */
  zip64?: boolean;
  maxEntries?: number;
}

interface Range {
  pos: number;
  len: number;
}
type Plan<T> = Generator<Range, T, Buffer>;

function* entriesPlan(fileSize: number, opts: ZipReadOptions): Plan<ZipEntry[]> {
  if (fileSize < 22) throw new ZipFormatError('Not a ZIP file.');
  const tailLen = Math.min(fileSize, 65_535 + 22);
  const tail = yield { pos: fileSize - tailLen, len: tailLen };
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('Not a ZIP file (no end record).');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdStart = tail.readUInt32LE(eocd + 16);
  const eocdAbs = fileSize - tailLen + eocd;
  if (count === 0xffff || cdStart === MAX32) {
    if (opts.zip64 === false) throw new ZipFormatError('ZIP64 is not supported here.');
    if (eocdAbs < 20) throw new ZipFormatError('Broken ZIP64 locator.');
    const loc = yield { pos: eocdAbs - 20, len: 20 };
    if (loc.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('Broken ZIP64 locator.');
    const z64At = Number(loc.readBigUInt64LE(8));
    if (z64At + 56 > fileSize) throw new ZipFormatError('Broken ZIP64 record.');
    const z = yield { pos: z64At, len: 56 };
    if (z.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('Broken ZIP64 record.');
    count = Number(z.readBigUInt64LE(32));
    cdSize = Number(z.readBigUInt64LE(40));
    cdStart = Number(z.readBigUInt64LE(48));
  }
  if (count > (opts.maxEntries ?? 100_000) || cdStart + cdSize > fileSize)
    throw new ZipFormatError('Broken central directory.');
  const cd = yield { pos: cdStart, len: cdSize };
  const out: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw new ZipFormatError('Broken central directory.');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length)
      throw new ZipFormatError('Broken central directory.');
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      // ZIP64 extra field: 64-bit values, present only for the fields whose 32-bit value is saturated.
      if (id === 0x0001 && opts.zip64 !== false) {
        let q = x + 4;
        const has = (): boolean => q + 8 <= x + 4 + len;
        if (size === MAX32 && has()) {
          size = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === MAX32 && has()) {
          compressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (offset === MAX32 && has()) offset = Number(cd.readBigUInt64LE(q));
      }
      x += 4 + len;
    }
    p = xEnd + commentLen;
    if (offset + 30 > fileSize) throw new ZipFormatError('Broken entry offset.');
    const local = yield { pos: offset, len: 30 };
    if (local.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('Broken local header.');
    const dataOffset = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataOffset + compressedSize > fileSize)
      throw new ZipFormatError('An entry runs past the end of the archive.');
    out.push({ name, size, compressedSize, crc, method, flags, dataOffset });
  }
  return out;
}

async function readAt(fh: FileHandle, { pos, len }: Range): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  if (bytesRead !== len) throw new ZipFormatError('The archive is truncated.');
  return buf;
}

function sliceAt(d: Buffer, { pos, len }: Range): Buffer {
  if (pos < 0 || pos + len > d.length) throw new ZipFormatError('The archive is truncated.');
  return d.subarray(pos, pos + len);
}

/** Lists the entries of a ZIP file on disk. */
export async function readZipEntries(fh: FileHandle, opts: ZipReadOptions = {}): Promise<ZipEntry[]> {
  const { size } = await fh.stat();
  const plan = entriesPlan(size, opts);
  let step = plan.next();
  while (!step.done) step = plan.next(await readAt(fh, step.value));
  return step.value;
}

/** Lists the entries of a ZIP archive held in memory. */
export function readZipEntriesFrom(d: Buffer, opts: ZipReadOptions = {}): ZipEntry[] {
  const plan = entriesPlan(d.length, opts);
  let step = plan.next();
  while (!step.done) step = plan.next(sliceAt(d, step.value));
  return step.value;
}

/** The stored (raw) bytes of one entry of a file on disk, a chunk at a time. */
export async function* readZipEntry(
  fh: FileHandle,
  e: ZipEntry,
  chunk = 1024 * 1024,
): AsyncGenerator<Buffer> {
  let pos = e.dataOffset;
  const end = e.dataOffset + e.compressedSize;
  while (pos < end) {
    const len = Math.min(chunk, end - pos);
    yield await readAt(fh, { pos, len });
    pos += len;
  }
}

export interface ZipFile {
  name: string;
  data: Buffer;
}

/**
 * Every file entry (directories skipped) of an archive in memory, decompressed. Encrypted entries, methods
 * other than stored and deflate, sizes that disagree with the directory, and a total beyond maxExpanded
 * are refused: the archive comes from outside.
 */
export function readZip(d: Buffer, maxExpanded: number, opts: ZipReadOptions = {}): ZipFile[] {
  const files: ZipFile[] = [];
  let expanded = 0;
  for (const e of readZipEntriesFrom(d, opts)) {
    if (e.flags & 1) throw new ZipFormatError('Encrypted ZIP entry.');
    expanded += e.size;
    if (expanded > maxExpanded) throw new ZipFormatError('ZIP expands too far.');
    const raw = d.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const data =
      e.method === 0
        ? Buffer.from(raw)
        : e.method === 8
          ? inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) })
          : null;
    if (!data || data.length !== e.size) throw new ZipFormatError('Unsupported or inconsistent ZIP entry.');
    if (!e.name.endsWith('/')) files.push({ name: e.name, data });
  }
  return files;
}

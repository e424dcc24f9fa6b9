import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * A small ZIP writer and reader for case-file packages: entries are stored (no compression — evidence is
 * mostly already-compressed media, and stored bytes let anyone re-hash them with standard tools), every
 * entry carries ZIP64 sizes so files over 4 GiB work, and nothing is held in memory beyond one chunk.
 * Written here rather than taken from npm to keep the reader (which runs on packages from elsewhere)
 * small enough to audit.
 */
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const MAX32 = 0xffffffff;
const FLAGS = 0x0800; // UTF-8 names
const VERSION = 45; // ZIP64

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

function dosDateTime(d: Date): { time: number; date: number } {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: Written[] = [];
  private readonly stamp: { time: number; date: number };

  constructor(
    private readonly fh: FileHandle,
    when = new Date(),
  ) {
    this.stamp = dosDateTime(when);
  }

  private async write(buf: Buffer): Promise<void> {
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, done, buf.length - done, this.offset + done);
      done += bytesWritten;
    }
    this.offset += buf.length;
  }

  /** Adds one stored entry; the header's CRC and sizes are filled in once the data is written. */
  async add(name: string, data: Buffer | AsyncIterable<Buffer>): Promise<{ size: number }> {
    const nameBuf = Buffer.from(name, 'utf8');
    const headerAt = this.offset;
    const header = Buffer.alloc(30 + nameBuf.length + 20);
    header.writeUInt32LE(LOCAL, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(0, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(MAX32, 18);
    header.writeUInt32LE(MAX32, 22);
    header.writeUInt16LE(nameBuf.length, 26);
    header.writeUInt16LE(20, 28);
    nameBuf.copy(header, 30);
    header.writeUInt16LE(0x0001, 30 + nameBuf.length);
    header.writeUInt16LE(16, 32 + nameBuf.length);
    await this.write(header);
    let crc = 0;
    let size = 0;
    const chunks = Buffer.isBuffer(data) ? [data] : data;
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      await this.write(chunk);
    }
    const patch = Buffer.alloc(4);
    patch.writeUInt32LE(crc >>> 0, 0);
    await this.fh.write(patch, 0, 4, headerAt + 14);
    const sizes = Buffer.alloc(16);
    sizes.writeBigUInt64LE(BigInt(size), 0);
    sizes.writeBigUInt64LE(BigInt(size), 8);
    await this.fh.write(sizes, 0, 16, headerAt + 30 + nameBuf.length + 4);
    this.entries.push({ name: nameBuf, crc: crc >>> 0, size, offset: headerAt });
    return { size };
  }

  async finish(): Promise<number> {
    const cdStart = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46 + e.name.length + 28);
      c.writeUInt32LE(CENTRAL, 0);
      c.writeUInt16LE((3 << 8) | VERSION, 4);
      c.writeUInt16LE(VERSION, 6);
      c.writeUInt16LE(FLAGS, 8);
      c.writeUInt16LE(0, 10);
      c.writeUInt16LE(this.stamp.time, 12);
      c.writeUInt16LE(this.stamp.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(MAX32, 20);
      c.writeUInt32LE(MAX32, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt16LE(28, 30);
      c.writeUInt32LE((0o100444 << 16) >>> 0, 38);
      c.writeUInt32LE(MAX32, 42);
      e.name.copy(c, 46);
      const x = 46 + e.name.length;
      c.writeUInt16LE(0x0001, x);
      c.writeUInt16LE(24, x + 2);
      c.writeBigUInt64LE(BigInt(e.size), x + 4);
      c.writeBigUInt64LE(BigInt(e.size), x + 12);
      c.writeBigUInt64LE(BigInt(e.offset), x + 20);
      await this.write(c);
    }
    const cdSize = this.offset - cdStart;
    const z64At = this.offset;
    const z = Buffer.alloc(56);
    z.writeUInt32LE(ZIP64_EOCD, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(VERSION, 12);
    z.writeUInt16LE(VERSION, 14);
    z.writeBigUInt64LE(BigInt(this.entries.length), 24);
    z.writeBigUInt64LE(BigInt(this.entries.length), 32);
    z.writeBigUInt64LE(BigInt(cdSize), 40);
    z.writeBigUInt64LE(BigInt(cdStart), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(ZIP64_LOCATOR, 0);
    loc.writeBigUInt64LE(BigInt(z64At), 8);
    loc.writeUInt32LE(1, 16);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(MAX32, 12);
    end.writeUInt32LE(MAX32, 16);
    await this.write(Buffer.concat([z, loc, end]));
    return this.offset;
  }
}

export interface ZipEntry {
  name: string;
  size: number;
  crc: number;
  method: number;
  dataOffset: number;
}

export class ZipFormatError extends Error {}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  if (bytesRead !== len) throw new ZipFormatError('The package is truncated.');
  return buf;
}

const MAX_ENTRIES = 100_000;

/** Lists the entries of a ZIP file, checking every offset against the file size (packages come from outside). */
export async function readZipEntries(fh: FileHandle): Promise<ZipEntry[]> {
  const { size: fileSize } = await fh.stat();
  if (fileSize < 22) throw new ZipFormatError('Not a ZIP file.');
  const tailLen = Math.min(fileSize, 65_535 + 22);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
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
  if ((count === 0xffff || cdStart === MAX32) && eocdAbs >= 20) {
    const loc = await readAt(fh, eocdAbs - 20, 20);
    if (loc.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('Broken ZIP64 locator.');
    const z64At = Number(loc.readBigUInt64LE(8));
    if (z64At + 56 > fileSize) throw new ZipFormatError('Broken ZIP64 record.');
    const z = await readAt(fh, z64At, 56);
    if (z.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('Broken ZIP64 record.');
    count = Number(z.readBigUInt64LE(32));
    cdSize = Number(z.readBigUInt64LE(40));
    cdStart = Number(z.readBigUInt64LE(48));
  }
  if (count > MAX_ENTRIES || cdStart + cdSize > fileSize)
    throw new ZipFormatError('Broken central directory.');
  const cd = await readAt(fh, cdStart, cdSize);
  const out: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw new ZipFormatError('Broken central directory.');
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    const compressed32 = cd.readUInt32LE(p + 20);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length)
      throw new ZipFormatError('Broken central directory.');
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === MAX32 && q + 8 <= x + 4 + len) {
          size = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressed32 === MAX32 && q + 8 <= x + 4 + len) q += 8;
        if (offset === MAX32 && q + 8 <= x + 4 + len) offset = Number(cd.readBigUInt64LE(q));
      }
      x += 4 + len;
    }
    p = xEnd + commentLen;
    if (offset + 30 > fileSize) throw new ZipFormatError('Broken entry offset.');
    const local = await readAt(fh, offset, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('Broken local header.');
    const dataOffset = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataOffset + size > fileSize) throw new ZipFormatError('An entry runs past the end of the package.');
    out.push({ name, size, crc, method, dataOffset });
  }
  return out;
}

/** The stored bytes of one entry, a chunk at a time. */
export async function* readZipEntry(
  fh: FileHandle,
  e: ZipEntry,
  chunk = 1024 * 1024,
): AsyncGenerator<Buffer> {
  let pos = e.dataOffset;
  const end = e.dataOffset + e.size;
  while (pos < end) {
    const n = Math.min(chunk, end - pos);
    yield await readAt(fh, pos, n);
    pos += n;
  }
}

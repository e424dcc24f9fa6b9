import type { FileHandle } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import { CENTRAL, EOCD, LOCAL, MAX32, ZIP64_EOCD, ZIP64_LOCATOR, type ZipFile } from './zip';

/**
 * The two ZIP writers:
 *
 * - ZipWriter streams to a file: entries are stored (no compression — evidence is mostly already-compressed
 *   media, and stored bytes let anyone re-hash them with standard tools), every entry carries ZIP64 sizes
 *   so files over 4 GiB work, and nothing is held in memory beyond one chunk (case-file packages).
 * - writeZip builds a small ordinary archive in memory (deflate, no ZIP64, fixed 1980 time), as Office
 *   documents are (metadata-stripped attachments; tests that build archives).
 */
const FLAGS = 0x0800; // UTF-8 names
const VERSION_ZIP64 = 45;
const VERSION_PLAIN = 20;

function dosDateTime(d: Date): { time: number; date: number } {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
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
    header.writeUInt16LE(VERSION_ZIP64, 4);
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
      c.writeUInt16LE((3 << 8) | VERSION_ZIP64, 4);
      c.writeUInt16LE(VERSION_ZIP64, 6);
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
    z.writeUInt16LE(VERSION_ZIP64, 12);
    z.writeUInt16LE(VERSION_ZIP64, 14);
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

// Fixed DOS time (1980-01-01 00:00): a rewritten document carries no time of its own.
const FIXED_STAMP = dosDateTime(new Date(Date.UTC(1980, 0, 1)));

/** Writes a plain in-memory ZIP (deflate, UTF-8 names, fixed 1980 time). */
export function writeZip(entries: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = deflateRawSync(e.data);
    const crc = crc32(e.data);
    // The part the local and central headers share, at their own offsets.
    const common = (b: Buffer, at: number): void => {
      b.writeUInt16LE(VERSION_PLAIN, at); // version needed
      b.writeUInt16LE(FLAGS, at + 2);
      b.writeUInt16LE(8, at + 4); // deflate
      b.writeUInt16LE(FIXED_STAMP.time, at + 6);
      b.writeUInt16LE(FIXED_STAMP.date, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(e.data.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
    };
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(LOCAL, 0);
    common(lh, 4);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(CENTRAL, 0);
    ch.writeUInt16LE(VERSION_PLAIN, 4); // version made by
    common(ch, 6);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

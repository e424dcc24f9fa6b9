import { createCipheriv, createDecipheriv, createHash, randomBytes, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Streaming authenticated encryption of evidence files: AES-256-GCM (hardware-accelerated through Node's
 * native crypto) over framed chunks, one random key per stored file.
 *
 * Layout: header = "SUPEVID1" | nonce prefix (4 bytes) | chunk size (uint32 BE); then frames, each
 * plaintext length (uint32 BE) | ciphertext | 16-byte tag. The nonce of frame i is prefix | uint64(i), and
 * the additional data binds the header, the index and a "last frame" flag, so frames cannot be reordered,
 * dropped, duplicated or the file truncated without the reader noticing. Memory use is one chunk.
 */
export const MAGIC = Buffer.from('SUPEVID1', 'ascii');
export const HEADER_BYTES = MAGIC.length + 8;
export const DEFAULT_CHUNK = 1024 * 1024;
const TAG_BYTES = 16;

export class EvidenceIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceIntegrityError';
  }
}

export class SizeLimitError extends Error {}

function nonceFor(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 4);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aadFor(header: Buffer, index: number, last: boolean): Buffer {
  const a = Buffer.alloc(header.length + 9);
  header.copy(a, 0);
  a.writeBigUInt64BE(BigInt(index), header.length);
  a[header.length + 8] = last ? 1 : 0;
  return a;
}

export interface IngestResult {
  sha256: string;
  size: number;
}

/**
 * Hashes the plaintext (SHA-256) and encrypts it on the way through. Only one chunk is buffered: the frame
 * before the end of the stream cannot be marked "last" until we know no more data follows.
 */
export class EncryptingHasher extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private readonly header: Buffer;
  private readonly prefix = randomBytes(4);
  private readonly chunk: Buffer;
  private fill = 0;
  private index = 0;
  private bytes = 0;
  private headerSent = false;
  result: IngestResult | undefined;

  constructor(
    private readonly key: Buffer,
    private readonly maxBytes: number,
    chunkSize = DEFAULT_CHUNK,
  ) {
    super();
    this.chunk = Buffer.allocUnsafe(chunkSize);
    const size = Buffer.alloc(4);
    size.writeUInt32BE(chunkSize);
    this.header = Buffer.concat([MAGIC, this.prefix, size]);
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += data.length;
    if (this.bytes > this.maxBytes) return done(new SizeLimitError('The file is larger than allowed.'));
    this.hash.update(data);
    if (!this.headerSent) {
      this.push(this.header);
      this.headerSent = true;
    }
    let offset = 0;
    while (offset < data.length) {
      if (this.fill === this.chunk.length) {
        // More data follows a full chunk, so that chunk was not the last.
        this.push(this.seal(this.chunk, false));
        this.fill = 0;
      }
      const n = Math.min(this.chunk.length - this.fill, data.length - offset);
      data.copy(this.chunk, this.fill, offset, offset + n);
      this.fill += n;
      offset += n;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.headerSent) this.push(this.header);
    this.push(this.seal(this.chunk.subarray(0, this.fill), true));
    this.result = { sha256: this.hash.digest('hex'), size: this.bytes };
    done();
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceFor(this.prefix, this.index));
    cipher.setAAD(aadFor(this.header, this.index, last));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(plain.length);
    const body = Buffer.concat([len, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    this.index += 1;
    return body;
  }
}

async function readExactly(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) throw new EvidenceIntegrityError('The stored file is truncated.');
    got += bytesRead;
  }
  return buf;
}

/**
 * Decrypts a stored file chunk by chunk and re-computes its SHA-256. Every chunk is authenticated before it
 * is yielded, and the last chunk is yielded only once the whole file's hash equals the expected one, so a
 * tampered or swapped file never streams to completion.
 */
export async function* decryptFile(
  fh: FileHandle,
  key: Buffer,
  expected: IngestResult,
): AsyncGenerator<Buffer> {
  const header = await readExactly(fh, 0, HEADER_BYTES);
  if (!header.subarray(0, MAGIC.length).equals(MAGIC))
    throw new EvidenceIntegrityError('The stored file is not an evidence container.');
  const prefix = header.subarray(MAGIC.length, MAGIC.length + 4);
  const chunkSize = header.readUInt32BE(MAGIC.length + 4);
  const hash = createHash('sha256');
  const { size: fileSize } = await fh.stat();
  let pos = HEADER_BYTES;
  let index = 0;
  let total = 0;
  for (;;) {
    const len = (await readExactly(fh, pos, 4)).readUInt32BE(0);
    if (len > chunkSize) throw new EvidenceIntegrityError('The stored file is corrupt (frame length).');
    const frame = await readExactly(fh, pos + 4, len + TAG_BYTES);
    pos += 4 + len + TAG_BYTES;
    const last = pos >= fileSize;
    const decipher = createDecipheriv('aes-256-gcm', key, nonceFor(prefix, index));
    decipher.setAAD(aadFor(header, index, last));
    decipher.setAuthTag(frame.subarray(len));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(frame.subarray(0, len)), decipher.final()]);
    } catch {
      throw new EvidenceIntegrityError('The stored file failed authentication (it was altered).');
    }
    hash.update(plain);
    total += plain.length;
    index += 1;
    if (!last) {
      yield plain;
      continue;
    }
    const digest = hash.digest('hex');
    if (digest !== expected.sha256 || total !== expected.size)
      throw new EvidenceIntegrityError('The stored file does not match its recorded SHA-256.');
    if (plain.length > 0) yield plain;
    return;
  }
}

import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

const MIB = 1024 * 1024;
type Done = (err?: Error | null) => void;
const fail = (done: Done) => (err: unknown) => done(err instanceof Error ? err : new Error(String(err)));

/**
 * Writes a stream to an open file and makes it durable: the stream finishes only after an fsync, so a
 * database row committed afterwards never points to data still in the page cache.
 *
 * Throughput: a large upload is flushed in the background every `flushEvery` bytes (one fdatasync at a
 * time, on the thread pool, while the next frames are being hashed and encrypted), so the disk works
 * alongside the CPU and the final fsync has only the tail to write instead of the whole file. Up to
 * `highWaterMark` bytes are buffered and written with one writev, so memory does not grow with the file.
 */
export class FlushingFileWriter extends Writable {
  private position = 0;
  private sinceFlush = 0;
  private flushing: Promise<void> = Promise.resolve();
  private flushError: Error | null = null;

  constructor(
    private readonly fh: FileHandle,
    private readonly flushEvery = 64 * MIB,
  ) {
    super({ highWaterMark: 4 * MIB });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: Done): void {
    this.writeAll([chunk]).then(() => done(), fail(done));
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, done: Done): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => done(), fail(done));
  }

  override _final(done: Done): void {
    const finish = async (): Promise<void> => {
      await this.flushing;
      this.rethrow();
      await this.fh.sync();
    };
    finish().then(() => done(), fail(done));
  }

  private rethrow(): void {
    if (this.flushError) throw this.flushError;
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    this.rethrow();
    let pending = buffers.filter((b) => b.length > 0);
    while (pending.length > 0) {
      const { bytesWritten } = await this.fh.writev(pending, this.position);
      if (bytesWritten === 0) throw new Error('The disk accepted no data.');
      this.position += bytesWritten;
      this.sinceFlush += bytesWritten;
      pending = skipBytes(pending, bytesWritten);
    }
    if (this.sinceFlush >= this.flushEvery) {
      this.sinceFlush = 0;
      // A failed flush is reported at the next write or at the end (never as an unhandled rejection).
      this.flushing = this.flushing
        .then(() => this.fh.datasync())
        .catch((err: unknown) => {
          this.flushError ??= err instanceof Error ? err : new Error(String(err));
        });
    }
  }
}

/** The buffers left after the first `n` bytes were written (a short write is rare but allowed). */
function skipBytes(buffers: Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let left = n;
  for (const b of buffers) {
    if (left >= b.length) {
      left -= b.length;
      continue;
    }
    out.push(left > 0 ? b.subarray(left) : b);
    left = 0;
  }
  return out;
}

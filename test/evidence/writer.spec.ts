import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FlushingFileWriter } from '../../src/modules/evidence/evidence.writer';

const KIB = 1024;

/** A file handle that records what reaches "disk", optionally accepting only part of each write. */
function fakeHandle(opts: { maxPerWrite?: number; failDatasync?: boolean } = {}) {
  const disk: Buffer[] = [];
  const calls = { writev: 0, datasync: 0, sync: 0, syncedBytes: 0 };
  let written = 0;
  const fh = {
    writev: async (buffers: Buffer[], position: number) => {
      calls.writev += 1;
      expect(position).toBe(written);
      let budget = opts.maxPerWrite ?? Infinity;
      let n = 0;
      for (const b of buffers) {
        if (budget <= 0) break;
        const part = b.subarray(0, Math.min(b.length, budget));
        disk.push(Buffer.from(part));
        budget -= part.length;
        n += part.length;
      }
      written += n;
      await new Promise((r) => setImmediate(r));
      return { bytesWritten: n, buffers };
    },
    datasync: async () => {
      calls.datasync += 1;
      await new Promise((r) => setTimeout(r, 2));
      if (opts.failDatasync) throw new Error('EIO (simulated)');
    },
    sync: () => {
      calls.sync += 1;
      calls.syncedBytes = written;
      return Promise.resolve();
    },
  };
  return { fh: fh as unknown as FileHandle, disk, calls };
}

const chunks = (sizes: number[]) => sizes.map((n) => randomBytes(n));

describe('evidence file writer (durable, bounded memory)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-writer-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes every byte in order to a real file and fsyncs before finishing', async () => {
    const parts = chunks([1, 5000, 1024 * KIB, 3 * 1024 * KIB, 17, 6 * 1024 * KIB, 0, 999]);
    const file = path.join(tmp, 'real.bin');
    const fh = await fs.promises.open(file, 'wx', 0o600);
    try {
      await pipeline(Readable.from(parts), new FlushingFileWriter(fh, 2 * 1024 * KIB));
    } finally {
      await fh.close();
    }
    expect(fs.readFileSync(file).equals(Buffer.concat(parts))).toBe(true);
  });

  it('flushes in the background as data accumulates and syncs everything at the end', async () => {
    const parts = chunks(Array.from({ length: 40 }, () => 256 * KIB));
    const { fh, disk, calls } = fakeHandle();
    await pipeline(Readable.from(parts), new FlushingFileWriter(fh, 1024 * KIB));
    expect(Buffer.concat(disk).equals(Buffer.concat(parts))).toBe(true);
    expect(calls.datasync).toBeGreaterThanOrEqual(2);
    expect(calls.sync).toBe(1);
    expect(calls.syncedBytes).toBe(40 * 256 * KIB);
  });

  it('completes short writes instead of losing the rest of a buffer', async () => {
    const parts = chunks([10 * KIB, 3, 70 * KIB]);
    const { fh, disk, calls } = fakeHandle({ maxPerWrite: 4000 });
    await pipeline(Readable.from(parts), new FlushingFileWriter(fh));
    expect(Buffer.concat(disk).equals(Buffer.concat(parts))).toBe(true);
    expect(calls.writev).toBeGreaterThan(20);
  });

  it('reports a failed background flush instead of finishing as if the data were safe', async () => {
    const parts = chunks(Array.from({ length: 8 }, () => 512 * KIB));
    const { fh, calls } = fakeHandle({ failDatasync: true });
    await expect(pipeline(Readable.from(parts), new FlushingFileWriter(fh, 1024 * KIB))).rejects.toThrow(
      'EIO (simulated)',
    );
    expect(calls.sync).toBe(0);
  });
});

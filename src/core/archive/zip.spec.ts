import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip, readZipEntries, readZipEntriesFrom, readZipEntry, ZipFormatError } from './zip';
import { writeZip, ZipWriter } from './zip-writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-zip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function streamed(entries: [string, Buffer][]): Promise<string> {
  const file = path.join(dir, `${entries.length}-${Math.random().toString(36).slice(2)}.zip`);
  const fh = await fsp.open(file, 'w');
  const w = new ZipWriter(fh, new Date(Date.UTC(2026, 0, 2, 3, 4, 6)));
  for (const [name, data] of entries) await w.add(name, data);
  await w.finish();
  await fh.close();
  return file;
}

describe('zip', () => {
  const files: [string, Buffer][] = [
    ['manifest.json', Buffer.from('{"a":1}')],
    ['files/фота.jpg', Buffer.alloc(3000, 7)],
    ['empty', Buffer.alloc(0)],
  ];

  it('reads a streamed ZIP64 package the same from a file and from a Buffer', async () => {
    const file = await streamed(files);
    const fh = await fsp.open(file, 'r');
    try {
      const fromFile = await readZipEntries(fh);
      expect(readZipEntriesFrom(fs.readFileSync(file))).toEqual(fromFile);
      expect(fromFile.map((e) => [e.name, e.size, e.method])).toEqual(
        files.map(([n, d]) => [n, d.length, 0]),
      );
      for (const [i, e] of fromFile.entries()) {
        const parts: Buffer[] = [];
        for await (const c of readZipEntry(fh, e, 1000)) parts.push(c);
        expect(Buffer.concat(parts).equals(files[i]![1])).toBe(true);
      }
    } finally {
      await fh.close();
    }
    // Whole-archive reading refuses ZIP64 where the caller expects an ordinary archive.
    expect(() => readZip(fs.readFileSync(file), 1e6, { zip64: false })).toThrow(ZipFormatError);
    expect(readZip(fs.readFileSync(file), 1e6).map((e) => e.data.length)).toEqual([7, 3000, 0]);
  });

  it('round-trips an in-memory deflated archive', () => {
    const zip = writeZip(files.map(([name, data]) => ({ name, data })));
    const back = readZip(zip, 1e6, { zip64: false });
    expect(back.map((e) => e.name)).toEqual(files.map(([n]) => n));
    expect(back[1]!.data.equals(files[1]![1])).toBe(true);
    expect(readZipEntriesFrom(zip)[1]!.method).toBe(8);
  });

  it('refuses truncated, oversized, encrypted and out-of-range archives', async () => {
    const zip = writeZip(files.map(([name, data]) => ({ name, data })));
    expect(() => readZipEntriesFrom(zip.subarray(0, zip.length - 30))).toThrow(ZipFormatError);
    expect(() => readZipEntriesFrom(Buffer.from('PK'))).toThrow(/Not a ZIP/);
    expect(() => readZip(zip, 2000)).toThrow(/expands too far/);
    const encrypted = Buffer.from(zip);
    const cdStart = encrypted.readUInt32LE(encrypted.length - 6);
    encrypted.writeUInt16LE(encrypted.readUInt16LE(cdStart + 8) | 1, cdStart + 8);
    expect(() => readZip(encrypted, 1e6)).toThrow(/Encrypted/);
    const pastEnd = Buffer.from(zip);
    pastEnd.writeUInt32LE(0x7fffffff, cdStart + 20);
    expect(() => readZipEntriesFrom(pastEnd)).toThrow(/past the end/);
    const file = path.join(dir, 'cut.zip');
    fs.writeFileSync(file, (await fsp.readFile(await streamed(files))).subarray(0, 200));
    const fh = await fsp.open(file, 'r');
    await expect(readZipEntries(fh)).rejects.toThrow(ZipFormatError);
    await fh.close();
  });
});

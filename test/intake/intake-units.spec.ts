import { describe, expect, it } from 'vitest';
import { stripMetadata } from '../../src/modules/intake/metadata-strip';
import { readZip } from '../../src/core/archive/zip';
import { writeZip } from '../../src/core/archive/zip-writer';
import { parseMultipart, MultipartError } from '../../src/modules/intake/multipart';
import { GuessThrottle, ProofOfWork, solvePow, TokenBucket } from '../../src/modules/intake/limits';
import {
  decryptFile,
  decryptJson,
  encryptFile,
  encryptJson,
  formatReceipt,
  maxStoredFileBytes,
  generateReceipt,
  normalizeReceipt,
  sodium,
} from '../../src/modules/intake/intake.crypto';
import { FILE_PAD_FLOOR, META_PAD_FLOOR, padme } from '../../src/modules/intake/padding';
import { jpegWithExif, multipart } from './intake-support';

function png(chunks: Array<[string, Buffer]>): Buffer {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = chunks.map(([type, data]) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  });
  return Buffer.concat([sig, ...parts]);
}

describe('metadata stripping', () => {
  it('removes EXIF, comments and other APP segments from a JPEG and keeps the image data', () => {
    const src = jpegWithExif('ZqCameraSerial123');
    expect(src.includes(Buffer.from('ZqCameraSerial123'))).toBe(true);
    const out = stripMetadata('image/jpeg', src)!;
    expect(out.includes(Buffer.from('ZqCameraSerial123'))).toBe(false);
    expect(out.includes(Buffer.from('Exif'))).toBe(false);
    expect(out.includes(Buffer.from('JFIF'))).toBe(true);
    expect(out.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(out.includes(Buffer.from([0x12, 0x34, 0x56]))).toBe(true);
  });

  it('removes text, EXIF and time chunks from a PNG and keeps the image chunks', () => {
    const src = png([
      ['IHDR', Buffer.alloc(13, 1)],
      ['tEXt', Buffer.from('Author\0ZqAuthorName')],
      ['iTXt', Buffer.from('Comment\0\0\0\0\0ZqComment')],
      ['eXIf', Buffer.from('MM\0*ZqGps')],
      ['tIME', Buffer.alloc(7, 2)],
      ['IDAT', Buffer.from('pixels')],
      ['IEND', Buffer.alloc(0)],
    ]);
    const out = stripMetadata('image/png', src)!;
    for (const m of ['ZqAuthorName', 'ZqComment', 'ZqGps', 'tIME'])
      expect(out.includes(Buffer.from(m))).toBe(false);
    for (const m of ['IHDR', 'IDAT', 'IEND', 'pixels']) expect(out.includes(Buffer.from(m))).toBe(true);
  });

  it('empties the document properties of an Office file and keeps its content', () => {
    const part = (name: string, text: string) => ({ name, data: Buffer.from(text) });
    const docx = writeZip([
      part('[Content_Types].xml', '<Types/>'),
      part('_rels/.rels', '<Relationships/>'),
      part('word/document.xml', '<w:document><w:t>ZqBodyText</w:t></w:document>'),
      part(
        'docProps/core.xml',
        '<cp:coreProperties><dc:creator>ZqAuthorName</dc:creator></cp:coreProperties>',
      ),
      part('docProps/app.xml', '<Properties><Company>ZqCompany</Company></Properties>'),
      part('docProps/thumbnail.jpeg', 'ZqThumb'),
    ]);
    const out = stripMetadata(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      docx,
    )!;
    expect(out).not.toBeNull();
    const entries = readZip(out, 1_000_000);
    const text = (n: string) => entries.find((e) => e.name === n)?.data.toString() ?? '';
    expect(entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
      'docProps/core.xml',
      'docProps/app.xml',
    ]);
    expect(text('word/document.xml')).toContain('ZqBodyText');
    expect(text('docProps/core.xml')).toContain('coreProperties');
    for (const m of ['ZqAuthorName', 'ZqCompany', 'ZqThumb'])
      expect(entries.some((e) => e.data.includes(Buffer.from(m)))).toBe(false);
    // A damaged archive gets no stripped copy (and no error).
    expect(stripMetadata('application/zip', docx.subarray(0, docx.length - 30))).toBeNull();
  });

  it('offers no stripped copy for formats it cannot clean', () => {
    expect(stripMetadata('application/pdf', Buffer.from('%PDF-1.7 /Author (ZqX)'))).toBeNull();
  });
});

describe('multipart parsing (in memory)', () => {
  const limits = { maxParts: 10, maxFiles: 2, maxFileBytes: 100, maxFieldBytes: 50 };
  const boundaryOf = (h: Record<string, string>) => h['content-type']!.split('boundary=')[1]!;

  it('reads fields and files, skipping an empty file input', () => {
    const m = multipart({ a: 'één', b: '' }, [
      { name: 'x.bin', type: 'application/octet-stream', data: Buffer.from([0, 13, 10, 45, 45]) },
    ]);
    const out = parseMultipart(m.payload, boundaryOf(m.headers), limits);
    expect(out.fields.get('a')).toBe('één');
    expect(out.files[0]!.data).toEqual(Buffer.from([0, 13, 10, 45, 45]));
  });

  it('enforces the file count and size limits', () => {
    const three = multipart(
      {},
      [1, 2, 3].map((i) => ({ name: `${i}`, type: 't/t', data: Buffer.from('x') })),
    );
    expect(() => parseMultipart(three.payload, boundaryOf(three.headers), limits)).toThrow(MultipartError);
    const big = multipart({}, [{ name: 'b', type: 't/t', data: Buffer.alloc(101) }]);
    expect(() => parseMultipart(big.payload, boundaryOf(big.headers), limits)).toThrow(/too large/);
  });
});

describe('abuse limits', () => {
  it('a token bucket refills with time', () => {
    let now = 0;
    const b = new TokenBucket(2, 60, () => now);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    now += 1000;
    expect(b.take()).toBe(true);
  });

  it('receipt guessing is throttled site-wide and each failure raises the penalty', () => {
    const now = 0;
    const g = new GuessThrottle(4, () => now);
    expect([g.allow(), g.allow(), g.allow()]).toEqual([true, true, false]);
    expect(g.retryAfter()).toBeGreaterThan(0);
    const delays = [g.failed(), g.failed(), g.failed()];
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);
  });

  it('a proof of work is single-use and cannot be forged', () => {
    const pow = new ProofOfWork(6);
    const { challenge, bits } = pow.challenge();
    const nonce = solvePow(challenge, bits);
    expect(pow.redeem(challenge, nonce)).toBe(true);
    expect(pow.redeem(challenge, nonce)).toBe(false);
    const other = new ProofOfWork(6).challenge().challenge;
    expect(pow.redeem(other, solvePow(other, 6))).toBe(false);
  });
});

describe('receipts and file streams', () => {
  it('receipts are 16 digits and tolerate spaces', () => {
    const r = generateReceipt();
    expect(r).toMatch(/^\d{16}$/);
    expect(normalizeReceipt(formatReceipt(r))).toBe(r);
    expect(normalizeReceipt('123')).toBeNull();
  });

  it('a file stream round-trips and a truncated one is refused', async () => {
    const s = await sodium();
    const key = s.crypto_aead_xchacha20poly1305_ietf_keygen();
    const data = Buffer.alloc(200_000, 7);
    const enc = encryptFile(s, key, data);
    expect(decryptFile(s, key, enc, data.length).equals(data)).toBe(true);
    expect(() => decryptFile(s, key, enc.subarray(0, enc.length - 70_000), data.length)).toThrow();
    expect(() => decryptFile(s, key, enc, enc.length)).toThrow();
  });
});

describe('length padding (stored sizes say little about the content)', () => {
  it('Padmé keeps at most ~12 % overhead and few significant bits', () => {
    for (const n of [2, 3, 1000, 4097, 65_537, 200_000, 10_485_760, 123_456_789]) {
      const p = padme(n);
      expect(p).toBeGreaterThanOrEqual(n);
      expect(p / n).toBeLessThanOrEqual(1.12 + 1e-9);
    }
    expect(padme(9_000)).toBe(padme(9_200));
  });

  it('short messages of very different lengths encrypt to the same size, and decrypt unchanged', async () => {
    const s = await sodium();
    const key = s.crypto_aead_xchacha20poly1305_ietf_keygen();
    const short = { answers: { what: 'a' } };
    const long = { answers: { what: 'ж'.repeat(1500), where: 'x'.repeat(900) } };
    const a = encryptJson(s, key, short);
    const b = encryptJson(s, key, long);
    expect(a.length).toBe(b.length);
    expect(decryptJson(s, key, a)).toEqual(short);
    expect(decryptJson(s, key, b)).toEqual(long);
    const m1 = encryptJson(s, key, { name: 'a.jpg', type: 'image/jpeg', size: 1 }, META_PAD_FLOOR);
    const m2 = encryptJson(
      s,
      key,
      { name: `${'я'.repeat(200)}.pdf`, type: 'application/pdf', size: 9e6 },
      META_PAD_FLOOR,
    );
    expect(m1.length).toBe(m2.length);
    expect(m1.length).toBeLessThan(a.length);
  });

  it('small files are stored at one size and large ones in coarse buckets', async () => {
    const s = await sodium();
    const key = s.crypto_aead_xchacha20poly1305_ietf_keygen();
    const tiny = encryptFile(s, key, Buffer.from('x'));
    const small = encryptFile(s, key, Buffer.alloc(FILE_PAD_FLOOR - 5, 1));
    expect(tiny.length).toBe(small.length);
    const big1 = encryptFile(s, key, Buffer.alloc(1_000_000, 2));
    const big2 = encryptFile(s, key, Buffer.alloc(1_010_000, 3));
    expect(big1.length).toBe(big2.length);
    expect(big1.length).toBeLessThanOrEqual(maxStoredFileBytes(1_010_000, s));
    expect(decryptFile(s, key, tiny, 1).toString()).toBe('x');
  });
});

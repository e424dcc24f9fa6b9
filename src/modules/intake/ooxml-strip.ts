import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Document properties out of Office Open XML files (.docx, .xlsx, .pptx: ZIP archives). The parts that
 * carry them are replaced by empty ones of the same type, so every reference from the package still
 * resolves and the document opens as before:
 *
 * - docProps/core.xml (author, last modified by, created/modified times, title, subject, keywords),
 * - docProps/app.xml (application and version, company, manager, template, total editing time),
 * - docProps/custom.xml (custom properties), and the thumbnail docProps/thumbnail.* is dropped.
 *
 * Not removed: names in comments and tracked changes inside the document body, embedded images' own
 * metadata, hidden text. The archive is rewritten from its central directory; ZIP64, encrypted entries
 * and anything that expands beyond the limit are refused (a stripped copy is then not offered).
 */
const EMPTY_PARTS: Record<string, string> = {
  'docProps/core.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"/>',
  'docProps/app.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>',
  'docProps/custom.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>',
};
export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface Entry {
  name: string;
  data: Buffer;
}

export function isOoxml(d: Buffer): boolean {
  return d.length > 30 && d.readUInt32LE(0) === LOCAL && d.includes('[Content_Types].xml');
}

export function stripOoxml(d: Buffer, maxExpanded = 256 * 1024 * 1024): Buffer {
  const entries = readZip(d, maxExpanded);
  if (!entries.some((e) => e.name === '[Content_Types].xml')) throw new ZipError('not an OOXML package');
  const out = entries
    .filter((e) => !/^docProps\/thumbnail\./i.test(e.name))
    .map((e) => (e.name in EMPTY_PARTS ? { name: e.name, data: Buffer.from(EMPTY_PARTS[e.name]!) } : e));
  return writeZip(out);
}

/** Reads every file entry of a ZIP through its central directory (also used by tests). */
export function readZip(d: Buffer, maxExpanded: number): Entry[] {
  const eocd = d.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || d.readUInt32LE(eocd) !== EOCD || eocd + 22 > d.length) throw new ZipError('no ZIP end');
  const count = d.readUInt16LE(eocd + 10);
  let pos = d.readUInt32LE(eocd + 16);
  if (count === 0xffff || pos === 0xffffffff) throw new ZipError('ZIP64 is not supported');
  const entries: Entry[] = [];
  let expanded = 0;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > d.length || d.readUInt32LE(pos) !== CENTRAL) throw new ZipError('bad central directory');
    const flags = d.readUInt16LE(pos + 8);
    const method = d.readUInt16LE(pos + 10);
    const compressed = d.readUInt32LE(pos + 20);
    const size = d.readUInt32LE(pos + 24);
    const nameLen = d.readUInt16LE(pos + 28);
    const extraLen = d.readUInt16LE(pos + 30);
    const commentLen = d.readUInt16LE(pos + 32);
    const local = d.readUInt32LE(pos + 42);
    const name = d.subarray(pos + 46, pos + 46 + nameLen).toString('utf8');
    pos += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new ZipError('encrypted ZIP entry');
    if (local + 30 > d.length || d.readUInt32LE(local) !== LOCAL) throw new ZipError('bad local header');
    const start = local + 30 + d.readUInt16LE(local + 26) + d.readUInt16LE(local + 28);
    if (start + compressed > d.length) throw new ZipError('truncated ZIP entry');
    expanded += size;
    if (expanded > maxExpanded) throw new ZipError('ZIP expands too far');
    const raw = d.subarray(start, start + compressed);
    const data =
      method === 0
        ? Buffer.from(raw)
        : method === 8
          ? inflateRawSync(raw, { maxOutputLength: Math.max(1, size) })
          : null;
    if (!data || data.length !== size) throw new ZipError('unsupported or inconsistent ZIP entry');
    if (!name.endsWith('/')) entries.push({ name, data });
  }
  return entries;
}

/** Writes a plain ZIP (deflate, UTF-8 names, fixed 1980 time); also used by tests to build packages. */
export function writeZip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = deflateRawSync(e.data);
    const crc = crc32(e.data);
    // Fixed DOS time (1980-01-01 00:00): the rewritten archive carries no time of its own either.
    const common = (b: Buffer, at: number): void => {
      b.writeUInt16LE(20, at); // version needed
      b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      b.writeUInt16LE(8, at + 4); // deflate
      b.writeUInt16LE(0, at + 6);
      b.writeUInt16LE(0x21, at + 8);
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
    ch.writeUInt16LE(20, 4); // version made by
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

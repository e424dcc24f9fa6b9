/**
 * Binary form of a frozen NameIndex: a version header and typed-array sections, so that loading
 * (from disk or from a SharedArrayBuffer handed to a worker) costs a copy of the strings and a few
 * maps instead of re-parsing every name. Postings stay views on the input buffer when aligned.
 *
 * Layout: magic "SPKNIDX\0" | u32 format version | u32 header length | header JSON | padding to 8 |
 * sections, each starting on an 8-byte boundary. The header lists the sections, their checksum and
 * a fingerprint of the matcher (blocking keys of probe names): an index built by another matcher
 * version holds other keys and would silently miss matches, so it is refused. The probes catch most
 * key changes, not all: bump INDEX_FORMAT_VERSION with any deliberate change to keys or tokens.
 */
import { orgBlockingKeys, pairBlockingKeys, tokenBlockingKeys } from './blocking';
import type { EntryMeta } from './name-index';
import { parseOrg } from './org';
import { parseName, type NameToken } from './parse';

export const INDEX_FORMAT_VERSION = 3;
const MAGIC = 'SPKNIDX\0';

export class IndexFileError extends Error {
  override name = 'IndexFileError';
}

/** Everything a frozen index holds, in flat form. Organisation rows have no tokens (orgRows[r] = 1). */
export interface IndexParts {
  ids: string[];
  metas: EntryMeta[];
  names: string[];
  owner: Int32Array;
  tokens: NameToken[];
  rowTokOffsets: Int32Array;
  rowToks: Int32Array;
  orgRows: Uint8Array;
  keys: string[];
  keyWeights: Float64Array;
  offsets: Int32Array;
  postings: Int32Array;
}

type Kind = 'strings' | 'json' | 'i32' | 'f64' | 'u8';
interface SectionHead {
  name: keyof IndexParts;
  kind: Kind;
  offset: number;
  bytes: number;
  /** strings: how many; the section is their UTF-16 end offsets (u32) followed by UTF-8 text. */
  count?: number;
}
interface Header {
  rows: number;
  entries: number;
  keys: number;
  matcher: string;
  checksum: number;
  sections: SectionHead[];
}

const KINDS: Record<keyof IndexParts, Kind> = {
  ids: 'strings',
  names: 'strings',
  keys: 'strings',
  metas: 'json',
  tokens: 'json',
  owner: 'i32',
  rowTokOffsets: 'i32',
  rowToks: 'i32',
  offsets: 'i32',
  postings: 'i32',
  keyWeights: 'f64',
  orgRows: 'u8',
};

/** Names whose keys exercise most spelling rules (both scripts, several Latin habits, typos). */
const PROBES = [
  'Аляксандр Рыгоравіч Лукашэнка',
  'LUKASHENKO, Aleksandr Grigorievich',
  'Łukaszenka Alaksandr',
  'Іван Сяргеевіч Мікалаеўскі',
  'Святлана Ціханоўская',
  'Sviatlana Tsikhanouskaya',
  'Swetlana Tichanowskaja',
  'Ina Pawlitschenko',
  'Inna Pavlichenko',
  'Dzmitryj Ilgizavich Petrushenka',
  'Jevgenij Muhametšin',
  'Yevhen Khrushchov',
  'Chruschtschow Jewgeni',
  'Сергій Пушилін',
  'Nov’yukhov Syamyon',
  'Mkrtchyan Ashot',
  'A. B. Shchedrin-Tsoi',
  'SHIN GEUM-CHEOL',
  'Mijaíl Savčenkovi',
  'Sophia Lee',
];

/** Changes whenever name parsing or blocking keys change (then stored indexes must be rebuilt). */
export function matcherFingerprint(): string {
  const s = JSON.stringify([
    // What the index stores (token and pair keys), not the query's keys: those may change freely.
    PROBES.map((p) => {
      const tokens = parseName(p).tokens;
      return [tokens.map((t) => tokenBlockingKeys(t)), pairBlockingKeys(tokens)];
    }),
    orgBlockingKeys(parseOrg('ОАО «Беларуськалий»')),
    orgBlockingKeys(parseOrg('Belaruskali OAO')),
  ]);
  return `${INDEX_FORMAT_VERSION}:${hash32(new TextEncoder().encode(s)).toString(16)}`;
}

/** A fast 32-bit checksum (FNV-1a over 32-bit words) that catches truncation and bit rot. */
function hash32(b: Uint8Array): number {
  let h = 0x811c9dc5;
  const aligned = b.byteOffset % 4 === 0 ? b : b.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, Math.floor(b.length / 4));
  for (let k = 0; k < words.length; k++) h = Math.imul(h ^ words[k]!, 0x01000193);
  for (let i = words.length * 4; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

function encodeStrings(xs: readonly string[]): Uint8Array {
  const ends = new Uint32Array(xs.length);
  let at = 0;
  xs.forEach((x, i) => (ends[i] = at += x.length));
  const text = new TextEncoder().encode(xs.join(''));
  const out = new Uint8Array(ends.byteLength + text.byteLength);
  out.set(new Uint8Array(ends.buffer), 0);
  out.set(text, ends.byteLength);
  return out;
}

function decodeStrings(b: Uint8Array, count: number): string[] {
  const ends = readTyped(b.subarray(0, count * 4), Uint32Array);
  // TextEncoder writes a lone surrogate as U+FFFD, also one UTF-16 unit: the offsets still hold.
  const all = new TextDecoder().decode(b.subarray(count * 4));
  const out = new Array<string>(count);
  let from = 0;
  for (let i = 0; i < count; i++) {
    out[i] = all.slice(from, ends[i]);
    from = ends[i]!;
  }
  return out;
}

type TypedCtor<T> = {
  new (buf: ArrayBufferLike, offset: number, length: number): T;
  new (length: number): T;
  BYTES_PER_ELEMENT: number;
};

/** A view on the bytes when aligned (shares a SharedArrayBuffer), else a copy. */
function readTyped<T extends { set(a: ArrayLike<number>): void }>(b: Uint8Array, C: TypedCtor<T>): T {
  const n = b.byteLength / C.BYTES_PER_ELEMENT;
  if (b.byteOffset % C.BYTES_PER_ELEMENT === 0) return new C(b.buffer, b.byteOffset, n);
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new C(copy.buffer, 0, n);
}

function sectionBytes(parts: IndexParts, name: keyof IndexParts): Uint8Array {
  const v = parts[name];
  switch (KINDS[name]) {
    case 'strings':
      return encodeStrings(v as string[]);
    case 'json':
      return new TextEncoder().encode(JSON.stringify(v));
    default: {
      const t = v as Int32Array | Float64Array | Uint8Array;
      return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
    }
  }
}

/** Encodes into one buffer; `shared` puts it in a SharedArrayBuffer (for worker threads). */
export function encodeIndex(parts: IndexParts, shared = false): Uint8Array {
  const names = Object.keys(KINDS) as (keyof IndexParts)[];
  const bodies = names.map((n) => sectionBytes(parts, n));
  const sections: SectionHead[] = [];
  let at = 0;
  bodies.forEach((b, i) => {
    const name = names[i]!;
    const count = KINDS[name] === 'strings' ? (parts[name] as string[]).length : undefined;
    sections.push({
      name,
      kind: KINDS[name],
      offset: at,
      bytes: b.byteLength,
      ...(count !== undefined ? { count } : {}),
    });
    at += pad8(b.byteLength);
  });
  const bodyLen = at;
  const body = new Uint8Array(bodyLen);
  bodies.forEach((b, i) => body.set(b, sections[i]!.offset));
  const header: Header = {
    rows: parts.names.length,
    entries: parts.ids.length,
    keys: parts.keys.length,
    matcher: matcherFingerprint(),
    checksum: hash32(body),
    sections,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const start = pad8(16 + head.byteLength);
  const total = start + bodyLen;
  const out = new Uint8Array(shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total));
  out.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, INDEX_FORMAT_VERSION, true);
  dv.setUint32(12, head.byteLength, true);
  out.set(head, 16);
  out.set(body, start);
  return out;
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

export function decodeIndex(buf: Uint8Array): IndexParts {
  if (buf.byteLength < 16 || new TextDecoder().decode(buf.subarray(0, 8)) !== MAGIC)
    throw new IndexFileError('not a Supolka name index file (bad magic bytes)');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== INDEX_FORMAT_VERSION)
    throw new IndexFileError(
      `name index file format version ${version} is not supported (expected ${INDEX_FORMAT_VERSION}); rebuild the index`,
    );
  const headLen = dv.getUint32(12, true);
  if (16 + headLen > buf.byteLength) throw new IndexFileError('name index file is truncated (header)');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(16, 16 + headLen))) as Header;
  } catch {
    throw new IndexFileError('name index file is corrupt (unreadable header)');
  }
  if (header.matcher !== matcherFingerprint())
    throw new IndexFileError(
      'name index file was built by another version of the name matcher (its keys differ); rebuild the index',
    );
  const start = pad8(16 + headLen);
  const body = buf.subarray(start);
  const bodyLen = header.sections.reduce((m, s) => Math.max(m, s.offset + pad8(s.bytes)), 0);
  if (body.byteLength !== bodyLen)
    throw new IndexFileError(
      `name index file is truncated or padded (${body.byteLength} of ${bodyLen} bytes)`,
    );
  if (hash32(body) !== header.checksum)
    throw new IndexFileError('name index file is corrupt (checksum mismatch)');
  const parts: Partial<Record<keyof IndexParts, unknown>> = {};
  for (const s of header.sections) {
    const b = body.subarray(s.offset, s.offset + s.bytes);
    const kind = KINDS[s.name];
    if (kind !== s.kind) throw new IndexFileError(`name index file is corrupt (section ${s.name})`);
    parts[s.name] =
      kind === 'strings'
        ? decodeStrings(b, s.count ?? 0)
        : kind === 'json'
          ? (JSON.parse(new TextDecoder().decode(b)) as unknown)
          : kind === 'i32'
            ? readTyped(b, Int32Array)
            : kind === 'f64'
              ? readTyped(b, Float64Array)
              : readTyped(b, Uint8Array);
  }
  for (const n of Object.keys(KINDS))
    if (!(n in parts)) throw new IndexFileError(`name index file lacks section ${n}`);
  return parts as unknown as IndexParts;
}

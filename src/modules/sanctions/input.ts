import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SanctionsParseError } from './sanctions.errors';
import type { SanctionsInput, SanctionsSource } from './sanctions.types';
import { findInvalidUtf8, incompleteTailLength } from './utf8';

/**
 * Byte → text layer shared by every parser: gzip is detected by its magic bytes (1f 8b), never by the
 * file name; text is decoded with a fatal UTF-8 decoder so a corrupt file fails loudly with a byte
 * offset instead of silently turning names into U+FFFD. Everything is chunked; nothing holds a file.
 */

/** Decompressed size above which we stop: a guard against gzip bombs (the EU file is ~40 MB). */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const SNIFF_CHARS = 1024;

/**
 * Longest single token accepted: an FtM line, or the text an XML parser must hold before its next event
 * (an attribute value, a text node). Real lines and tokens are at most a few hundred KB; a file that is one
 * endless line or attribute would otherwise grow one string until the process runs out of memory.
 */
export const DEFAULT_MAX_TOKEN_CHARS = 16 * 1024 * 1024;

export interface TextOptions {
  maxBytes?: number;
  /** See DEFAULT_MAX_TOKEN_CHARS. */
  maxTokenChars?: number;
}

export function tooLongToken(file: string, line: number, max: number): SanctionsParseError {
  return new SanctionsParseError('too-large', file, `a line or token longer than ${max} characters`, {
    line,
  });
}

export function fileSource(filePath: string): SanctionsSource {
  return {
    name: path.basename(filePath),
    open: () => createReadStream(filePath, { highWaterMark: 256 * 1024 }),
    reopenable: true,
  };
}

export function bytesSource(name: string, bytes: Uint8Array): SanctionsSource {
  return {
    name,
    open: () => {
      // Hand out modest chunks so tests exercise the same chunk-boundary paths as files do.
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += 64 * 1024) chunks.push(bytes.subarray(i, i + 64 * 1024));
      return Readable.from(chunks, { objectMode: true });
    },
    reopenable: true,
  };
}

/** A one-shot stream (an upload, stdin). Opening it a second time is an error, not a silent empty read. */
export function streamSource(name: string, stream: AsyncIterable<Uint8Array>): SanctionsSource {
  let opened = false;
  return {
    name,
    open: () => {
      if (opened)
        throw new SanctionsParseError('source-not-reopenable', name, 'this stream can be read only once');
      opened = true;
      return stream;
    },
    reopenable: false,
  };
}

export function toSource(input: SanctionsInput): SanctionsSource {
  return typeof input === 'string' ? fileSource(input) : input;
}

async function* withGunzipIfNeeded(source: SanctionsSource): AsyncGenerator<Uint8Array> {
  const raw = source.open()[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < 2) {
    const r = await raw.next();
    if (r.done) {
      ended = true;
      break;
    }
    head.push(r.value);
    headLength += r.value.length;
  }
  const first = Buffer.concat(head);
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (first.length > 0) yield first;
    if (ended) return;
    for (;;) {
      const r = await raw.next();
      if (r.done) return;
      yield r.value;
    }
  }
  if (first.length < 2 || first[0] !== 0x1f || first[1] !== 0x8b) {
    yield* replay();
    return;
  }
  const gunzip = createGunzip();
  // pipeline destroys gunzip with any source error, so the loop below sees it.
  pipeline(Readable.from(replay()), gunzip, () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR')
      throw new SanctionsParseError(
        'truncated-gzip',
        source.name,
        'gzip data ends before the end of the stream',
      );
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new SanctionsParseError('corrupt-gzip', source.name, 'gzip data is corrupt');
    throw err;
  } finally {
    gunzip.destroy();
  }
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** Decompressed, strictly decoded text chunks of a source (BOM removed). */
export async function* decodeText(
  source: SanctionsSource,
  options: TextOptions = {},
): AsyncGenerator<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let newlines = 0;
  let pending: Uint8Array = new Uint8Array(0);
  const invalid = (combined: Uint8Array, combinedStart: number): SanctionsParseError => {
    const at = Math.max(0, findInvalidUtf8(combined));
    return new SanctionsParseError('invalid-utf8', source.name, 'the text is not valid UTF-8', {
      offset: combinedStart + at,
      line: newlines + countNewlines(combined, at) + 1,
    });
  };
  for await (const chunk of withGunzipIfNeeded(source)) {
    if (offset + chunk.length > maxBytes)
      throw new SanctionsParseError(
        'too-large',
        source.name,
        `more than ${maxBytes} bytes after decompression`,
      );
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw invalid(Buffer.concat([pending, chunk]), offset - pending.length);
    }
    newlines += countNewlines(chunk);
    offset += chunk.length;
    const tail = incompleteTailLength(chunk);
    pending = tail > 0 ? chunk.slice(chunk.length - tail) : new Uint8Array(0);
    if (text.length > 0) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch {
    // Only an unfinished multi-byte sequence at the very end can fail here.
    throw invalid(pending, offset - pending.length);
  }
}

export interface PeekedText {
  /** At least the first KB of text (less only if the file is shorter). */
  head: string;
  /** All of the text, head included. */
  text: AsyncGenerator<string>;
}

/** Reads just enough to sniff the format, without losing what was read. */
export async function peekText(source: SanctionsSource, options: TextOptions = {}): Promise<PeekedText> {
  const it = decodeText(source, options);
  const buffered: string[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_CHARS) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    buffered.push(r.value);
    length += r.value.length;
  }
  const head = buffered.join('');
  async function* text(): AsyncGenerator<string> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return(undefined);
    }
  }
  return { head, text: text() };
}

/**
 * Splits text chunks into lines (LF or CRLF), numbered from 1. The last line need not end in LF. A line
 * longer than maxChars is refused (too-large, naming the file and line) before it is held whole.
 */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  file: string,
  maxChars = DEFAULT_MAX_TOKEN_CHARS,
): AsyncGenerator<{ text: string; line: number }> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl !== -1) {
      line++;
      if (carry.length + nl - start > maxChars) throw tooLongToken(file, line, maxChars);
      const piece = carry + chunk.slice(start, nl);
      carry = '';
      yield { text: piece.endsWith('\r') ? piece.slice(0, -1) : piece, line };
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (carry.length + chunk.length - start > maxChars) throw tooLongToken(file, line + 1, maxChars);
    carry += chunk.slice(start);
  }
  if (carry.length > 0) yield { text: carry.endsWith('\r') ? carry.slice(0, -1) : carry, line: line + 1 };
}

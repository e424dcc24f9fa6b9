/**
 * Helpers to say WHERE UTF-8 is broken: TextDecoder's fatal mode only says that it is. Only called on
 * the error path (and incompleteTailLength once per chunk), so clarity beats speed here.
 */

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // continuation byte, overlong lead (c0, c1) or beyond U+10FFFF
}

function validSecond(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf; // overlong
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f; // surrogates
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf; // overlong
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f; // > U+10FFFF
  return (second & 0xc0) === 0x80;
}

/**
 * Index of the first byte of the first invalid (or unfinished, at the end) sequence; -1 when valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const len = sequenceLength(lead);
    if (len === 0) return i;
    if (len === 1) {
      i++;
      continue;
    }
    if (i + len > bytes.length) return i;
    if (!validSecond(lead, bytes[i + 1] as number)) return i;
    for (let k = 2; k < len; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/** Number of bytes at the end of `bytes` that start a multi-byte sequence not finished in this chunk. */
export function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] as number;
    if ((b & 0xc0) === 0x80) continue;
    const len = sequenceLength(b);
    return len > back ? back : 0;
  }
  return 0;
}

/**
 * Length padding for everything the channel encrypts, shared by the server (intake.crypto.ts) and the
 * browser (site/client.ts), so that stored ciphertext sizes say little about what a source wrote or sent.
 *
 * Below a floor every plaintext is padded to the floor (a short report and an empty one look the same);
 * above it, Padmé (Nikitin et al., PETS 2019): the length is rounded up so that only about log₂log₂ L bits
 * of it remain, at most 12 % overhead. Messages are JSON and are padded with spaces, which JSON.parse
 * ignores; files are padded with zero bytes and cut back to the size recorded in their encrypted metadata.
 */
export const MESSAGE_PAD_FLOOR = 4096;
export const META_PAD_FLOOR = 1024;
export const FILE_PAD_FLOOR = 64 * 1024;

/** Padmé: the smallest length ≥ n whose binary form has at most ⌊log₂⌊log₂ n⌋⌋ + 1 significant bits. */
export function padme(n: number): number {
  if (n < 2) return n;
  const e = Math.floor(Math.log2(n));
  const s = Math.floor(Math.log2(e)) + 1;
  const unit = 2 ** (e - s);
  return Math.ceil(n / unit) * unit;
}

export function paddedLength(n: number, floor: number): number {
  return n <= floor ? floor : padme(n);
}

/** A copy of `data` followed by `fill` bytes up to the padded length. */
export function padBytes(data: Uint8Array, floor: number, fill = 0): Uint8Array {
  const out = new Uint8Array(paddedLength(data.length, floor));
  out.set(data);
  if (fill !== 0) out.fill(fill, data.length);
  return out;
}

/** JSON text as UTF-8, padded with spaces. */
export function paddedJson(value: unknown, floor: number): Uint8Array {
  return padBytes(new TextEncoder().encode(JSON.stringify(value)), floor, 0x20);
}

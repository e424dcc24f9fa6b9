import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';

let ready: Promise<typeof sodium> | undefined;

/** libsodium (WebAssembly) must finish loading before first use; every caller awaits this once. */
export function loadSodium(): Promise<typeof sodium> {
  ready ??= sodium.ready.then(() => sodium);
  return ready;
}

export type Sodium = typeof sodium;

/**
 * Random bytes for nonces and salts on the server. libsodium's WebAssembly build draws its randomness in
 * small pieces through a JavaScript callback (~170 µs per 24-byte nonce here); Node's CSPRNG gives the same
 * quality in ~6 µs, which is most of the cost of encrypting a field.
 */
export function randomBytesFor(length: number): Uint8Array {
  return randomBytes(length);
}

import { createHash, createHmac, randomInt } from 'node:crypto';
import type { HashCost } from '../../core/auth/password';
import { loadSodium, randomBytesFor, type Sodium } from '../../core/crypto/sodium';
import { FILE_PAD_FLOOR, MESSAGE_PAD_FLOOR, padBytes, paddedJson, paddedLength } from './padding';

/**
 * The secure channel's cryptography, server side. The browser (site/client.ts) implements the same formats:
 *
 * - a message (the answers of a submission, a follow-up, a reply) gets a fresh 32-byte key K; its JSON is
 *   encrypted with XChaCha20-Poly1305 (base64(nonce ‖ ciphertext), associated data AD);
 * - K is sealed (crypto_box_seal, X25519) to each holder: every active recipient, the escrow key when set,
 *   and for replies the source's receipt-derived key;
 * - a file is a crypto_secretstream_xchacha20poly1305 stream under K in CHUNK-byte pieces (header ‖ chunks);
 *   its name, type and size are encrypted like a message;
 * - every plaintext is padded first (padding.ts), messages with spaces and files with zero bytes, so stored
 *   sizes fall into a few buckets.
 */
export const AD = 'supolka-intake-v1';
export const CHUNK = 64 * 1024;

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export async function sodium(): Promise<Sodium> {
  return loadSodium();
}

export function newMessageKey(s: Sodium): Uint8Array {
  return s.crypto_aead_xchacha20poly1305_ietf_keygen();
}

export function sealKey(s: Sodium, key: Uint8Array, publicKeyB64: string): string {
  return b64(s.crypto_box_seal(key, unb64(publicKeyB64)));
}

export function openSealedKey(s: Sodium, sealedB64: string, pk: Uint8Array, sk: Uint8Array): Uint8Array {
  return s.crypto_box_seal_open(unb64(sealedB64), pk, sk);
}

/** `floor`: META_PAD_FLOOR for a file's metadata, MESSAGE_PAD_FLOOR (the default) for everything else. */
export function encryptJson(s: Sodium, key: Uint8Array, value: unknown, floor = MESSAGE_PAD_FLOOR): string {
  const nonce = randomBytesFor(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ct = s.crypto_aead_xchacha20poly1305_ietf_encrypt(paddedJson(value, floor), AD, null, nonce, key);
  return b64(Buffer.concat([nonce, ct]));
}

export function decryptJson(s: Sodium, key: Uint8Array, stored: string): unknown {
  const bytes = unb64(stored);
  const n = s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    bytes.subarray(n),
    AD,
    bytes.subarray(0, n),
    key,
  );
  return JSON.parse(Buffer.from(plain).toString('utf8')) as unknown;
}

/** Encrypts a whole in-memory file, padded with zero bytes, into the stored stream format. */
export function encryptFile(s: Sodium, key: Uint8Array, plain: Uint8Array): Buffer {
  const data = padBytes(plain, FILE_PAD_FLOOR);
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  const parts: Uint8Array[] = [header];
  let offset = 0;
  do {
    const end = Math.min(offset + CHUNK, data.length);
    const tag =
      end >= data.length
        ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    parts.push(s.crypto_secretstream_xchacha20poly1305_push(state, data.subarray(offset, end), null, tag));
    offset = end;
  } while (offset < data.length);
  data.fill(0);
  return Buffer.concat(parts);
}

/** The largest stored (encrypted, padded) size of a file of at most `maxBytes`. */
export function maxStoredFileBytes(maxBytes: number, s?: Sodium): number {
  const padded = paddedLength(maxBytes, FILE_PAD_FLOOR);
  const header = s?.crypto_secretstream_xchacha20poly1305_HEADERBYTES ?? 24;
  const abytes = s?.crypto_secretstream_xchacha20poly1305_ABYTES ?? 17;
  return header + padded + Math.max(1, Math.ceil(padded / CHUNK)) * abytes;
}

export class DecryptError extends Error {}

/** `size`: the original length from the file's encrypted metadata; the padding after it is cut off. */
export function decryptFile(s: Sodium, key: Uint8Array, stored: Uint8Array, size: number): Buffer {
  const hb = s.crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  const abytes = s.crypto_secretstream_xchacha20poly1305_ABYTES;
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(stored.subarray(0, hb), key);
  const out: Uint8Array[] = [];
  let offset = hb;
  let final = false;
  while (offset < stored.length) {
    const end = Math.min(offset + CHUNK + abytes, stored.length);
    const res = s.crypto_secretstream_xchacha20poly1305_pull(state, stored.subarray(offset, end), null);
    if (!res) throw new DecryptError('file chunk does not authenticate');
    out.push(res.message);
    offset = end;
    if (res.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      final = true;
      break;
    }
  }
  // A stream cut short (truncated file) has no final tag: refuse it rather than hand out a partial file.
  if (!final || offset !== stored.length) throw new DecryptError('file is truncated or has trailing data');
  const whole = Buffer.concat(out);
  if (!Number.isInteger(size) || size < 0 || size > whole.length)
    throw new DecryptError('file size does not match its metadata');
  return whole.subarray(0, size);
}

export const sha256Hex = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex');

// ---- receipts ----

/** 16 random decimal digits (≈53 bits), from the CSPRNG. */
export function generateReceipt(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += String(randomInt(10));
  return out;
}

/** Accepts spaces and dashes as typed or pasted; anything that is not 16 digits afterwards is invalid. */
export function normalizeReceipt(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

export const formatReceipt = (digits: string): string => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * A 4-hex-digit (16-bit) keyed-hash prefix of the receipt. With it, a lookup runs Argon2id only against the
 * few submissions sharing the prefix (≈ n/65 536) instead of all of them. It is deliberately too short to be
 * a verifier: each prefix value matches ≈ 1.5·10¹¹ possible receipts, so even with the keyring's index key
 * an attacker learns almost nothing from it and still faces one Argon2id per guess.
 */
export function receiptIndex(indexKey: Buffer, digits: string): string {
  return createHmac('sha256', indexKey).update(digits).digest('hex').slice(0, 4);
}

export function kdfParams(s: Sodium, cost: HashCost): { ops: number; mem: number } {
  if (cost === 'moderate')
    return { ops: s.crypto_pwhash_OPSLIMIT_MODERATE, mem: s.crypto_pwhash_MEMLIMIT_MODERATE };
  if (cost === 'interactive')
    return { ops: s.crypto_pwhash_OPSLIMIT_INTERACTIVE, mem: s.crypto_pwhash_MEMLIMIT_INTERACTIVE };
  return { ops: 1, mem: 8 * 1024 * 1024 };
}

function argonKey(s: Sodium, secret: string, salt: Uint8Array, ops: number, mem: number): Uint8Array {
  return s.crypto_pwhash(32, secret, salt, ops, mem, s.crypto_pwhash_ALG_ARGON2ID13);
}

/** The source's reply key pair: X25519 from Argon2id(receipt, per-submission salt). */
export function sourceKeyPair(
  s: Sodium,
  digits: string,
  saltB64: string,
  cost: HashCost,
): { publicKey: Uint8Array; privateKey: Uint8Array } {
  const { ops, mem } = kdfParams(s, cost);
  const seed = argonKey(s, `source-reply:${digits}`, unb64(saltB64), ops, mem);
  const kp = s.crypto_box_seed_keypair(seed);
  s.memzero(seed);
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

export function newSalt(s: Sodium): string {
  return b64(randomBytesFor(s.crypto_pwhash_SALTBYTES));
}

// ---- recipient secret keys ----

export interface ProtectedKey {
  box: string;
  salt: string;
  ops: number;
  mem: number;
}

/** secretbox(secret key) under Argon2id(password). The caller wraps the result with the keyring as well. */
export function protectSecretKey(s: Sodium, sk: Uint8Array, password: string, cost: HashCost): ProtectedKey {
  const salt = newSalt(s);
  const { ops, mem } = kdfParams(s, cost);
  const k = argonKey(s, password, unb64(salt), ops, mem);
  const nonce = randomBytesFor(s.crypto_secretbox_NONCEBYTES);
  const box = b64(Buffer.concat([nonce, s.crypto_secretbox_easy(sk, nonce, k)]));
  s.memzero(k);
  return { box, salt, ops, mem };
}

/** Returns null on a wrong password (the secretbox does not authenticate). */
export function unprotectSecretKey(s: Sodium, p: ProtectedKey, password: string): Uint8Array | null {
  const k = argonKey(s, password, unb64(p.salt), p.ops, p.mem);
  const bytes = unb64(p.box);
  const n = s.crypto_secretbox_NONCEBYTES;
  try {
    return s.crypto_secretbox_open_easy(bytes.subarray(n), bytes.subarray(0, n), k);
  } catch {
    return null;
  } finally {
    s.memzero(k);
  }
}

/** Today as YYYY-MM-DD (UTC): the only precision at which the channel records a source's actions. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import type { AppContext } from '../../core/context';
import { nowIso } from '../../core/time';

/**
 * The instance's Ed25519 key that signs case-file manifests. Generated once; the private key is stored
 * encrypted by the keyring, the public key and its fingerprint are shown in the UI and travel inside every
 * package so a recipient can check it against the one published by the organisation.
 */
const PURPOSE = 'manifest-signing';
const privateContext = (id: string): string => `instance_keys:${id}:private`;
// DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SigningKey {
  id: string;
  publicKey: string;
  fingerprint: string;
  createdAt: string;
}

/** SHA-256 of the raw public key, hex, in groups of four for reading aloud over a phone line. */
export function fingerprintOf(publicKeyB64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex');
  return hex.match(/.{4}/g)!.join(':');
}

export async function signingKey(ctx: AppContext): Promise<SigningKey> {
  const existing = await ctx.db
    .selectFrom('instance_keys')
    .selectAll()
    .where('purpose', '=', PURPOSE)
    .executeTakeFirst();
  if (existing)
    return {
      id: existing.id,
      publicKey: existing.public_key,
      fingerprint: existing.fingerprint,
      createdAt: existing.created_at,
    };
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_PREFIX.length)
    .toString('base64');
  const id = randomUUID();
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  await ctx.db
    .insertInto('instance_keys')
    .values({
      id,
      purpose: PURPOSE,
      public_key: raw,
      private_key_enc: ctx.keyring.encrypt(pkcs8, privateContext(id)),
      fingerprint: fingerprintOf(raw),
      created_at: nowIso(),
    })
    // Two first exports at once: one key wins and both use it.
    .onConflict((oc) => oc.column('purpose').doNothing())
    .execute();
  return signingKey(ctx);
}

export async function signBytes(
  ctx: AppContext,
  data: Buffer,
): Promise<{ signature: string; key: SigningKey }> {
  const key = await signingKey(ctx);
  const row = await ctx.db
    .selectFrom('instance_keys')
    .select('private_key_enc')
    .where('id', '=', key.id)
    .executeTakeFirstOrThrow();
  const der = Buffer.from(ctx.keyring.decrypt(row.private_key_enc, privateContext(key.id)), 'base64');
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { signature: sign(null, data, privateKey).toString('base64'), key };
}

/** Checks an Ed25519 signature with a raw base64 public key; needs no database. */
export function verifyBytes(publicKeyB64: string, data: Buffer, signatureB64: string): boolean {
  try {
    const raw = Buffer.from(publicKeyB64, 'base64');
    if (raw.length !== 32) return false;
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    return verify(null, data, key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

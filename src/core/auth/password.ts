import { loadSodium } from '../crypto/sodium';

export type HashCost = 'interactive' | 'moderate' | 'test';

/** Argon2id through libsodium; the encoded string carries its own parameters, so costs can rise later. */
export async function hashPassword(password: string, cost: HashCost): Promise<string> {
  const sodium = await loadSodium();
  const [ops, mem] =
    cost === 'moderate'
      ? [sodium.crypto_pwhash_OPSLIMIT_MODERATE, sodium.crypto_pwhash_MEMLIMIT_MODERATE]
      : cost === 'interactive'
        ? [sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE, sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE]
        : [1, 8 * 1024 * 1024];
  return sodium.crypto_pwhash_str(password, ops, mem);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const sodium = await loadSodium();
  try {
    return sodium.crypto_pwhash_str_verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: string | undefined;

/** Burns the same time as a real check for unknown usernames, so timing does not reveal who has an account. */
export async function verifyAgainstDummy(password: string, cost: HashCost): Promise<void> {
  dummyHash ??= await hashPassword('supolka-dummy-password', cost);
  await verifyPassword(dummyHash, password);
}

export const passwordRules = { minLength: 12, maxLength: 256 } as const;

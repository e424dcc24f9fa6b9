import { createHmac, randomUUID } from 'node:crypto';
import type { DB } from '../db/database';
import { nowIso } from '../time';
import { KeyError, type MasterKey, type MasterKeySource } from './master-key';
import { loadSodium, randomBytesFor, type Sodium } from './sodium';

const FIELD_PREFIX = 'v1';

/**
 * Data keys encrypt confidential and sealed fields (XChaCha20-Poly1305). Each is stored wrapped by the
 * master key (secretbox), so a database dump alone reveals nothing and the master key can be rotated by
 * re-wrapping without touching a single field.
 */
export class Keyring {
  private constructor(
    private readonly sodium: Sodium,
    private readonly keys: Map<string, Uint8Array>,
    private readonly activeId: string,
    /** The oldest data key: the root for derived keys, so they stay stable when new data keys are added. */
    private readonly rootId: string,
  ) {}

  /**
   * A key for another purpose (e.g. "person-name-blind-index"), derived from the root data key with
   * HMAC-SHA-256. Deterministic per installation and unaffected by master-key rotation.
   */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.keys.get(this.rootId)!).update(`supolka:${purpose}`).digest();
  }

  static async open(db: DB, source: MasterKeySource): Promise<{ keyring: Keyring; created: boolean }> {
    const sodium = await loadSodium();
    const rows = await db.selectFrom('data_keys').selectAll().execute();
    if (rows.length === 0) {
      const existing = source.current();
      const master = existing ?? source.create();
      const created = existing === undefined;
      const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
      const id = randomUUID();
      await db
        .insertInto('data_keys')
        .values({
          id,
          wrapped_key: wrap(sodium, master, key),
          master_key_id: master.id,
          active: 1,
          created_at: nowIso(),
        })
        .execute();
      return { keyring: new Keyring(sodium, new Map([[id, key]]), id, id), created };
    }
    const master = pickMaster(rows[0]!.master_key_id, source);
    const keys = new Map<string, Uint8Array>();
    for (const row of rows) {
      if (row.master_key_id !== master.id) {
        throw new KeyError(
          `Data key ${row.id} is wrapped by another master key; a rotation may be half done.`,
        );
      }
      keys.set(row.id, unwrap(sodium, master, row.wrapped_key));
    }
    const active = rows.find((r) => r.active === 1) ?? rows[rows.length - 1]!;
    const root = [...rows].sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
    )[0]!;
    return { keyring: new Keyring(sodium, keys, active.id, root.id), created: false };
  }

  /** `context` binds a ciphertext to its place (table, record, field) so it cannot be moved elsewhere. */
  encrypt(plaintext: string, context: string): string {
    const key = this.keys.get(this.activeId)!;
    const nonce = randomBytesFor(this.sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const ct = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, context, null, nonce, key);
    return `${FIELD_PREFIX}.${this.activeId}.${Buffer.concat([nonce, ct]).toString('base64')}`;
  }

  decrypt(stored: string, context: string): string {
    const [prefix, keyId, payload] = stored.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (prefix !== FIELD_PREFIX || !key || !payload)
      throw new KeyError('Unknown encrypted field format or key.');
    const bytes = Buffer.from(payload, 'base64');
    const n = this.sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    const plain = this.sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      bytes.subarray(n),
      context,
      bytes.subarray(0, n),
      key,
    );
    return Buffer.from(plain).toString('utf8');
  }
}

function pickMaster(wrappedUnder: string, source: MasterKeySource): MasterKey {
  const current = source.current();
  if (current?.id === wrappedUnder) return current;
  const pending = source.pending();
  if (pending?.id === wrappedUnder) return pending;
  if (!current)
    throw new KeyError(`No master key found at ${source.describe()}, but the database holds keys.`);
  throw new KeyError(`The master key at ${source.describe()} does not open this database's keys.`);
}

export function wrap(sodium: Sodium, master: MasterKey, key: Uint8Array): string {
  const nonce = randomBytesFor(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(key, nonce, master.key);
  return Buffer.concat([nonce, box]).toString('base64');
}

export function unwrap(sodium: Sodium, master: MasterKey, wrapped: string): Uint8Array {
  const bytes = Buffer.from(wrapped, 'base64');
  const n = sodium.crypto_secretbox_NONCEBYTES;
  return sodium.crypto_secretbox_open_easy(bytes.subarray(n), bytes.subarray(0, n), master.key);
}

import fs from 'node:fs';
import type { DB } from '../db/database';
import {
  decodeMasterKey,
  generateMasterKeyText,
  KeyError,
  writeKeyFile,
  type MasterKeySource,
} from './master-key';
import { unwrap, wrap } from './keyring';
import { loadSodium } from './sodium';

export interface RotationResult {
  rewrapped: number;
  oldMasterKeyId: string;
  newMasterKeyId: string;
  /** Where the new key was written. */
  keyFile: string;
}

/**
 * Re-wraps every data key under a new master key in one transaction. Data keys themselves do not change,
 * so running servers (which hold unwrapped data keys in memory) carry on without downtime.
 *
 * Order matters for crash safety: the new key is written to `<file>.new` first, then the database is
 * re-wrapped, then the file is renamed into place. A crash in between leaves both keys on disk and the
 * keyring accepts either (see pickMaster).
 */
export async function rotateMasterKey(
  db: DB,
  source: MasterKeySource,
  target: { keyFile: string; replaceInPlace: boolean },
): Promise<RotationResult> {
  const sodium = await loadSodium();
  let current = source.current();
  if (!current) throw new KeyError(`No master key at ${source.describe()}.`);
  const pending = target.replaceInPlace ? source.pending() : undefined;
  if (pending) {
    // An earlier rotation stopped after re-wrapping: the `.new` file is then the only key that opens the data
    // and must be moved into place before it is overwritten below.
    const wrappedBy = await db.selectFrom('data_keys').select('master_key_id').execute();
    if (wrappedBy.length > 0 && wrappedBy.every((r) => r.master_key_id === pending.id)) {
      fs.renameSync(`${target.keyFile}.new`, target.keyFile);
      current = pending;
    }
  }
  const newText = generateMasterKeyText();
  const next = decodeMasterKey(newText);
  const staging = target.replaceInPlace ? `${target.keyFile}.new` : target.keyFile;
  if (!target.replaceInPlace && fs.existsSync(staging)) {
    throw new KeyError(`${staging} exists already; choose a new file for the new key.`);
  }
  writeKeyFile(staging, newText);
  const rewrapped = await db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('data_keys').selectAll().execute();
    for (const row of rows) {
      if (row.master_key_id !== current.id) {
        throw new KeyError(`Data key ${row.id} is not wrapped by the current master key.`);
      }
      const key = unwrap(sodium, current, row.wrapped_key);
      await trx
        .updateTable('data_keys')
        .set({ wrapped_key: wrap(sodium, next, key), master_key_id: next.id })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.length;
  });
  if (target.replaceInPlace) fs.renameSync(staging, target.keyFile);
  return { rewrapped, oldMasterKeyId: current.id, newMasterKeyId: next.id, keyFile: target.keyFile };
}

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';

export class KeyError extends Error {}

export interface MasterKey {
  key: Uint8Array;
  /** A fingerprint stored beside each wrapped data key, so a wrong master key is named, not guessed at. */
  id: string;
}

export function masterKeyFrom(key: Uint8Array): MasterKey {
  if (key.length !== 32) throw new KeyError('A master key is 32 bytes.');
  const id = createHash('sha256').update('supolka-master-key-id').update(key).digest('hex').slice(0, 16);
  return { key, id };
}

export function decodeMasterKey(text: string): MasterKey {
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 32) throw new KeyError('The master key must be 32 bytes in base64.');
  return masterKeyFrom(new Uint8Array(bytes));
}

export function generateMasterKeyText(): string {
  return randomBytes(32).toString('base64');
}

/** Writes a key file atomically with owner-only permissions. */
export function writeKeyFile(file: string, keyText: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${keyText}\n`, { mode: 0o600 });
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

export interface MasterKeySource {
  current(): MasterKey | undefined;
  /** A key written by an interrupted rotation (file source only). */
  pending(): MasterKey | undefined;
  /** Creates a key when none exists; only allowed on a database that holds no wrapped keys yet. */
  create(): MasterKey;
  describe(): string;
}

export function masterKeySource(config: AppConfig['masterKey']): MasterKeySource {
  if (config.source === 'env') {
    const key = decodeMasterKey(config.value);
    return {
      current: () => key,
      pending: () => undefined,
      create: () => {
        throw new KeyError('SUPOLKA_MASTER_KEY is set; keys are not created automatically.');
      },
      describe: () => 'SUPOLKA_MASTER_KEY',
    };
  }
  const file = config.file;
  const read = (f: string): MasterKey | undefined =>
    fs.existsSync(f) ? decodeMasterKey(fs.readFileSync(f, 'utf8')) : undefined;
  return {
    current: () => read(file),
    pending: () => read(`${file}.new`),
    create: () => {
      const text = generateMasterKeyText();
      writeKeyFile(file, text);
      return decodeMasterKey(text);
    },
    describe: () => file,
  };
}

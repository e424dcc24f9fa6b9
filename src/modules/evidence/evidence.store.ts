import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Keyring } from '../../core/crypto/keyring';
import { decryptFile, EncryptingHasher, EvidenceIntegrityError, type IngestResult } from './evidence.crypto';
import { FlushingFileWriter } from './evidence.writer';

/**
 * Content-addressed, encrypted, write-once storage of evidence originals under <dataDir>/files/evidence
 * (inside the stored-files folder that backups carry). A file's address is a keyed hash of its SHA-256, so
 * the folder listing does not reveal which known files the locker holds; identical content is stored once.
 */
export interface StoredBlob extends IngestResult {
  address: string;
  /** The per-file key, wrapped by the keyring. */
  keyEnc: string;
  /** False when a blob with this content already existed (the new copy was discarded). */
  created: boolean;
}

export const blobKeyContext = (address: string): string => `evidence_blobs:${address}:key`;

export class EvidenceStore {
  readonly root: string;
  private readonly addressKey: Buffer;

  constructor(
    dataDir: string,
    private readonly keyring: Keyring,
  ) {
    this.root = path.join(dataDir, 'files', 'evidence');
    this.addressKey = keyring.deriveKey('evidence-address');
  }

  addressOf(sha256: string): string {
    return createHmac('sha256', this.addressKey).update(sha256).digest('hex');
  }

  pathOf(address: string): string {
    if (!/^[0-9a-f]{64}$/.test(address)) throw new Error('bad evidence address');
    return path.join(this.root, address.slice(0, 2), `${address}.sev`);
  }

  /**
   * Streams `input` to a temporary file (hashing and encrypting as it goes), then links it to its address.
   * `existingKey` returns the wrapped key of a blob already stored at an address, if any.
   */
  async ingest(
    input: Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    maxBytes: number,
    existingKey: (address: string) => Promise<string | undefined>,
  ): Promise<StoredBlob> {
    const tmpDir = path.join(this.root, 'tmp');
    await fsp.mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const key = randomBytes(32);
    const enc = new EncryptingHasher(key, maxBytes);
    try {
      const source = input instanceof Readable ? input : Readable.from(input);
      const fh = await fsp.open(tmp, 'wx', 0o600);
      try {
        // Ends with an fsync: the file is on disk before any database row can point to it.
        await pipeline(source, enc, new FlushingFileWriter(fh));
      } finally {
        await fh.close();
      }
      const result = enc.result!;
      const address = this.addressOf(result.sha256);
      const known = await existingKey(address);
      if (known) return { ...result, address, keyEnc: known, created: false };
      const final = this.pathOf(address);
      await fsp.mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
      // link() never overwrites: an original, once stored, is never replaced.
      try {
        await fsp.link(tmp, final);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const raced = await existingKey(address);
        if (raced) return { ...result, address, keyEnc: raced, created: false };
        throw new Error('An identical file is being stored at this moment; try again.');
      }
      await fsp.chmod(final, 0o400);
      await syncDir(path.dirname(final));
      const keyEnc = this.keyring.encrypt(key.toString('base64'), blobKeyContext(address));
      return { ...result, address, keyEnc, created: true };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  /** Removes a blob file that no committed row points to (after a failed transaction). */
  async discard(address: string): Promise<void> {
    await fsp.rm(this.pathOf(address), { force: true });
  }

  /** Decrypted content, authenticated chunk by chunk and checked against the recorded hash at the end. */
  async *open(blob: {
    address: string;
    key_enc: string;
    sha256: string;
    size: number;
  }): AsyncGenerator<Buffer> {
    const key = Buffer.from(this.keyring.decrypt(blob.key_enc, blobKeyContext(blob.address)), 'base64');
    const fh = await fsp.open(this.pathOf(blob.address), 'r');
    try {
      yield* decryptFile(fh, key, { sha256: blob.sha256, size: Number(blob.size) });
    } finally {
      await fh.close();
    }
  }

  /** Reads the whole blob through the verifier; resolves true when it is intact. */
  async verify(blob: { address: string; key_enc: string; sha256: string; size: number }): Promise<boolean> {
    return (await this.check(blob)) === null;
  }

  /** Like verify, but says what is wrong (a fixed phrase, never file content): null when intact. */
  async check(blob: {
    address: string;
    key_enc: string;
    sha256: string;
    size: number;
  }): Promise<string | null> {
    try {
      for await (const chunk of this.open(blob)) void chunk;
      return null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'the stored file is missing';
      if (err instanceof EvidenceIntegrityError) return err.message;
      return 'the stored file cannot be read or its key cannot be unwrapped';
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is already synced.
  }
}

import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import { fingerprintOf, verifyBytes } from './signing';
import { readZipEntries, readZipEntry, ZipFormatError, type ZipEntry } from '../../core/archive/zip';

/**
 * Verifies a case-file package on any machine, without the database: the manifest's Ed25519 signature
 * (with the key inside the package, or a pinned one), then every listed file's size and SHA-256, and that
 * nothing is missing or added. Every problem is named; none stops the check early.
 */
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const KEY_FILE = 'signing-key.json';
const CONTROL = new Set([MANIFEST, SIGNATURE, KEY_FILE]);

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface VerifyResult {
  ok: boolean;
  signatureValid: boolean;
  fingerprint: string | null;
  filesChecked: number;
  problems: string[];
}

async function readSmall(fh: fsp.FileHandle, e: ZipEntry, max = 256 * 1024 * 1024): Promise<Buffer> {
  if (e.size > max) throw new ZipFormatError(`${e.name} is too large`);
  const parts: Buffer[] = [];
  for await (const c of readZipEntry(fh, e)) parts.push(c);
  return Buffer.concat(parts);
}

/** `pinned`: a raw base64 public key or its fingerprint; when given, the package must be signed by it. */
export async function verifyPackage(file: string, pinned?: string): Promise<VerifyResult> {
  const problems: string[] = [];
  let signatureValid = false;
  let fingerprint: string | null = null;
  let filesChecked = 0;
  const fh = await fsp.open(file, 'r');
  try {
    let entries: ZipEntry[];
    try {
      entries = await readZipEntries(fh);
    } catch (err) {
      return {
        ok: false,
        signatureValid,
        fingerprint,
        filesChecked,
        problems: [`not a readable package: ${(err as Error).message}`],
      };
    }
    const byName = new Map<string, ZipEntry>();
    for (const e of entries) {
      if (byName.has(e.name)) problems.push(`duplicate entry: ${e.name}`);
      byName.set(e.name, e);
      if (e.method !== 0) problems.push(`compressed entry not expected: ${e.name}`);
    }
    const manifestEntry = byName.get(MANIFEST);
    const sigEntry = byName.get(SIGNATURE);
    const keyEntry = byName.get(KEY_FILE);
    for (const [name, e] of [
      [MANIFEST, manifestEntry],
      [SIGNATURE, sigEntry],
      [KEY_FILE, keyEntry],
    ] as const)
      if (!e) problems.push(`missing: ${name}`);
    if (!manifestEntry || !sigEntry)
      return { ok: false, signatureValid, fingerprint, filesChecked, problems };
    const manifestBytes = await readSmall(fh, manifestEntry);
    const signature = (await readSmall(fh, sigEntry, 4096)).toString('utf8').trim();
    let publicKey: string | undefined;
    if (keyEntry) {
      try {
        const k = JSON.parse((await readSmall(fh, keyEntry, 4096)).toString('utf8')) as {
          publicKey?: unknown;
          fingerprint?: unknown;
        };
        if (typeof k.publicKey === 'string') publicKey = k.publicKey;
        if (publicKey && k.fingerprint !== fingerprintOf(publicKey))
          problems.push(`${KEY_FILE}: the stated fingerprint does not belong to the key`);
      } catch {
        problems.push(`${KEY_FILE}: not valid JSON`);
      }
    }
    if (pinned) {
      const p = pinned.trim();
      const pinnedIsKey = /^[A-Za-z0-9+/]{43}=$/.test(p);
      const matches =
        publicKey !== undefined &&
        (pinnedIsKey ? p === publicKey : p.toLowerCase() === fingerprintOf(publicKey));
      if (!matches) problems.push('signed with a different key than the pinned one');
      // A pinned key is the one to trust, whatever the package says.
      if (pinnedIsKey) publicKey = p;
    }
    if (publicKey) {
      fingerprint = fingerprintOf(publicKey);
      signatureValid = verifyBytes(publicKey, manifestBytes, signature);
      if (!signatureValid)
        problems.push('manifest signature is not valid (the manifest was changed or signed by another key)');
    } else problems.push('no public key to check the signature with');

    let files: ManifestFile[] = [];
    try {
      const m = JSON.parse(manifestBytes.toString('utf8')) as { files?: unknown };
      if (!Array.isArray(m.files)) throw new Error('no files list');
      files = m.files as ManifestFile[];
    } catch {
      problems.push(`${MANIFEST}: not a valid manifest`);
    }
    const listed = new Set<string>();
    for (const f of files) {
      listed.add(f.path);
      const e = byName.get(f.path);
      if (!e) {
        problems.push(`missing file: ${f.path}`);
        continue;
      }
      filesChecked += 1;
      if (e.size !== f.size) problems.push(`size differs: ${f.path} (expected ${f.size}, found ${e.size})`);
      const h = createHash('sha256');
      for await (const c of readZipEntry(fh, e)) h.update(c);
      if (h.digest('hex') !== f.sha256) problems.push(`SHA-256 differs: ${f.path}`);
    }
    for (const name of byName.keys())
      if (!listed.has(name) && !CONTROL.has(name))
        problems.push(`unexpected file not in the manifest: ${name}`);
  } finally {
    await fh.close();
  }
  return { ok: problems.length === 0, signatureValid, fingerprint, filesChecked, problems };
}

import fs from 'node:fs';
import { readZipEntries, readZipEntry } from '../../src/core/archive/zip';

/** Reading exported case-file packages in tests. */
export async function entries(file: string): Promise<Map<string, Buffer>> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const out = new Map<string, Buffer>();
    for (const e of await readZipEntries(fh)) {
      const parts: Buffer[] = [];
      for await (const c of readZipEntry(fh, e)) parts.push(c);
      out.set(e.name, Buffer.concat(parts));
    }
    return out;
  } finally {
    await fh.close();
  }
}

export interface Manifest {
  evidence: Array<{
    id: string;
    sha256: string;
    custody: Array<{ event: string; detail: Record<string, unknown> }>;
    linkedTo: Array<{ entityType: string; entityId: string }>;
  }>;
  entities: Array<{ id: string; schema: string; properties: Record<string, string[]> }>;
  files: Array<{ path: string; sha256: string }>;
  evidenceWithheldByConsent: number;
}

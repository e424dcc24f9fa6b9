/** Saving a NameIndex to disk and loading it back (binary form of index-codec.ts). */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { IndexFileError } from './index-codec';
import { NameIndex } from './name-index';

/** Writes atomically (temporary file, then rename): a crash never leaves half an index behind. */
export async function saveIndex(index: NameIndex, file: string): Promise<number> {
  const buf = index.serialize();
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, buf);
  await rename(tmp, file);
  return buf.byteLength;
}

/** Loads an index file; a wrong, old or corrupt file fails with IndexFileError naming the file. */
export async function loadIndex(file: string): Promise<NameIndex> {
  const buf = await readFile(file);
  try {
    return NameIndex.deserialize(buf);
  } catch (e) {
    if (e instanceof IndexFileError) throw new IndexFileError(`${file}: ${e.message}`);
    throw e;
  }
}

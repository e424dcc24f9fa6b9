import { createHash, type Hash } from 'node:crypto';

/** A stored value as both engines return it under our column conventions (text, integer, null). */
export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;

export class CanonicalError extends Error {}

/**
 * One row in canonical form: a JSON array of its values in the table's column order. Both engines return
 * identical values for identical data (see schema.ts conventions), so the encoding is engine-agnostic.
 * Anything that is not text, a finite number or null is refused rather than silently coerced.
 */
export function canonicalRow(columns: readonly string[], row: Record<string, unknown>): string {
  const values = columns.map((c) => {
    const v = row[c];
    if (v === null || typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    // Names the column, never the value: values may be personal data.
    throw new CanonicalError(
      `Column ${c} holds a value of unexpected type ${v === undefined ? 'undefined' : typeof v}.`,
    );
  });
  return JSON.stringify(values);
}

/**
 * The content hash of a table: SHA-256 over its canonical rows, each followed by "\n", in primary-key
 * order (byte order for text keys). Rows must be fed in that order; the caller's query guarantees it.
 */
export class TableHasher {
  private readonly hash: Hash = createHash('sha256');
  rows = 0;

  constructor(private readonly columns: readonly string[]) {}

  /** Adds a row and returns its canonical line, so writers can reuse it. */
  add(row: Record<string, unknown>): string {
    const line = canonicalRow(this.columns, row);
    this.hash.update(line).update('\n');
    this.rows++;
    return line;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

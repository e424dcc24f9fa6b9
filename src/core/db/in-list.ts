/** Sizes an IN list is padded to; a page of 50 ids becomes 64. */
const BUCKETS = [8, 16, 32, 64, 128, 256] as const;

/**
 * The values of an `IN (…)` list, padded to a few fixed lengths by repeating the last one (a repeated
 * value changes nothing in IN). The SQL text then takes one of a handful of shapes instead of one per
 * length, so the SQLite driver's statement cache can keep it prepared (see sqlite-driver.ts). Lists longer
 * than the largest bucket are returned as they are.
 */
export function inList<T>(values: readonly T[]): T[] {
  const size = BUCKETS.find((b) => b >= values.length);
  const last = values[values.length - 1];
  if (size === undefined || last === undefined) return [...values];
  const out = [...values];
  while (out.length < size) out.push(last);
  return out;
}

/** String distances on keys. Allocation-free Levenshtein for speed in bulk screening. */

let row = new Uint16Array(64);

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  if (b.length + 1 > row.length) row = new Uint16Array(b.length * 2 + 2);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let prevDiag = row[0]!;
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prevDiag + cost);
      prevDiag = tmp;
    }
  }
  return row[b.length]!;
}

/** 1 − normalised edit distance; deliberately no prefix bonus (Jaro-Winkler rewards shared
 * stems, which is how Tsikhanouskaya ~ Tsikhanava reach 0.9 in other matchers). */
export function levSim(a: string, b: string): number {
  const m = Math.max(a.length, b.length);
  return m === 0 ? 1 : 1 - levenshtein(a, b) / m;
}

export function bestSim(as: readonly string[], bs: readonly string[]): number {
  let best = 0;
  for (const a of as)
    for (const b of bs) {
      // levSim is at most shorter/longer: skip pairs that cannot beat the best so far.
      const bound = Math.min(a.length, b.length) / (Math.max(a.length, b.length) || 1);
      if (bound <= best) continue;
      best = Math.max(best, levSim(a, b));
      if (best === 1) return 1;
    }
  return best;
}

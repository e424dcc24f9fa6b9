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

/**
 * Substitution costs on the key alphabet, in half steps (2 = a full edit). Vowels stand for each
 * other at half cost: unstressed vowels are spelt by ear (Реуцкий ~ Равуцкі, Dietrich ~ Ditrich,
 * Lvov ~ Lviv). So do a letter and its háček form (c/č, s/š, z/ž), which plain-ASCII lists drop
 * (ZUK for Жук). Insertions, deletions and a different last letter stay full: endings carry
 * gender (-ов/-ова, -ий/-а, -скі/-ская).
 */
const SUB = new Uint8Array(128 * 128).fill(2);
{
  const half = (x: string, y: string): void => {
    SUB[x.charCodeAt(0) * 128 + y.charCodeAt(0)] = 1;
    SUB[y.charCodeAt(0) * 128 + x.charCodeAt(0)] = 1;
  };
  for (const x of 'aeiu') for (const y of 'aeiu') if (x !== y) half(x, y);
  half('c', 'C');
  half('s', 'S');
  half('s', 'Z');
}
let wrow = new Uint16Array(64);

/** Edit distance in half steps with the cheaper substitutions above (keys are ASCII). */
export function keyDistance2(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return 2 * b.length;
  if (b.length === 0) return 2 * a.length;
  if (b.length + 1 > wrow.length) wrow = new Uint16Array(b.length * 2 + 2);
  for (let j = 0; j <= b.length; j++) wrow[j] = 2 * j;
  for (let i = 1; i <= a.length; i++) {
    let prevDiag = wrow[0]!;
    wrow[0] = 2 * i;
    const ca = a.charCodeAt(i - 1) & 127;
    for (let j = 1; j <= b.length; j++) {
      const tmp = wrow[j]!;
      const cb = b.charCodeAt(j - 1);
      // A last letter is an ending (gender, case): a different final vowel is a full edit.
      const cost = ca === cb ? 0 : i === a.length || j === b.length ? 2 : SUB[ca * 128 + (cb & 127)]!;
      wrow[j] = Math.min(wrow[j]! + 2, wrow[j - 1]! + 2, prevDiag + cost);
      prevDiag = tmp;
    }
  }
  return wrow[b.length]!;
}

/** bestSim with keyDistance2: for the keys of person-name parts. */
export function bestKeySim(as: readonly string[], bs: readonly string[]): number {
  let best = 0;
  for (const a of as)
    for (const b of bs) {
      const m = Math.max(a.length, b.length) || 1;
      if (Math.min(a.length, b.length) / m <= best) continue;
      best = Math.max(best, 1 - keyDistance2(a, b) / (2 * m));
      if (best === 1) return 1;
    }
  return best;
}

/**
 * Candidate rows for a query from the index's posting lists (CSR): IDF-weighted shared blocking
 * keys, one count per key group and a bonus per further query part agreed on (blocking.ts says
 * which keys group). Holds the per-row scratch arrays, reused across queries.
 */
import type { BlockingKeys } from './blocking';

export interface Postings {
  offsets: Int32Array;
  postings: Int32Array;
  keyIds: ReadonlyMap<string, number>;
  rows: number;
}

/** Posting lists longer than this share of the index are skipped at query time (given-name keys). */
const MAX_POSTING_SHARE = 0.05;
const MIN_MAX_POSTING = 50_000;
/** Posting lists longer than this share (at least MIN_OPEN_POSTING) add to rows but open none. */
const OPEN_POSTING_SHARE = 0.002;
const MIN_OPEN_POSTING = 1000;
/** Blocking weight added per further query part a row agrees with (about one rare key). */
const PART_BONUS = 10;

export class CandidateRanker {
  private acc = new Float32Array(0);
  /** Per row: the last key group that added to it; `serial` numbers the groups. */
  private stamp = new Int32Array(0);
  /** Per row: bits of the query parts it agrees with (reset after each query). */
  private parts = new Int32Array(0);
  private serial = 0;

  /**
   * Ranks rows by IDF-weighted shared blocking keys; returns the best `limit` row numbers and
   * their blocking weights (which break ties of the full score: see search).
   */
  rank(p: Postings, keys: BlockingKeys, limit: number): { rows: number[]; weights: Float32Array } {
    const { offsets, postings, rows: nRows } = p;
    if (this.acc.length < nRows) this.acc = new Float32Array(nRows);
    const acc = this.acc;
    const maxPosting = Math.max(MIN_MAX_POSTING, Math.floor(nRows * MAX_POSTING_SHARE));
    // Selective lists first: they open candidate rows. Lists longer than `open` (common given
    // names, short skeletons) only add weight to rows already opened, so that on a large index a
    // query neither walks nor sorts hundreds of thousands of rows that share one common key.
    const open = Math.max(MIN_OPEN_POSTING, Math.floor(nRows * OPEN_POSTING_SHARE));
    const lists: [from: number, to: number, w: number, group: number, part: number][] = [];
    for (const [key, weight, group, part] of keys) {
      const id = p.keyIds.get(key);
      if (id === undefined) continue;
      const from = offsets[id]!;
      const to = offsets[id + 1]!;
      const len = to - from;
      if (len > maxPosting) continue;
      lists.push([from, to, weight * Math.log(1 + nRows / len), group ?? 0, part ?? 0]);
    }
    // Opening lists first; within each tier, the lists of one group together, shortest first.
    const tier = (l: (typeof lists)[number]): number => (l[1] - l[0] > open ? 1 : 0);
    lists.sort((a, b) => tier(a) - tier(b) || a[3] - b[3] || a[1] - a[0] - (b[1] - b[0]));
    if (this.stamp.length < nRows) {
      this.stamp = new Int32Array(nRows);
      this.parts = new Int32Array(nRows);
    }
    const stamp = this.stamp;
    const parts = this.parts;
    const touched: number[] = [];
    let lastGroup = -1;
    let serial = 0;
    for (const [from, to, w, group, part] of lists) {
      const opens = to - from <= open || touched.length < limit;
      // The keys of one kind of one query part are one piece of evidence: a row sharing several
      // counts the best (shortest list) only, not their number (see personBlockingKeys).
      if (group !== lastGroup) {
        lastGroup = group;
        serial = this.serial = (this.serial + 1) | 0 || 1;
      }
      for (let i = from; i < to; i++) {
        const r = postings[i]!;
        if (group > 0) {
          if (stamp[r] === serial) continue;
          stamp[r] = serial;
        }
        if (acc[r] === 0) {
          if (!opens) continue;
          touched.push(r);
        }
        acc[r] = acc[r]! + w;
        parts[r] = parts[r]! | part;
      }
    }
    // A row agreeing on two parts of the name (a common given name and a misspelt surname) goes
    // before one agreeing on a single part however rare (a rare spelling of the given name only).
    for (const r of touched) {
      const n = popcount(parts[r]!);
      if (n > 1) acc[r] = acc[r]! + PART_BONUS * (n - 1);
    }
    let rows = touched;
    if (rows.length > limit) {
      const vals = new Float32Array(rows.length);
      for (let i = 0; i < rows.length; i++) vals[i] = acc[rows[i]!]!;
      const cut = kthLargest(vals, limit);
      const above = rows.filter((r) => acc[r]! > cut);
      const at = rows.filter((r) => acc[r] === cut).sort((a, b) => a - b);
      rows = above.concat(at.slice(0, Math.max(0, limit - above.length)));
    }
    const weights = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) weights[i] = acc[rows[i]!]!;
    for (const r of touched) {
      acc[r] = 0;
      parts[r] = 0;
    }
    return { rows, weights };
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/** The k-th largest value (1-based) by quickselect; reorders `vals`. */
function kthLargest(vals: Float32Array, k: number): number {
  let lo = 0;
  let hi = vals.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = vals[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (vals[i]! > pivot) i++;
      while (vals[j]! < pivot) j--;
      if (i <= j) {
        const t = vals[i]!;
        vals[i] = vals[j]!;
        vals[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return vals[target]!;
}

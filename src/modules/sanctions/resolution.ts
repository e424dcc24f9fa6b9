import { clearNameCaches, compareNames, type Schema } from '../../names';
import { clearOrgCache } from '../../names/org';
import {
  blockKeys,
  clearBlockingCaches,
  covered,
  identifierClassKey,
  kindOf,
  NAME_SCRIPT,
  prepare,
  sortedWords,
} from './resolution.blocking';

/**
 * Entity resolution across lists, in memory and without comparing all pairs:
 *
 * 1. Identifiers (passport / national id, tax / registration number, IMO, MMSI, SWIFT) are the strongest
 *    evidence. Targets sharing one are paired; rare keys only (a number shared by many targets is a
 *    placeholder or a parent company's, not an identity).
 * 2. Names are blocked by pairs of name parts: every Latin or Cyrillic name is split into parts, each part
 *    gets its cross-language keys (src/names tokenKeys), its given-name group and its father's-name group;
 *    two names are candidates when they share a pair of parts. Blocks larger than MAX_BLOCK are common
 *    name pairs and are dropped. Each candidate pair is scored once with compareNames (birth date and
 *    country as evidence).
 * 3. Stored review decisions win over both: reject keeps two targets apart (also transitively), accept
 *    joins them. Confident pairs are joined, uncertain ones become review pairs.
 *
 * The thresholds are deliberately conservative for automatic joins: a wrong join hides a gap in the
 * alignment report, a missed one only shows up as a review pair.
 */

export interface ResolveRecord {
  key: string;
  schema: string;
  names: string[];
  birthDates: string[];
  countries: string[];
  identifiers: { type: string; key: string }[];
}

export interface PairDecision {
  a: string;
  b: string;
  decision: 'accept' | 'reject' | 'unsure';
}

export interface ReviewCandidate {
  a: string;
  b: string;
  score: number;
  reasons: string[];
}

export interface ResolveResult {
  /** member key → representative key of its cluster (every record appears). */
  clusters: Map<string, string[]>;
  method: Map<string, { method: string; score: number | null }>;
  review: ReviewCandidate[];
  /** identifierPairs and namePairs count the pairs scored (not those already joined through others). */
  stats: { candidates: number; identifierPairs: number; namePairs: number; autoJoined: number };
}

const MAX_BLOCK = 20;
const MAX_ID_GROUP = 8;
const MAX_NAMES = 8;
/** Organisation names come in many languages (EU); the first few carry the identity. */
const MAX_BODY_NAMES = 4;
const REVIEW_FLOOR = 0.8;

const matcherSchema = (schema: string): Schema => (schema === 'Person' ? 'Person' : 'Organization');

class UnionFind {
  private parent = new Map<string, string>();
  /** Members of each cluster of two or more (a root without an entry is alone). */
  private members = new Map<string, Set<string>>();
  constructor(
    private readonly keys: string[],
    private readonly cannot: Map<string, Set<string>>,
  ) {
    for (const k of keys) this.parent.set(k, k);
  }
  find(k: string): string {
    let r = k;
    while (this.parent.get(r) !== r) r = this.parent.get(r)!;
    let c = k;
    while (c !== r) {
      const n = this.parent.get(c)!;
      this.parent.set(c, r);
      c = n;
    }
    return r;
  }
  same(a: string, b: string): boolean {
    return this.find(a) === this.find(b);
  }
  private membersOf(root: string): Set<string> {
    return this.members.get(root) ?? new Set([root]);
  }
  /**
   * False when the two are already one, when a reject decision separates their clusters, or (unless
   * `strong`) when both clusters already hold a record of the same list: joining them on a name alone
   * would chain two different listed targets together through a third list.
   */
  union(a: string, b: string, strong = true): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const ma = this.membersOf(ra);
    const mb = this.membersOf(rb);
    for (const x of ma) for (const y of this.cannot.get(x) ?? []) if (mb.has(y)) return false;
    if (!strong) {
      const lists = new Set([...ma].map(datasetOf));
      for (const y of mb) if (lists.has(datasetOf(y))) return false;
    }
    const [big, small, rSmall, rBig] = ma.size >= mb.size ? [ma, mb, rb, ra] : [mb, ma, ra, rb];
    for (const x of small) big.add(x);
    this.members.set(rBig, big);
    this.members.delete(rSmall);
    this.parent.set(rSmall, rBig);
    return true;
  }
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    // Roots in the order of the keys, as when every key started with a set of its own.
    for (const k of this.keys)
      if (this.parent.get(k) === k) {
        const set = this.members.get(k);
        out.set(k, set ? [...set].sort() : [k]);
      }
    return out;
  }
}

const datasetOf = (key: string): string => key.slice(0, key.indexOf(':'));
const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`);

function birthEvidence(a: ResolveRecord, b: ResolveRecord): 'agree' | 'conflict' | 'none' {
  if (a.birthDates.length === 0 || b.birthDates.length === 0) return 'none';
  const years = new Set(a.birthDates.map((d) => d.slice(0, 4)));
  if (b.birthDates.some((d) => a.birthDates.includes(d))) return 'agree';
  return b.birthDates.some((d) => years.has(d.slice(0, 4))) ? 'agree' : 'conflict';
}

/**
 * compareNames is pure: the same two names with the same evidence give the same score. Lists repeat
 * names (the EU once per regime, aliases shared between records), so a pair of names is scored once.
 */
const scoreCache = new Map<string, number>();

function scoreNames(na: string, nb: string, schema: Schema, births?: [string?, string?]): number {
  const key = `${schema}\u0001${na}\u0001${nb}\u0001${births ? `${births[0] ?? ''}\u0001${births[1] ?? ''}` : '-'}`;
  let s = scoreCache.get(key);
  if (s === undefined) {
    const ev = (d?: string) => (d ? { birthDate: d } : {});
    const opts = births ? { schema, a: ev(births[0]), b: ev(births[1]) } : { schema };
    s = compareNames(na, nb, { ...opts, explain: false }).score;
    scoreCache.set(key, s);
  }
  return s;
}

function bestNameScore(a: ResolveRecord, b: ResolveRecord, na: string, nb: string): number {
  // The same words in another order (lists write "SURNAME Given" or "Given SURNAME"): no need for the
  // full comparison, which is the costliest step of resolution.
  if (sortedWords(prepare(na)) === sortedWords(prepare(nb))) return 1;
  const schema = matcherSchema(a.schema);
  let best = scoreNames(na, nb, schema, [a.birthDates[0], b.birthDates[0]]);
  if (best < 0.9 && na !== a.names[0] && nb !== b.names[0])
    best = Math.max(best, scoreNames(a.names[0]!, b.names[0]!, schema));
  return best;
}

export function resolve(records: ResolveRecord[], decisions: PairDecision[]): ResolveResult {
  const byKey = new Map(records.map((r) => [r.key, r]));
  const cannot = new Map<string, Set<string>>();
  const decided = new Map<string, PairDecision['decision']>();
  for (const d of decisions) {
    if (!byKey.has(d.a) || !byKey.has(d.b)) continue;
    decided.set(pairKey(d.a, d.b), d.decision);
    if (d.decision === 'reject') {
      for (const [x, y] of [
        [d.a, d.b],
        [d.b, d.a],
      ] as const) {
        let s = cannot.get(x);
        if (!s) cannot.set(x, (s = new Set()));
        s.add(y);
      }
    }
  }
  const uf = new UnionFind(
    records.map((r) => r.key),
    cannot,
  );
  const method = new Map<string, { method: string; score: number | null }>();
  const review = new Map<string, ReviewCandidate>();
  const stats = { candidates: 0, identifierPairs: 0, namePairs: 0, autoJoined: 0 };
  const join = (a: string, b: string, how: string, score: number | null, strong = true): boolean => {
    if (!uf.union(a, b, strong)) return uf.same(a, b);
    stats.autoJoined++;
    if (!method.has(b)) method.set(b, { method: how, score });
    if (!method.has(a)) method.set(a, { method: how, score });
    return true;
  };
  const queue = (a: string, b: string, score: number, reasons: string[]) => {
    const k = pairKey(a, b);
    const prev = review.get(k);
    if (!prev || prev.score < score)
      review.set(k, { a: a < b ? a : b, b: a < b ? b : a, score: Math.round(score * 1000) / 1000, reasons });
  };

  for (const d of decisions)
    if (d.decision === 'accept' && byKey.has(d.a) && byKey.has(d.b)) join(d.a, d.b, 'review', null);

  const seen = new Set<number>();
  const consider = (ia: number, ib: number, na: string, nb: string, viaId: string | null) => {
    const a = records[ia]!;
    const b = records[ib]!;
    if (ia === ib || kindOf(a.schema) !== kindOf(b.schema)) return;
    const sk = ia < ib ? ia * 2 ** 24 + ib : ib * 2 ** 24 + ia;
    if (seen.has(sk)) return;
    seen.add(sk);
    stats.candidates++;
    if (!viaId && !covered(prepare(na), prepare(nb))) return;
    const pk = pairKey(a.key, b.key);
    const decision = decided.get(pk);
    if (decision === 'reject' || decision === 'accept') return;
    // Already one cluster through other links: whatever the score, nothing would change (a join is a
    // no-op and a review pair inside one cluster is dropped at the end), so the comparison is skipped.
    // Unless a reviewer marked the pair unsure: that pair stays in the queue.
    if (decision !== 'unsure' && uf.same(a.key, b.key)) return;
    const score = bestNameScore(a, b, na, nb);
    const birth = birthEvidence(a, b);
    const kind = kindOf(a.schema);
    if (viaId) {
      stats.identifierPairs++;
      const ok = kind === 'Vessel' ? score >= 0.5 : score >= 0.6 && birth !== 'conflict';
      if (ok && decision !== 'unsure') join(a.key, b.key, 'identifier', score);
      else queue(a.key, b.key, score, [`shared ${viaId.split(':')[0]} identifier`, 'names or dates differ']);
      return;
    }
    if (score < REVIEW_FLOOR) return;
    stats.namePairs++;
    const reasons = [`name score ${score.toFixed(2)}`];
    const sharedCountry = a.countries.some((c) => b.countries.includes(c));
    let auto = false;
    if (kind === 'Person') {
      const long = na.split(/\s+/).length >= 3 && nb.split(/\s+/).length >= 3;
      auto = score >= 0.9 && birth !== 'conflict' && (birth === 'agree' || sharedCountry || long);
      if (birth === 'conflict') reasons.push('birth dates differ');
      if (birth === 'none') reasons.push('no birth date on one side');
    } else if (kind === 'Body') {
      auto = score >= 0.97 || (score >= 0.92 && sharedCountry);
    }
    // Name-only joins between two records of one list need near-identical names (the EU lists one
    // person once per regime under the same names); other name joins may not chain lists together.
    const sameList = datasetOf(a.key) === datasetOf(b.key);
    if (sameList && score < 0.97) auto = false;
    if (auto && decision !== 'unsure' && join(a.key, b.key, 'name', score, score >= 0.97)) return;
    if (!uf.same(a.key, b.key)) {
      if (auto) reasons.push('would join two records of one list');
      queue(a.key, b.key, score, reasons);
    }
  };

  // 1. Identifiers.
  const idGroups = new Map<string, number[]>();
  records.forEach((r, ri) => {
    for (const id of r.identifiers) {
      const k = identifierClassKey(id.type, id.key);
      if (!k) continue;
      let g = idGroups.get(k);
      if (!g) idGroups.set(k, (g = []));
      if (!g.includes(ri)) g.push(ri);
    }
  });
  for (const [k, g] of idGroups) {
    if (g.length < 2 || g.length > MAX_ID_GROUP) continue;
    for (let i = 1; i < g.length; i++)
      consider(g[0]!, g[i]!, records[g[0]!]!.names[0]!, records[g[i]!]!.names[0]!, k);
  }

  // 2. Names.
  // Block members packed as record index × 16 + name index (MAX_NAMES < 16): the map holds ~150,000
  // keys for the four reference lists, and small integer arrays keep it to a few MB.
  const blocks = new Map<number, number[]>();
  const usable: string[][] = records.map((r) =>
    r.names
      .filter((n) => NAME_SCRIPT.test(n))
      .slice(0, kindOf(r.schema) === 'Person' ? MAX_NAMES : MAX_BODY_NAMES),
  );
  records.forEach((r, ri) => {
    const kind = kindOf(r.schema);
    usable[ri]!.forEach((name, ni) => {
      for (const bk of blockKeys(prepare(name), kind)) {
        let b = blocks.get(bk);
        if (!b) blocks.set(bk, (b = []));
        if (b.length <= MAX_BLOCK && !b.some((x) => x >> 4 === ri)) b.push(ri * 16 + ni);
      }
    });
  });
  for (const b of blocks.values()) {
    if (b.length < 2 || b.length > MAX_BLOCK) continue;
    for (let i = 0; i < b.length; i++)
      for (let j = i + 1; j < b.length; j++) {
        const [x, y] = [b[i]!, b[j]!];
        const [rx, ry] = [x >> 4, y >> 4];
        consider(rx, ry, usable[rx]![x & 15]!, usable[ry]![y & 15]!, null);
      }
  }
  blocks.clear();
  clearBlockingCaches();
  scoreCache.clear();
  clearNameCaches();
  clearOrgCache();
  // Pairs that ended up in one cluster anyway (through other links) need no review.
  const pending = [...review.values()].filter(
    (p) => uf.find(p.a) !== uf.find(p.b) || decided.get(pairKey(p.a, p.b)) === 'unsure',
  );
  return { clusters: uf.groups(), method, review: pending, stats };
}

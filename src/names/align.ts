/**
 * Aligns the parts of two parsed person names and scores them. Parts may come in any order;
 * a part missing on one side is neutral, a part that contradicts counts against.
 */
import { bestKeySim, bestSim, keyDistance2, levSim } from './distance';
import type { NameToken, ParsedName, Role } from './parse';

export type Conflict = 'gender' | 'given' | 'patronymic' | 'initial';

/**
 * `why` is only formatted when `x` (explain) is set: most candidate pairs are never explained, and
 * formatting dominated the cost. The aligner re-runs `pair` with x = true for the pairs it keeps.
 */
export interface PairResult {
  sim: number;
  why: string;
  conflict?: Conflict;
}

export interface AlignResult {
  /** Name-only score in [0,1], before optional evidence. */
  score: number;
  conflicts: Conflict[];
  explanation: string[];
}

const WEIGHT: Record<Role, number> = { surname: 1, given: 0.7, patronymic: 0.4, initial: 0.25 };

/**
 * Edit similarity is sharpened so that one letter in five wrong is already weak evidence:
 * near-identical keys stay high, stems that merely share a beginning fall fast.
 */
export function sharpen(s: number): number {
  if (s >= 0.999) return 1;
  return Math.pow(Math.max(0, (s - 0.5) / 0.5), 1.2);
}

const q = (t: NameToken): string => `"${t.raw}"`;

const LATIN_ONLY = /^[a-z\u00c0-\u024f'’-]+$/i;
const withoutHaceks = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([zsc])h/g, '$1');

/**
 * Short Latin names equal but for háčeks, dropped or written as h (ZUK = ŽUK = ZHUK): one
 * half-cost letter weighs too much in three or four letters. Latin on both sides only: Cyrillic
 * С/Ж or Ц/Ч are written, not dropped.
 */
function hacekOnly(a: string, b: string): boolean {
  if (a.length > 5 || b.length > 5 || !LATIN_ONLY.test(a) || !LATIN_ONLY.test(b)) return false;
  return withoutHaceks(a) === withoutHaceks(b);
}

function keySim(a: NameToken, b: NameToken, x: boolean): PairResult {
  if (a.norm === b.norm) return { sim: 1, why: x ? 'identical' : '' };
  const s = bestKeySim(a.keys, b.keys);
  if (s >= 0.999) return { sim: 0.98, why: x ? `same key ${a.keys[0]}` : '' };
  if (s >= 0.75 && hacekOnly(a.raw, b.raw))
    return { sim: 0.9, why: x ? 'same letters but for háčeks (dropped or written as h)' : '' };
  return {
    sim: sharpen(s) * 0.97,
    why: x ? `keys ${a.keys[0]} ~ ${b.keys[0]} (edit similarity ${s.toFixed(2)})` : '',
  };
}

function surnamePair(a: NameToken, b: NameToken, x: boolean): PairResult {
  if (a.gender && b.gender && a.gender !== b.gender && levSim(a.stem, b.stem) >= 0.85)
    return {
      sim: 0,
      why: x
        ? `male and female forms of one surname (${a.gender === 'm' ? 'male' : 'female'} ${q(a)}, ${b.gender === 'm' ? 'male' : 'female'} ${q(b)}): different people`
        : '',
      conflict: 'gender',
    };
  return keySim(a, b, x);
}

function givenPair(a: NameToken, b: NameToken, x: boolean): PairResult {
  const groups = a.given.filter((h) => b.given.some((o) => o.group === h.group));
  if (groups.length > 0) {
    if (a.norm === b.norm) return { sim: 1, why: x ? 'identical' : '' };
    const weak =
      !groups.some((h) => !h.weak) ||
      b.given.filter((o) => groups.some((h) => h.group === o.group)).every((o) => o.weak);
    const g = groups[0]!.group;
    return weak
      ? { sim: 0.85, why: x ? `diminutive of the same name (${g}): weaker evidence` : '' }
      : { sim: bestSim(a.keys, b.keys) >= 0.999 ? 0.98 : 0.96, why: x ? `same given name (${g})` : '' };
  }
  const k = keySim(a, b, x);
  if (k.sim >= 0.9) return k;
  return {
    sim: 0,
    why: x ? `different given names (${a.given[0]?.group} vs ${b.given[0]?.group})` : '',
    conflict: 'given',
  };
}

function patronymicPair(a: NameToken, b: NameToken, x: boolean): PairResult {
  const pa = a.patronymic;
  const pb = b.patronymic;
  if (!pa || !pb) return keySim(a, b, x);
  if (pa.gender !== pb.gender)
    return { sim: 0, why: x ? 'patronymics of a son and a daughter' : '', conflict: 'patronymic' };
  const shared = pa.groups.filter((g) => pb.groups.includes(g));
  if (shared.length > 0)
    return a.norm === b.norm
      ? { sim: 1, why: x ? 'identical' : '' }
      : { sim: 0.97, why: x ? `same father's name (${shared[0]})` : '' };
  // Stems can differ more than the whole patronymics when a typo moves the cut (Nikoayevna).
  const s = Math.max(levSim(pa.stem, pb.stem), bestSim(a.keys, b.keys));
  if (s >= 0.7)
    return { sim: sharpen(s) * 0.97, why: x ? `similar patronymic stems ${pa.stem} ~ ${pb.stem}` : '' };
  return {
    sim: 0,
    why: x ? `different father's names (${pa.stem} vs ${pb.stem})` : '',
    conflict: 'patronymic',
  };
}

/**
 * A word the given-name table does not know that begins a known given name (Alex = Aleksandr,
 * Vlad = Vladislav): a short form. Not the other way round (Ivan in Ivanov is not a short form),
 * and never against a known given name (Aleksandr ≠ Aleksandra).
 */
function shortForm(g: NameToken, t: NameToken): boolean {
  if (g.role !== 'given' || t.role !== 'surname' || t.given.length > 0 || t.patronymic) return false;
  return t.keys.some((k) => k.length >= 4 && g.keys.some((gk) => gk.length > k.length && gk.startsWith(k)));
}

function pair(a: NameToken, b: NameToken, x: boolean): PairResult {
  if (a.role === 'initial' || b.role === 'initial') {
    const [i, t] = a.role === 'initial' ? [a, b] : [b, a];
    if (t.role === 'initial')
      return a.initials.some((x) => b.initials.includes(x))
        ? { sim: 1, why: x ? 'same initial' : '' }
        : { sim: 0, why: x ? 'different initials' : '', conflict: 'initial' };
    const ok = i.initials.some((x) => t.initials.includes(x));
    return ok
      ? { sim: 0.9, why: x ? `initial fits ${q(t)}` : '' }
      : {
          sim: 0,
          why: x ? `initial does not fit ${q(t)}` : '',
          conflict: t.role === 'surname' ? undefined : 'initial',
        };
  }
  if (a.role === b.role) {
    if (a.role === 'surname') return surnamePair(a, b, x);
    if (a.role === 'given') return givenPair(a, b, x);
    return patronymicPair(a, b, x);
  }
  if ((a.role === 'patronymic') !== (b.role === 'patronymic')) {
    const k = keySim(a, b, x);
    return { ...k, sim: k.sim * 0.9 };
  }
  // given vs surname: roles are guesses; allow a match on spelling alone, a bit lower.
  const short = shortForm(a, b) || shortForm(b, a);
  if (short) return { sim: 0.8, why: x ? 'short form cut from the given name: weaker evidence' : '' };
  const k = keySim(a, b, x);
  return { ...k, sim: k.sim * 0.95, why: x ? `${k.why}, roles differ` : '' };
}

/**
 * One part written as two adjacent parts on the other side, or the reverse (AGHAJANI = Agha Jani,
 * Hamidreza = Hamid Reza, Aleksandr = Olek Sandr): the joined keys of the two parts against the
 * key of the one. Each of the two must be a real part (not an initial, two letters or more), and
 * the keys must agree nearly letter for letter: only spelling noise, not another name.
 */
function joinedPair(t: NameToken, u: NameToken, v: NameToken): number {
  if (t.role === 'initial' || u.role === 'initial' || v.role === 'initial') return 0;
  return joinedKeysSim(t.keys, u.keys, v.keys);
}

/**
 * The key-level part of the rule above, shared with organisation names (КРОКУС НАНОЭЛЕКТРОНИКА =
 * Crocus Nano Electronics): keys of one word (kt) against the joined keys of two (ku + kv).
 */
export function joinedKeysSim(kt: readonly string[], ku: readonly string[], kv: readonly string[]): number {
  let best = 0;
  const nt = Math.min(kt.length, 4);
  const nu = Math.min(ku.length, 2);
  const nv = Math.min(kv.length, 2);
  for (let x = 0; x < nt; x++) {
    const t = kt[x]!;
    if (t.length < 5) continue;
    for (let y = 0; y < nu; y++) {
      const u = ku[y]!;
      if (u.length < 2 || u.length >= t.length) continue;
      for (let z = 0; z < nv; z++) {
        const v = kv[z]!;
        const n = u.length + v.length;
        if (v.length < 2 || n - t.length > 1 || t.length - n > 1) continue;
        // Cheap test first: the joined keys must begin like the one key.
        if (t.charCodeAt(0) !== u.charCodeAt(0)) continue;
        best = Math.max(best, 1 - keyDistance2(t, u + v) / (2 * Math.max(n, t.length)));
      }
    }
  }
  return best >= 0.999 ? 0.95 : best >= 0.9 ? sharpen(best) * 0.95 : 0;
}

/**
 * Per query part, the pair results already computed against (interned) index parts: screening
 * reranks hundreds of rows that share most of their parts, so each pair is scored once per query.
 */
export type PairMemo = Map<NameToken, PairResult>[];

const ROLE_NAME: Record<Role, string> = {
  surname: 'surname',
  given: 'given name',
  patronymic: 'patronymic',
  initial: 'initial',
};

function joins(ta: readonly NameToken[], tb: readonly NameToken[], cands: Cand[]): void {
  if (tb.length >= 3)
    for (let i = 0; i < ta.length; i++)
      for (let j = 0; j + 1 < tb.length; j++) {
        const sim = joinedPair(ta[i]!, tb[j]!, tb[j + 1]!);
        if (sim > 0) cands.push({ i, j, i2: -1, j2: j + 1, r: { sim, why: '' } });
      }
  if (ta.length >= 3)
    for (let j = 0; j < tb.length; j++)
      for (let i = 0; i + 1 < ta.length; i++) {
        const sim = joinedPair(tb[j]!, ta[i]!, ta[i + 1]!);
        if (sim > 0) cands.push({ i, j, i2: i + 1, j2: -1, r: { sim, why: '' } });
      }
}

/**
 * A candidate pairing; i2/j2 (else −1) when one part on the other side is written as two. Always
 * set, so that every candidate has one shape (the loops below are hot).
 */
interface Cand {
  i: number;
  j: number;
  r: PairResult;
  i2: number;
  j2: number;
}

export function alignPersons(A: ParsedName, B: ParsedName, explain = true): AlignResult {
  return alignTokens(A.tokens, B.tokens, explain);
}

/** Alignment on token lists (the index keeps pre-analysed tokens, not ParsedName objects). */
export function alignTokens(
  ta: readonly NameToken[],
  tb: readonly NameToken[],
  explain = true,
  memo?: PairMemo,
): AlignResult {
  const explanation: string[] = [];
  const conflicts: Conflict[] = [];
  if (ta.length === 0 || tb.length === 0)
    return { score: 0, conflicts, explanation: ['one of the names is empty'] };
  const cands: Cand[] = [];
  for (let i = 0; i < ta.length; i++)
    for (let j = 0; j < tb.length; j++) {
      let r: PairResult | undefined;
      const m = memo?.[i];
      if (m) {
        r = m.get(tb[j]!);
        if (!r) m.set(tb[j]!, (r = pair(ta[i]!, tb[j]!, false)));
      } else r = pair(ta[i]!, tb[j]!, false);
      cands.push({ i, j, i2: -1, j2: -1, r });
    }
  // Only beside other parts: a join alone (Allahdad ~ Allah Dad Tayyab, Najib Ullah) is too little.
  if (ta.length >= 2 && tb.length >= 2) joins(ta, tb, cands);
  // Greedy best-first assignment; ties broken by position so the result is deterministic.
  cands.sort((x, y) => y.r.sim - x.r.sim || x.i - y.i || x.j - y.j);
  // Bit sets: parseName keeps at most 30 tokens per name.
  let usedA = 0;
  let usedB = 0;
  let num = 0;
  let den = 0;
  let surnameMatched = false;
  const take = (c: Cand): void => {
    usedA |= 1 << c.i;
    usedB |= 1 << c.j;
    const a = ta[c.i]!;
    const b = tb[c.j]!;
    if (c.i2 >= 0 || c.j2 >= 0) {
      const [one, two] = c.i2 >= 0 ? [b, [a, ta[c.i2]!]] : [a, [b, tb[c.j2]!]];
      if (c.i2 >= 0) usedA |= 1 << c.i2;
      else usedB |= 1 << c.j2;
      const w = Math.max(WEIGHT[one.role], ...two.map((t) => WEIGHT[t.role]));
      num += w * c.r.sim;
      den += w;
      if (c.r.sim >= 0.6 && [one, ...two].some((t) => t.role === 'surname')) surnameMatched = true;
      if (explain)
        explanation.push(
          `${ROLE_NAME[one.role]} ${q(one)} ~ ${q(two[0]!)} + ${q(two[1]!)}: one part written as two (${c.r.sim.toFixed(2)})`,
        );
      return;
    }
    const w = Math.max(WEIGHT[a.role], WEIGHT[b.role]);
    num += w * c.r.sim;
    den += w;
    if (c.r.sim >= 0.6 && (a.role === 'surname' || b.role === 'surname')) surnameMatched = true;
    if (c.r.conflict) conflicts.push(c.r.conflict);
    if (explain)
      explanation.push(
        `${ROLE_NAME[a.role]} ${q(a)} ~ ${ROLE_NAME[b.role]} ${q(b)}: ${pair(a, b, true).why} (${c.r.sim.toFixed(2)})`,
      );
  };
  for (const c of cands) {
    if (usedA & (1 << c.i) || usedB & (1 << c.j)) continue;
    if (c.i2 >= 0 && usedA & (1 << c.i2)) continue;
    if (c.j2 >= 0 && usedB & (1 << c.j2)) continue;
    if (c.r.sim >= 0.5) take(c);
  }
  // Left-over parts with the same role on both sides contradict each other.
  for (const c of cands) {
    if (usedA & (1 << c.i) || usedB & (1 << c.j)) continue;
    if (c.i2 >= 0 || c.j2 >= 0) continue;
    const a = ta[c.i]!;
    const b = tb[c.j]!;
    const sameRole = a.role === b.role || c.r.conflict !== undefined;
    if (sameRole) take(c);
  }
  for (const [side, toks, used, other] of [
    ['first', ta, usedA, tb],
    ['second', tb, usedB, ta],
  ] as const) {
    toks.forEach((t, i) => {
      if (used & (1 << i)) return;
      // The same part again in another spelling (Osipava Osipova: Belarusian and Russian) adds nothing.
      // Not a repeated identical part (Htun Htun, Mohamed … Ben Mohamed): that is part of the name.
      const again = toks.some(
        (o, k) => k !== i && used & (1 << k) && o.norm !== t.norm && o.keys.some((x) => t.keys.includes(x)),
      );
      if (t.role === 'surname' && other.length > 1 && !again) {
        // A second surname (double or maiden name) missing on the other side: mild.
        den += 0.35;
        if (explain)
          explanation.push(`surname ${q(t)} (${side} name) has no counterpart (counts against a little)`);
      } else {
        den += 0.05;
        if (explain)
          explanation.push(`${ROLE_NAME[t.role]} ${q(t)} (${side} name) has no counterpart: neutral`);
      }
    });
  }
  let score = den > 0 ? num / den : 0;
  if (conflicts.includes('gender')) score = Math.min(score * 0.5, 0.4);
  if (conflicts.includes('given')) score *= 0.55;
  if (conflicts.includes('patronymic')) score *= 0.8;
  if (conflicts.includes('initial')) score *= 0.75;
  if (!surnameMatched && (ta.length > 1 || tb.length > 1)) {
    score = Math.min(score, 0.5);
    if (explain) explanation.push('no surname in common: at most 0.50');
  }
  return { score, conflicts, explanation };
}

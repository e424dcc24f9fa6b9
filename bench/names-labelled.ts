/**
 * The labelled name-pair set of bench/names.bench.ts, built at run time from ../shared/data/sanctions
 * (see names-data.ts) and documented generation rules, plus the quality metrics computed on it.
 */
import { compareNames, parseName } from '../src/names/index';
import { isOtherName } from './names-alias-kind';
import type { ListedEntity } from './names-data';

/** Deterministic PRNG so the labelled set and the synthetic index are reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

export interface Pair {
  a: string;
  b: string;
  label: boolean;
  category: string;
  kind: string;
  schema: 'Person' | 'Organization';
}

export const CYR = /[\u0400-\u04ff]/;
const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Cyrillic}\p{P}\p{N}\p{Zs}\p{M}'’`´ʹʺ]/u;
const scriptPair = (a: string, b: string): string =>
  CYR.test(a) !== CYR.test(b) ? 'cross-script' : CYR.test(a) ? 'cyrillic' : 'translit';
/** Category suffix of positives that are other names, not spellings (reported apart). */
export const OTHER_NAME = 'other-name';
const domain = (e: ListedEntity): string => (e.program === 'other' ? 'other' : 'be-ru');

function category(e: ListedEntity, a: string, b: string): string {
  if (e.schema === 'Organization') return `${domain(e)}-organizations`;
  return `${domain(e)}-persons-${scriptPair(a, b)}`;
}

export function buildPairs(entities: ListedEntity[]): Pair[] {
  const pairs: Pair[] = [];
  const usable = entities.map((e) => ({
    ...e,
    names: e.names.filter((n) => !OTHER_SCRIPT.test(n) && n.length > 2),
  }));
  // Positives: aliases of one listed entity. Aliases that are other names rather than other
  // spellings (maiden/married surname, nickname, translation; see names-alias-kind.ts) get their
  // own categories so they are reported apart from the spelling variants.
  for (const e of usable) {
    const cap = e.program === 'other' ? 3 : 12;
    const all: Pair[] = [];
    for (let i = 0; i < e.names.length; i++)
      for (let j = i + 1; j < e.names.length; j++) {
        const other = isOtherName(e.names[i]!, e.names[j]!, e.schema);
        const kindOf = e.schema === 'Organization' ? 'organizations' : 'persons';
        all.push({
          a: e.names[i]!,
          b: e.names[j]!,
          label: true,
          category: other ? `${domain(e)}-${kindOf}-${OTHER_NAME}` : category(e, e.names[i]!, e.names[j]!),
          kind: other ? 'alias-other-name' : 'alias',
          schema: e.schema,
        });
      }
    for (let k = 0; k < Math.min(cap, all.length); k++)
      pairs.push(all.splice(Math.floor(rand() * all.length), 1)[0]!);
  }
  // Hard negatives among persons of one list (EU): same surname stem, or near surnames.
  const persons = usable.filter((e) => e.list === 'eu' && e.schema === 'Person' && e.names.length > 0);
  const bySurname = new Map<string, ListedEntity[]>();
  const surnameOf = (n: string): string | undefined =>
    parseName(n).tokens.find((t) => t.role === 'surname')?.stem;
  for (const e of persons) {
    const s = new Set(e.names.map(surnameOf).filter((x): x is string => !!x && x.length >= 3));
    for (const k of s) bySurname.set(k, [...(bySurname.get(k) ?? []), e]);
  }
  const distinct = (x: ListedEntity, y: ListedEntity): boolean =>
    x.id !== y.id &&
    !x.names.some((n) => y.names.includes(n)) &&
    !(x.birthDate && x.birthDate === y.birthDate);
  for (const [, group] of bySurname) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < Math.min(group.length, i + 4); j++) {
        const x = group[i]!;
        const y = group[j]!;
        if (!distinct(x, y)) continue;
        for (let k = 0; k < 3; k++) {
          const a = pick(x.names);
          const b = pick(y.names);
          pairs.push({
            a,
            b,
            label: false,
            category: category(x, a, b),
            kind: 'same-surname-stem',
            schema: 'Person',
          });
        }
      }
  }
  // Near surnames: sort surname stems and pair neighbours (shared beginnings, like Tsikhanouskaya/Tsikhanava).
  const stems = [...bySurname.keys()].sort();
  for (let i = 0; i + 1 < stems.length; i++) {
    const s1 = stems[i]!;
    const s2 = stems[i + 1]!;
    if (s1.slice(0, 4) !== s2.slice(0, 4)) continue;
    const x = bySurname.get(s1)![0]!;
    const y = bySurname.get(s2)![0]!;
    if (!distinct(x, y)) continue;
    const a = pick(x.names);
    const b = pick(y.names);
    pairs.push({ a, b, label: false, category: category(x, a, b), kind: 'near-surname', schema: 'Person' });
  }
  // Synthetic hard negatives on Belarus/Russia persons: other given name, other gender form, other father.
  const swaps: [RegExp, string][] = [
    [/ov$/i, 'ova'],
    [/ova$/i, 'ov'],
    [/ski$/i, 'skaya'],
    [/skaya$/i, 'ski'],
    [/ин$/, 'ина'],
    [/ов$/, 'ова'],
    [/ова$/, 'ов'],
    [/ский$/, 'ская'],
    [/ская$/, 'ский'],
    [/скі$/, 'ская'],
    [/in$/i, 'ina'],
    [/au$/i, 'ava'],
  ];
  const givenPool = [
    'Viktar',
    'Siarhei',
    'Ivan',
    'Mikalai',
    'Andrei',
    'Pavel',
    'Ihar',
    'Уладзімір',
    'Дмитрий',
    'Олег',
    'Юрий',
    'Николай',
  ];
  for (const e of persons.filter((p) => p.program !== 'other')) {
    const n = pick(e.names);
    const toks = n.split(/\s+/);
    const last = toks[toks.length - 1]!;
    for (const [re, rep] of swaps)
      if (re.test(last)) {
        const b = [...toks.slice(0, -1), last.replace(re, rep)].join(' ');
        pairs.push({
          a: n,
          b,
          label: false,
          category: category(e, n, b),
          kind: 'gender-flip',
          schema: 'Person',
        });
        break;
      }
    if (toks.length >= 2) {
      const g = pick(givenPool);
      const b = [g, ...toks.slice(1)].join(' ');
      if (parseName(toks[0]!).tokens[0]?.role === 'given' && compareNames(toks[0]!, g).score < 0.5)
        pairs.push({
          a: n,
          b,
          label: false,
          category: category(e, n, b),
          kind: 'other-given-name',
          schema: 'Person',
        });
    }
  }
  // Near organisations: names sharing a word among different EU entities.
  const orgs = usable.filter((e) => e.list === 'eu' && e.schema === 'Organization' && e.names.length > 0);
  const byWord = new Map<string, ListedEntity[]>();
  for (const o of orgs)
    for (const w of new Set(
      o.names[0]!.toLowerCase()
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length >= 5),
    ))
      byWord.set(w, [...(byWord.get(w) ?? []), o]);
  for (const [, group] of byWord)
    if (group.length >= 2 && group.length <= 6)
      for (let i = 0; i + 1 < group.length; i++) {
        const x = group[i]!;
        const y = group[i + 1]!;
        if (!distinct(x, y)) continue;
        pairs.push({
          a: pick(x.names),
          b: pick(y.names),
          label: false,
          category: `${domain(x)}-organizations`,
          kind: 'near-organization',
          schema: 'Organization',
        });
      }
  return pairs;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  negHigh: number;
  neg: number;
  pos: number;
}
const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0, negHigh: 0, neg: 0, pos: 0 });
function metrics(c: Counts) {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 10000) / 10000;
  return {
    positives: c.pos,
    negatives: c.neg,
    precision: r(precision),
    recall: r(recall),
    f1: r(f1),
    negativesAtOrAbove095: r(c.neg ? c.negHigh / c.neg : 0),
  };
}

export function quality(pairs: Pair[], scores: number[], threshold: number) {
  const by = new Map<string, Counts>();
  const kinds = new Map<string, Counts>();
  const all = empty();
  const beRu = empty();
  const withOther = empty();
  pairs.forEach((p, i) => {
    const s = scores[i]!;
    const spelling = !p.category.endsWith(OTHER_NAME);
    const extra = [...(spelling ? [all] : []), ...(spelling && p.category.startsWith('be-ru') ? [beRu] : [])];
    for (const c of [
      withOther,
      ...extra,
      by.get(p.category) ?? by.set(p.category, empty()).get(p.category)!,
      kinds.get(p.kind) ?? kinds.set(p.kind, empty()).get(p.kind)!,
    ]) {
      if (p.label) {
        c.pos++;
        if (s >= threshold) c.tp++;
        else c.fn++;
      } else {
        c.neg++;
        if (s >= threshold) c.fp++;
        else c.tn++;
        if (s >= 0.95) c.negHigh++;
      }
    }
  });
  return {
    /** Spelling variants and hard negatives: the figures the targets apply to. */
    overall: metrics(all),
    overallBelarusRussia: metrics(beRu),
    /** Everything, including the other-name aliases (maiden names, nicknames, translations). */
    overallIncludingOtherNames: metrics(withOther),
    byCategory: Object.fromEntries([...by].sort().map(([k, c]) => [k, metrics(c)])),
    byKind: Object.fromEntries([...kinds].sort().map(([k, c]) => [k, metrics(c)])),
  };
}

// ---------- synthetic screening index ----------

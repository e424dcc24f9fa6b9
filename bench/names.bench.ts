/**
 * Name-matching benchmark: quality on a labelled set built from ../shared/data/sanctions at run
 * time, pair-comparison speed, and screening speed against a 1,000,000-name synthetic index built
 * from real name-part distributions. Writes bench/results/names.json.
 * Run: npx tsx bench/names.bench.ts  [--quick]  (--quick: 100k-name index)
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  clearNameCaches,
  compareNames,
  DEFAULT_THRESHOLD,
  NameIndex,
  parseName,
  transliterate,
  listSystems,
} from '../src/names/index';
import { loadEu, loadGb, sharedAvailable, type ListedEntity } from './names-data';

const QUICK = process.argv.includes('--quick');
const RUNS = 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Deterministic PRNG so the labelled set and the synthetic index are reproducible. */
function rng(seed: number): () => number {
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

interface Pair {
  a: string;
  b: string;
  label: boolean;
  category: string;
  kind: string;
  schema: 'Person' | 'Organization';
}

const CYR = /[\u0400-\u04ff]/;
const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Cyrillic}\p{P}\p{N}\p{Zs}\p{M}'’`´ʹʺ]/u;
const scriptPair = (a: string, b: string): string =>
  CYR.test(a) !== CYR.test(b) ? 'cross-script' : CYR.test(a) ? 'cyrillic' : 'translit';
const domain = (e: ListedEntity): string => (e.program === 'other' ? 'other' : 'be-ru');

function category(e: ListedEntity, a: string, b: string): string {
  if (e.schema === 'Organization') return `${domain(e)}-organizations`;
  return `${domain(e)}-persons-${scriptPair(a, b)}`;
}

function buildPairs(entities: ListedEntity[]): Pair[] {
  const pairs: Pair[] = [];
  const usable = entities.map((e) => ({
    ...e,
    names: e.names.filter((n) => !OTHER_SCRIPT.test(n) && n.length > 2),
  }));
  // Positives: aliases of one listed entity.
  for (const e of usable) {
    const cap = e.program === 'other' ? 3 : 12;
    const all: Pair[] = [];
    for (let i = 0; i < e.names.length; i++)
      for (let j = i + 1; j < e.names.length; j++)
        all.push({
          a: e.names[i]!,
          b: e.names[j]!,
          label: true,
          category: category(e, e.names[i]!, e.names[j]!),
          kind: 'alias',
          schema: e.schema,
        });
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

interface Counts {
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

function quality(pairs: Pair[], scores: number[], threshold: number) {
  const by = new Map<string, Counts>();
  const kinds = new Map<string, Counts>();
  const all = empty();
  const beRu = empty();
  pairs.forEach((p, i) => {
    const s = scores[i]!;
    const extra = p.category.startsWith('be-ru') ? [beRu] : [];
    for (const c of [
      all,
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
    overall: metrics(all),
    overallBelarusRussia: metrics(beRu),
    byCategory: Object.fromEntries([...by].sort().map(([k, c]) => [k, metrics(c)])),
    byKind: Object.fromEntries([...kinds].sort().map(([k, c]) => [k, metrics(c)])),
  };
}

// ---------- synthetic screening index ----------
function namePools(entities: ListedEntity[]) {
  const pools = {
    lat: { m: [] as string[][], f: [] as string[][] },
    cyr: { m: [] as string[][], f: [] as string[][] },
  };
  const given = {
    lat: { m: new Set<string>(), f: new Set<string>() },
    cyr: { m: new Set<string>(), f: new Set<string>() },
  };
  const pat = {
    lat: { m: new Set<string>(), f: new Set<string>() },
    cyr: { m: new Set<string>(), f: new Set<string>() },
  };
  const sur = {
    lat: { m: new Set<string>(), f: new Set<string>(), n: new Set<string>() },
    cyr: { m: new Set<string>(), f: new Set<string>(), n: new Set<string>() },
  };
  for (const e of entities) {
    if (e.schema !== 'Person' || e.program === 'other') continue;
    for (const n of e.names) {
      const sc = CYR.test(n) ? 'cyr' : 'lat';
      const cap = (w: string) => w.charAt(0) + w.slice(1).toLowerCase();
      for (const t of parseName(n).tokens) {
        const w = cap(t.raw);
        if (t.role === 'given' && t.given[0]) given[sc][t.given[0].gender].add(w);
        else if (t.role === 'patronymic' && t.patronymic) pat[sc][t.patronymic.gender].add(w);
        else if (t.role === 'surname' && !t.hyphenated) sur[sc][t.gender ?? 'n'].add(w);
      }
    }
  }
  void pools;
  const arr = <T>(s: Set<T>) => [...s];
  return {
    lat: {
      given: { m: arr(given.lat.m), f: arr(given.lat.f) },
      pat: { m: arr(pat.lat.m), f: arr(pat.lat.f) },
      sur: { m: [...sur.lat.m, ...sur.lat.n], f: [...sur.lat.f, ...sur.lat.n] },
    },
    cyr: {
      given: { m: arr(given.cyr.m), f: arr(given.cyr.f) },
      pat: { m: arr(pat.cyr.m), f: arr(pat.cyr.f) },
      sur: { m: [...sur.cyr.m, ...sur.cyr.n], f: [...sur.cyr.f, ...sur.cyr.n] },
    },
  };
}

function respell(name: string): string {
  if (CYR.test(name)) {
    const sys = pick(
      listSystems().filter((s) => s.id !== 'be-iso9' && s.id !== 'be-gost-7.79' && s.id !== 'ru-gost-7.79'),
    ).id;
    return transliterate(name, sys);
  }
  const subs: [RegExp, string][] = [
    [/sh/g, 'sch'],
    [/ch/g, 'tsch'],
    [/y/g, 'j'],
    [/v/g, 'w'],
    [/kh/g, 'ch'],
    [/ts/g, 'c'],
    [/ou/g, 'ow'],
    [/ei/g, 'ey'],
    [/ia/g, 'ya'],
    [/a$/g, 'o'],
  ];
  let out = name;
  for (const [re, rep] of subs) if (rand() < 0.3) out = out.replace(re, rep);
  return out;
}

function variant(name: string): string {
  let toks = name.split(' ');
  if (toks.length === 3 && rand() < 0.3) toks = [toks[0]!, toks[2]!]; // drop the patronymic
  if (rand() < 0.3) toks = [toks[toks.length - 1]!.toUpperCase() + ',', ...toks.slice(0, -1)];
  let q = respell(toks.join(' '));
  if (rand() < 0.15) {
    // one typo in the longest word
    const words = q.split(' ');
    const i = words.reduce((b, w, k) => (w.length > words[b]!.length ? k : b), 0);
    const w = words[i]!;
    const p = 1 + Math.floor(rand() * (w.length - 2));
    words[i] = w.slice(0, p) + w.slice(p + 1);
    q = words.join(' ');
  }
  return q;
}

async function main() {
  if (!sharedAvailable()) {
    console.error('../shared/data/sanctions not found: the benchmark needs the shared data folder.');
    process.exit(2);
  }
  const t0 = performance.now();
  const entities = [...(await loadEu()), ...(await loadGb())];
  const pairs = buildPairs(entities);
  console.log(
    `labelled set: ${pairs.length} pairs (${pairs.filter((p) => p.label).length} positive) built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const scores = pairs.map((p) => compareNames(p.a, p.b, { schema: p.schema }).score);
  const q = quality(pairs, scores, DEFAULT_THRESHOLD);
  const sweep: { threshold: number; f1: number; precision: number; recall: number }[] = [];
  for (let t = 0.6; t <= 0.96; t += 0.02) {
    const m = quality(pairs, scores, t).overall;
    sweep.push({ threshold: Math.round(t * 100) / 100, f1: m.f1, precision: m.precision, recall: m.recall });
  }
  const worst = pairs
    .map((p, i) => ({ ...p, score: scores[i]! }))
    .filter(
      (p) =>
        (p.label ? p.score < DEFAULT_THRESHOLD : p.score >= DEFAULT_THRESHOLD) &&
        p.category.startsWith('be-ru'),
    )
    .slice(0, 40);

  // Pair-comparison speed (warm token cache, as in bulk screening).
  const rates: number[] = [];
  const coldRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    clearNameCaches();
    let s = performance.now();
    for (const p of pairs) compareNames(p.a, p.b, { schema: p.schema });
    coldRates.push(pairs.length / ((performance.now() - s) / 1000));
    s = performance.now();
    for (const p of pairs) compareNames(p.a, p.b, { schema: p.schema });
    rates.push(pairs.length / ((performance.now() - s) / 1000));
  }

  // Screening: synthetic index from real name-part distributions.
  const pools = namePools(entities);
  const N = QUICK ? 100_000 : 1_000_000;
  const names: string[] = [];
  for (let i = 0; i < N; i++) {
    const sc = rand() < 0.5 ? pools.cyr : pools.lat;
    const g = rand() < 0.7 ? 'm' : 'f';
    const parts = [pick(sc.given[g]), pick(sc.pat[g]), pick(sc.sur[g])];
    names.push(rand() < 0.2 ? `${parts[0]} ${parts[2]}` : parts.join(' '));
  }
  const rssBefore = process.memoryUsage().rss;
  const b0 = performance.now();
  const index = new NameIndex();
  for (let i = 0; i < N; i++) index.add(`s${i}`, [names[i]!]);
  index.freeze();
  const buildSeconds = (performance.now() - b0) / 1000;
  global.gc?.();
  const rssAfter = process.memoryUsage().rss;
  const QN = QUICK ? 300 : 1000;
  const queries = Array.from({ length: QN }, () => {
    const i = Math.floor(rand() * N);
    return { id: `s${i}`, q: variant(names[i]!) };
  });
  const runQps: number[] = [];
  const lat: number[] = [];
  let hits = 0;
  let peakRss = rssAfter;
  for (let r = 0; r < RUNS; r++) {
    const s = performance.now();
    for (const { id, q: qq } of queries) {
      const t = performance.now();
      const res = index.search(qq, { top: 50 });
      if (r === 0) {
        lat.push(performance.now() - t);
        if (res.some((c) => c.id === id)) hits++;
      }
    }
    runQps.push(QN / ((performance.now() - s) / 1000));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const missed = queries
    .filter(({ id, q: qq }) => !index.search(qq, { top: 50 }).some((c) => c.id === id))
    .slice(0, 10)
    .map(({ id, q: qq }) => ({ query: qq, indexed: names[Number(id.slice(1))] }));

  const result = {
    generatedAt: new Date().toISOString(),
    command: `npx tsx bench/names.bench.ts${QUICK ? ' --quick' : ''}`,
    node: process.version,
    threshold: DEFAULT_THRESHOLD,
    labelledSet: {
      pairs: pairs.length,
      positives: pairs.filter((p) => p.label).length,
      sources: [
        'eu-fsf-2026-05-01.xml.gz nameAlias',
        'gb-sanctions-2026-08-22.ftm.jsonl.gz name/alias',
        'synthetic hard negatives',
      ],
    },
    quality: q,
    thresholdSweep: sweep,
    errorsSample: worst.map((w) => ({ a: w.a, b: w.b, label: w.label, score: w.score, kind: w.kind })),
    speed: {
      pairComparisonsPerSecond: Math.round(median(rates)),
      pairComparisonsPerSecondNote:
        'warm token/name caches (each name already seen once); cold = caches cleared first',
      runs: rates.map(Math.round),
      coldPairComparisonsPerSecond: Math.round(median(coldRates)),
      coldRuns: coldRates.map(Math.round),
      screening: {
        indexNames: N,
        buildSeconds: Math.round(buildSeconds * 10) / 10,
        rssBeforeBuildMB: Math.round(rssBefore / 2 ** 20),
        rssAfterBuildMB: Math.round(rssAfter / 2 ** 20),
        peakRssMB: Math.round(peakRss / 2 ** 20),
        queries: QN,
        queriesPerSecond: Math.round(median(runQps)),
        runs: runQps.map(Math.round),
        latencyMs: {
          p50: Math.round(pct(lat, 0.5) * 100) / 100,
          p95: Math.round(pct(lat, 0.95) * 100) / 100,
        },
        recallTop50: Math.round((hits / QN) * 10000) / 10000,
        missedSample: missed,
      },
    },
  };
  const out = path.resolve(import.meta.dirname, 'results', 'names.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const o = q.overall;
  const br = q.overallBelarusRussia;
  console.log(
    `be-ru    P=${br.precision} R=${br.recall} F1=${br.f1} negatives>=0.95: ${(br.negativesAtOrAbove095 * 100).toFixed(2)}%`,
  );
  console.log(
    `overall  P=${o.precision} R=${o.recall} F1=${o.f1} negatives>=0.95: ${(o.negativesAtOrAbove095 * 100).toFixed(2)}%`,
  );
  for (const [k, m] of Object.entries(q.byCategory))
    console.log(
      `  ${k.padEnd(34)} P=${m.precision} R=${m.recall} F1=${m.f1} (+${m.positives}/-${m.negatives})`,
    );
  for (const [k, m] of Object.entries(q.byKind))
    console.log(
      `  kind ${k.padEnd(29)} P=${m.precision} R=${m.recall} neg>=0.95=${m.negativesAtOrAbove095} (+${m.positives}/-${m.negatives})`,
    );
  console.log(
    `pairs/s ${result.speed.pairComparisonsPerSecond} warm, ${result.speed.coldPairComparisonsPerSecond} cold; index ${N} names built in ${result.speed.screening.buildSeconds}s, rss ${result.speed.screening.rssAfterBuildMB} MB (peak ${result.speed.screening.peakRssMB}); ${result.speed.screening.queriesPerSecond} q/s, p95 ${result.speed.screening.latencyMs.p95} ms, recall@50 ${result.speed.screening.recallTop50}`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

await main();

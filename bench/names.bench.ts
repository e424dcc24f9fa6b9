/**
 * Name-matching benchmark: quality on a labelled set built from ../shared/data/sanctions at run
 * time, pair-comparison speed, and screening speed against a 1,000,000-name synthetic index built
 * from real name-part distributions. Writes bench/results/names.json.
 * Run: npx tsx bench/names.bench.ts  [--quick]  (--quick: 100k-name index)
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { clearNameCaches, compareNames, DEFAULT_THRESHOLD, NameIndex } from '../src/names/index';
import { loadEu, loadGb, sharedAvailable } from './names-data';
import { buildPairs, quality } from './names-labelled';
import { namePools, pick, random as rand, variant } from './names-synthetic';

const QUICK = process.argv.includes('--quick');
const RUNS = 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

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

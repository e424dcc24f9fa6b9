/**
 * Screening figures of bench/names.bench.ts beyond the timed queries: recall on more query variants
 * (with the cause of each miss) and the binary index form (size, encode/load time, worker pool).
 */
import { availableParallelism } from 'node:os';
import { compareNames, NameIndex } from '../src/names/index';
import { ScreenPool } from '../src/names/screen-batch';
import { random as rand, variant } from './names-synthetic';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const mb = (x: number): number => Math.round(x / 2 ** 20);
const sec = (x: number): number => Math.round(x * 100) / 100;

/** Top-50 recall on `n` further variants; a miss is "scoring" when the scorer itself ranks the true name out. */
export function extendedRecall(index: NameIndex, names: readonly string[], n: number) {
  let hits = 0;
  const byCause = { blocking: 0, scoring: 0 };
  const missed: { query: string; indexed: string; cause: string; trueScore: number; score50: number }[] = [];
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rand() * names.length);
    const q = variant(names[i]!);
    const res = index.search(q, { top: 50 });
    if (res.some((c) => c.id === `s${i}`)) {
      hits++;
      continue;
    }
    const trueScore = compareNames(q, names[i]!, { explain: false }).score;
    const score50 = res[res.length - 1]?.score ?? 0;
    const cause = res.length < 50 || trueScore > score50 ? 'blocking' : 'scoring';
    byCause[cause]++;
    if (missed.length < 30) missed.push({ query: q, indexed: names[i]!, cause, trueScore, score50 });
  }
  return { queries: n, hits, byCause, missed };
}

/** Encode/load of the binary form and a worker pool screening the timed queries (wall clock). */
export async function binaryAndWorkers(index: NameIndex, queries: readonly string[]) {
  const c0 = cpu();
  const buf = index.serialize(true);
  const encodeCpuSeconds = cpu() - c0;
  const c1 = cpu();
  const copy = NameIndex.deserialize(buf);
  const loadCpuSeconds = cpu() - c1;
  const same = queries
    .slice(0, 50)
    .every(
      (q) => JSON.stringify(copy.search(q, { top: 50 })) === JSON.stringify(index.search(q, { top: 50 })),
    );
  const threads = availableParallelism();
  const w0 = performance.now();
  const pool = ScreenPool.open(buf, threads);
  try {
    // One query per worker: returns once every worker has loaded the index.
    await pool.run(queries.slice(0, threads), { top: 50 });
    const startSeconds = (performance.now() - w0) / 1000;
    const r0 = performance.now();
    await pool.run(queries, { top: 50 });
    const runSeconds = (performance.now() - r0) / 1000;
    return {
      note: 'index.serialize(true) into a SharedArrayBuffer; load = NameIndex.deserialize (no re-parsing; postings are views on the shared buffer); pool = ScreenPool with one worker per core, each loading the index from the shared buffer; wall clock on the shared machine',
      bytes: buf.byteLength,
      sizeMB: mb(buf.byteLength),
      encodeCpuSeconds: sec(encodeCpuSeconds),
      loadCpuSeconds: sec(loadCpuSeconds),
      loadedCopyAnswersSame: same,
      workerThreads: threads,
      poolStartSeconds: sec(startSeconds),
      poolQueriesPerSecond: Math.round(queries.length / runSeconds),
      peakRssWithCopyAndWorkersMB: mb(process.resourceUsage().maxRSS * 1024),
    };
  } finally {
    await pool.close();
  }
}

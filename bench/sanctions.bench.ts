import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/core/db/database';
import { alignmentReport } from '../src/modules/sanctions/alignment.service';
import { runResolution } from '../src/modules/sanctions/resolution.service';
import { importSanctionsFile } from '../src/modules/sanctions/sanctions.import';
import { createTestEnv, openTestContext } from '../test/support/context';

/**
 * Sanctions import and alignment on the four real lists of data/sanctions, per engine, each run on a fresh
 * database: (1) the EU FSF file imported alone (target ≤ 5 s); (2) all four files imported, resolved and
 * aligned (target ≤ 20 s); peak RSS of the process (target ≤ 500 MB; getrusage lifetime maximum, so it
 * includes Node, tsx and every earlier run: an upper bound). Median of the runs. PostgreSQL is skipped
 * when no server answers. Timings on a shared machine are noisy: read them with run.json's calibration.
 *
 *   npx tsx bench/sanctions.bench.ts [--quick] [--engine sqlite|postgres]
 */

const DIR = process.env.SANCTIONS_BENCH_DIR ?? '/work/shared/data/sanctions';
const FILES = [
  'eu-fsf-2026-05-01.xml.gz',
  'us-ofac-sdn-2024-05-03.csv',
  'gb-sanctions-2026-08-22.ftm.jsonl.gz',
  'ca-sema-2026-08-22.ftm.jsonl.gz',
];
const LIMITS = { euImportMs: 5000, allAlignedMs: 20000, rssMb: 500 };
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyEngine = args.includes('--engine') ? (args[args.indexOf('--engine') + 1] as Engine) : undefined;
const median = (xs: number[]): number =>
  Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function fresh(engine: Engine) {
  const env = await createTestEnv(engine);
  const opened = await openTestContext(env);
  return {
    ctx: opened.ctx,
    close: async () => {
      await opened.close();
      await env.destroy();
    },
  };
}

async function euImport(engine: Engine): Promise<number> {
  const { ctx, close } = await fresh(engine);
  try {
    const s = performance.now();
    await importSanctionsFile(ctx.db, engine, path.join(DIR, FILES[0]!));
    return performance.now() - s;
  } finally {
    await close();
  }
}

async function allAligned(engine: Engine) {
  const { ctx, close } = await fresh(engine);
  try {
    const s = performance.now();
    const importMs: Record<string, number> = {};
    for (const f of FILES) {
      const t = performance.now();
      await importSanctionsFile(ctx.db, engine, path.join(DIR, f));
      importMs[f] = Math.round(performance.now() - t);
    }
    const r = performance.now();
    const stats = await runResolution(ctx.db, engine);
    const resolveMs = performance.now() - r;
    const a = performance.now();
    const report = await alignmentReport(ctx.db);
    const alignMs = performance.now() - a;
    return {
      totalMs: performance.now() - s,
      importMs,
      resolveMs: Math.round(resolveMs),
      alignMs: Math.round(alignMs),
      clusters: stats.clusters,
      crossListClusters: stats.crossListClusters,
      reviewPending: stats.reviewPending,
      gapCounts: report.gapCounts,
    };
  } finally {
    await close();
  }
}

async function pgAvailable(): Promise<boolean> {
  try {
    const env = await createTestEnv('postgres');
    await env.destroy();
    return true;
  } catch {
    return false;
  }
}

const engines: Engine[] = onlyEngine ? [onlyEngine] : ['sqlite', 'postgres'];
const results = [];
for (const engine of engines) {
  if (engine === 'postgres' && !(await pgAvailable())) {
    results.push({ engine, skipped: 'no PostgreSQL server' });
    continue;
  }
  const euRuns: number[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) euRuns.push(await euImport(engine));
  const fullRuns = [];
  for (let i = 0; i < (quick ? 1 : 2); i++) fullRuns.push(await allAligned(engine));
  const euMs = median(euRuns);
  const allMs = median(fullRuns.map((r) => r.totalMs));
  results.push({
    engine,
    euImport: { runsMs: euRuns.map(Math.round), medianMs: euMs },
    allImportedAndAligned: {
      runsMs: fullRuns.map((r) => Math.round(r.totalMs)),
      medianMs: allMs,
      lastRun: {
        ...fullRuns[fullRuns.length - 1],
        totalMs: Math.round(fullRuns[fullRuns.length - 1]!.totalMs),
      },
    },
    peakRssMbSoFar: rssMb(),
    pass: euMs <= LIMITS.euImportMs && allMs <= LIMITS.allAlignedMs,
  });
}
const peakRssMb = rssMb();
const result = {
  benchmark: 'sanctions',
  date: new Date().toISOString(),
  node: process.version,
  files: FILES,
  limits: LIMITS,
  engines: results,
  peakRssMb,
  pass: peakRssMb <= LIMITS.rssMb && results.every((r) => !('pass' in r) || r.pass),
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'sanctions.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.pass ? 0 : 1;

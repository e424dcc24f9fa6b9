import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/core/db/database';
import { alignmentReport } from '../src/modules/sanctions/alignment.service';
import { runResolution } from '../src/modules/sanctions/resolution.service';
import { importSanctionsFile } from '../src/modules/sanctions/sanctions.import';
import { createTestEnv, openTestContext } from '../test/support/context';

/**
 * Sanctions import and alignment on the four real lists of data/sanctions (README there), per engine:
 *
 *   eu   the EU FSF file imported into a fresh database (target ≤ 5 s);
 *   all  the four files imported into a fresh database, resolved across lists and aligned (the full
 *        report, gaps included) (target ≤ 20 s);
 *   idle the same process that does nothing but open a fresh database: the baseline of Node, tsx and the
 *        loaded modules, to read the peak figures against.
 *
 * Every run is its own child process, so its peak RSS (getrusage maxRSS, target ≤ 500 MB) is that run's
 * own and not the lifetime maximum of everything before it. Timings are the median of the runs; CPU time
 * (user + system of the child) is reported too, because wall time on a shared machine mostly measures the
 * other processes (see loadAverage, and run.json's calibration under `npm run bench`). PostgreSQL is
 * skipped when no server answers.
 *
 *   npx tsx bench/sanctions.bench.ts [--quick] [--engine sqlite|postgres]
 *   SANCTIONS_BENCH_DIR=… to read the lists from elsewhere
 */

const DIR = process.env.SANCTIONS_BENCH_DIR ?? '/work/shared/data/sanctions';
const FILES = [
  'eu-fsf-2026-05-01.xml.gz',
  'us-ofac-sdn-2024-05-03.csv',
  'gb-sanctions-2026-08-22.ftm.jsonl.gz',
  'ca-sema-2026-08-22.ftm.jsonl.gz',
];
const LIMITS = { euImportMs: 5000, allAlignedMs: 20000, rssMb: 500 };
type Scenario = 'eu' | 'all' | 'idle';

interface ChildResult {
  scenario: Scenario;
  engine: Engine;
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  phasesMs: Record<string, number>;
  /** CPU time (user + system) of each phase: on a loaded machine the wall time mostly measures others. */
  phasesCpuMs: Record<string, number>;
  figures: Record<string, unknown>;
}

const args = process.argv.slice(2);
const arg = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;

const round = (x: number): number => Math.round(x);
const cpuMsNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One scenario in this (child) process; prints its result as one JSON line. */
async function child(scenario: Scenario, engine: Engine): Promise<void> {
  const env = await createTestEnv(engine);
  const opened = await openTestContext(env);
  const db = opened.ctx.db;
  const phasesMs: Record<string, number> = {};
  const phasesCpuMs: Record<string, number> = {};
  const figures: Record<string, unknown> = {};
  const cpu0 = cpuMsNow();
  const start = performance.now();
  try {
    const files = scenario === 'eu' ? FILES.slice(0, 1) : scenario === 'all' ? FILES : [];
    for (const f of files) {
      const t = performance.now();
      const c = cpuMsNow();
      const s = await importSanctionsFile(db, engine, path.join(DIR, f));
      phasesMs[`import ${f}`] = round(performance.now() - t);
      phasesCpuMs[`import ${f}`] = round(cpuMsNow() - c);
      figures[s.dataset] = { targets: s.targets, byRegime: s.byRegime };
    }
    if (scenario === 'all') {
      let t = performance.now();
      let c = cpuMsNow();
      const stats = await runResolution(db, engine);
      phasesMs.resolve = round(performance.now() - t);
      phasesCpuMs.resolve = round(cpuMsNow() - c);
      t = performance.now();
      c = cpuMsNow();
      const report = await alignmentReport(db);
      phasesMs.align = round(performance.now() - t);
      phasesCpuMs.align = round(cpuMsNow() - c);
      Object.assign(figures, {
        clusters: stats.clusters,
        crossListClusters: stats.crossListClusters,
        reviewPending: stats.reviewPending,
        gapCounts: report.gapCounts,
      });
    }
    const result: ChildResult = {
      scenario,
      engine,
      ms: round(performance.now() - start),
      cpuMs: round(cpuMsNow() - cpu0),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024),
      phasesMs,
      phasesCpuMs,
      figures,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await opened.close();
    await env.destroy();
  }
}

function spawnChild(scenario: Scenario, engine: Engine): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', scenario, '--engine', engine], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{'))
    throw new Error(`${scenario}/${engine} run failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(line) as ChildResult;
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

const median = (xs: number[]): number => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
const loadAvg = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** The runs of one scenario: median wall and CPU time, the highest peak RSS, the median run's phases. */
function summarise(runs: ChildResult[]) {
  const ms = median(runs.map((r) => r.ms));
  const mid = runs.find((r) => r.ms === ms) ?? runs[0]!;
  return {
    runsMs: runs.map((r) => r.ms),
    medianMs: ms,
    cpuMs: runs.map((r) => r.cpuMs),
    medianCpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    medianRun: { phasesMs: mid.phasesMs, phasesCpuMs: mid.phasesCpuMs, figures: mid.figures },
  };
}

async function parent(): Promise<void> {
  const quick = args.includes('--quick');
  const only = arg('--engine') as Engine | undefined;
  const engines: Engine[] = only ? [only] : ['sqlite', 'postgres'];
  const loadBefore = loadAvg();
  const results = [];
  for (const engine of engines) {
    if (engine === 'postgres' && !(await pgAvailable())) {
      results.push({ engine, skipped: 'no PostgreSQL server' });
      continue;
    }
    const idle = spawnChild('idle', engine);
    const euRuns: ChildResult[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) euRuns.push(spawnChild('eu', engine));
    const allRuns: ChildResult[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) allRuns.push(spawnChild('all', engine));
    const eu = summarise(euRuns);
    const all = summarise(allRuns);
    const pass = {
      euImport: eu.medianMs <= LIMITS.euImportMs,
      allImportedAndAligned: all.medianMs <= LIMITS.allAlignedMs,
      peakRss: Math.max(eu.peakRssMb, all.peakRssMb) <= LIMITS.rssMb,
    };
    results.push({
      engine,
      baselineRssMb: idle.peakRssMb,
      euImport: eu,
      allImportedAndAligned: all,
      pass: { ...pass, all: Object.values(pass).every(Boolean) },
    });
  }
  const result = {
    benchmark: 'sanctions',
    date: new Date().toISOString(),
    node: process.version,
    cores: os.cpus().length,
    loadAverage: { before: loadBefore, after: loadAvg() },
    quick,
    files: FILES,
    limits: LIMITS,
    engines: results,
    pass: results.every((r) => 'skipped' in r || r.pass?.all === true),
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'sanctions.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = result.pass ? 0 : 1;
}

const childScenario = arg('--child') as Scenario | undefined;
if (childScenario) await child(childScenario, (arg('--engine') as Engine | undefined) ?? 'sqlite');
else await parent();

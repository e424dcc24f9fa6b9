import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSummary } from './summary';

/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so one benchmark's memory does not
 * colour another's), then writes bench/results/SUMMARY.md from the JSON files they wrote (bench/summary.ts).
 *
 *   npm run bench -- --summary-only  rewrite SUMMARY.md from the JSON already in bench/results
 *
 *   npm run bench                   every benchmark, the 10-minute soak included
 *   npm run bench -- --no-soak      every benchmark but the soak
 *   npm run bench -- --soak         the soak only
 *   npm run bench -- load names     only the files whose name contains one of the words
 *
 * Each benchmark reports the median of several runs of each figure. The runner adds a CPU calibration
 * (SHA-256 over 64 MiB, median of 5) before and after, so a figure can be read against how fast this
 * machine was during this very run; the load benchmark adds its own bare-Fastify HTTP baseline.
 */
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');
fs.mkdirSync(resultsDir, { recursive: true });

const args = process.argv.slice(2);
const words = args.filter((a) => !a.startsWith('--'));
const soakOnly = args.includes('--soak');
const noSoak = args.includes('--no-soak');
const summaryOnly = args.includes('--summary-only');
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => words.length === 0 || words.some((o) => f.includes(o)))
  .filter((f) => (soakOnly ? f.startsWith('soak') : !(noSoak && f.startsWith('soak'))))
  .filter(() => !summaryOnly)
  .sort();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function calibrate(): { medianMs: number; runsMs: number[] } {
  const block = Buffer.alloc(64 * 2 ** 20, 7);
  const runsMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    createHash('sha256').update(block).digest();
    runsMs.push(Math.round((performance.now() - s) * 10) / 10);
  }
  return { medianMs: median(runsMs), runsMs };
}
const load = (): number[] => os.loadavg().map((x) => Math.round(x * 10) / 10);

const startedAt = new Date().toISOString();
const calibrationBefore = calibrate();
const loadBefore = load();
const ran: Array<{ file: string; exitCode: number | null; seconds: number }> = [];
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const s = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit' });
  ran.push({ file, exitCode: r.status, seconds: Math.round((performance.now() - s) / 1000) });
}
const calibrationAfter = calibrate();

const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const run = {
  startedAt,
  finishedAt: new Date().toISOString(),
  machine,
  loadAverage: { before: loadBefore, after: load() },
  cpuCalibrationSha256x64MiB: { before: calibrationBefore, after: calibrationAfter },
  benchmarks: ran,
};
fs.writeFileSync(path.join(resultsDir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);

const results = fs
  .readdirSync(resultsDir)
  .filter((x) => x.endsWith('.json') && x !== 'run.json')
  .sort()
  .map((file) => ({ file, text: fs.readFileSync(path.join(resultsDir, file), 'utf8').trim() }));
const summary = renderSummary(
  {
    startedAt,
    finishedAt: run.finishedAt,
    machine,
    loadAverage: run.loadAverage,
    calibration: { beforeMs: calibrationBefore.medianMs, afterMs: calibrationAfter.medianMs },
    ran,
    ...(summaryOnly ? {} : { freshSince: startedAt }),
  },
  results,
);
fs.writeFileSync(path.join(resultsDir, 'SUMMARY.md'), summary);
process.stdout.write(`\nwrote ${path.relative(process.cwd(), path.join(resultsDir, 'SUMMARY.md'))}\n`);
process.exitCode = ran.some((r) => r.exitCode !== 0) ? 1 : 0;

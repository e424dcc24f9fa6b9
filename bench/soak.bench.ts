/**
 * Soak: the load benchmark's mixed workload (90 % reads, 10 % creates of fictional persons, 50 signed-in
 * clients, loopback only) for 10 minutes in one-minute slices against one server (with --workers serving
 * processes, one per core by default, as in the load benchmark; memory adds them up), on the same
 * installation as the load benchmark (100,000 fictional persons and the four sanctions lists, cached in
 * bench/.cache). Reports each slice's throughput, p99, errors (timeouts apart) and server CPU per request,
 * and the server's resident memory; growth is measured from the end of the first slice (warm-up) to the
 * end. Target: RSS growth < 10 % after warm-up, no error.
 * Only under `npm run bench` (or `npm run bench -- --soak`); writes bench/results/soak.json.
 *
 *   npx tsx bench/soak.bench.ts [--minutes M] [--persons N] [--engine sqlite|postgres] [--slice-seconds S]
 *                               [--workers W]
 *   npx tsx bench/soak.bench.ts --short      three 10-second slices, a quick end-to-end check
 *
 * A short run is recorded as such (its duration line fails the 10-minute target).
 */
import os from 'node:os';
import type { Engine } from '../src/core/db/database';
import {
  argValue,
  benchWorkers,
  machine,
  median,
  MIXED,
  round,
  rssMiB,
  runLoad,
  writeResult,
} from './load-lib';
import { prepareInstallation, startInstallationServer } from './load-installation';
import type { KeyFigure } from './summary';

const SHORT = process.argv.includes('--short');
const MINUTES = Number(argValue('--minutes') ?? (SHORT ? 3 : 10));
const PERSONS = Number(argValue('--persons') ?? 100_000);
const ENGINE = (argValue('--engine') ?? 'sqlite') as Engine;
const CONNECTIONS = 50;
const WORKERS = benchWorkers();
const WARMUP_SLICES = 1;
const SLICE_SECONDS = Number(argValue('--slice-seconds') ?? (SHORT ? 10 : 60));
const TARGET_GROWTH_PERCENT = 10;

const startedAt = new Date().toISOString();
process.stderr.write(`soak: preparing ${PERSONS} fictional persons and the sanctions lists (${ENGINE})\n`);
const inst = await prepareInstallation(ENGINE, PERSONS);
const loadAverageAtStart = os.loadavg().map((x) => round(x));
const running = await startInstallationServer(inst, WORKERS);
const pid = running.server.child.pid;
const slices: Array<Record<string, number>> = [];
let errors = 0;
let timeouts = 0;
const errorCodes: Record<string, number> = {};
try {
  for (let i = 0; i < MINUTES; i++) {
    const r = await runLoad({
      url: running.server.baseUrl,
      pid,
      mix: MIXED,
      inst,
      headers: running.headers,
      csrfToken: running.csrfToken,
      connections: CONNECTIONS,
      seconds: SLICE_SECONDS,
      seed: 0x50a + i,
      // One continuous load: only the first slice waits for the freshly started server to settle.
      waitIdle: i === 0,
    });
    // autocannon's `errors` already include its timeouts (10 s without an answer); they are shown apart too.
    errors += r.errors + r.non2xx;
    timeouts += r.timeouts;
    for (const [k, v] of Object.entries(r.errorCodes)) errorCodes[k] = (errorCodes[k] ?? 0) + v;
    slices.push({
      slice: i + 1,
      requestsPerSecond: r.requestsPerSecond,
      p50Ms: r.latencyMs.p50,
      p99Ms: r.latencyMs.p99,
      errors: r.errors + r.non2xx,
      timeouts: r.timeouts,
      serverCpuMsPerRequest: r.serverCpuMsPerRequest,
      loadAverage1m: round(os.loadavg()[0]!),
      rssEndMiB: rssMiB(pid),
      rssMaxMiB: r.serverRssMiB.max,
    });
    process.stderr.write(`soak slice ${i + 1}: ${JSON.stringify(slices.at(-1))}\n`);
  }
} finally {
  await running.stop();
  await inst.destroy();
}

const afterWarmup = slices[WARMUP_SLICES - 1]?.rssEndMiB ?? Number.NaN;
const end = slices.at(-1)?.rssEndMiB ?? Number.NaN;
const growthPercent = round(((end - afterWarmup) / afterWarmup) * 100);
const pass = growthPercent < TARGET_GROWTH_PERCENT && errors === 0;
const keyFigures: KeyFigure[] = [
  {
    figure: `server RSS growth after warm-up, ${slices.length} × ${SLICE_SECONDS} s mixed load, ${WORKERS} worker(s)`,
    engine: ENGINE,
    value: growthPercent,
    unit: '%',
    target: `< ${TARGET_GROWTH_PERCENT} %`,
    pass: growthPercent < TARGET_GROWTH_PERCENT,
  },
  {
    figure: `errors over the whole soak (of which ${timeouts} timeouts)`,
    engine: ENGINE,
    value: errors,
    target: '0',
    pass: errors === 0,
  },
  {
    figure: 'throughput, median of slices',
    engine: ENGINE,
    value: median(slices.map((s) => s.requestsPerSecond!)),
    unit: 'req/s',
  },
  { figure: 'p99, median of slices', engine: ENGINE, value: median(slices.map((s) => s.p99Ms!)), unit: 'ms' },
  {
    figure: 'server CPU per request, median of slices',
    engine: ENGINE,
    value: median(slices.map((s) => s.serverCpuMsPerRequest!)),
    unit: 'ms',
  },
  ...(SLICE_SECONDS * MINUTES < 600
    ? [
        {
          figure: 'duration (SHORT run: the target is a 10-minute soak)',
          engine: ENGINE,
          value: SLICE_SECONDS * MINUTES,
          unit: 's',
          target: '≥ 600 s',
          pass: false,
        },
      ]
    : []),
];
writeResult('soak', {
  benchmark: 'soak',
  keyFigures,
  date: startedAt,
  finishedAt: new Date().toISOString(),
  command: `npx tsx bench/soak.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  machine: machine(),
  engine: ENGINE,
  workers: WORKERS,
  persons: PERSONS,
  sanctionsTargets: inst.sanctionsTargets,
  loadAverageAtStart,
  slices: MINUTES,
  sliceSeconds: SLICE_SECONDS,
  totalSeconds: MINUTES * SLICE_SECONDS,
  connections: CONNECTIONS,
  mix: MIXED.label,
  requestsPerSecondMedian: median(slices.map((s) => s.requestsPerSecond!)),
  p99MsMedian: median(slices.map((s) => s.p99Ms!)),
  rssMiB: { afterWarmup, end, max: Math.max(...slices.map((s) => s.rssMaxMiB!)), growthPercent },
  errors,
  timeouts,
  errorCodes,
  perSlice: slices,
  targets: { rssGrowthPercentBelow: TARGET_GROWTH_PERCENT, errors: 0, pass },
});

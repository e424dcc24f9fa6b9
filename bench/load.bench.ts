/**
 * HTTP load: the real server (its own process, loopback only) on a FICTIONAL registry of 100,000 persons
 * plus the four real sanctions lists (../shared/data/sanctions, imported and resolved as `supolka sanctions
 * import` does), 50 concurrent signed-in clients, each phase bounded in time:
 *   - baseline: a bare Fastify route in its own process, same client and concurrency (API overhead ratio);
 *   - reads: list, filter, name search, record page, statistics (20/25/25/20/10);
 *   - mixed: the same reads 90 %, creates of fictional persons 10 %;
 *   - one short run per request kind, to see which one costs what.
 * Each phase runs --runs times (default 3) and the median of each figure is reported, with the server's
 * CPU time per request (from /proc: the figure a shared machine distorts least). Writes
 * bench/results/load.json. Targets (SQLite, 2 cores): reads ≥ 1,000 req/s, p99 ≤ 100 ms, zero errors.
 * The generated SQLite installation is cached in bench/.cache (gitignored; ~5 min to make at 100,000
 * persons with the lists) and copied for each run; --no-cache regenerates, --no-sanctions leaves lists out.
 *
 * The server runs with --workers serving processes (SUPOLKA_WORKERS; default one per core, as an operator
 * of a dedicated machine would set it); CPU and RSS figures add up the main process and its workers.
 *
 *   npx tsx bench/load.bench.ts [--persons N] [--seconds S] [--runs R] [--engines sqlite,postgres]
 *                               [--workers W] [--no-cache] [--no-sanctions]
 */
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../src/core/db/database';
import {
  argValue,
  BENCH_DIR,
  benchWorkers,
  machine,
  median,
  medianOf,
  MIXED,
  only,
  READS,
  round,
  runLoad,
  startBaselineServer,
  writeResult,
  type Kind,
  type LoadFigures,
  type Mix,
} from './load-lib';
import {
  BENCH_PASSWORD,
  postgresReachable,
  prepareInstallation,
  SANCTIONS_DIR,
  sanctionFiles,
  startInstallationServer,
} from './load-installation';
import { runLogins, runProbe } from './load-probes';
import type { KeyFigure } from './summary';

const PERSONS = Number(argValue('--persons') ?? 100_000);
const SECONDS = Number(argValue('--seconds') ?? 10);
const RUNS = Number(argValue('--runs') ?? 3);
const CONNECTIONS = 50;
const WORKERS = benchWorkers();
// Server CPU per read that 1,000 reads/s allows: a core per worker (up to the cores there are), less about
// a third of a core for the load generator on the same machine when the workers use every core.
const CPU_BUDGET_MS = WORKERS === 1 ? 1 : round(Math.min(WORKERS, os.availableParallelism()) - 0.3, 1);
const TARGETS = { readRequestsPerSecond: 1000, p99Ms: 100, errors: 0 };
const LOGIN_CLIENTS = 2;
const SANCTIONS = !process.argv.includes('--no-sanctions');
const CACHE = !process.argv.includes('--no-cache');
const SIGN_IN_SECONDS = Math.max(5, SECONDS);

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

async function baseline(): Promise<ReturnType<typeof medianOf>> {
  const srv = await startBaselineServer();
  try {
    const mix: Mix = { label: 'bare fastify route', weights: [['list', 1]] };
    await runLoad({ url: srv.url, pid: srv.child.pid, mix, connections: CONNECTIONS, seconds: 2 });
    const runs: LoadFigures[] = [];
    for (let i = 0; i < RUNS; i++)
      runs.push(
        await runLoad({ url: srv.url, pid: srv.child.pid, mix, connections: CONNECTIONS, seconds: SECONDS }),
      );
    return medianOf(runs);
  } finally {
    await srv.stop();
  }
}

async function measureEngine(engine: Engine) {
  log(`${engine}: preparing ${PERSONS} fictional persons${SANCTIONS ? ' and the sanctions lists' : ''}`);
  const inst = await prepareInstallation(engine, PERSONS, { sanctions: SANCTIONS, cache: CACHE });
  log(`${engine}: ${inst.cached ? 'copied from bench/.cache' : `generated in ${inst.generateSeconds} s`}`);
  const running = await startInstallationServer(inst, WORKERS);
  const base = {
    url: running.server.baseUrl,
    pid: running.server.child.pid,
    inst,
    headers: running.headers,
    csrfToken: running.csrfToken,
    connections: CONNECTIONS,
  };
  try {
    log(`${engine}: warm-up`);
    await runLoad({ ...base, mix: READS, seconds: 3 });
    const phase = async (mix: Mix, runs: number, seconds: number) => {
      const out: LoadFigures[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await runLoad({ ...base, mix, seconds, seed: 0x10ad + i });
        log(
          `${engine} ${mix.label}: ${r.requestsPerSecond} req/s p99 ${r.latencyMs.p99} ms, server ${r.serverCpuMsPerRequest} CPU-ms/req, errors ${r.errors + r.non2xx} (load ${loadNow()})`,
        );
        out.push(r);
      }
      return medianOf(out);
    };
    const reads = await phase(READS, RUNS, SECONDS);
    const mixed = await phase(MIXED, RUNS, SECONDS);
    // Sign-ins at the real Argon2id cost while another client reads: the reader's latency shows whether
    // password hashing holds the event loop (it did, ~350 ms a sign-in, until hashing moved to a thread).
    const probe = { url: base.url, path: '/api/v1/registry/statistics', headers: base.headers };
    const alone = await runProbe({ ...probe, stopAt: Date.now() + SIGN_IN_SECONDS * 1000 });
    const stopAt = Date.now() + SIGN_IN_SECONDS * 1000;
    const [during, signIns] = await Promise.all([
      runProbe({ ...probe, stopAt }),
      runLogins({
        url: base.url,
        username: inst.loginUsername,
        password: BENCH_PASSWORD,
        clients: LOGIN_CLIENTS,
        stopAt,
      }),
    ]);
    const signInsDuringReads = {
      signIns,
      readerAlone: alone,
      readerDuringSignIns: during,
      readerP99Ratio: round(during.latencyMs.p99 / alone.latencyMs.p99, 2),
    };
    log(
      `${engine} sign-ins: p50 ${signIns.latencyMs.p50} ms (${signIns.signIns}); reader p99 ${alone.latencyMs.p99} ms alone, ${during.latencyMs.p99} ms during sign-ins`,
    );
    const kinds: Kind[] = ['list', 'filter', 'search', 'record', 'statistics', 'write'];
    const perKind: Record<
      string,
      {
        requestsPerSecond: number;
        latencyMs: LoadFigures['latencyMs'];
        serverCpuMsPerRequest: number;
        errors: number;
      }
    > = {};
    for (const k of kinds) {
      const r = await phase(only(k), 1, Math.max(3, Math.round(SECONDS / 2)));
      perKind[k] = {
        requestsPerSecond: r.requestsPerSecond,
        latencyMs: r.latencyMs,
        serverCpuMsPerRequest: r.serverCpuMsPerRequest,
        errors: r.errors + r.non2xx,
      };
    }
    return {
      engine,
      workers: WORKERS,
      persons: inst.persons,
      sanctionsTargets: inst.sanctionsTargets,
      generateSeconds: inst.generateSeconds,
      fromCache: inst.cached,
      reads,
      mixed,
      perKind,
      signInsDuringReads,
      serverRssAfterMiB: reads.serverRssMiB.end,
    };
  } finally {
    await running.stop();
    await inst.destroy();
  }
}

const engines = (argValue('--engines')?.split(',') as Engine[] | undefined) ?? [
  'sqlite',
  ...((await postgresReachable()) ? (['postgres'] as const) : []),
];
const loadNow = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

const startedAt = new Date().toISOString();
const loadAverageAtStart = os.loadavg().map((x) => round(x));
log('baseline: bare Fastify route');
const baselineBefore = await baseline();
const perEngine: Array<Awaited<ReturnType<typeof measureEngine>>> = [];
for (const engine of engines) perEngine.push(await measureEngine(engine));
const baselineAfter = await baseline();
const baselineRps = median([baselineBefore.requestsPerSecond, baselineAfter.requestsPerSecond]);
const baselineP50 = median([baselineBefore.latencyMs.p50, baselineAfter.latencyMs.p50]);
const baselineCpu = median([baselineBefore.serverCpuMsPerRequest, baselineAfter.serverCpuMsPerRequest]);

const withRatios = perEngine.map((e) => {
  const reads = e.reads as LoadFigures;
  const mixed = e.mixed as LoadFigures;
  const check = {
    readRequestsPerSecond: reads.requestsPerSecond >= TARGETS.readRequestsPerSecond,
    readP99: reads.latencyMs.p99 <= TARGETS.p99Ms,
    mixedP99: mixed.latencyMs.p99 <= TARGETS.p99Ms,
    zeroErrors: reads.errors + reads.non2xx + mixed.errors + mixed.non2xx === 0,
  };
  return {
    ...e,
    overVsBaseline: {
      // How many times slower than a bare route on the same machine in the same run.
      readThroughputRatio: round(baselineRps / reads.requestsPerSecond, 2),
      readP50LatencyRatio: round(reads.latencyMs.p50 / baselineP50, 2),
      mixedThroughputRatio: round(baselineRps / mixed.requestsPerSecond, 2),
      // CPU per request against the bare route's: the ratio least coloured by other load on the machine.
      readCpuPerRequestRatio: round(reads.serverCpuMsPerRequest / baselineCpu, 1),
    },
    targets: { ...TARGETS, appliesTo: 'sqlite', met: check, pass: Object.values(check).every(Boolean) },
  };
});

/** The lines of bench/results/SUMMARY.md's key-figure table (bench/summary.ts). */
const keyFigures: KeyFigure[] = [
  { figure: 'bare Fastify route (baseline), median', value: baselineRps, unit: 'req/s' },
  { figure: 'bare Fastify route, server CPU per request', value: baselineCpu, unit: 'ms' },
  ...withRatios.flatMap((e): KeyFigure[] => {
    const reads = e.reads as LoadFigures;
    const mixed = e.mixed as LoadFigures;
    const sqlite = e.engine === 'sqlite';
    const signIns = e.signInsDuringReads;
    const errors = reads.errors + reads.non2xx + mixed.errors + mixed.non2xx;
    return [
      {
        figure: `reads, ${CONNECTIONS} clients, ${e.persons} persons, ${e.workers} worker(s)`,
        engine: e.engine,
        value: reads.requestsPerSecond,
        unit: 'req/s',
        ...(sqlite
          ? { target: `≥ ${TARGETS.readRequestsPerSecond}`, pass: e.targets.met.readRequestsPerSecond }
          : {}),
      },
      {
        figure: 'reads p99',
        engine: e.engine,
        value: reads.latencyMs.p99,
        unit: 'ms',
        ...(sqlite ? { target: `≤ ${TARGETS.p99Ms} ms`, pass: e.targets.met.readP99 } : {}),
      },
      {
        figure: 'reads p50 / p95',
        engine: e.engine,
        value: `${reads.latencyMs.p50} / ${reads.latencyMs.p95}`,
        unit: 'ms',
      },
      { figure: 'mixed 90/10 reads/writes', engine: e.engine, value: mixed.requestsPerSecond, unit: 'req/s' },
      {
        figure: 'mixed p99',
        engine: e.engine,
        value: mixed.latencyMs.p99,
        unit: 'ms',
        ...(sqlite ? { target: `≤ ${TARGETS.p99Ms} ms`, pass: e.targets.met.mixedP99 } : {}),
      },
      {
        figure: 'errors (reads + mixed, all runs)',
        engine: e.engine,
        value: errors,
        target: '0',
        pass: errors === 0,
      },
      {
        figure: 'server CPU per request, reads / mixed',
        engine: e.engine,
        value: `${reads.serverCpuMsPerRequest} / ${mixed.serverCpuMsPerRequest}`,
        unit: 'ms',
        ...(sqlite
          ? {
              target: `≤ ${CPU_BUDGET_MS} ms (reads)`,
              pass: reads.serverCpuMsPerRequest <= CPU_BUDGET_MS,
            }
          : {}),
      },
      {
        figure: 'CPU per request ratio, reads / bare route',
        engine: e.engine,
        value: e.overVsBaseline.readCpuPerRequestRatio,
        unit: '×',
      },
      {
        figure: 'throughput ratio, bare route / reads',
        engine: e.engine,
        value: e.overVsBaseline.readThroughputRatio,
        unit: '×',
      },
      { figure: 'server RSS after the reads', engine: e.engine, value: reads.serverRssMiB.end, unit: 'MiB' },
      {
        figure: `sign-in at Argon2id interactive cost, p50 of ${signIns.signIns.signIns} successful (${signIns.signIns.refusedByRateLimit} refused by the 20/min limit)`,
        engine: e.engine,
        value: signIns.signIns.latencyMs.p50,
        unit: 'ms',
      },
      {
        figure: "a reader's p99 alone → during sign-ins",
        engine: e.engine,
        value: `${signIns.readerAlone.latencyMs.p99} → ${signIns.readerDuringSignIns.latencyMs.p99}`,
        unit: 'ms',
      },
    ];
  }),
];

const result = {
  benchmark: 'load',
  keyFigures,
  date: startedAt,
  finishedAt: new Date().toISOString(),
  command: `npx tsx bench/load.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  machine: machine(),
  loopbackOnly: true,
  connections: CONNECTIONS,
  secondsPerRun: SECONDS,
  runsPerPhase: RUNS,
  baseline: {
    before: baselineBefore,
    after: baselineAfter,
    requestsPerSecond: baselineRps,
    p50Ms: baselineP50,
    serverCpuMsPerRequest: baselineCpu,
  },
  engines: withRatios,
  sanctionsLists: SANCTIONS
    ? {
        folder: path.relative(path.join(BENCH_DIR, '..'), SANCTIONS_DIR),
        files: sanctionFiles().map((f) => path.basename(f)),
      }
    : 'not loaded (--no-sanctions)',
  loadAverageAtStart,
  note: 'Shared 2-core machine: other processes may run at the same time; compare with the baseline ratio.',
};
writeResult('load', result);
process.stdout.write(
  `${JSON.stringify(result.engines.map((e) => ({ engine: e.engine, targets: e.targets })))}\n`,
);

/**
 * Shared machinery of the HTTP load and soak benchmarks: the request mix, one bounded autocannon run with
 * exact percentiles, sign-in and probe runs, the server's CPU time and resident memory read from /proc, and
 * the bare-Fastify baseline. The installations they run against are in load-installation.ts. Traffic goes
 * to 127.0.0.1 only, and every run is bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REGIONS } from '../src/modules/registry/registry.schema';
import type { Installation } from './load-installation';
import { ARTICLES, FACILITIES } from './registry-data';
import { childEnv } from '../test/support/cli';
import { freePort } from '../test/support/server-process';
import { alive, cpuTicks, processTree, rssKb } from '../test/support/proc';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
};
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The p-quantile (0–1) of ascending times, rounded; NaN when there are none. */
export const percentile = (sorted: readonly number[], p: number, digits = 1): number =>
  round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN, digits);

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * Serving processes for the load and soak benchmarks (SUPOLKA_WORKERS): --workers, else one per core, as
 * an operator of a dedicated machine would set it.
 */
export function benchWorkers(): number {
  return Number(argValue('--workers') ?? os.availableParallelism());
}

/** Resident memory of a process with its workers in MiB, from /proc (Linux). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const kb = processTree(pid).reduce((sum, p) => sum + rssKb(p), 0);
  return kb > 0 ? round(kb / 1024) : Number.NaN;
}

/**
 * CPU time (user + system) a process and its workers have used so far, in ms, from /proc (Linux; clock
 * ticks of 10 ms). CPU-ms per request is the figure that survives a shared machine: wall-clock throughput
 * does not.
 */
export function cpuMs(pid: number | undefined): number {
  if (!pid || !alive(pid)) return Number.NaN;
  return processTree(pid).reduce((sum, p) => sum + cpuTicks(p), 0) * (1000 / CLOCK_TICKS);
}
const CLOCK_TICKS = 100;

/**
 * Waits until the server is idle (under 10 % of a core for half a second, at most `maxSeconds`): when a
 * run ends, the server still works through the requests its clients gave up on, and that work must not
 * be counted against the next run. Returns the seconds waited.
 */
export async function waitForIdle(pid: number | undefined, maxSeconds = 120): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < maxSeconds * 1000) {
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 500));
    if (!(cpuMs(pid) - before >= 50)) break;
  }
  return round((performance.now() - start) / 1000);
}

export type Kind = 'list' | 'filter' | 'search' | 'record' | 'statistics' | 'write';
export const READ_MIX: Array<[Kind, number]> = [
  ['list', 20],
  ['filter', 25],
  ['search', 25],
  ['record', 20],
  ['statistics', 10],
];

export interface Mix {
  label: string;
  weights: Array<[Kind, number]>;
}
export const READS: Mix = { label: 'reads', weights: READ_MIX };
/** 90 % reads in the proportions above, 10 % creates of fictional persons. */
export const MIXED: Mix = {
  label: 'mixed 90/10',
  weights: [...READ_MIX.map(([k, w]): [Kind, number] => [k, w * 0.9]), ['write', 10]],
};
export const only = (kind: Kind): Mix => ({ label: kind, weights: [[kind, 1]] });

let writeSeq = 0;
function requestFor(
  kind: Kind,
  inst: Installation,
  rnd: () => number,
): { method: 'GET' | 'POST'; path: string; body?: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  switch (kind) {
    case 'list':
      return { method: 'GET', path: `/api/v1/persons?limit=50&offset=${Math.floor(rnd() * 20) * 50}` };
    case 'filter': {
      const f = [
        `region=${pick(REGIONS)}&status=sentenced`,
        `article=${pick(ARTICLES)}`,
        `facility=${encodeURIComponent(pick(FACILITIES))}&detainedFrom=2022-01-01&detainedTo=2023-12-31`,
      ];
      return { method: 'GET', path: `/api/v1/persons?${pick(f)}&limit=50` };
    }
    case 'search':
      return { method: 'GET', path: `/api/v1/persons?q=${encodeURIComponent(pick(inst.queries))}&limit=50` };
    case 'record':
      return { method: 'GET', path: `/api/v1/persons/${pick(inst.recordIds)}` };
    case 'statistics':
      return { method: 'GET', path: '/api/v1/registry/statistics' };
    case 'write':
      writeSeq++;
      return {
        method: 'POST',
        path: '/api/v1/persons',
        body: JSON.stringify({
          consent: 'confidential',
          names: [{ script: 'latn', kind: 'primary', value: `Benchfictional Loadtest${writeSeq}` }],
          gender: 'other',
          region: pick(REGIONS),
          cases: [
            { articles: [{ article: pick(ARTICLES) }], detainedOn: '2023-05-01', facility: pick(FACILITIES) },
          ],
          statusEvents: [{ status: 'detained', occurredOn: '2023-05-01' }],
        }),
      };
  }
}

export interface LoadFigures {
  mix: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  errorCodes: Record<string, number>;
  serverRssMiB: { start: number; max: number; end: number };
  /** Server CPU time (user + system) per answered request, ms. */
  serverCpuMsPerRequest: number;
  /** Seconds the server needed to finish earlier (abandoned) work before this run started. */
  idleWaitSeconds: number;
}

/** One bounded autocannon run against a URL; percentiles from every response time, not the histogram. */
export async function runLoad(opts: {
  url: string;
  pid: number | undefined;
  mix: Mix;
  inst?: Installation;
  headers?: Record<string, string>;
  csrfToken?: string;
  connections: number;
  seconds: number;
  seed?: number;
  onSample?: (rss: number) => void;
  /** Wait for the server to be idle first (default true; the soak keeps its load continuous). */
  waitIdle?: boolean;
}): Promise<LoadFigures> {
  let s = opts.seed ?? 0x10ad;
  const rnd = (): number => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const total = opts.mix.weights.reduce((a, [, w]) => a + w, 0);
  const chooseKind = (): Kind => {
    let x = rnd() * total;
    for (const [k, w] of opts.mix.weights) if ((x -= w) < 0) return k;
    return opts.mix.weights[0]![0];
  };
  const idleWaitSeconds = (opts.waitIdle ?? true) ? await waitForIdle(opts.pid) : 0;
  const times: number[] = [];
  const statusCounts: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  const rssStart = rssMiB(opts.pid);
  const cpuStart = cpuMs(opts.pid);
  let rssMax = rssStart;
  const sampler = setInterval(() => {
    const r = rssMiB(opts.pid);
    if (r > rssMax) rssMax = r;
    opts.onSample?.(r);
  }, 1000);
  const inst = opts.inst;
  let finish: (err: unknown, r: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, r) =>
      err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(r);
  });
  const instance = autocannon(
    {
      url: opts.url,
      connections: opts.connections,
      duration: opts.seconds,
      timeout: 10,
      headers: opts.headers ?? {},
      requests: [
        {
          setupRequest: (req) => {
            if (!inst) return req;
            const r = requestFor(chooseKind(), inst, rnd);
            return {
              ...req,
              method: r.method,
              path: r.path,
              headers: {
                ...opts.headers,
                ...(r.body !== undefined
                  ? { 'content-type': 'application/json', 'x-csrf-token': opts.csrfToken ?? '' }
                  : {}),
              },
              ...(r.body !== undefined ? { body: r.body } : { body: undefined }),
            };
          },
          onResponse: (status, body) => {
            statusCounts[status] = (statusCounts[status] ?? 0) + 1;
            if (status >= 300) {
              let code = 'unreadable';
              try {
                code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? 'no code';
              } catch {
                // Not JSON: counted as unreadable.
              }
              errorCodes[code] = (errorCodes[code] ?? 0) + 1;
            }
          },
        },
      ],
    },
    (err: unknown, r: autocannon.Result) => finish(err, r),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  const result = await done;
  const cpuUsed = cpuMs(opts.pid) - cpuStart;
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  const at = (p: number): number => percentile(times, p, 2);
  return {
    mix: opts.mix.label,
    connections: opts.connections,
    seconds: opts.seconds,
    requests: times.length,
    requestsPerSecond: round(times.length / opts.seconds),
    latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(times.at(-1) ?? NaN, 2) },
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    statusCounts,
    errorCodes,
    serverRssMiB: { start: rssStart, max: rssMax, end: rssMiB(opts.pid) },
    serverCpuMsPerRequest: round(cpuUsed / Math.max(1, times.length), 3),
    idleWaitSeconds,
  };
}

/** The same figures' median over several runs (each figure separately), with every run kept. */
export function medianOf(runs: LoadFigures[]): LoadFigures & { runs: number; perRunRps: number[] } {
  const m = (f: (r: LoadFigures) => number): number => median(runs.map(f));
  const first = runs[0]!;
  return {
    ...first,
    requests: m((r) => r.requests),
    requestsPerSecond: m((r) => r.requestsPerSecond),
    latencyMs: {
      p50: m((r) => r.latencyMs.p50),
      p95: m((r) => r.latencyMs.p95),
      p99: m((r) => r.latencyMs.p99),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
    },
    // Errors are summed, not medianed: one error in any run is an error.
    errors: runs.reduce((a, r) => a + r.errors, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    statusCounts: sumCounts(runs.map((r) => r.statusCounts)),
    errorCodes: sumCounts(runs.map((r) => r.errorCodes)),
    serverRssMiB: {
      start: runs[0]!.serverRssMiB.start,
      max: Math.max(...runs.map((r) => r.serverRssMiB.max)),
      end: runs.at(-1)!.serverRssMiB.end,
    },
    serverCpuMsPerRequest: m((r) => r.serverCpuMsPerRequest),
    idleWaitSeconds: Math.max(...runs.map((r) => r.idleWaitSeconds)),
    runs: runs.length,
    perRunRps: runs.map((r) => r.requestsPerSecond),
  };
}

function sumCounts(xs: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) for (const [k, v] of Object.entries(x)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The baseline: a bare Fastify route (one small JSON object) in its own Node process, measured with the
 * same client and concurrency in the same run, so the API's figures can be read as a ratio to it.
 */
export async function startBaselineServer(): Promise<{
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(BENCH_DIR, 'load-baseline-server.ts')],
    {
      env: childEnv({}, { BASELINE_PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`baseline server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

export function writeResult(name: string, result: unknown): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

export function machine(): Record<string, unknown> {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((x) => round(x)),
  };
}

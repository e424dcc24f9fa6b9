/**
 * Shared machinery of the HTTP load and soak benchmarks: a FICTIONAL installation (bench/registry-data.ts),
 * the real server started as its own process on loopback, a signed-in session, the request mix, one
 * bounded autocannon run with exact percentiles, and the server's resident memory read from /proc.
 * Traffic goes to 127.0.0.1 only, and every run is bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { AuthService } from '../src/core/auth/auth.service';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import type { Engine } from '../src/core/db/database';
import { createLogger } from '../src/core/logging';
import { REGIONS } from '../src/modules/registry/registry.schema';
import { runResolution } from '../src/modules/sanctions/resolution.service';
import { importAudit, importSanctionsFile } from '../src/modules/sanctions/sanctions.import';
import { ARTICLES, FACILITIES, generateRegistry } from './registry-data';
import { childEnv } from '../test/support/cli';
import {
  freePort,
  httpSignIn,
  killServer,
  startServer,
  type ServerProcess,
} from '../test/support/server-process';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const PG_ADMIN_URL = process.env.SUPOLKA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_PASSWORD = 'fictional bench password, loopback only';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
};
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface Installation {
  engine: Engine;
  env: NodeJS.ProcessEnv;
  persons: number;
  generateSeconds: number;
  username: string;
  /** An account whose password is hashed at the production ('interactive') Argon2id cost, for sign-ins. */
  loginUsername: string;
  /** Ids of records the bench user can open (never sealed), for record-page requests. */
  recordIds: string[];
  queries: string[];
  /** Targets imported from the sanctions lists (0 when none were loaded). */
  sanctionsTargets: number;
  /** True when the database came from bench/.cache rather than being generated in this run. */
  cached: boolean;
  destroy(): Promise<void>;
}

/** The four real sanctions lists (../shared/data/sanctions); SANCTIONS_BENCH_DIR overrides the folder. */
export const SANCTIONS_DIR =
  process.env.SANCTIONS_BENCH_DIR ?? path.join(BENCH_DIR, '..', '..', 'shared', 'data', 'sanctions');
const SANCTIONS_FILE = /\.(xml|csv|jsonl)(\.gz)?$/;
/** Generated SQLite installations are kept here between runs (gitignored): 100,000 persons take minutes. */
const CACHE_DIR = path.join(BENCH_DIR, '.cache');
/** Bump when fill() below changes what an installation holds. */
const CACHE_FORMAT = 'load-installation-1';

export interface PrepareOptions {
  /** Import the four sanctions lists (and run resolution), as a real installation would hold them. */
  sanctions?: boolean;
  /** SQLite only: reuse (or fill) bench/.cache; each run still works on its own copy. Default true. */
  cache?: boolean;
}

interface InstallationMeta {
  username: string;
  loginUsername: string;
  recordIds: string[];
  queries: string[];
  sanctionsTargets: number;
  generateSeconds: number;
}

/** What the cached database depends on: the generator, the migrations and the list files. */
function cacheKey(n: number, sanctionFiles: string[]): string {
  const h = createHash('sha256');
  h.update(fs.readFileSync(path.join(BENCH_DIR, 'registry-data.ts')));
  h.update(CACHE_FORMAT);
  const migrations = path.join(BENCH_DIR, '..', 'src', 'core', 'db', 'migrations');
  for (const f of fs.readdirSync(migrations).sort()) h.update(fs.readFileSync(path.join(migrations, f)));
  for (const f of sanctionFiles) h.update(`${path.basename(f)}:${fs.statSync(f).size}`);
  return `sqlite-${n}-s${sanctionFiles.length}-${h.digest('hex').slice(0, 12)}`;
}

export function sanctionFiles(): string[] {
  if (!fs.existsSync(SANCTIONS_DIR)) throw new Error(`no sanctions lists in ${SANCTIONS_DIR}`);
  return fs
    .readdirSync(SANCTIONS_DIR)
    .filter((f) => SANCTIONS_FILE.test(f))
    .sort()
    .map((f) => path.join(SANCTIONS_DIR, f));
}

/**
 * An installation on the chosen engine filled with n fictional persons, one editor account and (by
 * default) the four sanctions lists. On SQLite a generated one is cached and copied per run.
 */
export async function prepareInstallation(
  engine: Engine,
  n: number,
  options: PrepareOptions = {},
): Promise<Installation> {
  const lists = (options.sanctions ?? true) ? sanctionFiles() : [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-bench-load-'));
  const cached =
    engine === 'sqlite' && (options.cache ?? true) ? path.join(CACHE_DIR, cacheKey(n, lists)) : undefined;
  const env = benchEnv(dataDir);
  const destroy = async (dbName?: string): Promise<void> => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
  };
  if (cached && fs.existsSync(path.join(cached, 'meta.json'))) {
    const meta = JSON.parse(fs.readFileSync(path.join(cached, 'meta.json'), 'utf8')) as InstallationMeta;
    fs.cpSync(path.join(cached, 'data'), dataDir, { recursive: true });
    return { engine, env, persons: n, ...meta, cached: true, destroy: () => destroy() };
  }
  let dbName: string | undefined;
  if (engine === 'postgres') {
    dbName = `supolka_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${dbName}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const t0 = performance.now();
  const meta = await fill(env, n, lists);
  meta.generateSeconds = round((performance.now() - t0) / 1000);
  if (cached) {
    // Written to a temporary name and renamed, so an interrupted run never leaves a half cache behind.
    const tmp = `${cached}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    fs.cpSync(dataDir, path.join(tmp, 'data'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta));
    fs.rmSync(cached, { recursive: true, force: true });
    fs.renameSync(tmp, cached);
  }
  return { engine, env, persons: n, ...meta, cached: false, destroy: () => destroy(dbName) };
}

function benchEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    SUPOLKA_DATA_DIR: dataDir,
    SUPOLKA_LOG_LEVEL: 'silent',
    SUPOLKA_PASSWORD_HASH_COST: 'test',
    // The limiter is per address and everything here comes from 127.0.0.1; the load is the point.
    SUPOLKA_RATE_LIMIT_PER_MINUTE: '100000000',
  };
}

/** Accounts, n fictional persons and the sanctions lists, through the modules' own services. */
async function fill(env: NodeJS.ProcessEnv, n: number, lists: string[]): Promise<InstallationMeta> {
  const opened = await openContext(loadConfig(env), createLogger('silent'));
  const { ctx } = opened;
  const username = `bench-editor-${randomBytes(3).toString('hex')}`;
  const loginUsername = `bench-login-${randomBytes(3).toString('hex')}`;
  try {
    await new AuthService(ctx).createUser(null, {
      username,
      displayName: 'Bench editor (fictional)',
      role: 'editor',
      password: BENCH_PASSWORD,
    });
    // The server runs at the cheap 'test' cost (the load is about the API), but this account's hash is
    // made at the real cost, so the sign-in phase pays what a production sign-in pays.
    await new AuthService({ ...ctx, config: { ...ctx.config, passwordHashCost: 'interactive' } }).createUser(
      null,
      {
        username: loginUsername,
        displayName: 'Bench sign-in (fictional)',
        role: 'viewer',
        password: BENCH_PASSWORD,
      },
    );
    const { queries } = await generateRegistry(ctx, n);
    let sanctionsTargets = 0;
    for (const file of lists) {
      const s = await importSanctionsFile(ctx.db, ctx.engine, file, {
        beforeCommit: (trx, sum) => ctx.audit.append(trx, importAudit(null, sum)),
      });
      sanctionsTargets += s.targets;
    }
    if (lists.length > 0) await runResolution(ctx.db, ctx.engine);
    await sql`analyze`.execute(ctx.db);
    const recordIds = (
      await ctx.db
        .selectFrom('persons')
        .select('id')
        .where('tier', 'in', ['public', 'internal', 'confidential'])
        .limit(2000)
        .execute()
    ).map((r) => r.id);
    return { username, loginUsername, recordIds, queries, sanctionsTargets, generateSeconds: 0 };
  } finally {
    await opened.close();
  }
}

export interface RunningServer {
  server: ServerProcess;
  headers: Record<string, string>;
  csrfToken: string;
  stop(): Promise<void>;
}

export async function startInstallationServer(inst: Installation): Promise<RunningServer> {
  const server = await startServer(inst.env, await freePort(), 60_000);
  const session = await httpSignIn(server.baseUrl, inst.username, BENCH_PASSWORD);
  return {
    server,
    headers: { cookie: session.cookie },
    csrfToken: session.csrfToken,
    stop: () => killServer(server, 'SIGTERM'),
  };
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux; clock ticks of 10 ms).
 * CPU-ms per request is the figure that survives a shared machine: wall-clock throughput does not.
 */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return Number.NaN;
  }
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
  const at = (p: number): number =>
    round(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN, 2);
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

export interface LoginFigures {
  clients: number;
  /** Successful sign-ins; the latencies are theirs only. */
  signIns: number;
  latencyMs: { p50: number; p95: number; max: number };
  /** Refused by the sign-in route's own limit (20 a minute per address, app's auth routes): not failures. */
  refusedByRateLimit: number;
  failures: number;
}

/**
 * Sign-ins at the real Argon2id cost from `clients` sequential loops until `stopAt` (ms since epoch).
 * Run beside a read load, it shows whether password hashing stalls everyone else's requests.
 */
export async function runLogins(opts: {
  url: string;
  username: string;
  clients: number;
  stopAt: number;
}): Promise<LoginFigures> {
  const times: number[] = [];
  let failures = 0;
  let refusedByRateLimit = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < opts.stopAt) {
      const s = performance.now();
      try {
        const res = await fetch(`${opts.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: opts.username, password: BENCH_PASSWORD }),
        });
        await res.arrayBuffer();
        if (res.status === 200) times.push(performance.now() - s);
        else if (res.status === 429) {
          // A refusal costs no hashing: counting its few milliseconds as a sign-in hid the real cost.
          refusedByRateLimit++;
          await new Promise((r) => setTimeout(r, 250));
        } else failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, loop));
  times.sort((a, b) => a - b);
  const at = (p: number): number =>
    round(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN, 1);
  return {
    clients: opts.clients,
    signIns: times.length,
    latencyMs: { p50: at(0.5), p95: at(0.95), max: round(times.at(-1) ?? NaN, 1) },
    refusedByRateLimit,
    failures,
  };
}

/**
 * One client sending `path` back to back until `stopAt`: latency of a cheap request, which is what a
 * blocked event loop shows up in (every request waits for whatever holds the loop).
 */
export async function runProbe(opts: {
  url: string;
  path: string;
  headers: Record<string, string>;
  stopAt: number;
}): Promise<{ requests: number; latencyMs: { p50: number; p99: number; max: number }; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  while (Date.now() < opts.stopAt) {
    const s = performance.now();
    try {
      const res = await fetch(`${opts.url}${opts.path}`, { headers: opts.headers });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    } catch {
      failures++;
    }
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number =>
    round(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN, 1);
  return {
    requests: times.length,
    latencyMs: { p50: q(0.5), p99: q(0.99), max: round(times.at(-1) ?? NaN, 1) },
    failures,
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

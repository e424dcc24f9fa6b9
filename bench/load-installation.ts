/**
 * The installations the HTTP load and soak benchmarks run against: FICTIONAL persons (bench/registry-data.ts)
 * and the four real sanctions lists, on SQLite (generated once, cached in bench/.cache and copied per run) or
 * on a fresh PostgreSQL database, and the real server started on it with a signed-in session.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { AuthService } from '../src/core/auth/auth.service';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import type { Engine } from '../src/core/db/database';
import { createLogger } from '../src/core/logging';
import { runResolution } from '../src/modules/sanctions/resolution.service';
import { importAudit, importSanctionsFile } from '../src/modules/sanctions/sanctions.import';
import { BENCH_DIR, round } from './load-lib';
import { generateRegistry } from './registry-data';
import { adminQuery } from '../test/support/context';
import {
  freePort,
  httpSignIn,
  killServer,
  startServer,
  type ServerProcess,
} from '../test/support/server-process';

const PG_ADMIN_URL = process.env.SUPOLKA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_PASSWORD = 'fictional bench password, loopback only';

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
    if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`, PG_ADMIN_URL);
  };
  if (cached && fs.existsSync(path.join(cached, 'meta.json'))) {
    const meta = JSON.parse(fs.readFileSync(path.join(cached, 'meta.json'), 'utf8')) as InstallationMeta;
    fs.cpSync(path.join(cached, 'data'), dataDir, { recursive: true });
    return { engine, env, persons: n, ...meta, cached: true, destroy: () => destroy() };
  }
  let dbName: string | undefined;
  if (engine === 'postgres') {
    dbName = `supolka_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${dbName}`, PG_ADMIN_URL);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const t0 = performance.now();
  let meta: InstallationMeta;
  try {
    meta = await fill(env, n, lists);
  } catch (err) {
    // A failed fill must not leave a half-filled PostgreSQL database (or data folder) behind.
    await destroy(dbName);
    throw err;
  }
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
    // Caches of the same size made from older migrations or generators are never read again (~900 MB each).
    const family = `${path.basename(cached).split('-').slice(0, 3).join('-')}-`;
    for (const old of fs.readdirSync(CACHE_DIR))
      if (old.startsWith(family) && old !== path.basename(cached))
        fs.rmSync(path.join(CACHE_DIR, old), { recursive: true, force: true });
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
    // PostgreSQL: VACUUM as well, as its documentation advises after a bulk load (autovacuum would get there
    // later); without it every index-only scan still visits the table for visibility.
    await (ctx.engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(ctx.db);
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

/** Starts the server on an installation with `workers` serving processes (SUPOLKA_WORKERS). */
export async function startInstallationServer(inst: Installation, workers: number): Promise<RunningServer> {
  const env = { ...inst.env, SUPOLKA_WORKERS: String(workers) };
  const server = await startServer(env, await freePort(), 60_000);
  const session = await httpSignIn(server.baseUrl, inst.username, BENCH_PASSWORD);
  return {
    server,
    headers: { cookie: session.cookie },
    csrfToken: session.csrfToken,
    stop: () => killServer(server, 'SIGTERM'),
  };
}

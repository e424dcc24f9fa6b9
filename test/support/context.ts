import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../../src/core/config';
import { openContext, type OpenedContext } from '../../src/core/bootstrap';
import { createLogger } from '../../src/core/logging';
import type { Engine } from '../../src/core/db/database';

/** PostgreSQL server used for tests; each test context gets a fresh database created and dropped here. */
export const PG_ADMIN_URL = process.env.SUPOLKA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Both engines always; SUPOLKA_TEST_ENGINES=sqlite narrows a local run, CI never sets it. */
export const ENGINES: Engine[] = (process.env.SUPOLKA_TEST_ENGINES?.split(',') as Engine[] | undefined) ?? [
  'sqlite',
  'postgres',
];

export interface TestEnv {
  engine: Engine;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  config: AppConfig;
  /** Removes the data folder and drops the PostgreSQL database. */
  destroy(): Promise<void>;
}

/** One statement on the PostgreSQL maintenance database (create/drop the databases of tests and benches). */
export async function adminQuery(sql: string, adminUrl = PG_ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty installation: its own data folder, master key, and database on the chosen engine. */
export async function createTestEnv(engine: Engine, extra: NodeJS.ProcessEnv = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-test-'));
  const env: NodeJS.ProcessEnv = {
    SUPOLKA_DATA_DIR: dataDir,
    SUPOLKA_LOG_LEVEL: 'silent',
    SUPOLKA_PASSWORD_HASH_COST: 'test',
    SUPOLKA_RATE_LIMIT_PER_MINUTE: '100000',
    ...extra,
  };
  let dbName: string | undefined;
  if (engine === 'postgres') {
    dbName = `supolka_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${dbName}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  return {
    engine,
    dataDir,
    env,
    config: loadConfig(env),
    destroy: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
    },
  };
}

export async function openTestContext(env: TestEnv): Promise<OpenedContext> {
  return openContext(env.config, createLogger('silent'));
}

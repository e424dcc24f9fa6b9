import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config';
import type { Database } from './schema';
import { SqliteServerDialect } from './sqlite-driver';

export type DB = Kysely<Database>;
export type Engine = DatabaseTarget['engine'];

export interface DatabaseHandle {
  db: DB;
  engine: Engine;
  /** For SQLite, the file; used by backup and by tests that scan stored bytes. */
  file?: string;
  close(): Promise<void>;
}

// int8 (bigint/bigserial, and count(*)) arrive as strings by default; our counts and sequence numbers fit.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.engine === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a write acknowledged to a client survives power loss and SIGKILL.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a list's exact total walks the persons table, and
    // with the default every page of it came back through a read() system call on each request.
    sqlite.pragma(`cache_size = -${64 * 1024}`);
    const db = new Kysely<Database>({ dialect: new SqliteServerDialect(sqlite) });
    return { db, engine: 'sqlite', file: target.file, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server must not crash the process; the next query reports the failure.
  pool.on('error', () => undefined);
  // A client checked out (e.g. inside a transaction) that loses its server emits 'error' too, and with no
  // listener that ends the whole process. Its query in flight fails by itself (503), and the pool drops
  // the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

/**
 * A transaction that only reads: one snapshot for all its queries. On SQLite it does not take the write
 * lock (see sqlite-driver.ts), so it never waits for another process's writer; PostgreSQL refuses a write
 * inside it.
 */
export function readTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  return db.transaction().setAccessMode('read only').execute(work);
}

import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { arrivedAt } from './arrival-order';

/** Distinct SQL texts kept prepared; the application issues a few hundred shapes at most. */
const STATEMENT_CACHE_SIZE = 1000;
/**
 * Writes with more parameters than this are not cached: their text grows with the data (bulk `values`
 * tuples), so each would take a slot of its own and push out the common ones. Reads may have more: their
 * long lists are IN lists, which the repositories pad to a few fixed lengths (in-list.ts).
 */
const MAX_CACHED_WRITE_PARAMETERS = 32;
const MAX_CACHED_READ_PARAMETERS = 256;

/**
 * Kysely's SQLite dialect with three changes, all about the server under concurrent requests:
 *
 * - Prepared statements are cached by SQL text. Kysely's own driver prepares every query afresh, so SQLite
 *   parses and plans the same statement on every request (the larger part of a simple read's CPU).
 * - The single connection is handed over through a queue, oldest request first (arrival-order.ts).
 *   Kysely's mutex wakes every waiter on each release and lets them race for it, which costs
 *   O(waiters) per query under load and lets an unlucky request wait for seconds.
 * - ROLLBACK is sent only while a transaction is open: SQLite rolls back by itself after some errors
 *   (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM), and the failing ROLLBACK would hide the real error.
 */
export class SqliteServerDialect implements Dialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) {}
  createDriver(): Driver {
    return new CachingSqliteDriver(this.sqlite);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

interface Waiter {
  arrivedAt: number;
  resume: () => void;
}

class CachingSqliteDriver implements Driver {
  private readonly connection: CachingSqliteConnection;
  /** Sorted by arrival of the work that waits (oldest first); equal times keep queue order. */
  private readonly waiters: Waiter[] = [];
  private busy = false;

  constructor(private readonly sqlite: SqliteDatabase.Database) {
    this.connection = new CachingSqliteConnection(sqlite);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.connection);
    }
    return new Promise((resolve) => {
      const waiter = { arrivedAt: arrivedAt(), resume: () => resolve(this.connection) };
      let i = this.waiters.length;
      while (i > 0 && this.waiters[i - 1]!.arrivedAt > waiter.arrivedAt) i--;
      this.waiters.splice(i, 0, waiter);
    });
  }

  releaseConnection(): Promise<void> {
    // Handed straight to the next waiter: the connection never looks free while someone is queued.
    const next = this.waiters.shift();
    if (next) next.resume();
    else this.busy = false;
    return Promise.resolve();
  }

  /**
   * Transactions take the write lock when they begin, unless declared read only. Another process may write
   * to the same file (a CLI import, restore or key rotation while the server runs): a deferred transaction
   * that has read and then writes fails at once (SQLITE_BUSY_SNAPSHOT) when that process wrote in between,
   * where an immediate one waits for the lock (busy_timeout). Read-only transactions stay deferred so that
   * they never queue behind a writer; PostgreSQL runs them as `read only` too, so a write inside one fails
   * in tests there.
   */
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = settings.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(mode));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }
  destroy(): Promise<void> {
    this.connection.clear();
    this.sqlite.close();
    return Promise.resolve();
  }
}

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

class CachingSqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  private prepare(text: string): SqliteDatabase.Statement {
    let stmt = this.statements.get(text);
    if (stmt) {
      // Move to the back: the Map's insertion order is the eviction order (least recently used first).
      this.statements.delete(text);
    } else {
      stmt = this.sqlite.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        this.statements.delete(this.statements.keys().next().value!);
      }
    }
    this.statements.set(text, stmt);
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[];
    const limit = SelectQueryNode.is(compiled.query)
      ? MAX_CACHED_READ_PARAMETERS
      : MAX_CACHED_WRITE_PARAMETERS;
    const stmt = params.length > limit ? this.sqlite.prepare(compiled.sql) : this.prepare(compiled.sql);
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
    const { changes, lastInsertRowid } = stmt.run(params);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  // Kysely's interface is async; better-sqlite3 reads synchronously, so there is nothing to await.
  // eslint-disable-next-line @typescript-eslint/require-await
  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only select queries');
    // Not from the cache: an iterating statement is busy until the caller stops, and a cached one could
    // be asked for again by the caller in the meantime.
    const stmt = this.sqlite.prepare(compiled.sql);
    for (const row of stmt.iterate(compiled.parameters)) yield { rows: [row as R] };
  }

  clear(): void {
    this.statements.clear();
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inArrivalOrder } from './arrival-order';
import { inList } from './in-list';
import { SqliteServerDialect } from './sqlite-driver';

interface T {
  t: { id: number; v: string };
}

const opened: Array<Kysely<T>> = [];
function open(): { db: Kysely<T>; sqlite: SqliteDatabase.Database } {
  const sqlite = new SqliteDatabase(':memory:');
  const db = new Kysely<T>({ dialect: new SqliteServerDialect(sqlite) });
  opened.push(db);
  return { db, sqlite };
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

describe('SQLite server driver', () => {
  it('hands the connection to waiting transactions in arrival order', async () => {
    const { db } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        db.transaction().execute(async (trx) => {
          order.push(i);
          // Yield inside the transaction: the others must wait, not interleave.
          await new Promise((r) => setImmediate(r));
          await trx
            .insertInto('t')
            .values({ id: i, v: `row ${i}` })
            .execute();
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives the connection to the work that arrived first, not to the one that asked first', async () => {
    const { db } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let release: () => void = () => undefined;
    const holding = db.transaction().execute(() => new Promise<void>((r) => (release = r)));
    await sleep(5);
    const order: string[] = [];
    const query = (name: string) =>
      db
        .selectFrom('t')
        .selectAll()
        .execute()
        .then(() => void order.push(name));
    // "older" arrives first but asks for the connection only after "newer" has queued.
    const older = inArrivalOrder(async () => {
      await sleep(30);
      await query('older');
    });
    await sleep(5);
    const newer = inArrivalOrder(() => query('newer'));
    await sleep(50);
    release();
    await Promise.all([holding, older, newer]);
    expect(order).toEqual(['older', 'newer']);
  });

  it('reuses a prepared statement and still sees a column added after it was cached', async () => {
    const { db } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
    const all = () => sql<Record<string, unknown>>`select * from t`.execute(db);
    expect((await all()).rows).toEqual([{ id: 1, v: 'a' }]);
    await sql`alter table t add column w text default 'x'`.execute(db);
    expect((await all()).rows).toEqual([{ id: 1, v: 'a', w: 'x' }]);
  });

  it('caches short statements but not ones whose text grows with the data', async () => {
    const { db, sqlite } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    const prepareReal = sqlite.prepare.bind(sqlite);
    const prepared: string[] = [];
    sqlite.prepare = (text: string) => {
      prepared.push(text);
      return prepareReal(text);
    };
    const one = () => db.selectFrom('t').selectAll().where('id', '=', 1).execute();
    const many = (from: number) =>
      db
        .insertInto('t')
        .values(Array.from({ length: 20 }, (_, i) => ({ id: from + i, v: 'fictional' })))
        .execute();
    const byIds = (n: number) =>
      db
        .selectFrom('t')
        .selectAll()
        .where('id', 'in', inList(Array.from({ length: n }, (_, i) => 100 + i)))
        .execute();
    await one();
    await one();
    await many(100);
    await many(200);
    expect(prepared.filter((t) => t.startsWith('select'))).toHaveLength(1);
    expect(prepared.filter((t) => t.startsWith('insert'))).toHaveLength(2);
    // Reads with padded IN lists of 40 and 50 ids share one cached statement (64 placeholders).
    expect((await byIds(40)).length).toBe(20);
    expect((await byIds(50)).length).toBe(20);
    expect(prepared.filter((t) => t.startsWith('select'))).toHaveLength(2);
  });

  it('reports changes and insert ids of writes', async () => {
    const { db } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    const r = await db.insertInto('t').values({ id: 7, v: 'a' }).executeTakeFirst();
    expect(r.insertId).toBe(7n);
    const u = await db.updateTable('t').set({ v: 'b' }).where('id', '=', 7).executeTakeFirst();
    expect(u.numUpdatedRows).toBe(1n);
  });

  it('keeps the real error when SQLite already rolled the transaction back', async () => {
    const { db, sqlite } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    const failure = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 1, v: 'a' }).execute();
      // Stands in for SQLITE_FULL and friends: the transaction is gone before Kysely's ROLLBACK.
      sqlite.exec('rollback');
      throw new Error('the real error');
    });
    await expect(failure).rejects.toThrow('the real error');
    expect((await db.selectFrom('t').selectAll().execute()).length).toBe(0);
  });

  it('takes the write lock when a transaction begins, unless it is read only', async () => {
    // Two connections to one file, as the server and a CLI command have.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-driver-'));
    try {
      const file = path.join(dir, 'two.sqlite');
      const mine = new SqliteDatabase(file);
      mine.pragma('journal_mode = WAL');
      const db = new Kysely<T>({ dialect: new SqliteServerDialect(mine) });
      opened.push(db);
      const other = new SqliteDatabase(file, { timeout: 0 });
      await sql`create table t (id integer primary key, v text)`.execute(db);
      const otherWrites = (id: number) => () => other.prepare('insert into t values (?, ?)').run(id, 'other');
      try {
        await db.transaction().execute(async (trx) => {
          await trx.selectFrom('t').selectAll().execute();
          // Held from the start: the other process waits instead of slipping a write in between.
          expect(otherWrites(1)).toThrow(/locked|busy/i);
          await trx.insertInto('t').values({ id: 2, v: 'mine' }).execute();
        });
        await db
          .transaction()
          .setAccessMode('read only')
          .execute(async (trx) => {
            await trx.selectFrom('t').selectAll().execute();
            // A reader never holds writers up.
            expect(otherWrites(3)).not.toThrow();
          });
      } finally {
        other.close();
      }
      expect((await db.selectFrom('t').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([
        2, 3,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams the rows of a select', async () => {
    const { db } = open();
    await sql`create table t (id integer primary key, v text)`.execute(db);
    await db
      .insertInto('t')
      .values([1, 2, 3].map((id) => ({ id, v: `r${id}` })))
      .execute();
    const seen: number[] = [];
    for await (const row of db.selectFrom('t').selectAll().orderBy('id').stream()) seen.push(row.id);
    expect(seen).toEqual([1, 2, 3]);
  });
});

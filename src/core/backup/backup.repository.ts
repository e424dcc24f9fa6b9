import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB, Engine } from '../db/database';
import type { Database } from '../db/schema';
import type { CellValue, Row } from './canonical';
import type { KeyColumn, TableSpec } from './tables';

type Trx = Transaction<Database>;

/**
 * All SQL used by backup and restore. Tables are addressed generically (the specs in tables.ts), so the
 * queries are raw Kysely `sql` with identifiers passed through sql.ref/sql.table, never concatenated.
 */
export class BackupRepository {
  constructor(private readonly engine: Engine) {}

  /**
   * Runs `body` in one read transaction: a consistent snapshot of every table. PostgreSQL gets an explicit
   * repeatable-read, read-only transaction; a SQLite transaction in WAL mode reads one snapshot from its
   * first read to its end.
   */
  async readSnapshot<T>(db: DB, body: (trx: Trx) => Promise<T>): Promise<T> {
    let builder = db.transaction();
    if (this.engine === 'postgres')
      builder = builder.setIsolationLevel('repeatable read').setAccessMode('read only');
    return builder.execute(body);
  }

  /** Names of applied migrations, or undefined when the database was never initialised. */
  async appliedMigrations(db: DB): Promise<string[] | undefined> {
    const exists =
      this.engine === 'postgres'
        ? await sql<{
            n: number;
          }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(
            db,
          )
        : await sql<{
            n: number;
          }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(
            db,
          );
    if (Number(exists.rows[0]?.n ?? 0) === 0) return undefined;
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.rows.map((r) => r.name);
  }

  async count(db: DB, table: string): Promise<number> {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Whether a table holds any row (cheaper than count on large tables). */
  async hasRows(db: DB, table: string): Promise<boolean> {
    const r = await sql`select 1 as one from ${sql.table(table)} limit 1`.execute(db);
    return r.rows.length > 0;
  }

  /**
   * One page of rows in canonical order, after the keyset `after` (the previous page's last row). Text
   * keys are compared by bytes (COLLATE "C" on PostgreSQL; SQLite's default BINARY), so both engines agree
   * on the order, which the canonical content hash depends on.
   */
  async page(db: DB, spec: TableSpec, after: Row | undefined, limit: number): Promise<Row[]> {
    const cols = sql.join(spec.columns.map((c) => sql.ref(c)));
    const keys = spec.key.map((k) => this.keyExpr(k));
    const order = sql.join(keys.map((k) => sql`${k} asc`));
    const where = after
      ? sql`where (${sql.join(keys)}) > (${sql.join(spec.key.map((k) => after[k.column] as CellValue))})`
      : sql``;
    const r =
      await sql<Row>`select ${cols} from ${sql.table(spec.name)} ${where} order by ${order} limit ${limit}`.execute(
        db,
      );
    return r.rows;
  }

  /** Distinct master-key fingerprints the data keys are wrapped under (a hash, not the key). */
  async masterKeyIds(db: DB): Promise<string[]> {
    const r = await db
      .selectFrom('data_keys')
      .select('master_key_id')
      .distinct()
      .orderBy('master_key_id')
      .execute();
    return r.map((x) => x.master_key_id);
  }

  async deleteAll(trx: Trx, table: string): Promise<void> {
    await sql`delete from ${sql.table(table)}`.execute(trx);
  }

  async insertBatch(trx: Trx, spec: TableSpec, rows: CellValue[][]): Promise<void> {
    if (rows.length === 0) return;
    const cols = sql.join(spec.columns.map((c) => sql.ref(c)));
    const values = sql.join(rows.map((r) => sql`(${sql.join(r)})`));
    await sql`insert into ${sql.table(spec.name)} (${cols}) values ${values}`.execute(trx);
  }

  /** Sets columns of the row with the given primary-key values (in key order). */
  async updateRow(
    trx: Trx,
    spec: TableSpec,
    keyValues: CellValue[],
    set: Record<string, CellValue>,
  ): Promise<void> {
    const assignments = sql.join(Object.entries(set).map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
    const where = sql.join(
      spec.key.map((k, i) => sql`${sql.ref(k.column)} = ${keyValues[i]}`),
      sql` and `,
    );
    await sql`update ${sql.table(spec.name)} set ${assignments} where ${where}`.execute(trx);
  }

  /**
   * On PostgreSQL the audit_log.seq sequence does not see explicitly inserted values; move it past the
   * highest restored one. SQLite's AUTOINCREMENT tracks explicit values by itself.
   */
  async resetSequences(trx: Trx): Promise<void> {
    if (this.engine !== 'postgres') return;
    await sql`select setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce(max(seq), 0) + 1, false) from audit_log`.execute(
      trx,
    );
  }

  private keyExpr(k: KeyColumn): RawBuilder<unknown> {
    return this.engine === 'postgres' && k.type === 'text'
      ? sql`${sql.ref(k.column)} collate "C"`
      : sql`${sql.ref(k.column)}`;
  }
}

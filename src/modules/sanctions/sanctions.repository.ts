import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB, Engine } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import type { SanctionsTables } from '../../core/db/schema-sanctions';

/**
 * Write side of the import: datasets, snapshots and the batched multi-row inserts of targets and their
 * facts. Every call takes the import's transaction. Batches are sized so that a statement stays under
 * SQLite's and PostgreSQL's bound-parameter limits (32,766 / 65,535) with room to spare.
 */

type Trx = Transaction<Database> | Kysely<Database>;
export type ChildTable = Exclude<
  keyof SanctionsTables,
  | 'sanctions_datasets'
  | 'sanctions_snapshots'
  | 'sanctions_clusters'
  | 'sanctions_cluster_members'
  | 'sanctions_review_pairs'
  | 'sanctions_review_decisions'
>;

const MAX_PARAMS = 8000;

/** Buffers rows per table and flushes a table once its batch is full. */
export class BatchWriter {
  private readonly buffers = new Map<ChildTable, Record<string, unknown>[]>();

  constructor(
    private readonly trx: Trx,
    private readonly engine: Engine,
  ) {}

  async add<T extends ChildTable>(table: T, row: Insertable<SanctionsTables[T]>): Promise<void> {
    let buf = this.buffers.get(table);
    if (!buf) {
      buf = [];
      this.buffers.set(table, buf);
    }
    buf.push(row);
    const columns = Object.keys(row).length;
    if (buf.length * columns >= MAX_PARAMS) await this.flushTable(table);
  }

  /** Targets first: the child tables reference them. */
  async flush(): Promise<void> {
    await this.flushTable('sanctions_targets');
    for (const table of this.buffers.keys()) await this.flushTable(table);
  }

  private async flushTable(table: ChildTable): Promise<void> {
    const buf = this.buffers.get(table);
    if (!buf || buf.length === 0) return;
    // Children may only be written once their targets are: flush targets ahead of any child batch.
    if (table !== 'sanctions_targets') await this.flushTable('sanctions_targets');
    this.buffers.set(table, []);
    await this.trx.executeQuery(multiRowInsert(this.engine, table, buf));
  }
}

/**
 * One `insert … values (…), (…)` statement built directly: the query builder's per-value nodes cost more
 * than the database's own work at ~200,000 rows per import. Table and column names are ours (typed keys
 * of the schema), never input; values are always bound parameters.
 */
function multiRowInsert(engine: Engine, table: string, rows: Record<string, unknown>[]): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const marks: string[] = [];
    for (const c of columns) {
      params.push(row[c] ?? null);
      marks.push(engine === 'postgres' ? `$${params.length}` : '?');
    }
    tuples.push(`(${marks.join(',')})`);
  }
  const cols = columns.map((c) => `"${c}"`).join(',');
  return CompiledQuery.raw(`insert into "${table}" (${cols}) values ${tuples.join(',')}`, params);
}

/** Batched multi-row insert of arbitrary rows of one table (all rows with the same keys). */
export async function insertRows(
  trx: Trx,
  engine: Engine,
  table: keyof SanctionsTables,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per)
    await trx.executeQuery(multiRowInsert(engine, table, rows.slice(i, i + per)));
}

export async function findDataset(trx: Trx, name: string) {
  return trx.selectFrom('sanctions_datasets').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertDataset(trx: Trx, row: Insertable<SanctionsTables['sanctions_datasets']>) {
  await trx.insertInto('sanctions_datasets').values(row).execute();
}

export async function setLatestSnapshot(
  trx: Trx,
  datasetId: string,
  snapshotId: string,
  jurisdiction: string | null,
  at: string,
): Promise<void> {
  await trx
    .updateTable('sanctions_datasets')
    .set({ latest_snapshot_id: snapshotId, jurisdiction, updated_at: at })
    .where('id', '=', datasetId)
    .execute();
}

export async function insertSnapshot(trx: Trx, row: Insertable<SanctionsTables['sanctions_snapshots']>) {
  await trx.insertInto('sanctions_snapshots').values(row).execute();
}

export async function updateSnapshotCounts(
  trx: Trx,
  snapshotId: string,
  targetCount: number,
  counts: unknown,
): Promise<void> {
  await trx
    .updateTable('sanctions_snapshots')
    .set({ target_count: targetCount, counts: JSON.stringify(counts) })
    .where('id', '=', snapshotId)
    .execute();
}

/** source id → names hash of a snapshot, for the delta of the next one. */
export async function namesHashes(trx: Trx, snapshotId: string): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('sanctions_targets')
    .select(['source_id', 'names_hash'])
    .where('snapshot_id', '=', snapshotId)
    .execute();
  return new Map(rows.map((r) => [r.source_id, r.names_hash]));
}

export async function snapshotDate(trx: Trx, snapshotId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('sanctions_snapshots')
    .select('snapshot_date')
    .where('id', '=', snapshotId)
    .executeTakeFirst();
  return row?.snapshot_date;
}

export interface SnapshotListRow {
  id: string;
  dataset: string;
  datasetId: string;
  format: string;
  snapshotDate: string;
  snapshotDateSource: string;
  importedAt: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  targets: number;
  latest: boolean;
  counts: string;
}

export async function listSnapshots(db: DB, dataset?: string): Promise<SnapshotListRow[]> {
  let q = db
    .selectFrom('sanctions_snapshots as s')
    .innerJoin('sanctions_datasets as d', 'd.id', 's.dataset_id')
    .select([
      's.id',
      'd.name as dataset',
      'd.id as datasetId',
      's.format',
      's.snapshot_date as snapshotDate',
      's.snapshot_date_source as snapshotDateSource',
      's.imported_at as importedAt',
      's.file_name as fileName',
      's.file_sha256 as fileSha256',
      's.file_bytes as fileBytes',
      's.target_count as targets',
      'd.latest_snapshot_id',
      's.counts',
    ])
    .orderBy('d.name')
    .orderBy('s.imported_at', 'desc');
  if (dataset) q = q.where('d.name', '=', dataset);
  const rows = await q.execute();
  return rows.map(({ latest_snapshot_id, ...r }) => ({
    ...r,
    fileBytes: Number(r.fileBytes),
    targets: Number(r.targets),
    latest: latest_snapshot_id === r.id,
  }));
}

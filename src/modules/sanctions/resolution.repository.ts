import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema';
import type { ReviewDecision } from '../../core/db/schema-sanctions';
import type { PairDecision, ResolveRecord } from './resolution';
import { loadLatestSnapshots } from './sanctions.screening-source';

/** SQL of resolution: reading the latest snapshots as resolve records, rewriting clusters and the queue. */

type Trx = Transaction<Database> | Kysely<Database>;

export interface MemberInfo {
  key: string;
  targetId: string;
  datasetId: string;
  dataset: string;
  sourceId: string;
  schema: string;
  primaryName: string;
  belarusLinked: boolean;
}

const IN_CHUNK = 2000;

async function inChunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await load(ids.slice(i, i + IN_CHUNK))));
  return out;
}

export async function loadResolveRecords(
  db: Trx,
): Promise<{ records: ResolveRecord[]; members: Map<string, MemberInfo> }> {
  const snapshots = await loadLatestSnapshots(db);
  const members = new Map<string, MemberInfo>();
  const byTarget = new Map<string, ResolveRecord>();
  const records: ResolveRecord[] = [];
  for (const snap of snapshots) {
    const targets = await db
      .selectFrom('sanctions_targets')
      .select(['id', 'source_id', 'schema', 'primary_name', 'belarus_linked'])
      .where('snapshot_id', '=', snap.snapshotId)
      .execute();
    // Resolution visits records in this order and some joins depend on it (a name join may not chain
    // two records of one list, so whichever comes first wins): sort by source id, in code rather than SQL
    // so that both engines see one order, and reruns on the same snapshots give the same clusters.
    targets.sort((a, b) =>
      a.source_id < b.source_id ? -1 : a.source_id > b.source_id ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    for (const t of targets) {
      const key = `${snap.datasetId}:${t.source_id}`;
      // A list repeating a source id gives one member (the first record) for resolution.
      if (members.has(key)) continue;
      members.set(key, {
        key,
        targetId: t.id,
        datasetId: snap.datasetId,
        dataset: snap.dataset,
        sourceId: t.source_id,
        schema: t.schema,
        primaryName: t.primary_name,
        belarusLinked: t.belarus_linked === 1,
      });
      const rec: ResolveRecord = {
        key,
        schema: t.schema,
        names: [t.primary_name],
        birthDates: [],
        countries: [],
        identifiers: [],
      };
      records.push(rec);
      byTarget.set(t.id, rec);
    }
    const names = await db
      .selectFrom('sanctions_names as n')
      .innerJoin('sanctions_targets as t', 't.id', 'n.target_id')
      .select(['n.target_id', 'n.value'])
      .where('t.snapshot_id', '=', snap.snapshotId)
      .orderBy('n.target_id')
      .orderBy('n.position')
      .execute();
    for (const n of names) {
      const r = byTarget.get(n.target_id);
      if (r && !r.names.includes(n.value)) r.names.push(n.value);
    }
    const ids = await db
      .selectFrom('sanctions_identifiers as i')
      .innerJoin('sanctions_targets as t', 't.id', 'i.target_id')
      .select(['i.target_id', 'i.type', 'i.value_key'])
      .where('t.snapshot_id', '=', snap.snapshotId)
      .execute();
    for (const i of ids) byTarget.get(i.target_id)?.identifiers.push({ type: i.type, key: i.value_key });
    const dates = await db
      .selectFrom('sanctions_birth_dates as b')
      .innerJoin('sanctions_targets as t', 't.id', 'b.target_id')
      .select(['b.target_id', 'b.value'])
      .where('t.snapshot_id', '=', snap.snapshotId)
      .execute();
    for (const d of dates) byTarget.get(d.target_id)?.birthDates.push(d.value);
    const countries = await db
      .selectFrom('sanctions_countries as c')
      .innerJoin('sanctions_targets as t', 't.id', 'c.target_id')
      .select(['c.target_id', 'c.country'])
      .where('t.snapshot_id', '=', snap.snapshotId)
      .execute();
    for (const c of countries) byTarget.get(c.target_id)?.countries.push(c.country);
  }
  return { records, members };
}

export async function loadDecisions(db: Trx): Promise<PairDecision[]> {
  const rows = await db
    .selectFrom('sanctions_review_decisions')
    .select(['member_a', 'member_b', 'decision'])
    .execute();
  return rows.map((r) => ({ a: r.member_a, b: r.member_b, decision: r.decision }));
}

export async function loadMemberClusters(db: Trx): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('sanctions_cluster_members')
    .select(['member_key', 'cluster_id'])
    .execute();
  return new Map(rows.map((r) => [r.member_key, r.cluster_id]));
}

export async function clustersOf(db: Trx, keys: string[]): Promise<Map<string, string>> {
  const rows = await inChunks(keys, (chunk) =>
    db
      .selectFrom('sanctions_cluster_members')
      .select(['member_key', 'cluster_id'])
      .where('member_key', 'in', chunk)
      .execute(),
  );
  return new Map(rows.map((r) => [r.member_key, r.cluster_id]));
}

export async function clearClusters(trx: Trx): Promise<void> {
  await trx.deleteFrom('sanctions_cluster_members').execute();
  await trx.deleteFrom('sanctions_clusters').execute();
  await trx.deleteFrom('sanctions_review_pairs').execute();
}

export async function upsertDecision(
  trx: Trx,
  row: {
    member_a: string;
    member_b: string;
    decision: ReviewDecision;
    decided_by: string;
    decided_at: string;
  },
): Promise<void> {
  await trx
    .deleteFrom('sanctions_review_decisions')
    .where('member_a', '=', row.member_a)
    .where('member_b', '=', row.member_b)
    .execute();
  await trx.insertInto('sanctions_review_decisions').values(row).execute();
}

export async function findReviewPair(db: Trx, id: string) {
  return db.selectFrom('sanctions_review_pairs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteReviewPair(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('sanctions_review_pairs').where('id', '=', id).execute();
}

/** Accept: move every member of cluster `from` into cluster `into`. */
export async function mergeClusters(trx: Trx, into: string, from: string, at: string): Promise<void> {
  await trx
    .updateTable('sanctions_cluster_members')
    .set({ cluster_id: into, method: 'review' })
    .where('cluster_id', '=', from)
    .execute();
  const count = await trx
    .selectFrom('sanctions_cluster_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cluster_id', '=', into)
    .executeTakeFirstOrThrow();
  const linked = await trx
    .selectFrom('sanctions_clusters')
    .select((eb) => eb.fn.max('belarus_linked').as('b'))
    .where('id', 'in', [into, from])
    .executeTakeFirst();
  await trx.deleteFrom('sanctions_clusters').where('id', '=', from).execute();
  await trx
    .updateTable('sanctions_clusters')
    .set({ member_count: Number(count.n), belarus_linked: Number(linked?.b ?? 0), updated_at: at })
    .where('id', '=', into)
    .execute();
}

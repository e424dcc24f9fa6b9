import type { DB } from '../../core/db/database';
import type { SanctionsRegime } from '../../core/db/schema-sanctions';
import { loadLatestSnapshots } from './sanctions.screening-source';

/** Reads for the alignment report and the target page (latest snapshot of every dataset only). */

export interface ListingRow {
  programme: string;
  jurisdiction: string;
  regime: SanctionsRegime;
  legalBasis: string | null;
  listedOn: string | null;
}

export interface AlignmentMember {
  key: string;
  targetId: string;
  dataset: string;
  datasetJurisdiction: string | null;
  sourceId: string;
  schema: string;
  name: string;
  belarusLinked: boolean;
  listings: ListingRow[];
}

export interface ListRow {
  dataset: string;
  datasetId: string;
  jurisdiction: string | null;
  format: string;
  snapshotId: string;
  snapshotDate: string;
  importedAt: string;
  targets: number;
  counts: string;
}

export async function loadLists(db: DB): Promise<ListRow[]> {
  const rows = await db
    .selectFrom('sanctions_datasets as d')
    .innerJoin('sanctions_snapshots as s', 's.id', 'd.latest_snapshot_id')
    .select([
      'd.name as dataset',
      'd.id as datasetId',
      'd.jurisdiction',
      's.format',
      's.id as snapshotId',
      's.snapshot_date as snapshotDate',
      's.imported_at as importedAt',
      's.target_count as targets',
      's.counts',
    ])
    .orderBy('d.name')
    .execute();
  return rows.map((r) => ({ ...r, targets: Number(r.targets) }));
}

/** cluster id → members, for every target of the latest snapshots (unclustered targets get their own). */
export async function loadAlignmentMembers(db: DB): Promise<Map<string, AlignmentMember[]>> {
  const lists = await loadLists(db);
  const clusterOf = new Map<string, string>();
  for (const m of await db
    .selectFrom('sanctions_cluster_members')
    .select(['member_key', 'cluster_id'])
    .execute())
    clusterOf.set(m.member_key, m.cluster_id);
  const out = new Map<string, AlignmentMember[]>();
  for (const list of lists) {
    const targets = await db
      .selectFrom('sanctions_targets')
      .select(['id', 'source_id', 'schema', 'primary_name', 'belarus_linked'])
      .where('snapshot_id', '=', list.snapshotId)
      .execute();
    const byId = new Map<string, AlignmentMember>();
    for (const t of targets) {
      const key = `${list.datasetId}:${t.source_id}`;
      const member: AlignmentMember = {
        key,
        targetId: t.id,
        dataset: list.dataset,
        datasetJurisdiction: list.jurisdiction,
        sourceId: t.source_id,
        schema: t.schema,
        name: t.primary_name,
        belarusLinked: t.belarus_linked === 1,
        listings: [],
      };
      byId.set(t.id, member);
      const cluster = clusterOf.get(key) ?? `${list.dataset}:${t.source_id}`;
      const group = out.get(cluster);
      if (group) group.push(member);
      else out.set(cluster, [member]);
    }
    const listings = await db
      .selectFrom('sanctions_listings as l')
      .innerJoin('sanctions_targets as t', 't.id', 'l.target_id')
      .select([
        'l.target_id',
        'l.programme',
        'l.jurisdiction',
        'l.regime',
        'l.legal_basis as legalBasis',
        'l.listed_on as listedOn',
      ])
      .where('t.snapshot_id', '=', list.snapshotId)
      .orderBy('l.target_id')
      .orderBy('l.position')
      .execute();
    for (const { target_id, ...l } of listings) byId.get(target_id)?.listings.push(l);
  }
  return out;
}

export async function findCluster(db: DB, id: string) {
  return db.selectFrom('sanctions_clusters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Member keys of a cluster with how they joined. */
export async function clusterMembers(db: DB, clusterId: string) {
  return db
    .selectFrom('sanctions_cluster_members')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .orderBy('member_key')
    .execute();
}

/** Every fact of the targets with these ids (the target page). */
export async function targetFacts(db: DB, targetIds: string[]) {
  if (targetIds.length === 0)
    return { targets: [], names: [], identifiers: [], dates: [], countries: [], addresses: [], listings: [] };
  const [targets, names, identifiers, dates, countries, addresses, listings] = await Promise.all([
    db
      .selectFrom('sanctions_targets as t')
      .innerJoin('sanctions_snapshots as s', 's.id', 't.snapshot_id')
      .innerJoin('sanctions_datasets as d', 'd.id', 's.dataset_id')
      .select([
        't.id',
        't.source_id',
        't.schema',
        't.primary_name',
        't.gender',
        't.remarks',
        't.belarus_linked',
        'd.name as dataset',
        'd.id as dataset_id',
        'd.jurisdiction',
        's.snapshot_date',
      ])
      .where('t.id', 'in', targetIds)
      .execute(),
    db
      .selectFrom('sanctions_names')
      .selectAll()
      .where('target_id', 'in', targetIds)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('sanctions_identifiers')
      .selectAll()
      .where('target_id', 'in', targetIds)
      .orderBy('position')
      .execute(),
    db.selectFrom('sanctions_birth_dates').selectAll().where('target_id', 'in', targetIds).execute(),
    db.selectFrom('sanctions_countries').selectAll().where('target_id', 'in', targetIds).execute(),
    db
      .selectFrom('sanctions_addresses')
      .selectAll()
      .where('target_id', 'in', targetIds)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('sanctions_listings')
      .selectAll()
      .where('target_id', 'in', targetIds)
      .orderBy('position')
      .execute(),
  ]);
  return { targets, names, identifiers, dates, countries, addresses, listings };
}

/** The latest-snapshot target ids of member keys `<dataset id>:<source id>`. */
export async function targetIdsOfMembers(db: DB, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const lists = await loadLatestSnapshots(db);
  const snapOf = new Map(lists.map((l) => [l.datasetId, l.snapshotId]));
  for (const key of keys) {
    const i = key.indexOf(':');
    const snap = snapOf.get(key.slice(0, i));
    if (!snap) continue;
    const row = await db
      .selectFrom('sanctions_targets')
      .select('id')
      .where('snapshot_id', '=', snap)
      .where('source_id', '=', key.slice(i + 1))
      .executeTakeFirst();
    if (row) out.set(key, row.id);
  }
  return out;
}

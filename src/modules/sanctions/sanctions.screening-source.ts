import { createHash } from 'node:crypto';
import type { DB } from '../../core/db/database';
import type { ScreenTarget } from '../screening/screening.types';

/**
 * What screening compares against when names are screened against the imported lists: one ScreenTarget
 * per resolved cluster (a target listed by several lists, or twice by one list, is one entry carrying the
 * names of every listing), over the latest snapshot of every dataset. A target that resolution has not
 * reached yet (an import whose alignment has not run) is yielded on its own, id `<dataset>:<source id>`;
 * a cluster's id is the cluster id used by GET /api/v1/sanctions/targets/:clusterId.
 *
 * Grouping by cluster needs every listing of a cluster before it can be yielded, so the (small: about
 * 33,000 targets, 75,000 names for the four reference lists) working set is gathered first, in pages.
 */

const PAGE = 2000;

interface Acc {
  target: ScreenTarget;
  names: Set<string>;
  datasets: Set<string>;
  birthDates: Set<string>;
  countries: Set<string>;
}

export async function loadLatestSnapshots(
  db: DB,
): Promise<{ datasetId: string; dataset: string; snapshotId: string }[]> {
  const rows = await db
    .selectFrom('sanctions_datasets')
    .select(['id', 'name', 'latest_snapshot_id'])
    .where('latest_snapshot_id', 'is not', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ datasetId: r.id, dataset: r.name, snapshotId: r.latest_snapshot_id! }));
}

export async function* loadScreeningTargets(db: DB): AsyncGenerator<ScreenTarget> {
  const snapshots = await loadLatestSnapshots(db);
  if (snapshots.length === 0) return;
  const members = new Map<string, string>();
  for (const m of await db
    .selectFrom('sanctions_cluster_members')
    .select(['member_key', 'cluster_id'])
    .execute())
    members.set(m.member_key, m.cluster_id);

  const groups = new Map<string, Acc>();
  for (const snap of snapshots) {
    let after = '';
    for (;;) {
      const targets = await db
        .selectFrom('sanctions_targets')
        .select(['id', 'source_id', 'schema', 'primary_name'])
        .where('snapshot_id', '=', snap.snapshotId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (targets.length === 0) break;
      after = targets[targets.length - 1]!.id;
      const ids = targets.map((t) => t.id);
      const [names, dates, countries] = await Promise.all([
        db
          .selectFrom('sanctions_names')
          .select(['target_id', 'value'])
          .where('target_id', 'in', ids)
          .orderBy('target_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('sanctions_birth_dates')
          .select(['target_id', 'value'])
          .where('target_id', 'in', ids)
          .execute(),
        db
          .selectFrom('sanctions_countries')
          .select(['target_id', 'country'])
          .where('target_id', 'in', ids)
          .execute(),
      ]);
      const byTarget = new Map<string, Acc>();
      for (const t of targets) {
        const key = `${snap.datasetId}:${t.source_id}`;
        const groupId = members.get(key) ?? `${snap.dataset}:${t.source_id}`;
        let acc = groups.get(groupId);
        if (!acc) {
          acc = {
            target: {
              id: groupId,
              schema: t.schema,
              names: [],
              datasets: [],
              birthDates: [],
              countries: [],
            },
            names: new Set([t.primary_name]),
            datasets: new Set(),
            birthDates: new Set(),
            countries: new Set(),
          };
          groups.set(groupId, acc);
        }
        acc.names.add(t.primary_name);
        acc.datasets.add(snap.dataset);
        byTarget.set(t.id, acc);
      }
      for (const n of names) byTarget.get(n.target_id)?.names.add(n.value);
      for (const d of dates) byTarget.get(d.target_id)?.birthDates.add(d.value);
      for (const c of countries) byTarget.get(c.target_id)?.countries.add(c.country);
    }
  }
  for (const acc of groups.values()) {
    acc.target.names = [...acc.names];
    acc.target.datasets = [...acc.datasets];
    acc.target.birthDates = [...acc.birthDates];
    acc.target.countries = [...acc.countries];
    yield acc.target;
  }
}

/**
 * Changes whenever an import or a resolution run changes what loadScreeningTargets yields: the latest
 * snapshot of every dataset plus the cluster state (count and last rewrite). Cheap: three small queries.
 */
export async function screeningTargetsVersion(db: DB): Promise<string> {
  const snapshots = await loadLatestSnapshots(db);
  const clusters = await db
    .selectFrom('sanctions_clusters')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .executeTakeFirst();
  const members = await db
    .selectFrom('sanctions_cluster_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const material = JSON.stringify([
    snapshots.map((s) => [s.datasetId, s.snapshotId]),
    Number(clusters?.n ?? 0),
    clusters?.at ?? null,
    Number(members?.n ?? 0),
  ]);
  return `sanctions-${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
}

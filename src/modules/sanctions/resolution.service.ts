import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DB, Engine } from '../../core/db/database';
import { resolve } from './resolution';
import * as repo from './resolution.repository';
import { insertRows } from './sanctions.repository';

/**
 * Rebuilds clusters and the review queue from the latest snapshot of every dataset, reusing stored review
 * decisions. Runs after imports (CLI: once after all files; API: after each upload) and on demand. One
 * transaction: readers see the old clusters or the new ones, never half.
 *
 * Cluster ids are kept stable across runs: a new cluster takes the old id most of its members had, so
 * links to /targets/:clusterId survive a re-import that does not split or merge that target.
 */

export interface ResolutionStats {
  targets: number;
  clusters: number;
  multiMemberClusters: number;
  crossListClusters: number;
  reviewPending: number;
  autoJoined: number;
  candidatePairs: number;
  ms: number;
}

/** Arbitrary constant naming the advisory lock held while clusters are rewritten. */
const RESOLUTION_LOCK = 7_274_101;

/** A fresh id for a cluster nobody had: derived from its smallest member so reruns agree. */
function derivedId(memberKey: string): string {
  const h = createHash('sha256').update(`sanctions-cluster:${memberKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function runResolution(db: DB, engine: Engine, now = new Date()): Promise<ResolutionStats> {
  const started = Date.now();
  const at = now.toISOString();
  const { records, members } = await repo.loadResolveRecords(db);
  const decisions = await repo.loadDecisions(db);
  const old = await repo.loadMemberClusters(db);
  const result = resolve(records, decisions);

  const usedIds = new Set<string>();
  const clusterRows: Record<string, unknown>[] = [];
  const memberRows: Record<string, unknown>[] = [];
  let multi = 0;
  let cross = 0;
  const groups = [...result.clusters.values()].sort((a, b) => b.length - a.length);
  for (const keys of groups) {
    const votes = new Map<string, number>();
    for (const k of keys) {
      const o = old.get(k);
      if (o && !usedIds.has(o)) votes.set(o, (votes.get(o) ?? 0) + 1);
    }
    const reuse = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    let id = reuse ?? derivedId(keys[0]!);
    if (usedIds.has(id)) id = randomUUID();
    usedIds.add(id);
    const infos = keys.map((k) => members.get(k)!);
    const person = infos.find((m) => m.schema === 'Person');
    const named = infos.find((m) => /^[\p{Script=Latin}\s\p{P}\p{N}]+$/u.test(m.primaryName)) ?? infos[0]!;
    if (keys.length > 1) multi++;
    if (new Set(infos.map((m) => m.datasetId)).size > 1) cross++;
    clusterRows.push({
      id,
      name: named.primaryName,
      schema: person ? 'Person' : infos[0]!.schema,
      member_count: keys.length,
      belarus_linked: infos.some((m) => m.belarusLinked) ? 1 : 0,
      updated_at: at,
    });
    for (const m of infos) {
      const how = result.method.get(m.key);
      memberRows.push({
        member_key: m.key,
        cluster_id: id,
        dataset_id: m.datasetId,
        source_id: m.sourceId,
        method: keys.length === 1 ? 'single' : (how?.method ?? 'seed'),
        score: how?.score ?? null,
      });
    }
  }
  const reviewRows = result.review.map((p) => ({
    id: randomUUID(),
    member_a: p.a,
    member_b: p.b,
    score: p.score,
    reasons: JSON.stringify(p.reasons),
    created_at: at,
  }));

  await db.transaction().execute(async (trx) => {
    // Two imports finishing together would each rewrite every cluster; on PostgreSQL the second would
    // then trip over the first's keys. One writer at a time (SQLite already serialises writers).
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${RESOLUTION_LOCK})`.execute(trx);
    await repo.clearClusters(trx);
    await insertRows(trx, engine, 'sanctions_clusters', clusterRows);
    await insertRows(trx, engine, 'sanctions_cluster_members', memberRows);
    await insertRows(trx, engine, 'sanctions_review_pairs', reviewRows);
  });
  return {
    targets: records.length,
    clusters: clusterRows.length,
    multiMemberClusters: multi,
    crossListClusters: cross,
    reviewPending: reviewRows.length,
    autoJoined: result.stats.autoJoined,
    candidatePairs: result.stats.candidates,
    ms: Date.now() - started,
  };
}

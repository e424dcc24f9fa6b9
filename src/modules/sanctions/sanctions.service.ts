import type { Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { ReviewDecision } from '../../core/db/schema-sanctions';
import { AppError } from '../../core/errors';
import { groupBy } from '../../core/group';
import * as alignRepo from './alignment.repository';
import * as resRepo from './resolution.repository';

/**
 * Target pages and the review queue. Everything read here is published list data; the review decision is
 * the one write (editor/admin), audited in its own transaction. Accepting a pair merges the two clusters
 * at once; reject and unsure take effect at the next resolution run (which reads every stored decision).
 */

type Facts = Awaited<ReturnType<typeof alignRepo.targetFacts>>;

const byTarget = <T extends { target_id: string }>(rows: T[]): Map<string, T[]> =>
  groupBy(rows, (r) => r.target_id);

function presentFacts(facts: Facts) {
  const names = byTarget(facts.names);
  const ids = byTarget(facts.identifiers);
  const dates = byTarget(facts.dates);
  const countries = byTarget(facts.countries);
  const addresses = byTarget(facts.addresses);
  const listings = byTarget(facts.listings);
  return new Map(
    facts.targets.map((t) => [
      t.id,
      {
        memberKey: `${t.dataset_id}:${t.source_id}`,
        dataset: t.dataset,
        jurisdiction: t.jurisdiction,
        snapshotDate: t.snapshot_date,
        sourceId: t.source_id,
        schema: t.schema,
        name: t.primary_name,
        gender: t.gender,
        remarks: t.remarks,
        belarusLinked: t.belarus_linked === 1,
        names: (names.get(t.id) ?? []).map((n) => ({
          value: n.value,
          kind: n.kind,
          lang: n.lang,
          script: n.script,
        })),
        identifiers: (ids.get(t.id) ?? []).map((i) => ({ type: i.type, value: i.value, country: i.country })),
        birthDates: (dates.get(t.id) ?? []).map((d) => d.value).sort(),
        nationalities: (countries.get(t.id) ?? [])
          .filter((c) => c.relation === 'nationality')
          .map((c) => c.country),
        countries: (countries.get(t.id) ?? []).filter((c) => c.relation === 'country').map((c) => c.country),
        addresses: (addresses.get(t.id) ?? []).map((a) => ({ text: a.text, country: a.country })),
        listings: (listings.get(t.id) ?? []).map((l) => ({
          programme: l.programme,
          jurisdiction: l.jurisdiction,
          regime: l.regime,
          legalBasis: l.legal_basis,
          listedOn: l.listed_on,
        })),
      },
    ]),
  );
}

export class SanctionsService {
  constructor(private readonly ctx: AppContext) {}

  async cluster(id: string) {
    const db = this.ctx.db;
    const cluster = await alignRepo.findCluster(db, id);
    if (!cluster) throw new AppError('NOT_FOUND');
    const members = await alignRepo.clusterMembers(db, id);
    const targetIds = await alignRepo.targetIdsOfMembers(
      db,
      members.map((m) => m.member_key),
    );
    const facts = presentFacts(await alignRepo.targetFacts(db, [...targetIds.values()]));
    const keys = members.map((m) => m.member_key);
    const pairs = await db
      .selectFrom('sanctions_review_pairs')
      .select(['id', 'member_a', 'member_b', 'score'])
      .where((eb) => eb.or([eb('member_a', 'in', keys), eb('member_b', 'in', keys)]))
      .execute();
    return {
      id: cluster.id,
      name: cluster.name,
      schema: cluster.schema,
      belarusLinked: cluster.belarus_linked === 1,
      members: members.flatMap((m) => {
        const f = facts.get(targetIds.get(m.member_key) ?? '');
        return f ? [{ ...f, method: m.method, score: m.score }] : [];
      }),
      reviewPairs: pairs.map((p) => ({
        id: p.id,
        otherMemberKey: keys.includes(p.member_a) ? p.member_b : p.member_a,
        score: p.score,
      })),
    };
  }

  async reviewQueue(status: 'pending' | 'unsure' | 'all', limit: number, offset: number) {
    const db = this.ctx.db;
    let q = db
      .selectFrom('sanctions_review_pairs as p')
      .leftJoin('sanctions_review_decisions as d', (j) =>
        j.onRef('d.member_a', '=', 'p.member_a').onRef('d.member_b', '=', 'p.member_b'),
      );
    if (status === 'pending') q = q.where('d.decision', 'is', null);
    if (status === 'unsure') q = q.where('d.decision', '=', 'unsure');
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select(['p.id', 'p.member_a', 'p.member_b', 'p.score', 'p.reasons', 'd.decision'])
      .orderBy('p.score', 'desc')
      .orderBy('p.id')
      .limit(limit)
      .offset(offset)
      .execute();
    const keys = [...new Set(rows.flatMap((r) => [r.member_a, r.member_b]))];
    const targetIds = await alignRepo.targetIdsOfMembers(db, keys);
    const facts = presentFacts(await alignRepo.targetFacts(db, [...targetIds.values()]));
    const clusters = await resRepo.clustersOf(db, keys);
    const side = (key: string) => {
      const f = facts.get(targetIds.get(key) ?? '');
      const i = key.indexOf(':');
      return {
        memberKey: key,
        clusterId: clusters.get(key) ?? null,
        dataset: f?.dataset ?? key.slice(0, i),
        sourceId: f?.sourceId ?? key.slice(i + 1),
        schema: f?.schema ?? '',
        name: f?.name ?? '',
        names: f?.names.map((n) => n.value) ?? [],
        birthDates: f?.birthDates ?? [],
        countries: [...new Set([...(f?.nationalities ?? []), ...(f?.countries ?? [])])],
        programmes: f?.listings.map((l) => `${l.jurisdiction}:${l.programme}`) ?? [],
      };
    };
    return {
      total: Number(total.n),
      limit,
      offset,
      items: rows.map((r) => ({
        id: r.id,
        score: r.score,
        reasons: JSON.parse(r.reasons) as string[],
        decision: r.decision ?? null,
        a: side(r.member_a),
        b: side(r.member_b),
      })),
    };
  }

  async decide(actor: Actor, pairId: string, decision: ReviewDecision) {
    const at = new Date().toISOString();
    return this.ctx.db.transaction().execute(async (trx) => {
      const pair = await resRepo.findReviewPair(trx, pairId);
      if (!pair) throw new AppError('NOT_FOUND');
      await resRepo.upsertDecision(trx, {
        member_a: pair.member_a,
        member_b: pair.member_b,
        decision,
        decided_by: actor.id,
        decided_at: at,
      });
      const clusters = await resRepo.clustersOf(trx, [pair.member_a, pair.member_b]);
      let clusterId = clusters.get(pair.member_a) ?? null;
      const other = clusters.get(pair.member_b) ?? null;
      if (decision === 'accept' && clusterId && other && clusterId !== other)
        await resRepo.mergeClusters(trx, clusterId, other, at);
      if (decision !== 'accept') clusterId = null;
      if (decision !== 'unsure') await resRepo.deleteReviewPair(trx, pairId);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'sanctions.review.decide',
        entityType: 'sanctions_review_pair',
        entityId: pairId,
        tier: 'public',
        detail: { decision, memberA: pair.member_a, memberB: pair.member_b },
      });
      return { id: pairId, decision, clusterId };
    });
  }
}

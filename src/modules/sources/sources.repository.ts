import { sql } from 'kysely';
import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import {
  dropRecordGrants,
  grantRecord,
  hasRecordGrant,
  updateVersioned,
} from '../../core/records.repository';
import type { SourceRow, SourcesTable, Tier } from '../../core/db/schema';

const ENTITY = 'source';

/** A fact's link to a source, as readers see it. */
export interface SourceLink {
  entity_type: string;
  entity_id: string;
  field: string;
  source_id: string;
  title: string;
  url: string | null;
}

/** Entities of one type whose source links are wanted. */
export interface SourceTargets {
  entityType: string;
  ids: readonly string[];
}

/**
 * Source links of the given entities (fact_sources), limited to sources the actor may see: the registry's
 * record page and the accountability views and case files all read them here. Several entity types are
 * read in one query (the record page has four: one query each was a third of its SQL).
 */
export function sourceLinksFor(
  db: DB,
  actor: Actor | null,
  targets: readonly SourceTargets[],
): Promise<SourceLink[]> {
  const wanted = targets.filter((t) => t.ids.length > 0);
  if (wanted.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('fact_sources')
    .innerJoin('sources', 'sources.id', 'fact_sources.source_id')
    .select([
      'fact_sources.entity_type',
      'fact_sources.entity_id',
      'fact_sources.field',
      'fact_sources.source_id',
      'sources.title',
      'sources.url',
    ])
    .where((eb) =>
      eb.or(
        wanted.map((t) =>
          eb.and([
            eb('fact_sources.entity_type', '=', t.entityType),
            eb('fact_sources.entity_id', 'in', [...new Set(t.ids)]),
          ]),
        ),
      ),
    )
    .where(visibleTo(actor, ENTITY, 'sources'))
    .orderBy('fact_sources.field')
    .orderBy('sources.title')
    .execute();
}

export class SourcesRepository {
  /** Every read goes through visibleTo: a hidden source is never selected, counted or searched. */
  async list(
    db: DB,
    actor: Actor | null,
    filter: { q?: string | undefined; tier?: Tier | undefined; limit: number; offset: number },
  ): Promise<{ rows: SourceRow[]; total: number }> {
    let base = db.selectFrom('sources').where(visibleTo(actor, ENTITY, 'sources'));
    if (filter.tier) base = base.where('sources.tier', '=', filter.tier);
    if (filter.q) {
      const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where((eb) =>
        eb.or([
          eb(sql`lower(sources.title)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(coalesce(sources.publisher, ''))`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    const rows = await base
      .selectAll('sources')
      .orderBy('sources.created_at', 'desc')
      .orderBy('sources.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  findVisible(db: DB, actor: Actor | null, id: string): Promise<SourceRow | undefined> {
    return db
      .selectFrom('sources')
      .selectAll('sources')
      .where('sources.id', '=', id)
      .where(visibleTo(actor, ENTITY, 'sources'))
      .executeTakeFirst();
  }

  hasGrant(db: DB, userId: string, id: string): Promise<boolean> {
    return hasRecordGrant(db, ENTITY, userId, id);
  }

  async grant(db: DB, id: string, userId: string, grantedBy: string, at: string): Promise<void> {
    await grantRecord(db, ENTITY, id, userId, grantedBy, at);
  }

  async insert(db: DB, row: SourcesTable): Promise<void> {
    await db.insertInto('sources').values(row).execute();
  }

  /** Returns false when the version moved on (someone else saved first). */
  update(db: DB, id: string, version: number, patch: Partial<SourcesTable>): Promise<boolean> {
    return updateVersioned(db, 'sources', id, version, patch);
  }

  async delete(db: DB, id: string): Promise<void> {
    await dropRecordGrants(db, ENTITY, id);
    await db.deleteFrom('sources').where('id', '=', id).execute();
  }

  async anyDemo(db: DB): Promise<boolean> {
    const row = await db
      .selectFrom('sources')
      .select('id')
      .where('is_demo', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Aggregates count every tier, sealed included; they never name a record. */
  async countByTier(db: DB): Promise<Record<Tier, number>> {
    const rows = await db
      .selectFrom('sources')
      .select(['tier', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('tier')
      .execute();
    const out: Record<Tier, number> = { public: 0, internal: 0, confidential: 0, sealed: 0 };
    for (const r of rows) out[r.tier] = Number(r.n);
    return out;
  }
}

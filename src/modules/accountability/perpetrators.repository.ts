import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type { Tier } from '../../core/db/schema';
import type {
  PerpetratorLinksTable,
  PerpetratorNamesTable,
  PerpetratorPositionsTable,
  PerpetratorsTable,
} from '../../core/db/schema-accountability';
import { dropRecordGrants, updateVersioned } from '../../core/records.repository';
import { deleteLinkSources, PERPETRATOR_ENTITY } from './accountability.repository';

/** All SQL of perpetrators, their names, positions and links. Every read of a record goes through visibleTo. */
export class PerpetratorsRepository {
  async listPerpetrators(
    db: DB,
    actor: Actor | null,
    tokenGroups: readonly string[][],
    page: { limit: number; offset: number },
  ): Promise<{ rows: PerpetratorsTable[]; total: number }> {
    let base = db.selectFrom('perpetrators').where(visibleTo(actor, PERPETRATOR_ENTITY, 'perpetrators'));
    for (const group of tokenGroups) {
      base = base.where((eb) =>
        eb.exists(
          eb
            .selectFrom('perpetrator_name_tokens as t')
            .select('t.perpetrator_id')
            .whereRef('t.perpetrator_id', '=', 'perpetrators.id')
            .where('t.token', 'in', group),
        ),
      );
    }
    const rows = await base
      .selectAll('perpetrators')
      .orderBy('perpetrators.updated_at', 'desc')
      .orderBy('perpetrators.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  findPerpetrator(db: DB, actor: Actor | null, id: string): Promise<PerpetratorsTable | undefined> {
    return db
      .selectFrom('perpetrators')
      .selectAll('perpetrators')
      .where('perpetrators.id', '=', id)
      .where(visibleTo(actor, PERPETRATOR_ENTITY, 'perpetrators'))
      .executeTakeFirst();
  }

  visiblePerpetrators(db: DB, actor: Actor | null, ids: readonly string[]): Promise<PerpetratorsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('perpetrators')
      .selectAll('perpetrators')
      .where('perpetrators.id', 'in', [...new Set(ids)])
      .where(visibleTo(actor, PERPETRATOR_ENTITY, 'perpetrators'))
      .execute();
  }

  /** Every perpetrator, unfiltered: for the screening report, whose output is filtered per caller later. */
  allPerpetrators(db: DB): Promise<PerpetratorsTable[]> {
    return db.selectFrom('perpetrators').selectAll().orderBy('id').execute();
  }

  namesFor(db: DB, ids: readonly string[]): Promise<PerpetratorNamesTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('perpetrator_names')
      .selectAll()
      .where('perpetrator_id', 'in', [...new Set(ids)])
      .orderBy('perpetrator_id')
      .orderBy('position')
      .execute();
  }

  positionsFor(db: DB, ids: readonly string[]): Promise<PerpetratorPositionsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('perpetrator_positions')
      .selectAll()
      .where('perpetrator_id', 'in', [...new Set(ids)])
      .orderBy('perpetrator_id')
      .orderBy('position')
      .execute();
  }

  linksOf(db: DB, perpetratorIds: readonly string[]): Promise<PerpetratorLinksTable[]> {
    if (perpetratorIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('perpetrator_links')
      .selectAll()
      .where('perpetrator_id', 'in', [...new Set(perpetratorIds)])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  linksTo(
    db: DB,
    targetType: 'case' | 'violation',
    ids: readonly string[],
  ): Promise<PerpetratorLinksTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('perpetrator_links')
      .selectAll()
      .where('target_type', '=', targetType)
      .where('target_id', 'in', [...new Set(ids)])
      .orderBy('created_at')
      .execute();
  }

  /** Link counts per perpetrator (cases and violations), for ranking the report; aggregates only. */
  async linkCounts(db: DB): Promise<Map<string, { cases: number; violations: number }>> {
    const rows = await db
      .selectFrom('perpetrator_links')
      .select(['perpetrator_id', 'target_type', (eb) => eb.fn.count<number>('target_id').distinct().as('n')])
      .groupBy(['perpetrator_id', 'target_type'])
      .execute();
    const out = new Map<string, { cases: number; violations: number }>();
    for (const r of rows) {
      const c = out.get(r.perpetrator_id) ?? { cases: 0, violations: 0 };
      if (r.target_type === 'case') c.cases = Number(r.n);
      else c.violations = Number(r.n);
      out.set(r.perpetrator_id, c);
    }
    return out;
  }

  async tokenHits(
    db: DB,
    actor: Actor,
    tokens: readonly string[],
  ): Promise<Array<{ id: string; tier: Tier; token: string }>> {
    if (tokens.length === 0) return [];
    return db
      .selectFrom('perpetrator_name_tokens as t')
      .innerJoin('perpetrators', 'perpetrators.id', 't.perpetrator_id')
      .select(['perpetrators.id as id', 'perpetrators.tier as tier', 't.token as token'])
      .where('t.token', 'in', [...new Set(tokens)])
      .where(visibleTo(actor, PERPETRATOR_ENTITY, 'perpetrators'))
      .execute();
  }

  async insertPerpetrator(db: DB, row: PerpetratorsTable): Promise<void> {
    await db.insertInto('perpetrators').values(row).execute();
  }

  updatePerpetrator(
    db: DB,
    id: string,
    version: number,
    patch: Partial<PerpetratorsTable>,
  ): Promise<boolean> {
    return updateVersioned(db, 'perpetrators', id, version, patch);
  }

  async deletePerpetrator(db: DB, id: string): Promise<void> {
    const links = await db
      .selectFrom('perpetrator_links')
      .select('id')
      .where('perpetrator_id', '=', id)
      .execute();
    await deleteLinkSources(
      db,
      links.map((l) => l.id),
    );
    await db
      .deleteFrom('evidence_links')
      .where('entity_type', '=', 'perpetrator')
      .where('entity_id', '=', id)
      .execute();
    await dropRecordGrants(db, PERPETRATOR_ENTITY, id);
    await db.deleteFrom('perpetrators').where('id', '=', id).execute();
  }

  async replaceNames(
    db: DB,
    id: string,
    rows: readonly PerpetratorNamesTable[],
    tokens: readonly string[],
  ): Promise<void> {
    await db.deleteFrom('perpetrator_names').where('perpetrator_id', '=', id).execute();
    await db.deleteFrom('perpetrator_name_tokens').where('perpetrator_id', '=', id).execute();
    if (rows.length > 0)
      await db
        .insertInto('perpetrator_names')
        .values([...rows])
        .execute();
    // Chunked: a long list of aliases and prefixes may exceed a statement's parameter limit.
    for (let i = 0; i < tokens.length; i += 400) {
      const chunk = tokens.slice(i, i + 400).map((token) => ({ perpetrator_id: id, token }));
      await db
        .insertInto('perpetrator_name_tokens')
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  async replacePositions(db: DB, id: string, rows: readonly PerpetratorPositionsTable[]): Promise<void> {
    await db.deleteFrom('perpetrator_positions').where('perpetrator_id', '=', id).execute();
    if (rows.length > 0)
      await db
        .insertInto('perpetrator_positions')
        .values([...rows])
        .execute();
  }

  async insertLink(db: DB, row: PerpetratorLinksTable): Promise<void> {
    await db.insertInto('perpetrator_links').values(row).execute();
  }

  findLink(db: DB, perpetratorId: string, linkId: string): Promise<PerpetratorLinksTable | undefined> {
    return db
      .selectFrom('perpetrator_links')
      .selectAll()
      .where('id', '=', linkId)
      .where('perpetrator_id', '=', perpetratorId)
      .executeTakeFirst();
  }

  async deleteLink(db: DB, linkId: string): Promise<void> {
    await deleteLinkSources(db, [linkId]);
    await db.deleteFrom('perpetrator_links').where('id', '=', linkId).execute();
  }
}

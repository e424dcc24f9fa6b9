import { sql } from 'kysely';
import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type {
  PerpetratorLinksTable,
  PerpetratorNamesTable,
  PerpetratorPositionsTable,
  PerpetratorsTable,
  ViolationsTable,
} from '../../core/db/schema-accountability';

export const PERPETRATOR_ENTITY = 'perpetrator';
export const VIOLATION_ENTITY = 'violation';
export const LINK_ENTITY = 'perpetrator_link';

/** All SQL of perpetrators, positions, links and violations. Every read of a record goes through visibleTo. */
export class AccountabilityRepository {
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
  ): Promise<Array<{ id: string; token: string }>> {
    if (tokens.length === 0) return [];
    return db
      .selectFrom('perpetrator_name_tokens as t')
      .innerJoin('perpetrators', 'perpetrators.id', 't.perpetrator_id')
      .select(['perpetrators.id as id', 't.token as token'])
      .where('t.token', 'in', [...new Set(tokens)])
      .where(visibleTo(actor, PERPETRATOR_ENTITY, 'perpetrators'))
      .execute();
  }

  async insertPerpetrator(db: DB, row: PerpetratorsTable): Promise<void> {
    await db.insertInto('perpetrators').values(row).execute();
  }

  async updatePerpetrator(
    db: DB,
    id: string,
    version: number,
    patch: Partial<PerpetratorsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('perpetrators')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deletePerpetrator(db: DB, id: string): Promise<void> {
    const links = await db
      .selectFrom('perpetrator_links')
      .select('id')
      .where('perpetrator_id', '=', id)
      .execute();
    await this.deleteLinkSources(
      db,
      links.map((l) => l.id),
    );
    await db
      .deleteFrom('evidence_links')
      .where('entity_type', '=', 'perpetrator')
      .where('entity_id', '=', id)
      .execute();
    await db
      .deleteFrom('record_grants')
      .where('entity_type', '=', PERPETRATOR_ENTITY)
      .where('entity_id', '=', id)
      .execute();
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
    await this.deleteLinkSources(db, [linkId]);
    await db.deleteFrom('perpetrator_links').where('id', '=', linkId).execute();
  }

  private async deleteLinkSources(db: DB, linkIds: readonly string[]): Promise<void> {
    if (linkIds.length === 0) return;
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', LINK_ENTITY)
      .where('entity_id', 'in', [...linkIds])
      .execute();
  }

  async hasGrant(db: DB, entityType: string, userId: string, id: string): Promise<boolean> {
    const row = await db
      .selectFrom('record_grants')
      .select('user_id')
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async grant(db: DB, entityType: string, id: string, userId: string, at: string): Promise<void> {
    await db
      .insertInto('record_grants')
      .values({ entity_type: entityType, entity_id: id, user_id: userId, granted_by: userId, created_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  // ---- registry cases (read only) ----

  /** Cases the actor may see: a case carries its person's tier and grants. */
  visibleCases(
    db: DB,
    actor: Actor | null,
    ids: readonly string[],
  ): Promise<
    Array<{
      id: string;
      person_id: string;
      case_number: string | null;
      ref_code: string;
      court: string | null;
      verdict_on: string | null;
      detained_on: string | null;
    }>
  > {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select([
        'cases.id',
        'cases.person_id',
        'cases.case_number',
        'persons.ref_code',
        'cases.court',
        'cases.verdict_on',
        'cases.detained_on',
      ])
      .where('cases.id', 'in', [...new Set(ids)])
      .where(visibleTo(actor, 'person', 'persons'))
      .execute();
  }

  // ---- read-only views of other modules' tables used by the report ----

  datasetJurisdictions(db: DB): Promise<Array<{ name: string; jurisdiction: string | null }>> {
    return db.selectFrom('sanctions_datasets').select(['name', 'jurisdiction']).execute();
  }

  /** Evidence items the actor may see that are linked to any of the given records. */
  async visibleEvidenceFor(
    db: DB,
    actor: Actor,
    refs: ReadonlyArray<{ type: 'perpetrator' | 'case' | 'violation' | 'person'; ids: readonly string[] }>,
  ): Promise<Array<{ id: string; kind: string; sha256: string; size: number; consent: string }>> {
    const ids = new Set<string>();
    for (const r of refs) {
      if (r.ids.length === 0) continue;
      const rows = await db
        .selectFrom('evidence_links')
        .select('evidence_id')
        .where('entity_type', '=', r.type)
        .where('entity_id', 'in', [...new Set(r.ids)])
        .execute();
      for (const row of rows) ids.add(row.evidence_id);
    }
    if (ids.size === 0) return [];
    return db
      .selectFrom('evidence_items')
      .select([
        'evidence_items.id',
        'evidence_items.kind',
        'evidence_items.sha256',
        'evidence_items.size',
        'evidence_items.consent',
      ])
      .where('evidence_items.id', 'in', [...ids])
      .where(visibleTo(actor, 'evidence', 'evidence_items'))
      .execute();
  }

  // ---- violations ----

  async listViolations(
    db: DB,
    actor: Actor | null,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ViolationsTable[]; total: number }> {
    const base = db.selectFrom('violations').where(visibleTo(actor, VIOLATION_ENTITY, 'violations'));
    const rows = await base
      .selectAll('violations')
      .orderBy(sql`coalesce(violations.occurred_on, violations.created_at)`, 'desc')
      .orderBy('violations.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  visibleViolations(db: DB, actor: Actor | null, ids: readonly string[]): Promise<ViolationsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('violations')
      .selectAll('violations')
      .where('violations.id', 'in', [...new Set(ids)])
      .where(visibleTo(actor, VIOLATION_ENTITY, 'violations'))
      .execute();
  }

  async insertViolation(db: DB, row: ViolationsTable): Promise<void> {
    await db.insertInto('violations').values(row).execute();
  }

  async updateViolation(
    db: DB,
    id: string,
    version: number,
    patch: Partial<ViolationsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('violations')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteViolation(db: DB, id: string): Promise<void> {
    const links = await db
      .selectFrom('perpetrator_links')
      .select('id')
      .where('target_type', '=', 'violation')
      .where('target_id', '=', id)
      .execute();
    await this.deleteLinkSources(
      db,
      links.map((l) => l.id),
    );
    await db
      .deleteFrom('perpetrator_links')
      .where('target_type', '=', 'violation')
      .where('target_id', '=', id)
      .execute();
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', VIOLATION_ENTITY)
      .where('entity_id', '=', id)
      .execute();
    await db
      .deleteFrom('evidence_links')
      .where('entity_type', '=', 'violation')
      .where('entity_id', '=', id)
      .execute();
    await db
      .deleteFrom('record_grants')
      .where('entity_type', '=', VIOLATION_ENTITY)
      .where('entity_id', '=', id)
      .execute();
    await db.deleteFrom('violations').where('id', '=', id).execute();
  }

  victimIds(
    db: DB,
    violationIds: readonly string[],
  ): Promise<Array<{ violation_id: string; person_id: string }>> {
    if (violationIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('violation_victims')
      .selectAll()
      .where('violation_id', 'in', [...new Set(violationIds)])
      .execute();
  }

  async replaceVictims(db: DB, violationId: string, personIds: readonly string[]): Promise<void> {
    await db.deleteFrom('violation_victims').where('violation_id', '=', violationId).execute();
    const rows = [...new Set(personIds)].map((person_id) => ({ violation_id: violationId, person_id }));
    if (rows.length > 0) await db.insertInto('violation_victims').values(rows).execute();
  }

  async replaceSources(
    db: DB,
    entityType: string,
    entityId: string,
    sourceIds: readonly string[],
  ): Promise<void> {
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .execute();
    const rows = [...new Set(sourceIds)].map((source_id) => ({
      entity_type: entityType,
      entity_id: entityId,
      field: '',
      source_id,
    }));
    if (rows.length > 0) await db.insertInto('fact_sources').values(rows).execute();
  }
}

/** Registry persons the actor may see (victims of violations); a hidden person is left out silently. */
export function visiblePersons(db: DB, actor: Actor | null, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('persons')
    .selectAll('persons')
    .where('persons.id', 'in', [...new Set(ids)])
    .where('persons.merged_into', 'is', null)
    .where(visibleTo(actor, 'person', 'persons'))
    .execute();
}

/** Source links of the given entities (fact_sources), limited to sources the actor may see. */
export function sourcesFor(db: DB, actor: Actor, entityType: string, entityIds: readonly string[]) {
  if (entityIds.length === 0)
    return Promise.resolve(
      [] as Array<{ entity_id: string; source_id: string; title: string; url: string | null }>,
    );
  return db
    .selectFrom('fact_sources')
    .innerJoin('sources', 'sources.id', 'fact_sources.source_id')
    .select(['fact_sources.entity_id', 'fact_sources.source_id', 'sources.title', 'sources.url'])
    .where('fact_sources.entity_type', '=', entityType)
    .where('fact_sources.entity_id', 'in', [...new Set(entityIds)])
    .where(visibleTo(actor, 'source', 'sources'))
    .orderBy('sources.title')
    .execute();
}

/** Every cited source must be one the writer may see; an invisible one is reported like a missing one. */
export async function checkSources(db: DB, actor: Actor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await db
    .selectFrom('sources')
    .select('sources.id')
    .where('sources.id', 'in', [...new Set(ids)])
    .where(visibleTo(actor, 'source', 'sources'))
    .execute();
  return rows.length === new Set(ids).size;
}

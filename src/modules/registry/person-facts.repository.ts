import { sql } from 'kysely';
import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import { inList } from '../../core/db/in-list';
import { updateVersioned } from '../../core/records.repository';
import type {
  CaseArticlesTable,
  CasesTable,
  PersonStatus,
  RecognitionsTable,
  StatusEventsTable,
} from '../../core/db/schema-registry';
import { CASE_ARTICLE_COLUMNS } from '../../core/db/schema-registry';

/**
 * All SQL of the facts hanging off a person: criminal cases and their articles, status history,
 * recognitions and fact sources, and the columns of persons derived from them (current status, first
 * recognition) that filters read instead of joining.
 */
/** The case facts of list rows (see caseSummariesFor). */
export interface CaseSummaryRows {
  cases: Array<Pick<CasesTable, 'id' | 'person_id' | 'facility' | 'detained_on'>>;
  articles: Array<{ person_id: string; article: string }>;
}

export class PersonFactsRepository {
  // ---- cases ----

  async insertCase(db: DB, row: CasesTable, articles: readonly CaseArticlesTable[]): Promise<void> {
    await db.insertInto('cases').values(row).execute();
    await this.replaceArticles(db, row.id, articles);
  }

  async replaceArticles(db: DB, caseId: string, articles: readonly CaseArticlesTable[]): Promise<void> {
    await db.deleteFrom('case_articles').where('case_id', '=', caseId).execute();
    if (articles.length > 0)
      await db
        .insertInto('case_articles')
        .values([...articles])
        .execute();
  }

  /** Returns false when the version moved on (someone else saved first). */
  updateCase(db: DB, id: string, version: number, patch: Partial<CasesTable>): Promise<boolean> {
    return updateVersioned(db, 'cases', id, version, patch);
  }

  async deleteCase(db: DB, id: string): Promise<void> {
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', 'case')
      .where('entity_id', '=', id)
      .execute();
    await db.deleteFrom('case_articles').where('case_id', '=', id).execute();
    await db.updateTable('status_events').set({ case_id: null }).where('case_id', '=', id).execute();
    await db.deleteFrom('cases').where('id', '=', id).execute();
  }

  findCase(db: DB, personId: string, caseId: string): Promise<CasesTable | undefined> {
    return db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
  }

  casesFor(db: DB, personIds: readonly string[]): Promise<CasesTable[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('cases')
      .selectAll()
      .where('person_id', 'in', personIds)
      .orderBy('person_id')
      .orderBy(sql`coalesce(detained_on, '')`)
      .orderBy('created_at')
      .execute();
  }

  /**
   * What a list row shows of a person's cases: where held, when detained, under which articles (in
   * detention order). One query with the articles joined: a second query for them cost as much again.
   */
  async caseSummariesFor(db: DB, personIds: readonly string[]): Promise<CaseSummaryRows> {
    if (personIds.length === 0) return { cases: [], articles: [] };
    const rows = await db
      .selectFrom('cases')
      .leftJoin('case_articles', 'case_articles.case_id', 'cases.id')
      .select(['cases.id', 'cases.person_id', 'cases.facility', 'cases.detained_on', 'case_articles.article'])
      .where('cases.person_id', 'in', inList(personIds))
      .orderBy('cases.person_id')
      .orderBy(sql`coalesce(cases.detained_on, '')`)
      .orderBy('cases.created_at')
      .orderBy('cases.id')
      .orderBy('case_articles.position')
      .execute();
    const cases: CaseSummaryRows['cases'] = [];
    const articles: CaseSummaryRows['articles'] = [];
    for (const r of rows) {
      if (cases.at(-1)?.id !== r.id)
        cases.push({ id: r.id, person_id: r.person_id, facility: r.facility, detained_on: r.detained_on });
      if (r.article !== null) articles.push({ person_id: r.person_id, article: r.article });
    }
    return { cases, articles };
  }

  articlesFor(db: DB, caseIds: readonly string[]): Promise<CaseArticlesTable[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('case_articles')
      .select(CASE_ARTICLE_COLUMNS)
      .where('case_id', 'in', caseIds)
      .orderBy('case_id')
      .orderBy('position')
      .execute();
  }

  async setCasesTier(db: DB, personId: string, tier: CasesTable['tier']): Promise<void> {
    await db.updateTable('cases').set({ tier }).where('person_id', '=', personId).execute();
  }

  // ---- status history and recognitions ----

  async insertStatusEvent(db: DB, row: StatusEventsTable): Promise<void> {
    await db.insertInto('status_events').values(row).execute();
  }

  statusEventsFor(db: DB, personId: string): Promise<StatusEventsTable[]> {
    return db
      .selectFrom('status_events')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('occurred_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Re-derives the denormalised current status from the history (latest event wins). */
  async refreshCurrentStatus(
    db: DB,
    personId: string,
  ): Promise<{ status: PersonStatus | null; on: string | null }> {
    const latest = await db
      .selectFrom('status_events')
      .select(['status', 'occurred_on'])
      .where('person_id', '=', personId)
      .orderBy('occurred_on', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const value = { status: latest?.status ?? null, on: latest?.occurred_on ?? null };
    await db
      .updateTable('persons')
      .set({ current_status: value.status, current_status_on: value.on })
      .where('id', '=', personId)
      .execute();
    return value;
  }

  async insertRecognition(db: DB, row: RecognitionsTable): Promise<void> {
    await db.insertInto('recognitions').values(row).execute();
  }

  recognitionsFor(db: DB, personId: string): Promise<RecognitionsTable[]> {
    return db
      .selectFrom('recognitions')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('recognised_on')
      .execute();
  }

  /** The first recognition date, denormalised for the "recognitions per month" statistic. */
  async refreshRecognisedOn(db: DB, personId: string): Promise<void> {
    const first = await db
      .selectFrom('recognitions')
      .select((eb) => eb.fn.min('recognised_on').as('first'))
      .where('person_id', '=', personId)
      .executeTakeFirst();
    await db
      .updateTable('persons')
      .set({ recognised_on: (first?.first as string | null | undefined) ?? null })
      .where('id', '=', personId)
      .execute();
  }

  // ---- fact sources ----

  /** Ids of the given sources that the actor may see; an invisible source is treated as missing. */
  async visibleSourceIds(db: DB, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .selectFrom('sources')
      .select('sources.id')
      .where('sources.id', 'in', [...new Set(ids)])
      .where(visibleTo(actor, 'source', 'sources'))
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async linkSources(
    db: DB,
    entityType: string,
    entityId: string,
    refs: readonly { sourceId: string; field: string }[],
  ): Promise<void> {
    const rows = refs.map((r) => ({
      entity_type: entityType,
      entity_id: entityId,
      field: r.field,
      source_id: r.sourceId,
    }));
    if (rows.length > 0)
      await db
        .insertInto('fact_sources')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
}

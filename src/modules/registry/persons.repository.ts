import { sql, type SqlBool, type Expression, type ExpressionBuilder } from 'kysely';
import { readableTiers, visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import type {
  CaseArticlesTable,
  CasesTable,
  PersonNamesTable,
  PersonStatus,
  PersonsTable,
  RecognitionsTable,
  StatusEventsTable,
} from '../../core/db/schema-registry';
import type { PersonFilter } from './registry.schema';

/** All SQL of persons, names, blind-index tokens, cases, status history, recognitions and fact sources. */
export const PERSON_ENTITY = 'person';
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type PersonsEb = ExpressionBuilder<Database, 'persons'>;

/**
 * Filters on persons: the name (blind-index token groups: one group per query part, any token of a group
 * must be present), case facts through EXISTS sub-queries, and person columns. Merged-away persons are
 * never listed. Exported so that release lists and exports filter exactly like the search does.
 */
export function personFilter(filter: PersonFilter, tokenGroups: readonly string[][]) {
  return (eb: PersonsEb): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [eb('persons.merged_into', 'is', null)];
    for (const group of tokenGroups) {
      conds.push(
        eb(
          'persons.id',
          'in',
          eb
            .selectFrom('person_name_tokens')
            .select('person_name_tokens.person_id')
            .where('token', 'in', group),
        ),
      );
    }
    if (filter.status) conds.push(eb('persons.current_status', '=', filter.status));
    if (filter.region) conds.push(eb('persons.region', '=', filter.region));
    if (filter.gender) conds.push(eb('persons.gender', '=', filter.gender));
    if (filter.consent) conds.push(eb('persons.consent', '=', filter.consent));
    if (filter.group) conds.push(eb('persons.groups', 'like', `%"${filter.group}"%`));
    const caseConds: Array<(c: ExpressionBuilder<Database, 'cases'>) => Expression<SqlBool>> = [];
    if (filter.court) caseConds.push((c) => c('cases.court', '=', filter.court!));
    if (filter.judge) caseConds.push((c) => c('cases.judge', '=', filter.judge!));
    if (filter.facility) caseConds.push((c) => c('cases.facility', '=', filter.facility!));
    if (filter.detainedFrom) caseConds.push((c) => c('cases.detained_on', '>=', filter.detainedFrom!));
    if (filter.detainedTo) caseConds.push((c) => c('cases.detained_on', '<=', filter.detainedTo!));
    if (filter.verdictFrom) caseConds.push((c) => c('cases.verdict_on', '>=', filter.verdictFrom!));
    if (filter.verdictTo) caseConds.push((c) => c('cases.verdict_on', '<=', filter.verdictTo!));
    if (filter.article) {
      const article = filter.article;
      caseConds.push((c) =>
        c.exists(
          c
            .selectFrom('case_articles')
            .select('case_articles.case_id')
            .whereRef('case_articles.case_id', '=', 'cases.id')
            .where('case_articles.article', '=', article),
        ),
      );
    }
    if (caseConds.length > 0) {
      // One case must satisfy all case conditions together (court X *and* detained in range).
      conds.push(
        eb.exists(
          eb
            .selectFrom('cases')
            .select('cases.id')
            .whereRef('cases.person_id', '=', 'persons.id')
            .where((c) => c.and(caseConds.map((f) => f(c)))),
        ),
      );
    }
    return eb.and(conds);
  };
}

/**
 * Persons whose identity fields the actor may read. Rows reaching this filter already passed visibleTo,
 * so a sealed identity (which only occurs on sealed records) is readable exactly when the row is visible.
 */
export function identityReadable(actor: Actor | null) {
  return (eb: PersonsEb): Expression<SqlBool> => {
    const tiers = readableTiers(actor);
    const open = tiers.length > 0 ? eb('persons.identity_tier', 'in', [...tiers]) : sql<SqlBool>`1 = 0`;
    return actor ? eb.or([open, eb('persons.identity_tier', '=', 'sealed')]) : open;
  };
}

export class PersonsRepository {
  /** Every read goes through visibleTo: a hidden person is never selected, counted or searched. */
  async list(
    db: DB,
    actor: Actor | null,
    filter: PersonFilter,
    tokenGroups: readonly string[][],
    page: { limit: number; offset: number },
  ): Promise<{ rows: PersonsTable[]; total: number }> {
    let base = db
      .selectFrom('persons')
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .where(personFilter(filter, tokenGroups));
    // A name search must not reveal whose hidden name matches: only identities the actor may read count.
    if (tokenGroups.length > 0) base = base.where(identityReadable(actor));
    const rows = await base
      .selectAll('persons')
      .orderBy('persons.updated_at', 'desc')
      .orderBy('persons.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  findVisible(db: DB, actor: Actor | null, id: string): Promise<PersonsTable | undefined> {
    return db
      .selectFrom('persons')
      .selectAll('persons')
      .where('persons.id', '=', id)
      .where('persons.merged_into', 'is', null)
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .executeTakeFirst();
  }

  async hasGrant(db: DB, userId: string, id: string): Promise<boolean> {
    const row = await db
      .selectFrom('record_grants')
      .select('user_id')
      .where('entity_type', '=', PERSON_ENTITY)
      .where('entity_id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async grant(db: DB, id: string, userId: string, grantedBy: string, at: string): Promise<void> {
    await db
      .insertInto('record_grants')
      .values({
        entity_type: PERSON_ENTITY,
        entity_id: id,
        user_id: userId,
        granted_by: grantedBy,
        created_at: at,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async insertPerson(db: DB, row: PersonsTable): Promise<void> {
    await db.insertInto('persons').values(row).execute();
  }

  /** Returns false when the version moved on (someone else saved first). */
  async updatePerson(db: DB, id: string, version: number, patch: Partial<PersonsTable>): Promise<boolean> {
    const r = await db
      .updateTable('persons')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Deletes a person with everything hanging off it; explicit so that it does not rely on cascades. */
  async deletePerson(db: DB, id: string): Promise<void> {
    const caseIds = (await db.selectFrom('cases').select('id').where('person_id', '=', id).execute()).map(
      (r) => r.id,
    );
    const events = (
      await db.selectFrom('status_events').select('id').where('person_id', '=', id).execute()
    ).map((r) => r.id);
    const recs = (await db.selectFrom('recognitions').select('id').where('person_id', '=', id).execute()).map(
      (r) => r.id,
    );
    for (const [type, ids] of [
      ['case', caseIds],
      ['status_event', events],
      ['recognition', recs],
      [PERSON_ENTITY, [id]],
    ] as const) {
      for (const part of chunks(ids)) {
        await db
          .deleteFrom('fact_sources')
          .where('entity_type', '=', type)
          .where('entity_id', 'in', part)
          .execute();
      }
    }
    for (const part of chunks(caseIds))
      await db.deleteFrom('case_articles').where('case_id', 'in', part).execute();
    await db.deleteFrom('status_events').where('person_id', '=', id).execute();
    await db.deleteFrom('cases').where('person_id', '=', id).execute();
    await db.deleteFrom('recognitions').where('person_id', '=', id).execute();
    await db.deleteFrom('person_name_tokens').where('person_id', '=', id).execute();
    await db.deleteFrom('person_names').where('person_id', '=', id).execute();
    await db
      .deleteFrom('duplicate_decisions')
      .where((eb) => eb.or([eb('person_a', '=', id), eb('person_b', '=', id)]))
      .execute();
    await db
      .deleteFrom('record_grants')
      .where('entity_type', '=', PERSON_ENTITY)
      .where('entity_id', '=', id)
      .execute();
    await db.deleteFrom('persons').where('id', '=', id).execute();
  }

  // ---- names and blind index ----

  async replaceNames(db: DB, personId: string, rows: readonly PersonNamesTable[]): Promise<void> {
    await db.deleteFrom('person_names').where('person_id', '=', personId).execute();
    for (const part of chunks(rows)) await db.insertInto('person_names').values(part).execute();
  }

  namesFor(db: DB, personIds: readonly string[]): Promise<PersonNamesTable[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('person_names')
      .selectAll()
      .where('person_id', 'in', personIds)
      .orderBy('person_id')
      .orderBy('position')
      .execute();
  }

  async replaceTokens(db: DB, personId: string, tokens: readonly string[]): Promise<void> {
    await db.deleteFrom('person_name_tokens').where('person_id', '=', personId).execute();
    const rows = [...new Set(tokens)].map((token) => ({ person_id: personId, token }));
    for (const part of chunks(rows)) await db.insertInto('person_name_tokens').values(part).execute();
  }

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

  async updateCase(db: DB, id: string, version: number, patch: Partial<CasesTable>): Promise<boolean> {
    const r = await db
      .updateTable('cases')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
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

  articlesFor(db: DB, caseIds: readonly string[]): Promise<CaseArticlesTable[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('case_articles')
      .selectAll()
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

  /** Source links of the given entities, limited to sources the actor may see. */
  async sourcesFor(
    db: DB,
    actor: Actor | null,
    entityType: string,
    entityIds: readonly string[],
  ): Promise<
    Array<{ entity_id: string; field: string; source_id: string; title: string; url: string | null }>
  > {
    if (entityIds.length === 0) return [];
    return db
      .selectFrom('fact_sources')
      .innerJoin('sources', 'sources.id', 'fact_sources.source_id')
      .select([
        'fact_sources.entity_id',
        'fact_sources.field',
        'fact_sources.source_id',
        'sources.title',
        'sources.url',
      ])
      .where('fact_sources.entity_type', '=', entityType)
      .where('fact_sources.entity_id', 'in', [...entityIds])
      .where(visibleTo(actor, 'source', 'sources'))
      .orderBy('fact_sources.field')
      .orderBy('sources.title')
      .execute();
  }

  async anyDemo(db: DB): Promise<boolean> {
    const row = await db
      .selectFrom('persons')
      .select('id')
      .where('is_demo', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

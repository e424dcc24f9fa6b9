import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { visibleTo, type Actor } from '../../core/access';
import type { DB, Engine } from '../../core/db/database';
import { inList } from '../../core/db/in-list';
import {
  dropRecordGrants,
  grantRecord,
  hasRecordGrant,
  updateVersioned,
} from '../../core/records.repository';
import type { Database } from '../../core/db/schema';
import type { PersonNamesTable, PersonsTable } from '../../core/db/schema-registry';
import { identityReadable, personFilter } from './person-filter';
import type { PersonFilter } from './registry.schema';

/**
 * All SQL of person rows, their grants, names and blind-index tokens. Cases, status history,
 * recognitions and fact sources are in person-facts.repository.ts; the list filter in person-filter.ts.
 */
export const PERSON_ENTITY = 'person';
const CHUNK = 500;
const SELECTIVITY_CAP = 300;
/** Filters on a person's cases, besides the article. */
const CASE_FACTS = [
  'court',
  'judge',
  'facility',
  'detainedFrom',
  'detainedTo',
  'verdictFrom',
  'verdictTo',
] as const;
type PersonsEb = ExpressionBuilder<Database, 'persons'>;

type PersonIds = SelectQueryBuilder<Database, 'persons', { id: string }>;
/** The ids of persons the list's actor and filter select, in one of personFilter's shapes. */
type Matching = (shape: { walk: boolean; probeCases: boolean; materialise: boolean }) => PersonIds;
type PageIds = { ids: string[] } & BoundedTotal;
const newestFirst = (q: PersonIds): PersonIds =>
  q.orderBy('persons.updated_at', 'desc').orderBy('persons.id', 'desc');

/** An article as the only case fact, without a name: counted and paged its own way (see list). */
function isOnlyArticle(filter: PersonFilter, byName: boolean): boolean {
  return filter.article !== undefined && !byName && CASE_FACTS.every((k) => filter[k] === undefined);
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Default bound of list totals: an exact count up to this many rows, "more than" beyond (see list). */
export const LIST_TOTAL_CAP = 1000;

/**
 * The person columns a list row shows (see presentSummary). Lists select these and nothing else: the
 * encrypted fields are long strings, and converting them for 50 rows that never show them was half the
 * cost of loading a page.
 */
export const SUMMARY_COLUMNS = [
  'id',
  'ref_code',
  'consent',
  'tier',
  'identity_tier',
  'gender',
  'region',
  'groups',
  'current_status',
  'current_status_on',
  'recognised_on',
  'birth_year',
  'is_demo',
  'updated_at',
  'version',
] as const satisfies ReadonlyArray<keyof PersonsTable>;
export type PersonSummaryRow = Pick<PersonsTable, (typeof SUMMARY_COLUMNS)[number]>;
const SUMMARY_SELECTION = SUMMARY_COLUMNS.map((c) => `persons.${c}` as const);

/** A list total that is exact up to a bound; capped means "more than total". */
export interface BoundedTotal {
  total: number;
  capped: boolean;
}

export class PersonsRepository {
  constructor(private readonly totalCap = LIST_TOTAL_CAP) {}

  /**
   * Every read goes through visibleTo: a hidden person is never selected, counted or searched.
   *
   * The total is bounded: counting every match of a broad filter read most of the registry per request
   * (56 ms for the unfiltered list at 100k persons). The count stops after max(cap, offset + limit) + 1
   * rows, so it is exact whenever there are at most that many matches and otherwise says "more than"
   * (capped), which still tells the pager that a next page exists. Exact per-region/status figures
   * come from the statistics cells.
   */
  async list(
    db: DB,
    engine: Engine,
    actor: Actor | null,
    filter: PersonFilter,
    tokenGroups: readonly string[][],
    page: { limit: number; offset: number },
  ): Promise<{ rows: PersonSummaryRow[] } & BoundedTotal> {
    const groups = await this.bySelectivity(db, tokenGroups);
    const bound = Math.max(this.totalCap, page.offset + page.limit);
    const matching: Matching = (shape) => {
      let q = db
        .selectFrom('persons')
        .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
        .where(personFilter(filter, groups, shape));
      // A name search must not reveal whose hidden name matches: only identities the actor may read count.
      if (tokenGroups.length > 0) q = q.where(identityReadable(actor));
      return q.select('persons.id');
    };
    const { ids, ...total } =
      tokenGroups.length > 0
        ? await this.namePage(matching, bound, page)
        : await this.filterPage(db, engine, actor, filter, matching, bound, page);
    if (ids.length === 0) return { rows: [], ...total };
    const byId = new Map(
      (
        await db
          .selectFrom('persons')
          .select(SUMMARY_SELECTION)
          .where('persons.id', 'in', inList(ids))
          .execute()
      ).map((r) => [r.id, r]),
    );
    const rows = ids.map((id) => byId.get(id)).filter((r): r is PersonSummaryRow => r !== undefined);
    return { rows, ...total };
  }

  /**
   * A name search has one shape whatever the count (the first token group drives), and its page query
   * reads every match to sort them anyway, so one query gives both: the ids in order up to the bound,
   * counted and sliced here. A separate count evaluated the same matches a second time (~0.4-0.8 ms of
   * a 5-7 ms search at 100k persons).
   */
  private async namePage(
    matching: Matching,
    bound: number,
    page: { limit: number; offset: number },
  ): Promise<PageIds> {
    const ordered = (
      await newestFirst(matching({ walk: false, probeCases: false, materialise: false }))
        .limit(bound + 1)
        .execute()
    ).map((r) => r.id);
    return {
      ids: ordered.slice(page.offset, page.offset + page.limit),
      total: Math.min(ordered.length, bound),
      capped: ordered.length > bound,
    };
  }

  /** Without a name: a bounded count, then the page in the shape that count makes cheapest. */
  private async filterPage(
    db: DB,
    engine: Engine,
    actor: Actor | null,
    filter: PersonFilter,
    matching: Matching,
    bound: number,
    page: { limit: number; offset: number },
  ): Promise<PageIds> {
    const onlyArticle = isOnlyArticle(filter, false);
    const matches =
      onlyArticle && filter.article !== undefined
        ? this.byArticle(db, actor, filter.article, filter)
        : matching({ walk: false, probeCases: false, materialise: false });
    const n = await this.countUpTo(db, matches, bound + 1);
    const total = { total: Math.min(n, bound), capped: n > bound };
    if (page.offset >= n) return { ids: [], ...total };
    // More matches than the bound: walking the (updated_at, id) index newest-first and checking each row
    // finds the page after a few hundred to a few thousand rows. Starting from the region, article or
    // facility index instead read and sorted every match: 5-150 ms at 100k persons (region+status 23 ms
    // to ~1 ms, article ~150 ms to ~2 ms, facility+dates with ~1,200 matches 8 ms to ~2 ms). Fewer
    // matches are cheaper from their index and a small sort; a walk that finds nothing reads the whole
    // registry (~15 ms at 100k), which is why a small match set does not walk.
    // Ids first (from the covering indexes, see migration 20261207T1700), then the page's own rows: asking
    // for the row columns in the same query reads every candidate's table row before the sort.
    // The walk's `col || ''` steers SQLite's planner (see personFilter); PostgreSQL plans the plain columns
    // well by itself (region + status: 0.4 ms from its index against 45 ms for a sequential scan of the
    // steered form); it keeps the per-row article probe for a capped article filter and, with few matches,
    // collects the case set first (materialise, see personFilter).
    const shape = {
      walk: total.capped && engine === 'sqlite',
      probeCases: total.capped && onlyArticle,
      materialise: !total.capped && engine === 'postgres',
    };
    const ids = (await newestFirst(matching(shape)).limit(page.limit).offset(page.offset).execute()).map(
      (r) => r.id,
    );
    return { ids, ...total };
  }

  /**
   * Persons with a case under `article` that pass the rest of the filter, read from the (article,
   * person_id) index in person order, so the count stops after as many persons as it needs (at 100k
   * persons: SQLite 3.4 → 2.0 ms, PostgreSQL 39-50 → 4-5 ms, where the same count through cases walked
   * ~9,000 cases; an IN form would first collect every case under the article, ~12,000).
   */
  private byArticle(db: DB, actor: Actor | null, article: string, filter: PersonFilter) {
    const rest: PersonFilter = { ...filter, article: undefined };
    return db
      .selectFrom('case_articles')
      .innerJoin('persons', 'persons.id', 'case_articles.person_id')
      .where('case_articles.article', '=', article)
      .where((eb) => visibleTo(actor, PERSON_ENTITY, 'persons')(eb as unknown as PersonsEb))
      .where((eb) => personFilter(rest, [])(eb as unknown as PersonsEb))
      .select('persons.id')
      .distinct();
  }

  /** Rows of `matches`, counting at most `upTo`. */
  private async countUpTo(
    db: DB,
    matches: SelectQueryBuilder<Database, never, { id: string }>,
    upTo: number,
  ): Promise<number> {
    const row = await db
      .selectFrom(matches.limit(upTo).as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Name token groups, the one matching fewest index entries first (that one drives the search, see
   * personFilter). Counts stop at SELECTIVITY_CAP entries: only the order matters, and an index range
   * count is cheap.
   */
  async bySelectivity(db: DB, tokenGroups: readonly string[][]): Promise<string[][]> {
    if (tokenGroups.length < 2) return tokenGroups.map((g) => [...g]);
    const sized: Array<{ group: string[]; n: number }> = [];
    for (const group of tokenGroups) {
      const row = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('person_name_tokens')
            .select('person_id')
            .where('token', 'in', group)
            .limit(SELECTIVITY_CAP)
            .as('hits'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      sized.push({ group: [...group], n: Number(row.n) });
    }
    return sized.sort((a, b) => a.n - b.n).map((x) => x.group);
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

  hasGrant(db: DB, userId: string, id: string): Promise<boolean> {
    return hasRecordGrant(db, PERSON_ENTITY, userId, id);
  }

  async grant(db: DB, id: string, userId: string, grantedBy: string, at: string): Promise<void> {
    await grantRecord(db, PERSON_ENTITY, id, userId, grantedBy, at);
  }

  async insertPerson(db: DB, row: PersonsTable): Promise<void> {
    await db.insertInto('persons').values(row).execute();
  }

  /** Returns false when the version moved on (someone else saved first). */
  updatePerson(db: DB, id: string, version: number, patch: Partial<PersonsTable>): Promise<boolean> {
    return updateVersioned(db, 'persons', id, version, patch);
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
    await dropRecordGrants(db, PERSON_ENTITY, id);
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
      .where('person_id', 'in', inList(personIds))
      .orderBy('person_id')
      .orderBy('position')
      .execute();
  }

  async replaceTokens(db: DB, personId: string, tokens: readonly string[]): Promise<void> {
    await db.deleteFrom('person_name_tokens').where('person_id', '=', personId).execute();
    const rows = [...new Set(tokens)].map((token) => ({ person_id: personId, token }));
    for (const part of chunks(rows)) await db.insertInto('person_name_tokens').values(part).execute();
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

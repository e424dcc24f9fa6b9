import { sql, type RawBuilder } from 'kysely';
import type { DB, Engine } from '../../core/db/database';
import type { PublishedFiguresTable } from '../../core/db/schema-registry';
import { CURRENT_STATUSES } from './registry.schema';

/**
 * Aggregate SQL over ALL tiers (sealed included): counts never name a record. Each cell also carries how
 * many of its persons are public, so the public page can suppress small cells made only of non-public
 * records. Merged-away persons are never counted.
 */
export interface Cell {
  key: string;
  count: number;
  publicCount: number;
}
export interface MonthCell extends Cell {
  kind?: string;
}
export type Scope = 'current' | 'all';

const isPublic = sql<number>`sum(case when p.tier = 'public' then 1 else 0 end)`;
const distinctPublic = sql<number>`count(distinct case when p.tier = 'public' then p.id end)`;

const scopeSql = (scope: Scope): RawBuilder<unknown> =>
  scope === 'current'
    ? sql`p.merged_into is null and p.current_status in (${sql.join([...CURRENT_STATUSES])})`
    : sql`p.merged_into is null`;

/** Whole months between two ISO dates, counted like a birthday (a month ends on the same day number). */
function monthsBetween(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number> {
  const part = (d: RawBuilder<unknown>, start: number, len: number) =>
    sql`cast(substr(${d}, ${sql.lit(start)}, ${sql.lit(len)}) as integer)`;
  return sql<number>`((${part(to, 1, 4)} - ${part(from, 1, 4)}) * 12 + (${part(to, 6, 2)} - ${part(from, 6, 2)})
    - case when substr(${to}, 9, 2) < substr(${from}, 9, 2) then 1 else 0 end)`;
}

const cells = (
  rows: Array<{ key: string | null; n: number | string; pub: number | string | null }>,
): Cell[] =>
  rows.map((r) => ({ key: r.key ?? 'unknown', count: Number(r.n), publicCount: Number(r.pub ?? 0) }));

export class StatisticsRepository {
  /**
   * On SQLite, aggregates over most of the persons table are several times faster as a sequential scan
   * than through an index (which turns the scan into random row lookups), so the index is declined there.
   */
  private readonly persons: RawBuilder<unknown>;

  constructor(engine: Engine) {
    this.persons = engine === 'sqlite' ? sql`persons p not indexed` : sql`persons p`;
  }

  async byPersonColumn(
    db: DB,
    column: 'current_status' | 'region' | 'gender' | 'groups',
    scope: Scope,
  ): Promise<Cell[]> {
    const { rows } = await sql<{ key: string | null; n: number; pub: number }>`
      select ${sql.ref(`p.${column}`)} as key, count(*) as n, ${isPublic} as pub
      from ${this.persons} where ${scopeSql(scope)} group by ${sql.ref(`p.${column}`)}`.execute(db);
    return cells(rows);
  }

  async byArticle(db: DB, scope: Scope): Promise<Cell[]> {
    const { rows } = await sql<{ key: string; n: number; pub: number }>`
      select a.article as key, count(distinct p.id) as n, ${distinctPublic} as pub
      from ${this.persons} join cases c on c.person_id = p.id join case_articles a on a.case_id = c.id
      where ${scopeSql(scope)} group by a.article`.execute(db);
    return cells(rows);
  }

  async byFacility(db: DB, scope: Scope): Promise<Cell[]> {
    const { rows } = await sql<{ key: string; n: number; pub: number }>`
      select c.facility as key, count(distinct p.id) as n, ${distinctPublic} as pub
      from ${this.persons} join cases c on c.person_id = p.id
      where ${scopeSql(scope)} and c.facility is not null group by c.facility`.execute(db);
    return cells(rows);
  }

  /** Persons by month of their first recognition. */
  async recognitionsPerMonth(db: DB): Promise<MonthCell[]> {
    const { rows } = await sql<{ key: string; n: number; pub: number }>`
      select substr(p.recognised_on, 1, 7) as key, count(*) as n, ${isPublic} as pub
      from ${this.persons} where p.merged_into is null and p.recognised_on is not null
      group by substr(p.recognised_on, 1, 7) order by 1`.execute(db);
    return cells(rows);
  }

  /** Release events in persons' status histories, by month and kind of release. */
  async releasesPerMonth(db: DB): Promise<MonthCell[]> {
    const { rows } = await sql<{ key: string; kind: string; n: number; pub: number }>`
      select substr(e.occurred_on, 1, 7) as key, e.status as kind, count(distinct p.id) as n, ${distinctPublic} as pub
      from status_events e join persons p on p.id = e.person_id
      where p.merged_into is null and e.status like 'released%'
      group by substr(e.occurred_on, 1, 7), e.status order by 1, 2`.execute(db);
    return rows.map((r) => ({
      key: r.key,
      kind: r.kind.replace(/^released_/, ''),
      count: Number(r.n),
      publicCount: Number(r.pub ?? 0),
    }));
  }

  /**
   * Histogram of months in custody (first detention to today for current prisoners, to the release date
   * for released ones): a few hundred rows whatever the registry size, so medians are computed in JS.
   */
  async timeServedHistogram(
    db: DB,
    which: 'current' | 'released',
    today: string,
  ): Promise<Array<{ months: number; n: number; pub: number }>> {
    const end = which === 'current' ? sql`${today}` : sql`p.current_status_on`;
    const where =
      which === 'current'
        ? sql`p.current_status in (${sql.join([...CURRENT_STATUSES])})`
        : sql`p.current_status like 'released%' and p.current_status_on is not null`;
    const { rows } = await sql<{ months: number; n: number; pub: number }>`
      select t.months as months, count(*) as n, sum(t.pub) as pub from (
        select ${monthsBetween(sql`min(c.detained_on)`, end)} as months,
          case when p.tier = 'public' then 1 else 0 end as pub
        from ${this.persons} join cases c on c.person_id = p.id
        where p.merged_into is null and ${where} and c.detained_on is not null
        group by p.id, p.tier, p.current_status_on
      ) t group by t.months order by t.months`.execute(db);
    return rows.map((r) => ({
      months: Math.max(0, Number(r.months)),
      n: Number(r.n),
      pub: Number(r.pub ?? 0),
    }));
  }

  // ---- published figures ----

  async upsertFigure(db: DB, row: PublishedFiguresTable): Promise<'inserted' | 'updated'> {
    const existing = await db
      .selectFrom('published_figures')
      .select('id')
      .where('as_of', '=', row.as_of)
      .where('metric', '=', row.metric)
      .where('source_url', '=', row.source_url)
      .executeTakeFirst();
    if (existing) {
      await db
        .updateTable('published_figures')
        .set({ value_text: row.value_text, value: row.value, source_org: row.source_org, quote: row.quote })
        .where('id', '=', existing.id)
        .execute();
      return 'updated';
    }
    await db.insertInto('published_figures').values(row).execute();
    return 'inserted';
  }

  listFigures(db: DB, metric?: string): Promise<PublishedFiguresTable[]> {
    let q = db.selectFrom('published_figures').selectAll();
    if (metric) q = q.where('metric', '=', metric);
    return q.orderBy('as_of').orderBy('metric').orderBy('source_url').execute();
  }
}

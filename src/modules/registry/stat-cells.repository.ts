import type { DB } from '../../core/db/database';
import type { RegistryStatCellsTable } from '../../core/db/schema-registry';
import { STATUSES } from './registry.schema';
import {
  addContributions,
  nonZero,
  type CellCounts,
  type CellDelta,
  type PersonStatState,
  type StatPersonRow,
} from './stat-cells';

/** SQL of the statistics cells: loading persons' contributing facts, applying changes, reading, rebuilding. */
const CHUNK = 500;
const RELEASED = STATUSES.filter((s) => s.startsWith('released'));

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const PERSON_COLUMNS = [
  'id',
  'tier',
  'merged_into',
  'current_status',
  'current_status_on',
  'region',
  'gender',
  'groups',
  'recognised_on',
] as const;

/**
 * Before and after a write: `const before = await cells.snapshot(trx, ids)`, the writes, then
 * `await cells.apply(trx, before, ids)`. Persons created by the write are passed to apply only; deleted
 * ones simply contribute nothing afterwards.
 */
export class StatCellsRepository {
  async snapshot(db: DB, ids: readonly string[]): Promise<CellCounts> {
    const cells: CellCounts = new Map();
    addContributions(cells, await this.states(db, ids), 1);
    return cells;
  }

  async apply(db: DB, before: CellCounts, ids: readonly string[]): Promise<void> {
    const diff: CellCounts = new Map();
    for (const [k, c] of before) diff.set(k, { ...c, persons: -c.persons, publicPersons: -c.publicPersons });
    addContributions(diff, await this.states(db, ids), 1);
    await this.add(db, nonZero(diff));
  }

  /** Loads what contributes to the statistics for the given persons (any that exist). */
  async states(db: DB, ids: readonly string[]): Promise<PersonStatState[]> {
    const unique = [...new Set(ids)];
    const out: PersonStatState[] = [];
    for (const part of chunks(unique)) {
      const persons = await db.selectFrom('persons').select(PERSON_COLUMNS).where('id', 'in', part).execute();
      out.push(...(await this.statesOf(db, persons)));
    }
    return out;
  }

  private async statesOf(db: DB, persons: readonly StatPersonRow[]): Promise<PersonStatState[]> {
    if (persons.length === 0) return [];
    const ids = persons.map((p) => p.id);
    const cases = await db
      .selectFrom('cases')
      .select(['id', 'person_id', 'detained_on', 'facility'])
      .where('person_id', 'in', ids)
      .execute();
    const articles: Array<{ case_id: string; article: string }> = [];
    for (const part of chunks(cases.map((c) => c.id)))
      articles.push(
        ...(await db
          .selectFrom('case_articles')
          .select(['case_id', 'article'])
          .where('case_id', 'in', part)
          .execute()),
      );
    const releases = await db
      .selectFrom('status_events')
      .select(['person_id', 'status', 'occurred_on'])
      .where('person_id', 'in', ids)
      .where('status', 'in', RELEASED)
      .execute();
    const personOfCase = new Map(cases.map((c) => [c.id, c.person_id]));
    const by = new Map(
      persons.map((p) => [
        p.id,
        {
          ...p,
          detained: [] as string[],
          facilities: [] as string[],
          articles: [] as string[],
          releases: [] as Array<{ status: string; occurred_on: string }>,
        },
      ]),
    );
    for (const c of cases) {
      const s = by.get(c.person_id)!;
      if (c.detained_on !== null) s.detained.push(c.detained_on);
      if (c.facility !== null) s.facilities.push(c.facility);
    }
    for (const a of articles) by.get(personOfCase.get(a.case_id)!)!.articles.push(a.article);
    for (const e of releases) by.get(e.person_id)!.releases.push(e);
    return [...by.values()];
  }

  /** Adds changes to the cells (creating missing ones); `changes` must hold each cell at most once. */
  async add(db: DB, changes: readonly CellDelta[]): Promise<void> {
    for (const part of chunks(changes, 200)) {
      await db
        .insertInto('registry_stat_cells')
        .values(
          part.map((c) => ({
            dimension: c.dimension,
            key: c.key,
            persons: c.persons,
            public_persons: c.publicPersons,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['dimension', 'key']).doUpdateSet((eb) => ({
            persons: eb('registry_stat_cells.persons', '+', eb.ref('excluded.persons')),
            public_persons: eb('registry_stat_cells.public_persons', '+', eb.ref('excluded.public_persons')),
          })),
        )
        .execute();
    }
  }

  /** Every non-empty cell. */
  read(db: DB): Promise<RegistryStatCellsTable[]> {
    return db.selectFrom('registry_stat_cells').selectAll().where('persons', '>', 0).execute();
  }

  /**
   * Recomputes every cell from the registry tables (after a bulk load that bypassed the services, or to
   * repair). Runs inside the caller's transaction; reads persons in keyset pages.
   */
  async rebuild(db: DB): Promise<{ persons: number; cells: number }> {
    const all: CellCounts = new Map();
    let after = '';
    let persons = 0;
    for (;;) {
      const page = await db
        .selectFrom('persons')
        .select(PERSON_COLUMNS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(2000)
        .execute();
      if (page.length === 0) break;
      for (const part of chunks(page)) addContributions(all, await this.statesOf(db, part), 1);
      persons += page.length;
      after = page[page.length - 1]!.id;
    }
    await db.deleteFrom('registry_stat_cells').execute();
    const cells = nonZero(all);
    await this.add(db, cells);
    return { persons, cells: cells.length };
  }
}

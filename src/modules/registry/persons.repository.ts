import { sql } from 'kysely';
import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import {
  dropRecordGrants,
  grantRecord,
  hasRecordGrant,
  updateVersioned,
} from '../../core/records.repository';
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

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
    const groups = await this.bySelectivity(db, tokenGroups);
    let base = db
      .selectFrom('persons')
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .where(personFilter(filter, groups));
    // A name search must not reveal whose hidden name matches: only identities the actor may read count.
    if (tokenGroups.length > 0) base = base.where(identityReadable(actor));
    const ordered = base.orderBy('persons.updated_at', 'desc').orderBy('persons.id', 'desc');
    const countAll = async (): Promise<number> =>
      Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    let ids: string[];
    let total: number;
    if (tokenGroups.length > 0) {
      // A name search drives from its (small) token match set: one pass finds the page's ids and the total
      // (a window count), so a broad prefix costs one walk over its matches, not two.
      const page1 = await ordered
        .select(['persons.id', sql<number>`count(*) over ()`.as('matches')])
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      ids = page1.map((r) => r.id);
      // Past the end the window saw no row, so count separately.
      total = page1.length > 0 || page.offset === 0 ? Number(page1[0]?.matches ?? 0) : await countAll();
    } else {
      // Without a name the match set can be the whole registry. A window count there forces a full
      // materialise-and-sort (~9 ms at 5k persons); the page walks the (updated_at, id) index instead, and
      // the exact total is a plain count (no sort): ~1.5 ms for both together at 5k.
      ids = (await ordered.select('persons.id').limit(page.limit).offset(page.offset).execute()).map(
        (r) => r.id,
      );
      total = await countAll();
    }
    const byId = new Map(
      ids.length === 0
        ? []
        : (await db.selectFrom('persons').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]),
    );
    const rows = ids.map((id) => byId.get(id)).filter((r): r is PersonsTable => r !== undefined);
    return { rows, total };
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

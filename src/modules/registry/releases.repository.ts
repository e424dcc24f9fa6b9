import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type { ReleaseEventsTable, SavedFiltersTable } from '../../core/db/schema-registry';
import { PERSON_ENTITY } from './persons.repository';

/** SQL of release events, their links to status events, and saved filters. */
export class ReleasesRepository {
  listEvents(db: DB): Promise<Array<ReleaseEventsTable & { linked: number | string }>> {
    return db
      .selectFrom('release_events')
      .selectAll('release_events')
      .select((eb) =>
        eb
          .selectFrom('status_events')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('status_events.release_event_id', '=', 'release_events.id')
          .as('linked'),
      )
      .orderBy('occurred_on', 'desc')
      .orderBy('id')
      .execute() as Promise<Array<ReleaseEventsTable & { linked: number | string }>>;
  }

  findEvent(db: DB, id: string): Promise<ReleaseEventsTable | undefined> {
    return db.selectFrom('release_events').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertEvent(db: DB, row: ReleaseEventsTable): Promise<void> {
    await db.insertInto('release_events').values(row).execute();
  }

  async updateEvent(db: DB, id: string, patch: Partial<ReleaseEventsTable>): Promise<void> {
    await db.updateTable('release_events').set(patch).where('id', '=', id).execute();
  }

  /** Unlinks status events first: the history stays, only its attribution to the wave goes. */
  async deleteEvent(db: DB, id: string): Promise<void> {
    await db
      .updateTable('status_events')
      .set({ release_event_id: null })
      .where('release_event_id', '=', id)
      .execute();
    await db.deleteFrom('release_events').where('id', '=', id).execute();
  }

  async sourceVisible(db: DB, actor: Actor, id: string): Promise<boolean> {
    const r = await db
      .selectFrom('sources')
      .select('id')
      .where('id', '=', id)
      .where(visibleTo(actor, 'source', 'sources'))
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Status events whose person the actor may see (and which are not merged away). */
  visibleStatusEvents(db: DB, actor: Actor, ids: readonly string[]) {
    return db
      .selectFrom('status_events')
      .innerJoin('persons', 'persons.id', 'status_events.person_id')
      .select(['status_events.id', 'status_events.status', 'persons.tier'])
      .where('status_events.id', 'in', [...ids])
      .where('persons.merged_into', 'is', null)
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .execute();
  }

  async linkEvents(db: DB, releaseEventId: string, ids: readonly string[]): Promise<void> {
    await db
      .updateTable('status_events')
      .set({ release_event_id: releaseEventId })
      .where('id', 'in', [...ids])
      .execute();
  }

  // ---- saved filters ----

  listFilters(db: DB): Promise<SavedFiltersTable[]> {
    return db.selectFrom('saved_filters').selectAll().orderBy('name').orderBy('id').execute();
  }

  findFilter(db: DB, id: string): Promise<SavedFiltersTable | undefined> {
    return db.selectFrom('saved_filters').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertFilter(db: DB, row: SavedFiltersTable): Promise<void> {
    await db.insertInto('saved_filters').values(row).execute();
  }

  async updateFilter(db: DB, id: string, patch: Partial<SavedFiltersTable>): Promise<void> {
    await db.updateTable('saved_filters').set(patch).where('id', '=', id).execute();
  }

  async deleteFilter(db: DB, id: string): Promise<void> {
    await db.deleteFrom('saved_filters').where('id', '=', id).execute();
  }
}

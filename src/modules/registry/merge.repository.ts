import type { DB } from '../../core/db/database';
import type {
  FactSourcesTable,
  PersonHumanitarianTable,
  PersonMergesTable,
  PersonNamesTable,
  PersonNameTokensTable,
  PersonsTable,
} from '../../core/db/schema-registry';

/**
 * SQL of merges: the pre-merge snapshot of both persons and the moves of their dependent rows. Names keep
 * their ids when they move (their ciphertext is bound to the name id), so a revert can put back the very
 * same rows.
 */
export interface MergeSnapshot {
  survivor: PersonsTable;
  merged: PersonsTable;
  names: PersonNamesTable[];
  tokens: PersonNameTokensTable[];
  /** Rows of the merged person that move to the survivor, with the tier each case had. */
  cases: Array<{ id: string; tier: PersonsTable['tier'] }>;
  statusEvents: string[];
  recognitions: string[];
  /** Person-level source links of both persons. */
  personSources: FactSourcesTable[];
  /** Encrypted humanitarian facts of both persons. */
  humanitarian?: PersonHumanitarianTable[];
  /** Duplicate decision of the pair before the merge, if any. */
  decision: { decision: 'not_duplicate' | 'merged'; decided_by: string; decided_at: string } | null;
}

export class MergeRepository {
  async snapshot(
    db: DB,
    survivor: PersonsTable,
    merged: PersonsTable,
    pair: [string, string],
  ): Promise<MergeSnapshot> {
    const ids = [survivor.id, merged.id];
    const decision = await db
      .selectFrom('duplicate_decisions')
      .select(['decision', 'decided_by', 'decided_at'])
      .where('person_a', '=', pair[0])
      .where('person_b', '=', pair[1])
      .executeTakeFirst();
    return {
      survivor,
      merged,
      names: await db
        .selectFrom('person_names')
        .selectAll()
        .where('person_id', 'in', ids)
        .orderBy('id')
        .execute(),
      tokens: await db.selectFrom('person_name_tokens').selectAll().where('person_id', 'in', ids).execute(),
      cases: await db.selectFrom('cases').select(['id', 'tier']).where('person_id', '=', merged.id).execute(),
      statusEvents: (
        await db.selectFrom('status_events').select('id').where('person_id', '=', merged.id).execute()
      ).map((r) => r.id),
      recognitions: (
        await db.selectFrom('recognitions').select('id').where('person_id', '=', merged.id).execute()
      ).map((r) => r.id),
      personSources: await db
        .selectFrom('fact_sources')
        .selectAll()
        .where('entity_type', '=', 'person')
        .where('entity_id', 'in', ids)
        .execute(),
      humanitarian: await db
        .selectFrom('person_humanitarian')
        .selectAll()
        .where('person_id', 'in', ids)
        .execute(),
      decision: decision ?? null,
    };
  }

  /** Moves the merged person's dependants to the survivor. */
  async moveDependants(db: DB, from: string, to: string, tier: PersonsTable['tier']): Promise<void> {
    await db.updateTable('cases').set({ person_id: to, tier }).where('person_id', '=', from).execute();
    await db.updateTable('status_events').set({ person_id: to }).where('person_id', '=', from).execute();
    await db.updateTable('recognitions').set({ person_id: to }).where('person_id', '=', from).execute();
    const links = await db
      .selectFrom('fact_sources')
      .selectAll()
      .where('entity_type', '=', 'person')
      .where('entity_id', '=', from)
      .execute();
    if (links.length > 0)
      await db
        .insertInto('fact_sources')
        .values(links.map((l) => ({ ...l, entity_id: to })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', 'person')
      .where('entity_id', '=', from)
      .execute();
  }

  async moveName(db: DB, row: PersonNamesTable): Promise<void> {
    const { id, ...rest } = row;
    await db.updateTable('person_names').set(rest).where('id', '=', id).execute();
  }

  async deleteTokens(db: DB, personId: string): Promise<void> {
    await db.deleteFrom('person_name_tokens').where('person_id', '=', personId).execute();
  }

  /** Puts a snapshot back: person rows, names, tokens, dependants and person-level sources. */
  async restore(db: DB, s: MergeSnapshot): Promise<void> {
    const ids = [s.survivor.id, s.merged.id];
    for (const p of [s.merged, s.survivor]) {
      const { id, ...rest } = p;
      await db.updateTable('persons').set(rest).where('id', '=', id).execute();
    }
    await db.deleteFrom('person_names').where('person_id', 'in', ids).execute();
    if (s.names.length > 0) await db.insertInto('person_names').values(s.names).execute();
    await db.deleteFrom('person_name_tokens').where('person_id', 'in', ids).execute();
    for (let i = 0; i < s.tokens.length; i += 500)
      await db
        .insertInto('person_name_tokens')
        .values(s.tokens.slice(i, i + 500))
        .execute();
    for (const c of s.cases)
      await db
        .updateTable('cases')
        .set({ person_id: s.merged.id, tier: c.tier })
        .where('id', '=', c.id)
        .execute();
    if (s.statusEvents.length > 0)
      await db
        .updateTable('status_events')
        .set({ person_id: s.merged.id })
        .where('id', 'in', s.statusEvents)
        .execute();
    if (s.recognitions.length > 0)
      await db
        .updateTable('recognitions')
        .set({ person_id: s.merged.id })
        .where('id', 'in', s.recognitions)
        .execute();
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', 'person')
      .where('entity_id', 'in', ids)
      .execute();
    if (s.personSources.length > 0) await db.insertInto('fact_sources').values(s.personSources).execute();
    await db.deleteFrom('person_humanitarian').where('person_id', 'in', ids).execute();
    if (s.humanitarian?.length) await db.insertInto('person_humanitarian').values(s.humanitarian).execute();
  }

  async insertHumanitarian(db: DB, row: PersonHumanitarianTable): Promise<void> {
    await db.insertInto('person_humanitarian').values(row).execute();
  }

  async insertMerge(db: DB, row: PersonMergesTable): Promise<void> {
    await db.insertInto('person_merges').values(row).execute();
  }

  findMerge(db: DB, id: string): Promise<PersonMergesTable | undefined> {
    return db.selectFrom('person_merges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async markReverted(db: DB, id: string, by: string, at: string): Promise<boolean> {
    const r = await db
      .updateTable('person_merges')
      .set({ reverted_by: by, reverted_at: at })
      .where('id', '=', id)
      .where('reverted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type { PersonNamesTable } from '../../core/db/schema-registry';
import { grantRecord } from '../../core/records.repository';

export const PERPETRATOR_ENTITY = 'perpetrator';
export const VIOLATION_ENTITY = 'violation';
export const LINK_ENTITY = 'perpetrator_link';

/**
 * SQL the accountability records share (grants, cited sources), and read-only views of other modules'
 * tables (registry cases and persons, sanctions datasets). Perpetrators and their links are in
 * perpetrators.repository.ts, violations in violations.repository.ts.
 */
export class AccountabilityRepository {
  /** The creator of a sealed record is granted it, so that they can still read what they wrote. */
  async grant(db: DB, entityType: string, id: string, userId: string, at: string): Promise<void> {
    await grantRecord(db, entityType, id, userId, userId, at);
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

  /** Names of registry persons, for case-file packages (the caller has already checked visibility). */
  personNamesFor(db: DB, personIds: readonly string[]): Promise<PersonNamesTable[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('person_names')
      .selectAll()
      .where('person_id', 'in', [...new Set(personIds)])
      .orderBy('position')
      .execute();
  }
}

/** Removes the source citations of perpetrator links (before the links themselves go). */
export async function deleteLinkSources(db: DB, linkIds: readonly string[]): Promise<void> {
  if (linkIds.length === 0) return;
  await db
    .deleteFrom('fact_sources')
    .where('entity_type', '=', LINK_ENTITY)
    .where('entity_id', 'in', [...linkIds])
    .execute();
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

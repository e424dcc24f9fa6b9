import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type { DuplicateDecisionsTable, PersonsTable } from '../../core/db/schema-registry';
import { PERSON_ENTITY } from './persons.repository';

/** SQL for duplicate detection and decisions. Pairs are stored ordered (a < b) so each pair has one row. */
export const orderedPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

export class DuplicatesRepository {
  /** Which visible, unmerged persons hold which of the given blind-index tokens. */
  async tokenHits(
    db: DB,
    actor: Actor,
    tokens: readonly string[],
  ): Promise<Array<{ person_id: string; token: string }>> {
    if (tokens.length === 0) return [];
    return db
      .selectFrom('person_name_tokens')
      .innerJoin('persons', 'persons.id', 'person_name_tokens.person_id')
      .select(['person_name_tokens.person_id', 'person_name_tokens.token'])
      .where('person_name_tokens.token', 'in', [...new Set(tokens)])
      .where('persons.merged_into', 'is', null)
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .execute();
  }

  personsByIds(db: DB, ids: readonly string[]): Promise<PersonsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('persons')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Persons already judged "not the same" as this one (or merged with it). */
  async decidedWith(db: DB, personId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('duplicate_decisions')
      .select(['person_a', 'person_b'])
      .where((eb) => eb.or([eb('person_a', '=', personId), eb('person_b', '=', personId)]))
      .execute();
    return new Set(rows.map((r) => (r.person_a === personId ? r.person_b : r.person_a)));
  }

  async decide(db: DB, row: DuplicateDecisionsTable): Promise<void> {
    await db
      .insertInto('duplicate_decisions')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['person_a', 'person_b'])
          .doUpdateSet({ decision: row.decision, decided_by: row.decided_by, decided_at: row.decided_at }),
      )
      .execute();
  }

  async removeDecision(db: DB, a: string, b: string): Promise<void> {
    const [x, y] = orderedPair(a, b);
    await db.deleteFrom('duplicate_decisions').where('person_a', '=', x).where('person_b', '=', y).execute();
  }
}

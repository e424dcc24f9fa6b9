import { sql } from 'kysely';
import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import type { ViolationsTable } from '../../core/db/schema-accountability';
import { dropRecordGrants, updateVersioned } from '../../core/records.repository';
import { deleteLinkSources, VIOLATION_ENTITY } from './accountability.repository';

/** All SQL of violations and their victims. Every read of a record goes through visibleTo. */
export class ViolationsRepository {
  async listViolations(
    db: DB,
    actor: Actor | null,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ViolationsTable[]; total: number }> {
    const base = db.selectFrom('violations').where(visibleTo(actor, VIOLATION_ENTITY, 'violations'));
    const rows = await base
      .selectAll('violations')
      .orderBy(sql`coalesce(violations.occurred_on, violations.created_at)`, 'desc')
      .orderBy('violations.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  visibleViolations(db: DB, actor: Actor | null, ids: readonly string[]): Promise<ViolationsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('violations')
      .selectAll('violations')
      .where('violations.id', 'in', [...new Set(ids)])
      .where(visibleTo(actor, VIOLATION_ENTITY, 'violations'))
      .execute();
  }

  async insertViolation(db: DB, row: ViolationsTable): Promise<void> {
    await db.insertInto('violations').values(row).execute();
  }

  updateViolation(db: DB, id: string, version: number, patch: Partial<ViolationsTable>): Promise<boolean> {
    return updateVersioned(db, 'violations', id, version, patch);
  }

  async deleteViolation(db: DB, id: string): Promise<void> {
    const links = await db
      .selectFrom('perpetrator_links')
      .select('id')
      .where('target_type', '=', 'violation')
      .where('target_id', '=', id)
      .execute();
    await deleteLinkSources(
      db,
      links.map((l) => l.id),
    );
    await db
      .deleteFrom('perpetrator_links')
      .where('target_type', '=', 'violation')
      .where('target_id', '=', id)
      .execute();
    await db
      .deleteFrom('fact_sources')
      .where('entity_type', '=', VIOLATION_ENTITY)
      .where('entity_id', '=', id)
      .execute();
    await db
      .deleteFrom('evidence_links')
      .where('entity_type', '=', 'violation')
      .where('entity_id', '=', id)
      .execute();
    await dropRecordGrants(db, VIOLATION_ENTITY, id);
    await db.deleteFrom('violations').where('id', '=', id).execute();
  }

  victimIds(
    db: DB,
    violationIds: readonly string[],
  ): Promise<Array<{ violation_id: string; person_id: string }>> {
    if (violationIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('violation_victims')
      .selectAll()
      .where('violation_id', 'in', [...new Set(violationIds)])
      .execute();
  }

  async replaceVictims(db: DB, violationId: string, personIds: readonly string[]): Promise<void> {
    await db.deleteFrom('violation_victims').where('violation_id', '=', violationId).execute();
    const rows = [...new Set(personIds)].map((person_id) => ({ violation_id: violationId, person_id }));
    if (rows.length > 0) await db.insertInto('violation_victims').values(rows).execute();
  }
}

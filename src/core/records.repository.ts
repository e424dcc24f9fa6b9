import type { DB } from './db/database';
import type { Database } from './db/schema';

/**
 * SQL every module with records shares: per-record grants (record_grants, which let a named user read a
 * sealed record) and the optimistic version check on updates.
 */
export async function hasRecordGrant(
  db: DB,
  entityType: string,
  userId: string,
  id: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('record_grants')
    .select('user_id')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function grantRecord(
  db: DB,
  entityType: string,
  id: string,
  userId: string,
  grantedBy: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('record_grants')
    .values({
      entity_type: entityType,
      entity_id: id,
      user_id: userId,
      granted_by: grantedBy,
      created_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A deleted record's grants go with it. */
export async function dropRecordGrants(db: DB, entityType: string, id: string): Promise<void> {
  await db
    .deleteFrom('record_grants')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', id)
    .execute();
}

/** Tables whose rows carry an id and a version counter. */
export type VersionedTable = {
  [K in keyof Database]: Database[K] extends { id: string; version: number } ? K : never;
}[keyof Database];

/** Applies patch and bumps the version; false when the version moved on (someone else saved first). */
export async function updateVersioned<T extends VersionedTable>(
  db: DB,
  table: T,
  id: string,
  version: number,
  patch: Partial<Database[T]>,
): Promise<boolean> {
  // Widened to the union: Kysely cannot resolve columns of a generic table name.
  const name: VersionedTable = table;
  const r = await db
    .updateTable(name)
    // The generic patch cannot be matched to one table's update type by the compiler; the signature checks it.
    .set({ ...patch, version: version + 1 } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function userExists(db: DB, id: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

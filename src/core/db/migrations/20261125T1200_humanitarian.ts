import { type Kysely } from 'kysely';
import type { Engine } from '../database';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Humanitarian facts used to build release lists (serious illness, parent of minor children). They are
 * health and family data, so they live only encrypted, one row per person, never in a clear column: the
 * database cannot filter on them, and the service decides after decrypting the (already narrowed)
 * candidate set.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('person_humanitarian')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
    .addColumn('flags_enc', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  void engine;
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_humanitarian').execute();
}

import type { Kysely } from 'kysely';
import type { Engine } from '../database';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Indexes for the registry list and statistics at 100,000 persons: the default list order (most
 * recently updated first) recognition months and verdict-date filters.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema.createIndex('persons_updated').on('persons').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('persons_recognised').on('persons').column('recognised_on').execute();
  await db.schema.createIndex('cases_verdict').on('cases').column('verdict_on').execute();
  void engine;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['persons_updated', 'persons_recognised', 'cases_verdict'])
    await db.schema.dropIndex(name).execute();
}

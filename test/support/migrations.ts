import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../../src/core/db/database';
import { migrations, type MigrationDeps } from '../../src/core/db/migrate';

/* eslint-disable @typescript-eslint/no-explicit-any -- an older schema is not the typed one */
export type AnyDb = Kysely<any>;

/** A migrator over every migration, bound like migrate.ts binds them (optionally with deps). */
function migrator(db: AnyDb, engine: Engine, deps?: MigrationDeps): Migrator {
  const bound: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(migrations))
    bound[name] = {
      up: (d: AnyDb) => m.up(d, engine, deps),
      down: m.down ? (d: AnyDb) => m.down!(d, engine, deps) : undefined,
    };
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(bound) } });
}

/** Migrates up or down to exactly `target` (a migration name), as a data migration test needs. */
export async function migrateTo(
  db: AnyDb,
  engine: Engine,
  target: string,
  deps?: MigrationDeps,
): Promise<void> {
  const result = await migrator(db, engine, deps).migrateTo(target);
  if (result.error) throw result.error as Error;
}

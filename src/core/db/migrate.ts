import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { Keyring } from '../crypto/keyring';
import type { Engine } from './database';
import * as foundation from './migrations/20261125T0900_foundation';
import * as registry from './migrations/20261125T1000_registry';
import * as registrySearch from './migrations/20261125T1100_registry_search';
import * as humanitarian from './migrations/20261125T1200_humanitarian';
import * as registryStats from './migrations/20261125T1300_registry_stats';
import * as sanctions from './migrations/20261125T1400_sanctions';
import * as accountability from './migrations/20261125T1500_accountability';
import * as intake from './migrations/20261125T1600_intake';
import * as registryCovering from './migrations/20261207T1700_registry_covering';
import * as caseArticlesPerson from './migrations/20261207T2000_case_articles_person';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */
type AnyDb = Kysely<any>;

/**
 * What a data migration may need beyond the database: the keyring, to encrypt a column that used to be
 * clear. Opened lazily on the migration's own transaction, and only by a migration that has data to
 * convert (a fresh installation never opens it here).
 */
export interface MigrationDeps {
  keyring?: (db: AnyDb) => Promise<Keyring>;
}

type EngineMigration = {
  up(db: AnyDb, engine: Engine, deps?: MigrationDeps): Promise<void>;
  down?(db: AnyDb, engine: Engine, deps?: MigrationDeps): Promise<void>;
};

/**
 * The ordered list of migrations. Imported statically (not read from a folder) so that the list is
 * type-checked and a bundled or tsx-run server sees exactly the same set. Names are timestamps.
 */
export const migrations: Record<string, EngineMigration> = {
  '20261125T0900_foundation': foundation,
  '20261125T1000_registry': registry,
  '20261125T1100_registry_search': registrySearch,
  '20261125T1200_humanitarian': humanitarian,
  '20261125T1300_registry_stats': registryStats,
  '20261125T1400_sanctions': sanctions,
  '20261125T1500_accountability': accountability,
  '20261125T1600_intake': intake,
  '20261207T1700_registry_covering': registryCovering,
  '20261207T2000_case_articles_person': caseArticlesPerson,
};

function bind(engine: Engine, deps: MigrationDeps = {}): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, m]) => [
      name,
      {
        up: (db: AnyDb) => m.up(db, engine, deps),
        down: m.down ? (db: AnyDb) => m.down!(db, engine, deps) : undefined,
      } satisfies Migration,
    ]),
  );
}

export class MigrationError extends Error {}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? '?'} failed: ${cause}`);
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateToLatest(db: AnyDb, engine: Engine, deps?: MigrationDeps): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(bind(engine, deps)) },
  });
  return check(await migrator.migrateToLatest());
}

export async function migrateDown(db: AnyDb, engine: Engine, deps?: MigrationDeps): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(bind(engine, deps)) },
  });
  return check(await migrator.migrateDown());
}

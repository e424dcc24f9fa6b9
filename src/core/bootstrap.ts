import type { AppConfig } from './config';
import { AuditBatch } from './audit/audit.batch';
import { AuditRepository } from './audit/audit.repository';
import type { AppContext } from './context';
import { Keyring } from './crypto/keyring';
import { masterKeySource } from './crypto/master-key';
import { openDatabase, type DatabaseHandle, type DB } from './db/database';
import { migrateToLatest, type MigrationDeps } from './db/migrate';
import { createLogger, type Logger } from './logging';

export interface OpenedContext {
  ctx: AppContext;
  handle: DatabaseHandle;
  /** True when this start created a new master key file (a fresh installation). */
  createdMasterKey: boolean;
  close(): Promise<void>;
}

/** Lets a data migration open the keyring (on its own transaction) when it has values to encrypt. */
export function migrationDeps(config: AppConfig): MigrationDeps {
  return {
    keyring: async (db) => (await Keyring.open(db as DB, masterKeySource(config.masterKey))).keyring,
  };
}

/** Opens the database, brings its schema up to date and unlocks the keyring: what every command needs. */
export async function openContext(config: AppConfig, logger?: Logger): Promise<OpenedContext> {
  const log = logger ?? createLogger(config.logLevel);
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle.db, handle.engine, migrationDeps(config));
    const { keyring, created } = await Keyring.open(handle.db, masterKeySource(config.masterKey));
    const audit = new AuditRepository(handle.engine);
    const ctx: AppContext = {
      config,
      db: handle.db,
      engine: handle.engine,
      keyring,
      logger: log,
      audit,
      readAudit: new AuditBatch(handle.db, audit),
    };
    return { ctx, handle, createdMasterKey: created, close: () => handle.close() };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

import type { AuditBatch } from './audit/audit.batch';
import type { AuditRepository } from './audit/audit.repository';
import type { AppConfig } from './config';
import type { Keyring } from './crypto/keyring';
import type { DB, Engine } from './db/database';
import type { Logger } from './logging';

/** What a service needs from the core. Passed explicitly; there is no container and no base class. */
export interface AppContext {
  config: AppConfig;
  db: DB;
  engine: Engine;
  keyring: Keyring;
  logger: Logger;
  audit: AuditRepository;
  /**
   * Group commit for the audit entries of reads, one per opened database, so that every service's reads
   * share commits (see AuditBatch); writes append through `audit` inside their own transaction.
   */
  readAudit: AuditBatch;
}

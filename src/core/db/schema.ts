import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { RegistryTables } from './schema-registry';
import type { AccountabilityTables } from './schema-accountability';
import type { SanctionsTables } from './schema-sanctions';
import type { IntakeTables } from './schema-intake';

/**
 * Column conventions shared by both engines: ids are UUID text, timestamps ISO-8601 UTC text, booleans
 * 0/1 integers, JSON as text. Keeping the types identical on SQLite and PostgreSQL lets one set of
 * migrations and repositories serve both.
 */
export type Tier = 'public' | 'internal' | 'confidential' | 'sealed';
export type Role = 'admin' | 'editor' | 'researcher' | 'analyst' | 'viewer';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_enabled: number;
  /** The last accepted time step, so a code cannot be replayed within its window. */
  totp_last_step: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface DataKeysTable {
  id: string;
  wrapped_key: string;
  master_key_id: string;
  active: number;
  created_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  tier: Tier | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface RecordGrantsTable {
  entity_type: string;
  entity_id: string;
  user_id: string;
  granted_by: string;
  created_at: string;
}

export interface SourcesTable {
  id: string;
  tier: Tier;
  title: string;
  url: string | null;
  publisher: string | null;
  published_on: string | null;
  language: string | null;
  notes_enc: string | null;
  notes_tier: Tier;
  is_demo: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface Database extends RegistryTables, SanctionsTables, AccountabilityTables, IntakeTables {
  users: UsersTable;
  sessions: SessionsTable;
  data_keys: DataKeysTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  record_grants: RecordGrantsTable;
  sources: SourcesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SourceRow = Selectable<SourcesTable>;
export type AuditRow = Selectable<AuditLogTable>;

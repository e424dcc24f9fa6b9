import type { Database } from '../db/schema';
import { columnsOf, integer, text, type SpecEntry, type TableName, type TableSpec } from './table-spec';
import { ACCOUNTABILITY_SPECS } from './tables-accountability';
import { INTAKE_SPECS } from './tables-intake';
import { REGISTRY_SPECS } from './tables-registry';
import { SANCTIONS_SPECS } from './tables-sanctions';

export type { KeyColumn, TableName, TableSpec } from './table-spec';

/**
 * Every table of the typed schema (a mapped type, so a new table cannot be forgotten), in foreign-key
 * order: a table appears after every table it references. Restore inserts in this order and deletes in
 * the reverse. The foundation tables are described here, each module's tables in tables-<module>.ts.
 */
const SPECS: { [K in TableName]: SpecEntry } = {
  users: {
    order: 1,
    backedUp: true,
    columns: columnsOf<Database['users']>()(
      'id',
      'username',
      'display_name',
      'role',
      'password_hash',
      'totp_secret_enc',
      'totp_enabled',
      'totp_last_step',
      'disabled',
      'failed_logins',
      'locked_until',
      'created_at',
      'updated_at',
    ),
    key: [text('id')],
  },
  sessions: {
    order: 2,
    // Sessions are live bearer credentials: a backup holding them would let its reader act as any signed-in
    // user. After a restore everyone signs in again.
    backedUp: false,
    reason: 'live credentials; users sign in again after a restore',
    columns: columnsOf<Database['sessions']>()(
      'id',
      'user_id',
      'csrf_token',
      'created_at',
      'expires_at',
      'last_seen_at',
    ),
    key: [text('id')],
  },
  data_keys: {
    order: 3,
    backedUp: true,
    columns: columnsOf<Database['data_keys']>()('id', 'wrapped_key', 'master_key_id', 'active', 'created_at'),
    key: [text('id')],
  },
  audit_log: {
    order: 4,
    backedUp: true,
    columns: columnsOf<Database['audit_log']>()(
      'seq',
      'at',
      'actor_id',
      'action',
      'entity_type',
      'entity_id',
      'tier',
      'outcome',
      'detail',
      'prev_hash',
      'hash',
    ),
    key: [integer('seq')],
  },
  audit_head: {
    order: 5,
    backedUp: true,
    columns: columnsOf<Database['audit_head']>()('id', 'seq', 'hash'),
    key: [integer('id')],
  },
  record_grants: {
    order: 6,
    backedUp: true,
    columns: columnsOf<Database['record_grants']>()(
      'entity_type',
      'entity_id',
      'user_id',
      'granted_by',
      'created_at',
    ),
    key: [text('entity_type'), text('entity_id'), text('user_id')],
  },
  sources: {
    order: 7,
    backedUp: true,
    columns: columnsOf<Database['sources']>()(
      'id',
      'tier',
      'title',
      'url',
      'publisher',
      'published_on',
      'language',
      'notes_enc',
      'notes_tier',
      'is_demo',
      'created_by',
      'created_at',
      'updated_at',
      'version',
    ),
    key: [text('id')],
  },
  ...REGISTRY_SPECS,
  ...SANCTIONS_SPECS,
  ...ACCOUNTABILITY_SPECS,
  ...INTAKE_SPECS,
};

/** All tables in foreign-key order. */
export const ALL_TABLES: readonly TableSpec[] = (Object.keys(SPECS) as TableName[])
  .map((name) => ({ name, ...SPECS[name] }))
  .sort((a, b) => a.order - b.order)
  .map(({ order: _order, ...spec }) => spec);

export const BACKUP_TABLES: readonly TableSpec[] = ALL_TABLES.filter((t) => t.backedUp);

export function tableSpec(name: string): TableSpec | undefined {
  return BACKUP_TABLES.find((t) => t.name === name);
}

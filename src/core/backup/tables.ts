import type { Database } from '../db/schema';

export type TableName = keyof Database;
export type KeyColumn = { column: string; type: 'text' | 'integer' };

export interface TableSpec {
  name: TableName;
  /** Every column, in the order used by the archive and by the canonical content hash. */
  columns: readonly string[];
  /** The primary key: the canonical row order and the keyset for paging. */
  key: readonly KeyColumn[];
  /** False for tables deliberately left out of backups; `reason` says why (it goes into the manifest). */
  backedUp: boolean;
  reason?: string;
  /**
   * Columns referencing rows of the same table (foreign keys are checked per statement, and the referenced
   * row may come later in key order): restore inserts them as null and sets them once the table is in.
   */
  selfReferences?: readonly string[];
}

type Missing<T, C extends readonly string[]> = Exclude<keyof T & string, C[number]>;

/** Lists a table's columns; the compiler rejects the list when it misses a column of the typed schema. */
function columnsOf<T>() {
  return <const C extends readonly (keyof T & string)[]>(
    ...cols: C & ([Missing<T, C>] extends [never] ? unknown : { missingColumns: Missing<T, C> })
  ): readonly string[] => cols;
}

const text = (column: string): KeyColumn => ({ column, type: 'text' });
const integer = (column: string): KeyColumn => ({ column, type: 'integer' });

/**
 * Every table of the typed schema (a mapped type, so a new table cannot be forgotten), in foreign-key
 * order: a table appears after every table it references. Restore inserts in this order and deletes in
 * the reverse.
 */
const SPECS: { [K in TableName]: Omit<TableSpec, 'name'> & { order: number } } = {
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
  persons: {
    order: 8,
    backedUp: true,
    columns: columnsOf<Database['persons']>()(
      'id',
      'consent',
      'tier',
      'identity_tier',
      'ref_code',
      'birth_year',
      'birth_date_enc',
      'gender',
      'region',
      'groups',
      'description_enc',
      'health_notes_enc',
      'photo_file',
      'current_status',
      'current_status_on',
      'recognised_on',
      'merged_into',
      'external_ids',
      'is_demo',
      'created_by',
      'created_at',
      'updated_at',
      'version',
    ),
    key: [text('id')],
    // References another person, which may come later in key order.
    selfReferences: ['merged_into'],
  },
  person_names: {
    order: 9,
    backedUp: true,
    columns: columnsOf<Database['person_names']>()(
      'id',
      'person_id',
      'script',
      'kind',
      'value',
      'value_enc',
      'position',
    ),
    key: [text('id')],
  },
  person_name_tokens: {
    order: 10,
    backedUp: true,
    columns: columnsOf<Database['person_name_tokens']>()('person_id', 'token'),
    key: [text('token'), text('person_id')],
  },
  cases: {
    order: 11,
    backedUp: true,
    columns: columnsOf<Database['cases']>()(
      'id',
      'person_id',
      'tier',
      'case_number',
      'detained_on',
      'court',
      'judge',
      'prosecutor',
      'verdict_on',
      'sentence_months',
      'penalty',
      'regime',
      'appeal_on',
      'appeal_result',
      'facility',
      'incommunicado',
      'notes_enc',
      'created_at',
      'updated_at',
      'version',
    ),
    key: [text('id')],
  },
  case_articles: {
    order: 12,
    backedUp: true,
    columns: columnsOf<Database['case_articles']>()('case_id', 'article', 'label', 'position'),
    key: [text('case_id'), text('article')],
  },
  release_events: {
    order: 13,
    backedUp: true,
    columns: columnsOf<Database['release_events']>()(
      'id',
      'kind',
      'occurred_on',
      'title',
      'reported_count',
      'source_id',
      'created_at',
    ),
    key: [text('id')],
  },
  status_events: {
    order: 14,
    backedUp: true,
    columns: columnsOf<Database['status_events']>()(
      'id',
      'person_id',
      'case_id',
      'status',
      'occurred_on',
      'release_event_id',
      'note',
      'created_at',
    ),
    key: [text('id')],
  },
  recognitions: {
    order: 15,
    backedUp: true,
    columns: columnsOf<Database['recognitions']>()(
      'id',
      'person_id',
      'recognised_by',
      'recognised_on',
      'statement_url',
      'created_at',
    ),
    key: [text('id')],
  },
  fact_sources: {
    order: 16,
    backedUp: true,
    columns: columnsOf<Database['fact_sources']>()('entity_type', 'entity_id', 'field', 'source_id'),
    key: [text('entity_type'), text('entity_id'), text('field'), text('source_id')],
  },
  published_figures: {
    order: 17,
    backedUp: true,
    columns: columnsOf<Database['published_figures']>()(
      'id',
      'as_of',
      'metric',
      'value_text',
      'value',
      'source_org',
      'source_url',
      'quote',
    ),
    key: [text('id')],
  },
  saved_filters: {
    order: 18,
    backedUp: true,
    columns: columnsOf<Database['saved_filters']>()(
      'id',
      'name',
      'purpose',
      'criteria',
      'created_by',
      'created_at',
      'updated_at',
    ),
    key: [text('id')],
  },
  person_merges: {
    order: 19,
    backedUp: true,
    columns: columnsOf<Database['person_merges']>()(
      'id',
      'survivor_id',
      'merged_id',
      'snapshot_enc',
      'merged_by',
      'merged_at',
      'reverted_by',
      'reverted_at',
    ),
    key: [text('id')],
  },
  duplicate_decisions: {
    order: 20,
    backedUp: true,
    columns: columnsOf<Database['duplicate_decisions']>()(
      'person_a',
      'person_b',
      'decision',
      'decided_by',
      'decided_at',
    ),
    key: [text('person_a'), text('person_b')],
  },
  person_humanitarian: {
    order: 21,
    backedUp: true,
    columns: columnsOf<Database['person_humanitarian']>()(
      'person_id',
      'flags_enc',
      'updated_by',
      'updated_at',
    ),
    key: [text('person_id')],
  },
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

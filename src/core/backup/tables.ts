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
      'note_enc',
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
  // Maintained registry statistics: backed up with the rows they count, so a restore is consistent at once.
  registry_stat_cells: {
    order: 22,
    backedUp: true,
    columns: columnsOf<Database['registry_stat_cells']>()('dimension', 'key', 'persons', 'public_persons'),
    key: [text('dimension'), text('key')],
  },
  // Sanctions lists (public data, re-importable; backed up so that review decisions and history survive).
  sanctions_datasets: {
    order: 101,
    backedUp: true,
    columns: columnsOf<Database['sanctions_datasets']>()(
      'id',
      'name',
      'format',
      'jurisdiction',
      'latest_snapshot_id',
      'created_at',
      'updated_at',
    ),
    key: [text('id')],
  },
  sanctions_snapshots: {
    order: 102,
    backedUp: true,
    columns: columnsOf<Database['sanctions_snapshots']>()(
      'id',
      'dataset_id',
      'format',
      'snapshot_date',
      'snapshot_date_source',
      'imported_at',
      'imported_by',
      'file_name',
      'file_sha256',
      'file_bytes',
      'target_count',
      'counts',
    ),
    key: [text('id')],
  },
  sanctions_targets: {
    order: 103,
    backedUp: true,
    columns: columnsOf<Database['sanctions_targets']>()(
      'id',
      'snapshot_id',
      'source_id',
      'schema',
      'primary_name',
      'gender',
      'remarks',
      'belarus_linked',
      'names_hash',
    ),
    key: [text('id')],
  },
  sanctions_names: {
    order: 104,
    backedUp: true,
    columns: columnsOf<Database['sanctions_names']>()(
      'target_id',
      'position',
      'value',
      'kind',
      'lang',
      'script',
    ),
    key: [text('target_id'), integer('position')],
  },
  sanctions_identifiers: {
    order: 105,
    backedUp: true,
    columns: columnsOf<Database['sanctions_identifiers']>()(
      'target_id',
      'position',
      'type',
      'value',
      'value_key',
      'country',
    ),
    key: [text('target_id'), integer('position')],
  },
  sanctions_birth_dates: {
    order: 106,
    backedUp: true,
    columns: columnsOf<Database['sanctions_birth_dates']>()(
      'target_id',
      'value',
    ),
    key: [text('target_id'), text('value')],
  },
  sanctions_countries: {
    order: 107,
    backedUp: true,
    columns: columnsOf<Database['sanctions_countries']>()(
      'target_id',
      'relation',
      'country',
    ),
    key: [text('target_id'), text('relation'), text('country')],
  },
  sanctions_addresses: {
    order: 108,
    backedUp: true,
    columns: columnsOf<Database['sanctions_addresses']>()(
      'target_id',
      'position',
      'text',
      'country',
    ),
    key: [text('target_id'), integer('position')],
  },
  sanctions_listings: {
    order: 109,
    backedUp: true,
    columns: columnsOf<Database['sanctions_listings']>()(
      'target_id',
      'position',
      'programme',
      'jurisdiction',
      'regime',
      'legal_basis',
      'listed_on',
    ),
    key: [text('target_id'), integer('position')],
  },
  sanctions_clusters: {
    order: 110,
    backedUp: true,
    columns: columnsOf<Database['sanctions_clusters']>()(
      'id',
      'name',
      'schema',
      'member_count',
      'belarus_linked',
      'updated_at',
    ),
    key: [text('id')],
  },
  sanctions_cluster_members: {
    order: 111,
    backedUp: true,
    columns: columnsOf<Database['sanctions_cluster_members']>()(
      'member_key',
      'cluster_id',
      'dataset_id',
      'source_id',
      'method',
      'score',
    ),
    key: [text('member_key')],
  },
  sanctions_review_pairs: {
    order: 112,
    backedUp: true,
    columns: columnsOf<Database['sanctions_review_pairs']>()(
      'id',
      'member_a',
      'member_b',
      'score',
      'reasons',
      'created_at',
    ),
    key: [text('id')],
  },
  sanctions_review_decisions: {
    order: 113,
    backedUp: true,
    columns: columnsOf<Database['sanctions_review_decisions']>()(
      'member_a',
      'member_b',
      'decision',
      'decided_by',
      'decided_at',
    ),
    key: [text('member_a'), text('member_b')],
  },
  // Accountability and evidence (migration 20261125T1500_accountability). Evidence file contents live in
  // <dataDir>/files/evidence and travel with the stored files of the backup.
  perpetrators: {
    order: 201,
    backedUp: true,
    columns: columnsOf<Database['perpetrators']>()(
      'id',
      'tier',
      'category',
      'birth_year',
      'notes_enc',
      'is_demo',
      'created_by',
      'created_at',
      'updated_at',
      'version',
    ),
    key: [text('id')],
  },
  perpetrator_names: {
    order: 202,
    backedUp: true,
    columns: columnsOf<Database['perpetrator_names']>()(
      'id',
      'perpetrator_id',
      'script',
      'kind',
      'value',
      'value_enc',
      'position',
    ),
    key: [text('id')],
  },
  perpetrator_name_tokens: {
    order: 203,
    backedUp: true,
    columns: columnsOf<Database['perpetrator_name_tokens']>()('perpetrator_id', 'token'),
    key: [text('token'), text('perpetrator_id')],
  },
  perpetrator_positions: {
    order: 204,
    backedUp: true,
    columns: columnsOf<Database['perpetrator_positions']>()(
      'id',
      'perpetrator_id',
      'institution',
      'title',
      'from_on',
      'to_on',
      'position',
    ),
    key: [text('id')],
  },
  violations: {
    order: 205,
    backedUp: true,
    columns: columnsOf<Database['violations']>()(
      'id',
      'tier',
      'type',
      'occurred_on',
      'occurred_until',
      'place',
      'description_enc',
      'created_by',
      'created_at',
      'updated_at',
      'version',
    ),
    key: [text('id')],
  },
  violation_victims: {
    order: 206,
    backedUp: true,
    columns: columnsOf<Database['violation_victims']>()('violation_id', 'person_id'),
    key: [text('violation_id'), text('person_id')],
  },
  perpetrator_links: {
    order: 207,
    backedUp: true,
    columns: columnsOf<Database['perpetrator_links']>()(
      'id',
      'perpetrator_id',
      'target_type',
      'target_id',
      'role',
      'note',
      'created_by',
      'created_at',
    ),
    key: [text('id')],
  },
  evidence_blobs: {
    order: 208,
    backedUp: true,
    columns: columnsOf<Database['evidence_blobs']>()('address', 'sha256', 'size', 'key_enc', 'created_at'),
    key: [text('address')],
  },
  evidence_items: {
    order: 209,
    backedUp: true,
    columns: columnsOf<Database['evidence_items']>()(
      'id',
      'tier',
      'kind',
      'title_enc',
      'file_name_enc',
      'media_type',
      'original_id',
      'derivation',
      'blob_address',
      'sha256',
      'size',
      'captured_at',
      'captured_place_enc',
      'collected_by',
      'collected_from_enc',
      'language',
      'notes_enc',
      'consent',
      'consent_recorded_by',
      'consent_recorded_at',
      'created_by',
      'created_at',
      'updated_at',
      'version',
    ),
    key: [text('id')],
    // A working copy references its original, which may come later in key order.
    selfReferences: ['original_id'],
  },
  evidence_links: {
    order: 210,
    backedUp: true,
    columns: columnsOf<Database['evidence_links']>()('evidence_id', 'entity_type', 'entity_id'),
    key: [text('evidence_id'), text('entity_type'), text('entity_id')],
  },
  instance_keys: {
    order: 211,
    backedUp: true,
    columns: columnsOf<Database['instance_keys']>()(
      'id',
      'purpose',
      'public_key',
      'private_key_enc',
      'fingerprint',
      'created_at',
    ),
    key: [text('id')],
  },
  // Secure channel (issue 7): everything a source wrote is ciphertext here; backups carry it as it is.
  intake_recipients: {
    order: 300,
    backedUp: true,
    columns: columnsOf<Database['intake_recipients']>()(
      'id',
      'user_id',
      'public_key',
      'secret_key_enc',
      'kdf_salt',
      'kdf_ops',
      'kdf_mem',
      'status',
      'created_at',
      'revoked_at',
    ),
    key: [text('id')],
  },
  intake_questionnaires: {
    order: 301,
    backedUp: true,
    columns: columnsOf<Database['intake_questionnaires']>()('id', 'slug', 'active', 'definition', 'updated_at'),
    key: [text('id')],
  },
  intake_submissions: {
    order: 302,
    backedUp: true,
    columns: columnsOf<Database['intake_submissions']>()(
      'id',
      'questionnaire_id',
      'lang',
      'path',
      'receipt_index',
      'receipt_hash',
      'source_public_key',
      'source_key_salt',
      'content_hash',
      'status',
      'tags',
      'assigned_to',
      'keep',
      'received_on',
      'last_activity_on',
      'expires_on',
      'unread',
    ),
    key: [text('id')],
  },
  intake_messages: {
    order: 303,
    backedUp: true,
    columns: columnsOf<Database['intake_messages']>()(
      'id',
      'submission_id',
      'seq',
      'author',
      'author_user_id',
      'ciphertext',
      'created_on',
    ),
    key: [text('id')],
  },
  intake_message_keys: {
    order: 304,
    backedUp: true,
    columns: columnsOf<Database['intake_message_keys']>()('message_id', 'holder', 'sealed_key'),
    key: [text('message_id'), text('holder')],
  },
  intake_files: {
    order: 305,
    backedUp: true,
    columns: columnsOf<Database['intake_files']>()(
      'id',
      'submission_id',
      'message_id',
      'meta_enc',
      'stored_name',
      'size_bytes',
      'sha256',
      'created_on',
    ),
    key: [text('id')],
  },
  intake_links: {
    order: 306,
    backedUp: true,
    columns: columnsOf<Database['intake_links']>()(
      'id',
      'submission_id',
      'entity_type',
      'entity_id',
      'custody',
      'created_by',
      'created_at',
    ),
    key: [text('id')],
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

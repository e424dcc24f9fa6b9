import type { Generated } from 'kysely';
import type { Tier } from './schema';

/** Registry tables (migration 20261125T1000_registry). Conventions as in schema.ts. */
export type Consent = 'public' | 'anonymised' | 'confidential' | 'sealed';
export type Gender = 'male' | 'female' | 'other';
export type NameScript = 'be' | 'ru' | 'latn' | 'other';
export type PersonStatus =
  | 'detained'
  | 'sentenced'
  | 'released_pardon'
  | 'released_end_of_term'
  | 'released_exchange'
  | 'released_deportation'
  | 'released_other'
  | 'died_in_custody'
  | 'forced_exile';
export type ReleaseKind = 'pardon' | 'end_of_term' | 'exchange' | 'deportation' | 'amnesty' | 'other';

export interface PersonsTable {
  id: string;
  consent: Consent;
  /** Record tier derived from consent: who may know the record exists and see its non-identifying facts. */
  tier: Tier;
  /** Tier of the identifying fields (names, birth date, description, photo). */
  identity_tier: Tier;
  /** Stable non-identifying reference shown in place of a name, e.g. "PP-7F3K2Q". */
  ref_code: string;
  birth_year: number | null;
  birth_date_enc: string | null;
  gender: Gender | null;
  region: string | null;
  /** JSON array of group codes: journalist, lawyer, trade_unionist, cultural_worker, … */
  groups: string;
  description_enc: string | null;
  health_notes_enc: string | null;
  photo_file: string | null;
  /** Denormalised from status_events for fast filters and statistics. */
  current_status: PersonStatus | null;
  current_status_on: string | null;
  recognised_on: string | null;
  merged_into: string | null;
  /** JSON object of ids in outside lists, e.g. {"viasna": "123"}. */
  external_ids: string;
  is_demo: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PersonNamesTable {
  id: string;
  person_id: string;
  script: NameScript;
  kind: 'primary' | 'alias';
  /** Clear text only when the person's identity tier is public. */
  value: string | null;
  value_enc: string | null;
  position: number;
}

export interface PersonNameTokensTable {
  person_id: string;
  token: string;
}

export interface CasesTable {
  id: string;
  person_id: string;
  tier: Tier;
  case_number: string | null;
  detained_on: string | null;
  court: string | null;
  judge: string | null;
  prosecutor: string | null;
  verdict_on: string | null;
  sentence_months: number | null;
  penalty: string | null;
  regime: string | null;
  appeal_on: string | null;
  appeal_result: string | null;
  facility: string | null;
  /** JSON array of {from, to?} periods without contact. */
  incommunicado: string;
  notes_enc: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CaseArticlesTable {
  case_id: string;
  /** Criminal Code article with part, e.g. "342-1", "361-1", "130-3", "369". */
  article: string;
  label: string | null;
  position: number;
}

/** What the application reads and writes of case_articles (person_id is the database's own copy). */
export const CASE_ARTICLE_COLUMNS = [
  'case_id',
  'article',
  'label',
  'position',
] as const satisfies ReadonlyArray<keyof CaseArticlesTable>;

/** The stored rows: plus the case's person, copied by database triggers (migration 20261207T2000). */
export interface CaseArticlesStoredTable extends CaseArticlesTable {
  person_id: Generated<string | null>;
}

export interface ReleaseEventsTable {
  id: string;
  kind: ReleaseKind;
  occurred_on: string;
  title: string;
  reported_count: number | null;
  source_id: string | null;
  created_at: string;
}

export interface StatusEventsTable {
  id: string;
  person_id: string;
  case_id: string | null;
  status: PersonStatus;
  occurred_on: string;
  release_event_id: string | null;
  /** Encrypted free-text note; context status_events:<id>:note (migration 20261125T1300_registry_stats). */
  note_enc: string | null;
  created_at: string;
}

export interface RecognitionsTable {
  id: string;
  person_id: string;
  recognised_by: string;
  recognised_on: string;
  statement_url: string | null;
  created_at: string;
}

export interface FactSourcesTable {
  entity_type: string;
  entity_id: string;
  field: string;
  source_id: string;
}

export interface PublishedFiguresTable {
  id: string;
  as_of: string;
  metric: string;
  value_text: string;
  value: number | null;
  source_org: string;
  source_url: string;
  quote: string | null;
}

export interface SavedFiltersTable {
  id: string;
  name: string;
  purpose: string;
  criteria: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface PersonMergesTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  snapshot_enc: string;
  merged_by: string;
  merged_at: string;
  reverted_by: string | null;
  reverted_at: string | null;
}

export interface DuplicateDecisionsTable {
  person_a: string;
  person_b: string;
  decision: 'not_duplicate' | 'merged';
  decided_by: string;
  decided_at: string;
}

/** Encrypted humanitarian facts of a person (migration 20261125T1200_humanitarian). */
export interface PersonHumanitarianTable {
  person_id: string;
  /** Encrypted JSON {seriousIllness, parentOfMinors}; context person_humanitarian:<person_id>. */
  flags_enc: string;
  updated_by: string;
  updated_at: string;
}

/**
 * Registry statistics kept up to date in the same transaction as every registry write (migration
 * 20261125T1300_registry_stats): how many unmerged persons, and how many public ones, fall in each cell.
 * Dimensions and keys are documented in src/modules/registry/stat-cells.ts. Names nobody.
 */
export interface RegistryStatCellsTable {
  dimension: string;
  key: string;
  persons: number;
  public_persons: number;
}

export interface RegistryTables {
  persons: PersonsTable;
  person_names: PersonNamesTable;
  person_name_tokens: PersonNameTokensTable;
  cases: CasesTable;
  case_articles: CaseArticlesStoredTable;
  release_events: ReleaseEventsTable;
  status_events: StatusEventsTable;
  recognitions: RecognitionsTable;
  fact_sources: FactSourcesTable;
  published_figures: PublishedFiguresTable;
  saved_filters: SavedFiltersTable;
  person_merges: PersonMergesTable;
  duplicate_decisions: DuplicateDecisionsTable;
  person_humanitarian: PersonHumanitarianTable;
  registry_stat_cells: RegistryStatCellsTable;
}

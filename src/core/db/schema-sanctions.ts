/**
 * Sanctions-list tables (migration 20261125T1400_sanctions). Conventions as in schema.ts. Everything here
 * is published information about listed persons and bodies (public tier); access is still session-only.
 *
 * A dataset is one list (eu_fsf, us_ofac_sdn, …); each import is an immutable snapshot of it, and the
 * dataset points at its latest snapshot. Targets and their facts belong to one snapshot. Clusters, review
 * pairs and decisions refer to targets by their stable member key `<dataset_id>:<source_id>` so that they
 * survive re-imports (a new snapshot gets new target rows but keeps the list's own ids).
 */
export type SanctionsRegime = 'Belarus' | 'Russia' | 'other';
export type ReviewDecision = 'accept' | 'reject' | 'unsure';

export interface SanctionsDatasetsTable {
  id: string;
  /** Unique, e.g. eu_fsf, us_ofac_sdn, gb_fcdo_sanctions. */
  name: string;
  format: string;
  /** Jurisdiction most of the dataset's programmes belong to (EU, US, UK, CA, …). */
  jurisdiction: string | null;
  latest_snapshot_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SanctionsSnapshotsTable {
  id: string;
  dataset_id: string;
  format: string;
  /** YYYY-MM-DD: from the file itself, else from its name, else the import day (see sanctions.import.ts). */
  snapshot_date: string;
  snapshot_date_source: 'file' | 'file-name' | 'import-day';
  imported_at: string;
  imported_by: string | null;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  target_count: number;
  /** JSON {byRegime, bySchema, delta, unknownProgrammes, skipped}. */
  counts: string;
}

export interface SanctionsTargetsTable {
  id: string;
  snapshot_id: string;
  source_id: string;
  schema: string;
  primary_name: string;
  gender: string | null;
  remarks: string | null;
  /** 1 when a nationality, country, address, identifier country is BY or a programme is a Belarus one. */
  belarus_linked: number;
  /** SHA-256 of the sorted name list: "changed names" in a delta without reading every name. */
  names_hash: string;
}

export interface SanctionsNamesTable {
  target_id: string;
  position: number;
  value: string;
  kind: string;
  lang: string | null;
  /** latin, cyrillic, greek, arabic, … (rough: the first letter's script). */
  script: string;
}

export interface SanctionsIdentifiersTable {
  target_id: string;
  position: number;
  type: string;
  value: string;
  /** Upper-case letters and digits only: the join key for resolution. */
  value_key: string;
  country: string | null;
}

export interface SanctionsBirthDatesTable {
  target_id: string;
  value: string;
}

export interface SanctionsCountriesTable {
  target_id: string;
  relation: 'nationality' | 'country';
  country: string;
}

export interface SanctionsAddressesTable {
  target_id: string;
  position: number;
  text: string;
  country: string | null;
}

export interface SanctionsListingsTable {
  target_id: string;
  position: number;
  programme: string;
  jurisdiction: string;
  regime: SanctionsRegime;
  legal_basis: string | null;
  listed_on: string | null;
}

export interface SanctionsClustersTable {
  id: string;
  name: string;
  schema: string;
  member_count: number;
  belarus_linked: number;
  updated_at: string;
}

export interface SanctionsClusterMembersTable {
  /** `<dataset_id>:<source_id>`. */
  member_key: string;
  cluster_id: string;
  dataset_id: string;
  source_id: string;
  /** Why it joined: seed, identifier, name, review. */
  method: string;
  score: number | null;
}

export interface SanctionsReviewPairsTable {
  id: string;
  /** Member keys, member_a < member_b. */
  member_a: string;
  member_b: string;
  score: number;
  /** JSON array of short reasons (no personal values beyond the listed names themselves). */
  reasons: string;
  created_at: string;
}

export interface SanctionsReviewDecisionsTable {
  member_a: string;
  member_b: string;
  decision: ReviewDecision;
  decided_by: string;
  decided_at: string;
}

export interface SanctionsTables {
  sanctions_datasets: SanctionsDatasetsTable;
  sanctions_snapshots: SanctionsSnapshotsTable;
  sanctions_targets: SanctionsTargetsTable;
  sanctions_names: SanctionsNamesTable;
  sanctions_identifiers: SanctionsIdentifiersTable;
  sanctions_birth_dates: SanctionsBirthDatesTable;
  sanctions_countries: SanctionsCountriesTable;
  sanctions_addresses: SanctionsAddressesTable;
  sanctions_listings: SanctionsListingsTable;
  sanctions_clusters: SanctionsClustersTable;
  sanctions_cluster_members: SanctionsClusterMembersTable;
  sanctions_review_pairs: SanctionsReviewPairsTable;
  sanctions_review_decisions: SanctionsReviewDecisionsTable;
}

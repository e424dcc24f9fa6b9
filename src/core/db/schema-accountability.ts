import type { Tier } from './schema';
import type { NameScript } from './schema-registry';

/** Accountability and evidence tables (migration 20261125T1500_accountability). Conventions as in schema.ts. */
export type PerpetratorCategory =
  | 'judge'
  | 'prosecutor'
  | 'investigator'
  | 'kgb_officer'
  | 'interior_officer'
  | 'prison_head'
  | 'election_official'
  | 'propagandist'
  | 'other';
export type LinkRole =
  | 'judge'
  | 'prosecutor'
  | 'investigator'
  | 'arresting_officer'
  | 'head_of_facility'
  | 'interrogator'
  | 'guard'
  | 'witness_for_prosecution'
  | 'propagandist'
  | 'commander'
  | 'other';
export type ViolationType =
  | 'arbitrary_detention'
  | 'torture_ill_treatment'
  | 'incommunicado_detention'
  | 'search'
  | 'property_seizure'
  | 'preventive_interview'
  | 'dismissal'
  | 'deportation'
  | 'cso_liquidation'
  | 'other';
export type EvidenceKind = 'document' | 'photo' | 'audio' | 'video' | 'testimony' | 'other';
export type EvidenceDerivation = 'redacted' | 'translated';
/** Who an item may be shared with; an empty consent list means nobody outside the organisation. */
export type ConsentRecipient = 'partner_investigators' | 'courts' | 'un_osce' | 'public';

export interface PerpetratorsTable {
  id: string;
  tier: Tier;
  category: PerpetratorCategory;
  birth_year: number | null;
  notes_enc: string | null;
  is_demo: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PerpetratorNamesTable {
  id: string;
  perpetrator_id: string;
  script: NameScript;
  kind: 'primary' | 'alias';
  /** Clear text only when the perpetrator record is public; otherwise value_enc holds it. */
  value: string | null;
  value_enc: string | null;
  position: number;
}

export interface PerpetratorNameTokensTable {
  perpetrator_id: string;
  token: string;
}

export interface PerpetratorPositionsTable {
  id: string;
  perpetrator_id: string;
  institution: string;
  title: string;
  from_on: string | null;
  to_on: string | null;
  position: number;
}

/** A perpetrator's part in a registry case or a violation. Sources: fact_sources(entity_type 'perpetrator_link'). */
export interface PerpetratorLinksTable {
  id: string;
  perpetrator_id: string;
  target_type: 'case' | 'violation';
  target_id: string;
  role: LinkRole;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ViolationsTable {
  id: string;
  tier: Tier;
  type: ViolationType;
  occurred_on: string | null;
  occurred_until: string | null;
  place: string | null;
  description_enc: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ViolationVictimsTable {
  violation_id: string;
  person_id: string;
}

/** One stored (encrypted) file, named by a keyed hash of its content: identical uploads share a blob. */
export interface EvidenceBlobsTable {
  address: string;
  sha256: string;
  size: number;
  /** The per-file key, wrapped by the keyring (context evidence_blobs:<address>:key). */
  key_enc: string;
  created_at: string;
}

export interface EvidenceItemsTable {
  id: string;
  tier: Tier;
  kind: EvidenceKind;
  title_enc: string;
  file_name_enc: string | null;
  media_type: string;
  original_id: string | null;
  derivation: EvidenceDerivation | null;
  blob_address: string;
  sha256: string;
  size: number;
  captured_at: string | null;
  captured_place_enc: string | null;
  collected_by: string | null;
  collected_from_enc: string | null;
  language: string | null;
  notes_enc: string | null;
  /** JSON array of ConsentRecipient. */
  consent: string;
  consent_recorded_by: string;
  consent_recorded_at: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EvidenceLinksTable {
  evidence_id: string;
  entity_type: 'person' | 'case' | 'violation' | 'perpetrator';
  entity_id: string;
}

/** Long-lived instance keys, e.g. the Ed25519 key that signs case-file manifests. */
export interface InstanceKeysTable {
  id: string;
  purpose: string;
  public_key: string;
  private_key_enc: string;
  fingerprint: string;
  created_at: string;
}

export interface AccountabilityTables {
  perpetrators: PerpetratorsTable;
  perpetrator_names: PerpetratorNamesTable;
  perpetrator_name_tokens: PerpetratorNameTokensTable;
  perpetrator_positions: PerpetratorPositionsTable;
  perpetrator_links: PerpetratorLinksTable;
  violations: ViolationsTable;
  violation_victims: ViolationVictimsTable;
  evidence_blobs: EvidenceBlobsTable;
  evidence_items: EvidenceItemsTable;
  evidence_links: EvidenceLinksTable;
  instance_keys: InstanceKeysTable;
}

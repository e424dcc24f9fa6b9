/** Secure-channel tables (migration 20261125T1600_intake). Conventions as in schema.ts. */
export type IntakePath = 'js' | 'nojs';
export type IntakeStatus = 'new' | 'in_review' | 'triaged' | 'closed';

export interface IntakeRecipientsTable {
  id: string;
  user_id: string;
  /** X25519 public key, base64. */
  public_key: string;
  /** Keyring-wrapped secretbox of the X25519 secret key under an Argon2id key from the user's password. */
  secret_key_enc: string;
  kdf_salt: string;
  kdf_ops: number;
  kdf_mem: number;
  status: 'active' | 'revoked';
  created_at: string;
  revoked_at: string | null;
}

export interface IntakeQuestionnairesTable {
  id: string;
  slug: string;
  active: number;
  /** JSON: see QuestionnaireDefinition in src/modules/intake/questionnaire.data.ts. */
  definition: string;
  updated_at: string;
}

export interface IntakeSubmissionsTable {
  id: string;
  questionnaire_id: string;
  lang: string;
  path: IntakePath;
  /** A short keyed-hash prefix of the receipt: narrows the Argon2id checks, never identifies a receipt. */
  receipt_index: string;
  /** Argon2id encoded hash of the receipt. */
  receipt_hash: string;
  /** X25519 public key derived from the receipt: replies are sealed to it. */
  source_public_key: string;
  source_key_salt: string;
  /** SHA-256 of the first message's ciphertext: the submission hash quoted in custody logs. */
  content_hash: string;
  status: IntakeStatus;
  /** JSON array of staff tags. */
  tags: string;
  assigned_to: string | null;
  keep: number;
  /** Day-rounded dates (YYYY-MM-DD): no precise time of a source is stored. */
  received_on: string;
  last_activity_on: string;
  expires_on: string | null;
  unread: number;
}

export interface IntakeMessagesTable {
  id: string;
  submission_id: string;
  seq: number;
  author: 'source' | 'staff';
  author_user_id: string | null;
  /** base64(nonce ‖ XChaCha20-Poly1305 ciphertext) under the message key. */
  ciphertext: string;
  created_on: string;
}

export interface IntakeMessageKeysTable {
  message_id: string;
  /** A recipient id, 'escrow', or 'source'. */
  holder: string;
  /** crypto_box_seal of the message key to the holder's public key, base64. */
  sealed_key: string;
}

export interface IntakeFilesTable {
  id: string;
  submission_id: string;
  message_id: string;
  /** Encrypted {name, type, size} under the message key. */
  meta_enc: string;
  /** File name under <data dir>/files/intake/: a random id, nothing derived from the upload. */
  stored_name: string;
  size_bytes: number;
  /** SHA-256 of the stored ciphertext. */
  sha256: string;
  created_on: string;
}

export interface IntakeLinksTable {
  id: string;
  submission_id: string;
  entity_type: string;
  entity_id: string;
  /** JSON custody entries, first "received via secure channel" with the submission hash. */
  custody: string;
  created_by: string;
  created_at: string;
}

export interface IntakeTables {
  intake_recipients: IntakeRecipientsTable;
  intake_questionnaires: IntakeQuestionnairesTable;
  intake_submissions: IntakeSubmissionsTable;
  intake_messages: IntakeMessagesTable;
  intake_message_keys: IntakeMessageKeysTable;
  intake_files: IntakeFilesTable;
  intake_links: IntakeLinksTable;
}

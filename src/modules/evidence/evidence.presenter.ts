import type { Keyring } from '../../core/crypto/keyring';
import type { AuditRow } from '../../core/db/schema';
import type { EvidenceItemsTable, EvidenceLinksTable } from '../../core/db/schema-accountability';
import type { CustodyEntry, EvidenceView, Recipient } from './evidence.schema';

/** Encryption contexts of evidence fields: each ciphertext is bound to its row and field. */
export const evidenceContext = (id: string, field: string): string => `evidence_items:${id}:${field}`;

export function dec(keyring: Keyring, id: string, field: string, value: string | null): string | null {
  return value ? keyring.decrypt(value, evidenceContext(id, field)) : null;
}

export function enc(
  keyring: Keyring,
  id: string,
  field: string,
  value: string | null | undefined,
): string | null {
  return value ? keyring.encrypt(value, evidenceContext(id, field)) : null;
}

export const parseConsent = (text: string): Recipient[] => {
  try {
    return JSON.parse(text) as Recipient[];
  } catch {
    return [];
  }
};

/**
 * Whether an item may go to a recipient. Consent is a list of who may receive it; an item that may be
 * made public may go to anyone. An empty list (nobody) never leaves the organisation.
 */
export function consentAllows(consent: readonly Recipient[], recipient: Recipient): boolean {
  return consent.includes(recipient) || consent.includes('public');
}

export function presentEvidence(
  row: EvidenceItemsTable,
  links: readonly EvidenceLinksTable[],
  usernames: ReadonlyMap<string, string>,
  keyring: Keyring,
): EvidenceView {
  return {
    id: row.id,
    tier: row.tier,
    kind: row.kind,
    title: dec(keyring, row.id, 'title', row.title_enc) ?? '',
    fileName: dec(keyring, row.id, 'file_name', row.file_name_enc),
    mediaType: row.media_type,
    sha256: row.sha256,
    size: Number(row.size),
    originalId: row.original_id,
    derivation: row.derivation,
    capturedAt: row.captured_at,
    capturedPlace: dec(keyring, row.id, 'captured_place', row.captured_place_enc),
    collectedBy: row.collected_by,
    collectedFrom: dec(keyring, row.id, 'collected_from', row.collected_from_enc),
    language: row.language,
    notes: dec(keyring, row.id, 'notes', row.notes_enc),
    consent: parseConsent(row.consent),
    consentRecordedBy: usernames.get(row.consent_recorded_by) ?? row.consent_recorded_by,
    consentRecordedAt: row.consent_recorded_at,
    links: links
      .filter((l) => l.evidence_id === row.id)
      .map((l) => ({ entityType: l.entity_type, entityId: l.entity_id })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function presentCustody(row: AuditRow, usernames: ReadonlyMap<string, string>): CustodyEntry {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    detail = {};
  }
  return {
    seq: row.seq,
    at: row.at,
    event: row.action.replace('evidence.', '') as CustodyEntry['event'],
    actor: row.actor_id ? (usernames.get(row.actor_id) ?? row.actor_id) : null,
    detail,
  };
}

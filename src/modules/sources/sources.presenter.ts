import { canReadField, type Actor } from '../../core/access';
import type { Keyring } from '../../core/crypto/keyring';
import type { SourceRow } from '../../core/db/schema';
import type { SourceView } from './sources.schema';

export const notesContext = (id: string): string => `sources:${id}:notes`;

/** Chooses what a caller sees of a source: the notes only when the caller may read their tier. */
export function presentSource(
  row: SourceRow,
  actor: Actor | null,
  hasGrant: boolean,
  keyring: Keyring | null,
): SourceView {
  const notesVisible = keyring !== null && canReadField(actor, row.notes_tier, hasGrant);
  return {
    id: row.id,
    tier: row.tier,
    title: row.title,
    url: row.url,
    publisher: row.publisher,
    publishedOn: row.published_on,
    language: row.language,
    ...(notesVisible
      ? { notes: row.notes_enc ? keyring.decrypt(row.notes_enc, notesContext(row.id)) : null }
      : {}),
    notesTier: row.notes_tier,
    notesHidden: !notesVisible,
    isDemo: Boolean(row.is_demo),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

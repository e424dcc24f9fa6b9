import type { Tier } from '../../core/db/schema';
import type { Consent } from '../../core/db/schema-registry';

/**
 * The one mapping from a person's consent to the tiers that protect the record and its identity.
 * Every writer of persons (editor forms, import, merge) goes through here so the rule cannot drift.
 *
 * - public: may be published (record and names public; names stored in clear for the public page).
 * - anonymised: counted and described without identity: staff see "PP-XXXX" and non-identifying facts.
 * - confidential: staff with the right role only.
 * - sealed: only named users (record_grants); counted in aggregates but never listed.
 */
export const CONSENTS = [
  'public',
  'anonymised',
  'confidential',
  'sealed',
] as const satisfies readonly Consent[];

export interface ConsentTiers {
  /** Who may know the record exists and read its non-identifying facts (cases inherit it). */
  tier: Tier;
  /** Who may read names, birth date, description and photo. */
  identityTier: Tier;
}

const MAPPING: Record<Consent, ConsentTiers> = {
  public: { tier: 'public', identityTier: 'public' },
  anonymised: { tier: 'internal', identityTier: 'confidential' },
  confidential: { tier: 'confidential', identityTier: 'confidential' },
  sealed: { tier: 'sealed', identityTier: 'sealed' },
};

export function tiersForConsent(consent: Consent): ConsentTiers {
  return MAPPING[consent];
}

/** Identity fields are stored in clear only when they may be published. */
export function identityEncrypted(identityTier: Tier): boolean {
  return identityTier !== 'public';
}

const ORDER: Record<Tier, number> = { public: 0, internal: 1, confidential: 2, sealed: 3 };

/** Health notes are never below confidential, whatever the consent (they are always encrypted). */
export function healthNotesTier(consent: Consent): Tier {
  const { identityTier } = tiersForConsent(consent);
  return ORDER[identityTier] >= ORDER.confidential ? identityTier : 'confidential';
}

export function maxTier(a: Tier, b: Tier): Tier {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** Shapes of the API's JSON, mirroring the server's zod views (src/core/auth/auth.schema.ts and friends). */

/**
 * A list of the values of T, for lists the browser needs at run time while the type comes from the server:
 * it compiles only when the list names every value of T and no other, so the two cannot drift apart.
 */
export function listOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}

export const TIERS = ['public', 'internal', 'confidential', 'sealed'] as const;
export type Tier = (typeof TIERS)[number];

export const ROLES = ['admin', 'editor', 'researcher', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SOURCE_LANGUAGES = ['be', 'ru', 'en', 'uk', 'pl', 'lt', 'de', 'fr', 'other'] as const;
export type SourceLanguage = (typeof SOURCE_LANGUAGES)[number];

export const OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface SessionResponse {
  user: User;
  csrfToken: string;
}

export interface Health {
  status: 'ok';
  engine: 'sqlite' | 'postgres';
  demo: boolean;
}

export interface Source {
  id: string;
  tier: Tier;
  title: string;
  url: string | null;
  publisher: string | null;
  publishedOn: string | null;
  language: string | null;
  notes?: string | null;
  notesTier: Tier;
  notesHidden: boolean;
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SourceList {
  items: Source[];
  total: number;
}

export interface SourceStats {
  total: number;
  byTier: Record<Tier, number>;
}

export interface SourceInput {
  tier: Tier;
  title: string;
  url: string | null;
  publisher: string | null;
  publishedOn: string | null;
  language: SourceLanguage | null;
  notes?: string | null;
  notesTier?: Tier;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  tier: string | null;
  outcome: string;
  detail: Record<string, unknown>;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  rows: number;
  firstBadSeq?: number;
  reason?: string;
}

export interface TotpSetup {
  secret: string;
  uri: string;
}

export interface Ok {
  ok: true;
}

/** Permissions as the server grants them (src/core/access.ts); the UI only hides what the API would refuse. */
export const canWriteRecords = (role: Role): boolean => role === 'admin' || role === 'editor';
export const isAdmin = (role: Role): boolean => role === 'admin';

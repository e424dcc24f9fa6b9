import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role, Tier } from '../../src/core/db/schema';
import type { Member, Who } from '../support/matrix';

/**
 * The access matrix's expected policy (every kind of caller × every record tier) and its source fixtures,
 * written out by hand (not imported from access.ts) so that a change to the policy code that leaks must disagree with it.
 */
export type { Member, Who };
export const WHO: Who[] = [
  'admin',
  'editor',
  'researcher',
  'analyst',
  'viewer',
  'grantee',
  'author',
  'anonymous',
];
export const ROLE_OF: Record<Member, Role> = {
  admin: 'admin',
  editor: 'editor',
  researcher: 'researcher',
  analyst: 'analyst',
  viewer: 'viewer',
  // A viewer named in record_grants for every record that has anything sealed.
  grantee: 'viewer',
  // The editor who wrote the fixtures, and so received the sealed grants automatically.
  author: 'editor',
};
export const OPEN_TIERS: Record<Who, Tier[]> = {
  admin: ['public', 'internal', 'confidential'],
  editor: ['public', 'internal', 'confidential'],
  researcher: ['public', 'internal', 'confidential'],
  author: ['public', 'internal', 'confidential'],
  viewer: ['public', 'internal'],
  grantee: ['public', 'internal'],
  analyst: [],
  anonymous: [],
};
export const HOLDS_SEALED_GRANTS = new Set<Who>(['grantee', 'author']);
export const WRITERS = new Set<Who>(['admin', 'editor', 'author']);

export interface Fixture {
  key: string;
  tier: Tier;
  notesTier: Tier;
  id: string;
  title: string;
  publisher: string;
  notes: string;
}
const FIXTURE_TIERS: Array<[Tier, Tier]> = [
  ['public', 'public'],
  ['internal', 'internal'],
  ['confidential', 'confidential'],
  ['sealed', 'sealed'],
  ['public', 'confidential'],
  ['internal', 'sealed'],
  ['sealed', 'internal'],
];
const marker = (kind: string): string => `ZQ${kind}${randomBytes(8).toString('hex')}`;
export const fixtures: Fixture[] = FIXTURE_TIERS.map(([tier, notesTier]) => ({
  key: `${tier}/notes:${notesTier}`,
  tier,
  notesTier,
  id: '',
  title: `Source ${marker('T')}`,
  publisher: `Publisher ${marker('P')}`,
  notes: `Notes naming ${marker('N')}`,
}));
export const involvesSealed = (f: Fixture): boolean => f.tier === 'sealed' || f.notesTier === 'sealed';

export function seesRecord(who: Who, f: Fixture): boolean {
  if (who === 'analyst' || who === 'anonymous') return false;
  if (f.tier === 'sealed') return HOLDS_SEALED_GRANTS.has(who);
  return OPEN_TIERS[who].includes(f.tier);
}
export function seesNotes(who: Who, f: Fixture): boolean {
  if (!seesRecord(who, f)) return false;
  if (f.notesTier === 'sealed') return HOLDS_SEALED_GRANTS.has(who);
  return OPEN_TIERS[who].includes(f.notesTier);
}
export const readsRecords = (who: Who): boolean => who !== 'analyst' && who !== 'anonymous';

/** The parts of an error response a caller could use to tell two failures apart. */
export function errorShape(res: LightMyRequestResponse): unknown {
  const body = res.json<{ error: Record<string, unknown> }>();
  return {
    status: res.statusCode,
    keys: Object.keys(body).sort(),
    errorKeys: Object.keys(body.error).sort(),
    code: body.error.code,
    message: body.error.message,
    contentType: res.headers['content-type'],
    contentLength: res.headers['content-length'],
    headerNames: Object.keys(res.headers).sort(),
  };
}

export function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(
    { status: res.statusCode, code: res.json<{ error?: { code?: string } }>().error?.code },
    res.body,
  ).toEqual({ status, code });
}

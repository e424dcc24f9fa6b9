import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  tier: string | null;
  outcome: string;
  detail: string;
}

/**
 * Canonical encoding: a JSON array in a fixed field order, so the same row always hashes the same on both
 * engines and after backup and restore. The sequence number is inside the hash, so a deleted row breaks
 * the chain even when the neighbours are otherwise unchanged.
 */
export function canonicalEncoding(row: ChainedFields): string {
  return JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.tier,
    row.outcome,
    row.detail,
  ]);
}

export function chainHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEncoding(row)).digest('hex');
}

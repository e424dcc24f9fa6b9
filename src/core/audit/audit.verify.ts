import type { DB } from '../db/database';
import { chainHash, GENESIS_HASH } from './audit.chain';
import type { AuditRepository } from './audit.repository';

export type VerifyResult =
  | { ok: true; rows: number; headSeq: number }
  | { ok: false; rows: number; firstBadSeq: number; reason: string };

/**
 * Walks the chain from the first row. It names the first row whose sequence number, link or hash is wrong,
 * which catches a direct UPDATE (hash mismatch), DELETE (gap in sequence or broken link) and INSERT
 * (duplicate or out-of-chain row). The head record catches removal of the newest rows.
 */
export async function verifyAuditChain(db: DB, repo: AuditRepository): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for await (const row of repo.scan(db)) {
    rows++;
    if (row.seq !== expectedSeq) {
      const reason = row.seq > expectedSeq ? `row ${expectedSeq} is missing` : 'unexpected sequence number';
      return { ok: false, rows, firstBadSeq: Math.min(row.seq, expectedSeq), reason };
    }
    if (row.prev_hash !== prevHash) {
      return { ok: false, rows, firstBadSeq: row.seq, reason: 'link to the previous row is broken' };
    }
    const recomputed = chainHash(prevHash, row);
    if (recomputed !== row.hash) {
      return { ok: false, rows, firstBadSeq: row.seq, reason: 'content does not match its hash' };
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  const head = await repo.head(db);
  const lastSeq = expectedSeq - 1;
  const headSeq = head?.seq ?? 0;
  if (headSeq !== lastSeq) {
    // Rows missing at the end (head ahead) or rows appended past the head: name the first row after the shorter.
    return {
      ok: false,
      rows,
      firstBadSeq: Math.min(lastSeq, headSeq) + 1,
      reason: `the log ends at row ${lastSeq} but its head says ${headSeq}`,
    };
  }
  if (head && head.hash !== prevHash) {
    return {
      ok: false,
      rows,
      firstBadSeq: lastSeq,
      reason: `row ${lastSeq} does not match the hash recorded in the head`,
    };
  }
  return { ok: true, rows, headSeq: lastSeq };
}

import type { AppContext } from '../../core/context';
import { EvidenceRepository } from './evidence.repository';
import { evidenceStore } from './evidence.service';

/**
 * The integrity sweep behind `supolka evidence verify --stored`: every stored original is decrypted,
 * authenticated frame by frame and re-hashed, then compared with the SHA-256 recorded at ingest — both the
 * blob's and each item's own copy of it, so an edited database row is caught as well as an edited file.
 * Problems name the item ids (never titles or content); memory stays at one frame per file.
 */
export interface StoredProblem {
  itemIds: string[];
  problem: string;
}

export interface StoredCheck {
  ok: boolean;
  blobsChecked: number;
  itemsChecked: number;
  problems: StoredProblem[];
}

const PAGE = 200;
// Keeps one audit row small however much failed; the command's own output lists every item.
const MAX_IDS_AUDITED = 100;

export async function verifyStoredOriginals(ctx: AppContext): Promise<StoredCheck> {
  const repo = new EvidenceRepository();
  const store = evidenceStore(ctx);
  const problems: StoredProblem[] = [];
  let blobsChecked = 0;
  let itemsChecked = 0;
  let after = '';
  for (;;) {
    const blobs = await repo.blobsAfter(ctx.db, after, PAGE);
    if (blobs.length === 0) break;
    after = blobs[blobs.length - 1]!.address;
    const items = await repo.itemsAt(
      ctx.db,
      blobs.map((b) => b.address),
    );
    for (const blob of blobs) {
      const mine = items.filter((i) => i.blob_address === blob.address);
      blobsChecked += 1;
      itemsChecked += mine.length;
      const ids = mine.map((i) => i.id);
      const problem = await store.check({ ...blob, size: Number(blob.size) });
      if (problem) problems.push({ itemIds: ids, problem });
      const disagree = mine.filter((i) => i.sha256 !== blob.sha256 || Number(i.size) !== Number(blob.size));
      if (disagree.length > 0)
        problems.push({
          itemIds: disagree.map((i) => i.id),
          problem: 'the SHA-256 or size recorded for the item differs from the stored original',
        });
    }
  }
  if (problems.length > 0)
    ctx.logger.warn({ failed: problems.length }, 'evidence originals failed their integrity check');
  const ok = problems.length === 0;
  // Like every other action on the locker, the sweep and its outcome go into the tamper-evident log
  // (counts and item ids only; an operator ran it, so there is no actor).
  const failedItemIds = [...new Set(problems.flatMap((p) => p.itemIds))];
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(trx, {
      actorId: null,
      action: 'evidence.verify_stored',
      entityType: 'evidence_store',
      outcome: ok ? 'ok' : 'failed',
      detail: {
        blobsChecked,
        itemsChecked,
        problems: problems.length,
        failedItemIds: failedItemIds.slice(0, MAX_IDS_AUDITED),
      },
    }),
  );
  return { ok, blobsChecked, itemsChecked, problems };
}

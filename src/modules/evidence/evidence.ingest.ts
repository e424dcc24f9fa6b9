import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { EvidenceItemsTable, EvidenceLinksTable } from '../../core/db/schema-accountability';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { SizeLimitError } from './evidence.crypto';
import { EVIDENCE_ENTITY, EvidenceRepository } from './evidence.repository';
import type { EvidenceStore } from './evidence.store';

const SAFE_MEDIA = /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/i;

export type IngestBody = Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface IngestRequest {
  actor: Actor;
  body: IngestBody;
  /** As the client sent it; anything that does not look like a media type is stored as octet-stream. */
  mediaType: string | undefined;
  /** The item's descriptive fields, given its new id and creation time; the store fills in the rest. */
  fields: (
    id: string,
    now: string,
  ) => Omit<
    EvidenceItemsTable,
    'blob_address' | 'sha256' | 'size' | 'media_type' | 'created_by' | 'created_at' | 'updated_at' | 'version'
  >;
  links: ReadonlyArray<Omit<EvidenceLinksTable, 'evidence_id'>>;
  /** Set for a working copy: its original gets the "copied" custody event. */
  original: EvidenceItemsTable | null;
}

/**
 * Takes one uploaded file into the locker as a new item: the store streams it in, hashes and encrypts it
 * (identical content shares one blob), then the item row, its links, the author's grant on a sealed item
 * and the custody entries commit in one transaction. A blob written for a transaction that fails is
 * discarded again.
 */
export class EvidenceIngest {
  private readonly repo = new EvidenceRepository();

  constructor(
    private readonly ctx: AppContext,
    private readonly store: EvidenceStore,
  ) {}

  async ingest<T>(
    { actor, body, mediaType, fields, links, original }: IngestRequest,
    present: (trx: DB, row: EvidenceItemsTable) => Promise<T>,
  ): Promise<T> {
    let blob;
    try {
      blob = await this.store.ingest(body, this.ctx.config.evidenceMaxBytes, async (address) => {
        return (await this.repo.blob(this.ctx.db, address))?.key_enc;
      });
    } catch (err) {
      if (err instanceof SizeLimitError) throw new AppError('PAYLOAD_TOO_LARGE');
      throw err;
    }
    const id = randomUUID();
    const now = nowIso();
    const row: EvidenceItemsTable = {
      ...fields(id, now),
      media_type:
        mediaType && SAFE_MEDIA.test(mediaType) ? mediaType.toLowerCase() : 'application/octet-stream',
      blob_address: blob.address,
      sha256: blob.sha256,
      size: blob.size,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        if (blob.created)
          await this.repo.insertBlob(trx, {
            address: blob.address,
            sha256: blob.sha256,
            size: blob.size,
            key_enc: blob.keyEnc,
            created_at: now,
          });
        await this.repo.insertItem(trx, row);
        await this.repo.replaceLinks(trx, id, links);
        if (row.tier === 'sealed') await this.repo.grant(trx, id, actor.id, now);
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'evidence.received',
          entityType: EVIDENCE_ENTITY,
          entityId: id,
          tier: row.tier,
          detail: { sha256: blob.sha256, size: blob.size, stored: blob.created ? 'new' : 'existing-content' },
        });
        if (original)
          await this.ctx.audit.append(trx, {
            actorId: actor.id,
            action: 'evidence.copied',
            entityType: EVIDENCE_ENTITY,
            entityId: original.id,
            tier: original.tier,
            detail: { copyId: id, derivation: row.derivation, sha256: blob.sha256 },
          });
        return present(trx, row);
      });
    } catch (err) {
      // The file was linked in before the transaction; without its row (and key) it is unreadable noise.
      if (blob.created) await this.store.discard(blob.address);
      throw err;
    }
  }
}

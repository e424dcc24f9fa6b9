import { Readable } from 'node:stream';
import { can, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { EvidenceItemsTable, EvidenceLinksTable } from '../../core/db/schema-accountability';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { AccountabilityRepository, visiblePersons } from '../accountability/accountability.repository';
import { PerpetratorsRepository } from '../accountability/perpetrators.repository';
import { ViolationsRepository } from '../accountability/violations.repository';
import { requireWrite } from '../accountability/perpetrators.service';
import { EvidenceIntegrityError } from './evidence.crypto';
import { EvidenceIngest, type IngestBody, type IngestRequest } from './evidence.ingest';
import { dec, enc, presentCustody, presentEvidence } from './evidence.presenter';
import { EVIDENCE_ENTITY, EvidenceRepository } from './evidence.repository';
import type {
  CopyInput,
  CustodyEntry,
  EvidenceView,
  ListEvidenceQuery,
  UpdateEvidenceInput,
  UploadInput,
} from './evidence.schema';
import { EvidenceStore } from './evidence.store';

type Link = { entityType: EvidenceLinksTable['entity_type']; entityId: string };
const storeCache = new WeakMap<AppContext, EvidenceStore>();

export function evidenceStore(ctx: AppContext): EvidenceStore {
  let s = storeCache.get(ctx);
  if (!s) storeCache.set(ctx, (s = new EvidenceStore(ctx.config.dataDir, ctx.keyring)));
  return s;
}

/**
 * The evidence locker: originals are streamed in, hashed, encrypted and stored once, never changed;
 * working copies (redacted, translated) are new items pointing to their original. Every custody event is
 * an audit entry written in the same transaction as the change it records.
 */
export class EvidenceService {
  private readonly repo = new EvidenceRepository();
  private readonly records = new AccountabilityRepository();
  private readonly perpetrators = new PerpetratorsRepository();
  private readonly violations = new ViolationsRepository();

  constructor(private readonly ctx: AppContext) {}

  private get store(): EvidenceStore {
    return evidenceStore(this.ctx);
  }

  /** Takes the upload in as a new item (evidence.ingest.ts); its view is read in the same transaction. */
  private ingest(request: IngestRequest): Promise<EvidenceView> {
    return new EvidenceIngest(this.ctx, this.store).ingest(request, (trx, row) => this.view(trx, row));
  }

  async upload(
    actor: Actor,
    input: UploadInput,
    body: IngestBody,
    mediaType: string | undefined,
  ): Promise<EvidenceView> {
    requireWrite(actor, input.tier);
    // Checked before the upload is read: a refused link must not cost a gigabyte of disk writes.
    await this.checkLinks(this.ctx.db, actor, input.links);
    return this.ingest({
      actor,
      body,
      mediaType,
      fields: (id, now) => ({
        id,
        tier: input.tier,
        kind: input.kind,
        title_enc: enc(this.ctx.keyring, id, 'title', input.title)!,
        file_name_enc: enc(this.ctx.keyring, id, 'file_name', input.fileName),
        original_id: null,
        derivation: null,
        captured_at: input.capturedAt ?? null,
        captured_place_enc: enc(this.ctx.keyring, id, 'captured_place', input.capturedPlace),
        collected_by: input.collectedBy ?? null,
        collected_from_enc: enc(this.ctx.keyring, id, 'collected_from', input.collectedFrom),
        language: input.language ?? null,
        notes_enc: null,
        consent: JSON.stringify([...new Set(input.consent)]),
        consent_recorded_by: actor.id,
        consent_recorded_at: now,
      }),
      links: input.links.map((l) => ({ entity_type: l.entityType, entity_id: l.entityId })),
      original: null,
    });
  }

  /** A working copy: a new item (new file, new hash) linked to its original, which stays untouched. */
  async copy(
    actor: Actor,
    originalId: string,
    input: CopyInput | (() => CopyInput),
    body: IngestBody,
    mediaType: string | undefined,
  ): Promise<EvidenceView> {
    const [original] = await this.repo.visible(this.ctx.db, actor, [originalId]);
    if (!original) throw new AppError('NOT_FOUND');
    requireWrite(actor, original.tier);
    if (typeof input === 'function') input = input();
    const copy = input;
    const links = await this.repo.linksOf(this.ctx.db, [originalId]);
    return this.ingest({
      actor,
      body,
      mediaType,
      fields: (id, now) => ({
        id,
        tier: original.tier,
        kind: original.kind,
        title_enc: enc(this.ctx.keyring, id, 'title', copy.title)!,
        file_name_enc: enc(this.ctx.keyring, id, 'file_name', copy.fileName),
        original_id: original.original_id ?? original.id,
        derivation: copy.derivation,
        captured_at: original.captured_at,
        captured_place_enc: enc(
          this.ctx.keyring,
          id,
          'captured_place',
          dec(this.ctx.keyring, original.id, 'captured_place', original.captured_place_enc),
        ),
        collected_by: original.collected_by,
        collected_from_enc: enc(
          this.ctx.keyring,
          id,
          'collected_from',
          dec(this.ctx.keyring, original.id, 'collected_from', original.collected_from_enc),
        ),
        language: copy.language ?? original.language,
        notes_enc: null,
        consent: JSON.stringify([...new Set(copy.consent)]),
        consent_recorded_by: actor.id,
        consent_recorded_at: now,
      }),
      links: links.map((l) => ({ entity_type: l.entity_type, entity_id: l.entity_id })),
      original,
    });
  }

  async list(actor: Actor, query: ListEvidenceQuery): Promise<{ items: EvidenceView[]; total: number }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.list(trx, actor, query);
      const links = await this.repo.linksOf(
        trx,
        rows.map((r) => r.id),
      );
      const names = await this.repo.usernames(
        trx,
        rows.map((r) => r.consent_recorded_by),
      );
      return { items: rows.map((r) => presentEvidence(r, links, names, this.ctx.keyring)), total };
    });
  }

  async get(actor: Actor, id: string): Promise<EvidenceView> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => this.view(trx, await this.load(trx, actor, id)));
  }

  async update(actor: Actor, id: string, input: UpdateEvidenceInput): Promise<EvidenceView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.load(trx, actor, id);
      if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
      const k = this.ctx.keyring;
      const now = nowIso();
      // The stored file, its hash and size never change: only what we know about it does.
      const patch: Partial<EvidenceItemsTable> = { updated_at: now };
      if (input.title !== undefined) patch.title_enc = enc(k, id, 'title', input.title)!;
      if (input.capturedAt !== undefined) patch.captured_at = input.capturedAt;
      if (input.capturedPlace !== undefined)
        patch.captured_place_enc = enc(k, id, 'captured_place', input.capturedPlace);
      if (input.collectedBy !== undefined) patch.collected_by = input.collectedBy;
      if (input.collectedFrom !== undefined)
        patch.collected_from_enc = enc(k, id, 'collected_from', input.collectedFrom);
      if (input.language !== undefined) patch.language = input.language;
      if (input.notes !== undefined) patch.notes_enc = enc(k, id, 'notes', input.notes);
      if (input.consent !== undefined) {
        patch.consent = JSON.stringify([...new Set(input.consent)]);
        patch.consent_recorded_by = actor.id;
        patch.consent_recorded_at = now;
      }
      if (!(await this.repo.updateItem(trx, id, input.version, patch)))
        throw new AppError('CONFLICT', 'Someone else changed this record; reload and try again.');
      if (input.links) {
        const links = input.links.map((l) => ({ entityType: l.entityType, entityId: l.entityId }));
        await this.checkLinks(trx, actor, links);
        await this.repo.replaceLinks(
          trx,
          id,
          links.map((l) => ({ entity_type: l.entityType, entity_id: l.entityId })),
        );
      }
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: input.consent !== undefined ? 'evidence.consent' : 'evidence.update',
        entityType: EVIDENCE_ENTITY,
        entityId: id,
        tier: row.tier,
        detail: {
          fields: Object.keys(input).filter((f) => f !== 'version'),
          ...(input.consent !== undefined ? { consent: input.consent } : {}),
        },
      });
      const [updated] = await this.repo.visible(trx, actor, [id]);
      return this.view(trx, updated!);
    });
  }

  /**
   * The original's bytes, decrypted and verified while streaming. The "viewed" custody event is committed
   * before the first byte leaves, so no access goes unrecorded.
   */
  async download(
    actor: Actor,
    id: string,
  ): Promise<{ row: EvidenceItemsTable; fileName: string | null; stream: Readable }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const { row, blob } = await this.ctx.db.transaction().execute(async (trx) => {
      const item = await this.load(trx, actor, id);
      const b = await this.repo.blob(trx, item.blob_address);
      if (!b) throw new AppError('INTERNAL');
      await this.custodyEvent(trx, actor, item, 'evidence.viewed', { sha256: item.sha256 });
      return { row: item, blob: b };
    });
    const fileName = dec(this.ctx.keyring, row.id, 'file_name', row.file_name_enc);
    return { row, fileName, stream: Readable.from(this.store.open(blob)) };
  }

  async verify(actor: Actor, id: string): Promise<{ id: string; intact: boolean; sha256: string }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const row = await this.ctx.db.transaction().execute((trx) => this.load(trx, actor, id));
    const blob = await this.repo.blob(this.ctx.db, row.blob_address);
    const intact = blob ? await this.store.verify(blob) : false;
    if (!intact) this.ctx.logger.warn({ evidenceId: id }, 'evidence original failed its integrity check');
    // A check and its outcome belong in the tamper-evident log like the locker-wide sweep.
    await this.ctx.db.transaction().execute((trx) =>
      this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'evidence.verified',
        entityType: EVIDENCE_ENTITY,
        entityId: id,
        tier: row.tier,
        outcome: intact ? 'ok' : 'failed',
        detail: { sha256: row.sha256 },
      }),
    );
    return { id, intact, sha256: row.sha256 };
  }

  async custody(actor: Actor, id: string): Promise<{ items: CustodyEntry[] }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      await this.load(trx, actor, id);
      const rows = await this.repo.custody(trx, [id]);
      const names = await this.repo.usernames(
        trx,
        rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])),
      );
      return { items: rows.map((r) => presentCustody(r, names)) };
    });
  }

  async transfer(actor: Actor, id: string, to: string, note?: string): Promise<{ items: CustodyEntry[] }> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.load(trx, actor, id);
      if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
      // Who received it may be a person: kept encrypted inside the audit entry.
      await this.custodyEvent(trx, actor, row, 'evidence.transferred', {
        toEnc: this.ctx.keyring.encrypt(to, `audit:evidence:${id}:transfer`),
        ...(note ? { noteEnc: this.ctx.keyring.encrypt(note, `audit:evidence:${id}:transfer`) } : {}),
      });
    });
    return this.custody(actor, id);
  }

  async custodyEvent(
    trx: DB,
    actor: Actor,
    row: EvidenceItemsTable,
    action: 'evidence.viewed' | 'evidence.exported' | 'evidence.transferred',
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.ctx.audit.append(trx, {
      actorId: actor.id,
      action,
      entityType: EVIDENCE_ENTITY,
      entityId: row.id,
      tier: row.tier,
      detail,
    });
  }

  private async load(trx: DB, actor: Actor, id: string): Promise<EvidenceItemsTable> {
    const [row] = await this.repo.visible(trx, actor, [id]);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private async view(trx: DB, row: EvidenceItemsTable): Promise<EvidenceView> {
    const links = await this.repo.linksOf(trx, [row.id]);
    const names = await this.repo.usernames(trx, [row.consent_recorded_by]);
    return presentEvidence(row, links, names, this.ctx.keyring);
  }

  /** Every linked record must be one the writer may see; an invisible one is reported like a missing one. */
  private async checkLinks(trx: DB, actor: Actor, links: readonly Link[]): Promise<void> {
    const of = (t: Link['entityType']) => links.filter((l) => l.entityType === t).map((l) => l.entityId);
    const [persons, cases, violations, perps] = await Promise.all([
      visiblePersons(trx, actor, of('person')),
      this.records.visibleCases(trx, actor, of('case')),
      this.violations.visibleViolations(trx, actor, of('violation')),
      this.perpetrators.visiblePerpetrators(trx, actor, of('perpetrator')),
    ]);
    const seen = new Set([...persons, ...cases, ...violations, ...perps].map((r) => r.id));
    if (links.some((l) => !seen.has(l.entityId)))
      throw new AppError('VALIDATION_FAILED', 'No such record.', [{ path: 'links', message: 'not found' }]);
  }
}

export { EvidenceIntegrityError };

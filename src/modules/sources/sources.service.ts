import { randomUUID } from 'node:crypto';
import { can, canReadField, canReadRecord, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { SourceRow, SourcesTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { grantReader } from '../../core/records';
import { nowIso } from '../../core/time';
import { notesContext, presentSource } from './sources.presenter';
import { SourcesRepository } from './sources.repository';
import type { CreateSourceInput, ListSourcesQuery, SourceView, UpdateSourceInput } from './sources.schema';

const ENTITY = 'source';
const isSensitive = (tier: string): boolean => tier === 'confidential' || tier === 'sealed';

/**
 * Sources are the citations every fact in Supolka points to: a published article, a court document, a
 * testimony. Their notes often name who gave the material, so notes are always encrypted at rest.
 */
export class SourcesService {
  private readonly repo = new SourcesRepository();

  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor | null, query: ListSourcesQuery): Promise<{ items: SourceView[]; total: number }> {
    if (actor && !can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.list(trx, actor, query);
      const sensitive = rows.filter((r) => isSensitive(r.tier));
      if (actor && sensitive.length > 0) {
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'source.list',
          entityType: ENTITY,
          tier: 'confidential',
          detail: { sensitiveRecords: sensitive.length },
        });
      }
      // Lists never carry notes; a record page does.
      return { items: rows.map((r) => presentSource(r, actor, false, null)), total };
    });
  }

  async get(actor: Actor | null, id: string): Promise<SourceView> {
    // Same answer for every id, existing or not: an analyst learns nothing about which records exist.
    if (actor && !can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.findVisible(trx, actor, id);
      if (!row) throw new AppError('NOT_FOUND');
      const grant = actor ? await this.repo.hasGrant(trx, actor.id, id) : false;
      const view = presentSource(row, actor, grant, this.ctx.keyring);
      const readsSensitive = isSensitive(row.tier) || (isSensitive(row.notes_tier) && !view.notesHidden);
      if (actor && readsSensitive) {
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'source.read',
          entityType: ENTITY,
          entityId: id,
          tier: row.tier === 'sealed' || row.notes_tier === 'sealed' ? 'sealed' : 'confidential',
        });
      }
      return view;
    });
  }

  async create(actor: Actor, input: CreateSourceInput, opts: { demo?: boolean } = {}): Promise<SourceView> {
    this.requireWrite(actor, input.tier, input.notesTier);
    const id = randomUUID();
    const now = nowIso();
    const row: SourcesTable = {
      id,
      tier: input.tier,
      title: input.title,
      url: input.url ?? null,
      publisher: input.publisher ?? null,
      published_on: input.publishedOn ?? null,
      language: input.language ?? null,
      notes_enc: input.notes ? this.ctx.keyring.encrypt(input.notes, notesContext(id)) : null,
      notes_tier: input.notesTier,
      is_demo: opts.demo ? 1 : 0,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, row);
      // The author of a sealed record is the first named reader; otherwise nobody could read it.
      if (input.tier === 'sealed' || input.notesTier === 'sealed')
        await this.repo.grant(trx, id, actor.id, actor.id, now);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'source.create',
        entityType: ENTITY,
        entityId: id,
        tier: input.tier,
      });
    });
    return presentSource(row, actor, true, this.ctx.keyring);
  }

  async update(actor: Actor, id: string, input: UpdateSourceInput): Promise<SourceView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      this.requireWrite(actor, input.tier ?? row.tier, input.notesTier ?? row.notes_tier);
      const patch: Partial<SourcesTable> = { updated_at: nowIso() };
      if (input.tier !== undefined) patch.tier = input.tier;
      if (input.title !== undefined) patch.title = input.title;
      if (input.url !== undefined) patch.url = input.url;
      if (input.publisher !== undefined) patch.publisher = input.publisher;
      if (input.publishedOn !== undefined) patch.published_on = input.publishedOn;
      if (input.language !== undefined) patch.language = input.language;
      if (input.notesTier !== undefined) patch.notes_tier = input.notesTier;
      if (input.notes !== undefined)
        patch.notes_enc = input.notes ? this.ctx.keyring.encrypt(input.notes, notesContext(id)) : null;
      if (!(await this.repo.update(trx, id, input.version, patch))) {
        throw new AppError('CONFLICT', 'Someone else changed this record; reload and try again.');
      }
      // Sealing a record names its editor as a reader, as on create; otherwise it would vanish for everyone.
      if (patch.tier === 'sealed' || patch.notes_tier === 'sealed')
        await this.repo.grant(trx, id, actor.id, actor.id, nowIso());
      const fields = Object.keys(patch).filter((k) => k !== 'updated_at');
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'source.update',
        entityType: ENTITY,
        entityId: id,
        tier: patch.tier ?? row.tier,
        detail: { fields },
      });
      const updated = (await this.repo.findVisible(trx, actor, id)) ?? {
        ...row,
        ...patch,
        version: input.version + 1,
      };
      return presentSource(updated, actor, await this.repo.hasGrant(trx, actor.id, id), this.ctx.keyring);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      await this.repo.delete(trx, id);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'source.delete',
        entityType: ENTITY,
        entityId: id,
        tier: row.tier,
      });
    });
  }

  async grant(actor: Actor, id: string, userId: string): Promise<void> {
    await grantReader(
      this.ctx,
      actor,
      {
        entityType: ENTITY,
        id,
        action: 'source.grant',
        findVisible: (trx) => this.repo.findVisible(trx, actor, id),
      },
      userId,
    );
  }

  async stats(actor: Actor): Promise<{ total: number; byTier: Record<string, number> }> {
    if (!can(actor, 'aggregates:read')) throw new AppError('FORBIDDEN');
    const byTier = await this.repo.countByTier(this.ctx.db);
    return { total: Object.values(byTier).reduce((a, b) => a + b, 0), byTier };
  }

  private async loadWritable(trx: DB, actor: Actor, id: string): Promise<SourceRow> {
    const row = await this.repo.findVisible(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    const grant = await this.repo.hasGrant(trx, actor.id, id);
    // Editing a record whose notes one cannot read would overwrite what one cannot see.
    if (!canReadField(actor, row.notes_tier, grant)) throw new AppError('FORBIDDEN');
    return row;
  }

  private requireWrite(actor: Actor, tier: SourcesTable['tier'], notesTier: SourcesTable['tier']): void {
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    // Sealed is allowed: the writer receives a grant. Any other tier must be one the writer can read.
    for (const t of [tier, notesTier]) {
      if (t !== 'sealed' && !canReadRecord(actor, t, false)) throw new AppError('FORBIDDEN');
    }
  }
}

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { can, type Actor, type Permission } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { ReleaseEventsTable, SavedFiltersTable } from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { ReleasesRepository } from './releases.repository';
import {
  humanitarianCriteria,
  type ReleaseEventInput,
  type savedFilterBody,
  type savedFilterView,
  type releaseEventView,
} from './releases.schema';

/**
 * Release events (a pardon wave, an exchange, a deportation) with their date and source, the linking of
 * persons' status events to them, and saved filters. Events and filters hold no personal data; linking
 * touches persons and so checks that each one is visible to the caller.
 */
type EventView = z.infer<typeof releaseEventView>;
type FilterView = z.infer<typeof savedFilterView>;
const RELEASED = /^released_|^forced_exile$/;

export class ReleasesService {
  private readonly repo = new ReleasesRepository();

  constructor(private readonly ctx: AppContext) {}

  private need(actor: Actor, p: Permission): void {
    if (!can(actor, p)) throw new AppError('FORBIDDEN');
  }

  private async presentEvent(
    trx: DB,
    actor: Actor,
    e: ReleaseEventsTable,
    linked: number,
  ): Promise<EventView> {
    const sourceId =
      e.source_id && (await this.repo.sourceVisible(trx, actor, e.source_id)) ? e.source_id : null;
    return {
      id: e.id,
      kind: e.kind,
      occurredOn: e.occurred_on,
      title: e.title,
      reportedCount: e.reported_count,
      sourceId,
      linkedCount: linked,
    };
  }

  async listEvents(actor: Actor): Promise<{ items: EventView[] }> {
    this.need(actor, 'aggregates:read');
    const rows = await this.repo.listEvents(this.ctx.db);
    const items: EventView[] = [];
    for (const r of rows) items.push(await this.presentEvent(this.ctx.db, actor, r, Number(r.linked)));
    return { items };
  }

  private async checkSource(trx: DB, actor: Actor, id: string | null | undefined): Promise<void> {
    if (id && !(await this.repo.sourceVisible(trx, actor, id)))
      throw new AppError('VALIDATION_FAILED', 'No such source.', [
        { path: 'body.sourceId', message: 'no such source' },
      ]);
  }

  async createEvent(actor: Actor, input: ReleaseEventInput): Promise<EventView> {
    this.need(actor, 'records:write');
    return this.ctx.db.transaction().execute(async (trx) => {
      await this.checkSource(trx, actor, input.sourceId);
      const row: ReleaseEventsTable = {
        id: randomUUID(),
        kind: input.kind,
        occurred_on: input.occurredOn,
        title: input.title,
        reported_count: input.reportedCount ?? null,
        source_id: input.sourceId ?? null,
        created_at: nowIso(),
      };
      await this.repo.insertEvent(trx, row);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'release_event.create',
        entityType: 'release_event',
        entityId: row.id,
      });
      return this.presentEvent(trx, actor, row, 0);
    });
  }

  async updateEvent(actor: Actor, id: string, input: Partial<ReleaseEventInput>): Promise<EventView> {
    this.need(actor, 'records:write');
    return this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.findEvent(trx, id))) throw new AppError('NOT_FOUND');
      await this.checkSource(trx, actor, input.sourceId);
      const patch: Partial<ReleaseEventsTable> = {};
      if (input.kind !== undefined) patch.kind = input.kind;
      if (input.occurredOn !== undefined) patch.occurred_on = input.occurredOn;
      if (input.title !== undefined) patch.title = input.title;
      if (input.reportedCount !== undefined) patch.reported_count = input.reportedCount;
      if (input.sourceId !== undefined) patch.source_id = input.sourceId;
      if (Object.keys(patch).length > 0) await this.repo.updateEvent(trx, id, patch);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'release_event.update',
        entityType: 'release_event',
        entityId: id,
        detail: { fields: Object.keys(patch) },
      });
      const row = (await this.repo.listEvents(trx)).find((e) => e.id === id)!;
      return this.presentEvent(trx, actor, row, Number(row.linked));
    });
  }

  async deleteEvent(actor: Actor, id: string): Promise<void> {
    this.need(actor, 'records:write');
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.findEvent(trx, id))) throw new AppError('NOT_FOUND');
      await this.repo.deleteEvent(trx, id);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'release_event.delete',
        entityType: 'release_event',
        entityId: id,
      });
    });
  }

  /** Attributes released status events to the wave; each must belong to a person the caller may see. */
  async link(actor: Actor, id: string, statusEventIds: readonly string[]): Promise<{ linked: number }> {
    this.need(actor, 'records:write');
    return this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.findEvent(trx, id))) throw new AppError('NOT_FOUND');
      const unique = [...new Set(statusEventIds)];
      const found = await this.repo.visibleStatusEvents(trx, actor, unique);
      if (found.length !== unique.length) throw new AppError('NOT_FOUND');
      if (found.some((e) => !RELEASED.test(e.status)))
        throw new AppError('VALIDATION_FAILED', 'Only release events can be linked to a release.', [
          { path: 'body.statusEventIds', message: 'not a release' },
        ]);
      await this.repo.linkEvents(trx, id, unique);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'release_event.link',
        entityType: 'release_event',
        entityId: id,
        tier: found.some((e) => e.tier === 'sealed')
          ? 'sealed'
          : found.some((e) => e.tier === 'confidential')
            ? 'confidential'
            : undefined,
        detail: { statusEvents: unique.length },
      });
      return { linked: unique.length };
    });
  }

  // ---- saved filters ----

  presentFilter(r: SavedFiltersTable): FilterView {
    return {
      id: r.id,
      name: r.name,
      purpose: r.purpose,
      criteria: humanitarianCriteria.parse(JSON.parse(r.criteria)),
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async listFilters(actor: Actor): Promise<{ items: FilterView[] }> {
    this.need(actor, 'records:read');
    return { items: (await this.repo.listFilters(this.ctx.db)).map((r) => this.presentFilter(r)) };
  }

  async getFilter(actor: Actor, id: string): Promise<SavedFiltersTable> {
    this.need(actor, 'records:read');
    const row = await this.repo.findFilter(this.ctx.db, id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  async createFilter(actor: Actor, input: z.infer<typeof savedFilterBody>): Promise<FilterView> {
    this.need(actor, 'records:write');
    const now = nowIso();
    const row: SavedFiltersTable = {
      id: randomUUID(),
      name: input.name,
      purpose: input.purpose,
      criteria: JSON.stringify(input.criteria),
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertFilter(trx, row);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'saved_filter.create',
        entityType: 'saved_filter',
        entityId: row.id,
      });
    });
    return this.presentFilter(row);
  }

  async updateFilter(
    actor: Actor,
    id: string,
    input: Partial<z.infer<typeof savedFilterBody>>,
  ): Promise<FilterView> {
    this.need(actor, 'records:write');
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.findFilter(trx, id);
      if (!row) throw new AppError('NOT_FOUND');
      const patch: Partial<SavedFiltersTable> = { updated_at: nowIso() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.purpose !== undefined) patch.purpose = input.purpose;
      if (input.criteria !== undefined) patch.criteria = JSON.stringify(input.criteria);
      await this.repo.updateFilter(trx, id, patch);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'saved_filter.update',
        entityType: 'saved_filter',
        entityId: id,
        detail: { fields: Object.keys(patch).filter((k) => k !== 'updated_at') },
      });
      return this.presentFilter({ ...row, ...patch });
    });
  }

  async deleteFilter(actor: Actor, id: string): Promise<void> {
    this.need(actor, 'records:write');
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.findFilter(trx, id))) throw new AppError('NOT_FOUND');
      await this.repo.deleteFilter(trx, id);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'saved_filter.delete',
        entityType: 'saved_filter',
        entityId: id,
      });
    });
  }
}

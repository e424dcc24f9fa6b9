import { randomUUID } from 'node:crypto';
import { can, canReadRecord, isAuditedTier, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { Tier } from '../../core/db/schema';
import type {
  PerpetratorLinksTable,
  PerpetratorNamesTable,
  PerpetratorPositionsTable,
  PerpetratorsTable,
} from '../../core/db/schema-accountability';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { blindIndexKey, indexTokens, queryTokenGroups } from '../registry/name-index';
import {
  decryptPerpName,
  perpNameContext,
  perpNotesContext,
  presentLink,
  presentPerpetrator,
  presentPerpetratorSummary,
} from './accountability.presenter';
import {
  AccountabilityRepository,
  checkSources,
  LINK_ENTITY,
  PERPETRATOR_ENTITY,
} from './accountability.repository';
import { sourceLinksFor } from '../sources/sources.repository';
import { PerpetratorsRepository } from './perpetrators.repository';
import { ViolationsRepository } from './violations.repository';
import type {
  CreatePerpetratorInput,
  LinkInput,
  LinkTarget,
  LinkView,
  ListQuery,
  PerpetratorSummaryView,
  PerpetratorView,
  UpdatePerpetratorInput,
} from './accountability.schema';

/** Whether a writer may put a record at this tier: sealed gives the writer a grant; else they must read it. */
export function requireWrite(actor: Actor, tier: Tier): void {
  if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
  if (tier !== 'sealed' && !canReadRecord(actor, tier, false)) throw new AppError('FORBIDDEN');
}

export async function requireSources(trx: DB, actor: Actor, ids: readonly string[]): Promise<void> {
  if (!(await checkSources(trx, actor, ids)))
    throw new AppError('VALIDATION_FAILED', 'No such source.', [
      { path: 'body.sourceIds', message: 'no such source' },
    ]);
}

export class PerpetratorsService {
  private readonly repo = new PerpetratorsRepository();
  private readonly violations = new ViolationsRepository();
  private readonly records = new AccountabilityRepository();

  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, query: ListQuery): Promise<{ items: PerpetratorSummaryView[]; total: number }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const groups = query.q ? queryTokenGroups(blindIndexKey(this.ctx.keyring), query.q) : [];
    if (query.q && groups.length === 0) return { items: [], total: 0 };
    return this.ctx.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.listPerpetrators(trx, actor, groups, query);
      const names = await this.repo.namesFor(
        trx,
        rows.map((r) => r.id),
      );
      const sensitive = rows.filter((r) => isAuditedTier(r.tier)).length;
      if (sensitive > 0)
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'perpetrator.list',
          entityType: PERPETRATOR_ENTITY,
          tier: 'confidential',
          detail: { sensitiveRecords: sensitive },
        });
      const items = rows.map((r) =>
        presentPerpetratorSummary(
          r,
          names.filter((n) => n.perpetrator_id === r.id),
          this.ctx.keyring,
        ),
      );
      return { items, total };
    });
  }

  async get(actor: Actor, id: string): Promise<PerpetratorView> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const view = await this.loadView(trx, actor, id);
      if (isAuditedTier(view.tier))
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'perpetrator.read',
          entityType: PERPETRATOR_ENTITY,
          entityId: id,
          tier: view.tier,
        });
      return view;
    });
  }

  async loadView(trx: DB, actor: Actor, id: string): Promise<PerpetratorView> {
    const row = await this.repo.findPerpetrator(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    const [names, positions, links] = await Promise.all([
      this.repo.namesFor(trx, [id]),
      this.repo.positionsFor(trx, [id]),
      this.repo.linksOf(trx, [id]),
    ]);
    return presentPerpetrator(
      row,
      names,
      positions,
      await this.visibleLinks(trx, actor, links),
      this.ctx.keyring,
    );
  }

  /** Links whose target the actor may see, with labels and visible sources; the rest are left out. */
  async visibleLinks(trx: DB, actor: Actor, links: readonly PerpetratorLinksTable[]): Promise<LinkView[]> {
    const caseIds = links.filter((l) => l.target_type === 'case').map((l) => l.target_id);
    const violationIds = links.filter((l) => l.target_type === 'violation').map((l) => l.target_id);
    const [cases, violations] = await Promise.all([
      this.records.visibleCases(trx, actor, caseIds),
      this.violations.visibleViolations(trx, actor, violationIds),
    ]);
    const targets = new Map<string, LinkTarget>();
    for (const c of cases)
      targets.set(c.id, { type: 'case', caseNumber: c.case_number, refCode: c.ref_code });
    for (const v of violations)
      targets.set(v.id, { type: 'violation', violationType: v.type, occurredOn: v.occurred_on });
    const shown = links.filter((l) => targets.has(l.target_id));
    const sources = await sourceLinksFor(trx, actor, [
      { entityType: LINK_ENTITY, ids: shown.map((l) => l.id) },
    ]);
    return shown.map((l) =>
      presentLink(
        l,
        targets.get(l.target_id)!,
        sources
          .filter((s) => s.entity_id === l.id)
          .map((s) => ({ sourceId: s.source_id, title: s.title, url: s.url })),
      ),
    );
  }

  async create(actor: Actor, input: CreatePerpetratorInput): Promise<PerpetratorView> {
    requireWrite(actor, input.tier);
    const id = randomUUID();
    const now = nowIso();
    const row: PerpetratorsTable = {
      id,
      tier: input.tier,
      category: input.category,
      birth_year: input.birthYear ?? null,
      notes_enc: input.notes ? this.ctx.keyring.encrypt(input.notes, perpNotesContext(id)) : null,
      is_demo: 0,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    return this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertPerpetrator(trx, row);
      await this.writeNames(trx, id, input.tier, input.names);
      await this.repo.replacePositions(trx, id, positionRows(id, input.positions));
      // The author of a sealed record is its first named reader; otherwise nobody could read it.
      if (input.tier === 'sealed') await this.records.grant(trx, PERPETRATOR_ENTITY, id, actor.id, now);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.create',
        entityType: PERPETRATOR_ENTITY,
        entityId: id,
        tier: input.tier,
        detail: { names: input.names.length, positions: input.positions.length },
      });
      return this.loadView(trx, actor, id);
    });
  }

  async update(actor: Actor, id: string, input: UpdatePerpetratorInput): Promise<PerpetratorView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      const tier = input.tier ?? row.tier;
      requireWrite(actor, tier);
      const patch: Partial<PerpetratorsTable> = { updated_at: nowIso() };
      if (input.tier !== undefined) patch.tier = input.tier;
      if (input.category !== undefined) patch.category = input.category;
      if (input.birthYear !== undefined) patch.birth_year = input.birthYear;
      if (input.notes !== undefined)
        patch.notes_enc = input.notes ? this.ctx.keyring.encrypt(input.notes, perpNotesContext(id)) : null;
      if (!(await this.repo.updatePerpetrator(trx, id, input.version, patch)))
        throw new AppError('CONFLICT', 'Someone else changed this record; reload and try again.');
      // Names move between clear and encrypted storage with the tier, so a tier change rewrites them.
      if (input.names || (input.tier !== undefined && input.tier !== row.tier)) {
        const names =
          input.names ??
          (await this.repo.namesFor(trx, [id])).map((n) => ({
            script: n.script,
            kind: n.kind,
            value: decryptPerpName(n, this.ctx.keyring),
          }));
        await this.writeNames(trx, id, tier, names);
      }
      if (input.positions) await this.repo.replacePositions(trx, id, positionRows(id, input.positions));
      if (tier === 'sealed') await this.records.grant(trx, PERPETRATOR_ENTITY, id, actor.id, nowIso());
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.update',
        entityType: PERPETRATOR_ENTITY,
        entityId: id,
        tier,
        detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
      });
      return this.loadView(trx, actor, id);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      await this.repo.deletePerpetrator(trx, id);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.delete',
        entityType: PERPETRATOR_ENTITY,
        entityId: id,
        tier: row.tier,
      });
    });
  }

  async addLink(actor: Actor, id: string, input: LinkInput): Promise<PerpetratorView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      const visible =
        input.targetType === 'case'
          ? (await this.records.visibleCases(trx, actor, [input.targetId])).length === 1
          : (await this.violations.visibleViolations(trx, actor, [input.targetId])).length === 1;
      if (!visible)
        throw new AppError('VALIDATION_FAILED', 'No such case or violation.', [
          { path: 'body.targetId', message: 'not found' },
        ]);
      await requireSources(trx, actor, input.sourceIds);
      const linkId = randomUUID();
      await this.repo.insertLink(trx, {
        id: linkId,
        perpetrator_id: id,
        target_type: input.targetType,
        target_id: input.targetId,
        role: input.role,
        note: input.note ?? null,
        created_by: actor.id,
        created_at: nowIso(),
      });
      await this.records.replaceSources(trx, LINK_ENTITY, linkId, input.sourceIds);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.link',
        entityType: PERPETRATOR_ENTITY,
        entityId: id,
        tier: row.tier,
        detail: { linkId, targetType: input.targetType, role: input.role, sources: input.sourceIds.length },
      });
      return this.loadView(trx, actor, id);
    });
  }

  async removeLink(actor: Actor, id: string, linkId: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      const link = await this.repo.findLink(trx, id, linkId);
      if (!link || (await this.visibleLinks(trx, actor, [link])).length === 0)
        throw new AppError('NOT_FOUND');
      await this.repo.deleteLink(trx, linkId);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.unlink',
        entityType: PERPETRATOR_ENTITY,
        entityId: id,
        tier: row.tier,
        detail: { linkId },
      });
    });
  }

  private async loadWritable(trx: DB, actor: Actor, id: string): Promise<PerpetratorsTable> {
    const row = await this.repo.findPerpetrator(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    return row;
  }

  private async writeNames(
    trx: DB,
    id: string,
    tier: Tier,
    names: ReadonlyArray<{
      script: PerpetratorNamesTable['script'];
      kind: 'primary' | 'alias';
      value: string;
    }>,
  ): Promise<void> {
    const rows: PerpetratorNamesTable[] = names.map((n, i) => {
      const nameId = randomUUID();
      const clear = tier === 'public';
      return {
        id: nameId,
        perpetrator_id: id,
        script: n.script,
        kind: n.kind,
        value: clear ? n.value : null,
        value_enc: clear ? null : this.ctx.keyring.encrypt(n.value, perpNameContext(nameId)),
        position: i,
      };
    });
    const tokens = indexTokens(
      blindIndexKey(this.ctx.keyring),
      names.map((n) => n.value),
    );
    await this.repo.replaceNames(trx, id, rows, tokens);
  }
}

function positionRows(
  id: string,
  positions: CreatePerpetratorInput['positions'],
): PerpetratorPositionsTable[] {
  return positions.map((p, i) => ({
    id: randomUUID(),
    perpetrator_id: id,
    institution: p.institution,
    title: p.title,
    from_on: p.from ?? null,
    to_on: p.to ?? null,
    position: i,
  }));
}

import { randomUUID } from 'node:crypto';
import { can, canReadField, isAuditedTier, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { ViolationsTable } from '../../core/db/schema-accountability';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { decryptName } from '../registry/persons.presenter';
import {
  decryptPerpName,
  displayNameOf,
  presentViolation,
  violationDescContext,
} from './accountability.presenter';
import { AccountabilityRepository, VIOLATION_ENTITY, visiblePersons } from './accountability.repository';
import { sourceLinksFor } from '../sources/sources.repository';
import { PerpetratorsRepository } from './perpetrators.repository';
import { ViolationsRepository } from './violations.repository';
import type {
  CreateViolationInput,
  ListQuery,
  UpdateViolationInput,
  ViolationView,
} from './accountability.schema';
import { requireSources, requireWrite } from './perpetrators.service';

/** Violations: events with date, place, victims (registry persons), perpetrators (through links), sources. */
export class ViolationsService {
  private readonly repo = new ViolationsRepository();
  private readonly perpetrators = new PerpetratorsRepository();
  private readonly records = new AccountabilityRepository();

  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, query: ListQuery): Promise<{ items: ViolationView[]; total: number }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.listViolations(trx, actor, query);
      const sensitive = rows.filter((r) => isAuditedTier(r.tier)).length;
      if (sensitive > 0)
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'violation.list',
          entityType: VIOLATION_ENTITY,
          tier: 'confidential',
          detail: { sensitiveRecords: sensitive },
        });
      return { items: await this.present(trx, actor, rows), total };
    });
  }

  async get(actor: Actor, id: string): Promise<ViolationView> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const [row] = await this.repo.visibleViolations(trx, actor, [id]);
      if (!row) throw new AppError('NOT_FOUND');
      if (isAuditedTier(row.tier))
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'violation.read',
          entityType: VIOLATION_ENTITY,
          entityId: id,
          tier: row.tier,
        });
      return (await this.present(trx, actor, [row]))[0]!;
    });
  }

  /** Victims and perpetrators appear only when the caller may see them; names only when readable. */
  async present(trx: DB, actor: Actor, rows: readonly ViolationsTable[]): Promise<ViolationView[]> {
    const ids = rows.map((r) => r.id);
    const victims = await this.repo.victimIds(trx, ids);
    const people = await visiblePersons(
      trx,
      actor,
      victims.map((v) => v.person_id),
    );
    const personNames = await this.personNames(
      trx,
      people.map((p) => p.id),
    );
    const links = await this.perpetrators.linksTo(trx, 'violation', ids);
    const perps = await this.perpetrators.visiblePerpetrators(
      trx,
      actor,
      links.map((l) => l.perpetrator_id),
    );
    const perpNames = await this.perpetrators.namesFor(
      trx,
      perps.map((p) => p.id),
    );
    const sources = await sourceLinksFor(trx, actor, [{ entityType: VIOLATION_ENTITY, ids }]);
    const personLabel = new Map(
      people.map((p) => {
        const readable = canReadField(actor, p.identity_tier, p.tier === 'sealed');
        const names = personNames
          .filter((n) => n.person_id === p.id)
          .map((n) => ({ kind: n.kind, value: decryptName(n, this.ctx.keyring) }));
        return [p.id, { refCode: p.ref_code, displayName: readable ? displayNameOf(names) : p.ref_code }];
      }),
    );
    const perpLabel = new Map(
      perps.map((p) => [
        p.id,
        displayNameOf(
          perpNames
            .filter((n) => n.perpetrator_id === p.id)
            .map((n) => ({ kind: n.kind, value: decryptPerpName(n, this.ctx.keyring) })),
        ),
      ]),
    );
    return rows.map((v) =>
      presentViolation(v, this.ctx.keyring, {
        victims: victims
          .filter((x) => x.violation_id === v.id && personLabel.has(x.person_id))
          .map((x) => ({ personId: x.person_id, ...personLabel.get(x.person_id)! })),
        perpetrators: links
          .filter((l) => l.target_id === v.id && perpLabel.has(l.perpetrator_id))
          .map((l) => ({
            perpetratorId: l.perpetrator_id,
            displayName: perpLabel.get(l.perpetrator_id)!,
            role: l.role,
          })),
        sources: sources
          .filter((s) => s.entity_id === v.id)
          .map((s) => ({ sourceId: s.source_id, title: s.title, url: s.url })),
      }),
    );
  }

  async create(actor: Actor, input: CreateViolationInput): Promise<ViolationView> {
    requireWrite(actor, input.tier);
    const id = randomUUID();
    const now = nowIso();
    return this.ctx.db.transaction().execute(async (trx) => {
      await this.checkVictims(trx, actor, input.victimIds);
      await requireSources(trx, actor, input.sourceIds);
      await this.repo.insertViolation(trx, {
        id,
        tier: input.tier,
        type: input.type,
        occurred_on: input.occurredOn ?? null,
        occurred_until: input.occurredUntil ?? null,
        place: input.place ?? null,
        description_enc: input.description
          ? this.ctx.keyring.encrypt(input.description, violationDescContext(id))
          : null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      await this.repo.replaceVictims(trx, id, input.victimIds);
      await this.records.replaceSources(trx, VIOLATION_ENTITY, id, input.sourceIds);
      if (input.tier === 'sealed') await this.records.grant(trx, VIOLATION_ENTITY, id, actor.id, now);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'violation.create',
        entityType: VIOLATION_ENTITY,
        entityId: id,
        tier: input.tier,
        detail: { type: input.type, victims: input.victimIds.length, sources: input.sourceIds.length },
      });
      const [row] = await this.repo.visibleViolations(trx, actor, [id]);
      return (await this.present(trx, actor, [row!]))[0]!;
    });
  }

  async update(actor: Actor, id: string, input: UpdateViolationInput): Promise<ViolationView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      const tier = input.tier ?? row.tier;
      requireWrite(actor, tier);
      const patch: Partial<ViolationsTable> = { updated_at: nowIso() };
      if (input.tier !== undefined) patch.tier = input.tier;
      if (input.type !== undefined) patch.type = input.type;
      if (input.occurredOn !== undefined) patch.occurred_on = input.occurredOn;
      if (input.occurredUntil !== undefined) patch.occurred_until = input.occurredUntil;
      if (input.place !== undefined) patch.place = input.place;
      if (input.description !== undefined)
        patch.description_enc = input.description
          ? this.ctx.keyring.encrypt(input.description, violationDescContext(id))
          : null;
      if (!(await this.repo.updateViolation(trx, id, input.version, patch)))
        throw new AppError('CONFLICT', 'Someone else changed this record; reload and try again.');
      if (input.victimIds) {
        await this.checkVictims(trx, actor, input.victimIds);
        // Victims the editor cannot see stay linked: replacing them would delete what one cannot see.
        const current = await this.repo.victimIds(trx, [id]);
        const seen = new Set(
          (
            await visiblePersons(
              trx,
              actor,
              current.map((c) => c.person_id),
            )
          ).map((p) => p.id),
        );
        const hidden = current.map((c) => c.person_id).filter((p) => !seen.has(p));
        await this.repo.replaceVictims(trx, id, [...input.victimIds, ...hidden]);
      }
      if (input.sourceIds) {
        await requireSources(trx, actor, input.sourceIds);
        await this.records.replaceSources(trx, VIOLATION_ENTITY, id, input.sourceIds);
      }
      if (tier === 'sealed') await this.records.grant(trx, VIOLATION_ENTITY, id, actor.id, nowIso());
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'violation.update',
        entityType: VIOLATION_ENTITY,
        entityId: id,
        tier,
        detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
      });
      const [updated] = await this.repo.visibleViolations(trx, actor, [id]);
      return (await this.present(trx, actor, [updated!]))[0]!;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      await this.repo.deleteViolation(trx, id);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'violation.delete',
        entityType: VIOLATION_ENTITY,
        entityId: id,
        tier: row.tier,
      });
    });
  }

  private personNames(trx: DB, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('person_names')
      .selectAll()
      .where('person_id', 'in', [...ids])
      .orderBy('position')
      .execute();
  }

  private async checkVictims(trx: DB, actor: Actor, ids: readonly string[]): Promise<void> {
    const seen = await visiblePersons(trx, actor, ids);
    if (seen.length !== new Set(ids).size)
      throw new AppError('VALIDATION_FAILED', 'No such person.', [
        { path: 'body.victimIds', message: 'not found' },
      ]);
  }

  private async loadWritable(trx: DB, actor: Actor, id: string): Promise<ViolationsTable> {
    const [row] = await this.repo.visibleViolations(trx, actor, [id]);
    if (!row) throw new AppError('NOT_FOUND');
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    return row;
  }
}

import { can, canReadField, canReadRecord, isAuditedTier, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import { readTransaction, type DB } from '../../core/db/database';
import type { PersonsTable } from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { groupBy } from '../../core/group';
import { grantReader } from '../../core/records';
import { nowIso } from '../../core/time';
import { tiersForConsent } from './consent';
import { blindIndexKey, queryTokenGroups } from './name-index';
import {
  decryptName,
  impliedGrant,
  identityVisible,
  presentPerson,
  presentSummary,
} from './persons.presenter';
import { PersonFactsRepository } from './person-facts.repository';
import { StatCellsRepository } from './stat-cells.repository';
import { sourceLinksFor } from '../sources/sources.repository';
import { PERSON_ENTITY, PersonsRepository, type PersonSummaryRow } from './persons.repository';
import { createPersonRows, encField, writeNames } from './persons.writer';
import type {
  PersonListView,
  CreatePersonInput,
  ListPersonsQuery,
  PersonSummaryView,
  PersonView,
  UpdatePersonInput,
} from './registry.schema';

/**
 * Persons of the political-prisoner registry. Every read of a confidential or sealed record (or of an
 * identity at those tiers) is audited, one row per request, committed before the response (reads share
 * commits through ctx.readAudit); writes audit in their own transaction. Audit details hold ids and counts only.
 */
export class PersonsService {
  private readonly repo: PersonsRepository;
  private readonly facts = new PersonFactsRepository();
  private readonly cells = new StatCellsRepository();

  /** totalCap bounds list totals (LIST_TOTAL_CAP unless a test wants a small one). */
  constructor(
    private readonly ctx: AppContext,
    opts: { totalCap?: number } = {},
  ) {
    this.repo = new PersonsRepository(opts.totalCap);
  }

  async list(actor: Actor | null, query: ListPersonsQuery): Promise<PersonListView> {
    if (actor && !can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const { q, limit, offset, ...filter } = query;
    const groups = q ? queryTokenGroups(blindIndexKey(this.ctx.keyring), q) : [];
    // A query with no usable letters matches nothing rather than everything.
    if (q && groups.length === 0) return { items: [], total: 0, totalCapped: false };
    const { items, rows, total, capped } = await readTransaction(this.ctx.db, async (trx) => {
      const found = await this.repo.list(trx, this.ctx.engine, actor, filter, groups, { limit, offset });
      return { ...found, items: await this.summaries(trx, actor, found.rows) };
    });
    const revealed = rows.filter(
      (r) =>
        isAuditedTier(r.tier) ||
        (isAuditedTier(r.identity_tier) && identityVisible(r, actor, impliedGrant(r))),
    );
    // One audit row per request, committed (group commit) before the response is sent.
    if (actor && revealed.length > 0) {
      await this.ctx.readAudit.append({
        actorId: actor.id,
        action: 'person.list',
        entityType: PERSON_ENTITY,
        tier: revealed.some((r) => r.tier === 'sealed') ? 'sealed' : 'confidential',
        detail: { sensitiveRecords: revealed.length, searchedByName: Boolean(q) },
      });
    }
    return { items, total, totalCapped: capped };
  }

  /** Summaries for rows already filtered by visibility; names are loaded only where they will be shown. */
  private async summaries(
    trx: DB,
    actor: Actor | null,
    rows: readonly PersonSummaryRow[],
  ): Promise<PersonSummaryView[]> {
    const withIdentity = rows.filter((r) => identityVisible(r, actor, impliedGrant(r))).map((r) => r.id);
    const [names, facts] = await Promise.all([
      this.repo.namesFor(trx, withIdentity),
      this.facts.caseSummariesFor(
        trx,
        rows.map((r) => r.id),
      ),
    ]);
    const namesOf = groupBy(names, (n) => n.person_id);
    const casesOf = groupBy(facts.cases, (c) => c.person_id);
    const articlesOf = groupBy(facts.articles, (a) => a.person_id);
    return rows.map((r) =>
      presentSummary(
        r,
        actor,
        namesOf.get(r.id) ?? [],
        {
          cases: casesOf.get(r.id) ?? [],
          articles: (articlesOf.get(r.id) ?? []).map((a) => a.article),
        },
        this.ctx.keyring,
      ),
    );
  }

  async get(actor: Actor | null, id: string): Promise<PersonView> {
    if (actor && !can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const view = await readTransaction(this.ctx.db, (trx) => this.loadView(trx, actor, id));
    // Committed (group commit) before the response is sent; a failed audit write fails the request.
    if (actor && (isAuditedTier(view.tier) || (isAuditedTier(view.identityTier) && !view.identityHidden))) {
      await this.ctx.readAudit.append({
        actorId: actor.id,
        action: 'person.read',
        entityType: PERSON_ENTITY,
        entityId: id,
        tier: view.tier === 'sealed' ? 'sealed' : 'confidential',
        detail: { identity: !view.identityHidden },
      });
    }
    return view;
  }

  /** Loads the record page as the actor sees it; NOT_FOUND for hidden and missing alike. */
  async loadView(trx: DB, actor: Actor | null, id: string): Promise<PersonView> {
    const row = await this.repo.findVisible(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    const grant = actor ? await this.repo.hasGrant(trx, actor.id, id) : false;
    const visible = identityVisible(row, actor, grant);
    const [names, cases, events, recognitions] = await Promise.all([
      visible ? this.repo.namesFor(trx, [id]) : Promise.resolve([]),
      this.facts.casesFor(trx, [id]),
      this.facts.statusEventsFor(trx, id),
      this.facts.recognitionsFor(trx, id),
    ]);
    const articles = await this.facts.articlesFor(
      trx,
      cases.map((c) => c.id),
    );
    const links = await sourceLinksFor(trx, actor, [
      { entityType: PERSON_ENTITY, ids: [id] },
      { entityType: 'case', ids: cases.map((c) => c.id) },
      { entityType: 'status_event', ids: events.map((e) => e.id) },
      { entityType: 'recognition', ids: recognitions.map((r) => r.id) },
    ]);
    const of = (type: string) => links.filter((l) => l.entity_type === type);
    const sources = {
      person: of(PERSON_ENTITY),
      case: of('case'),
      status_event: of('status_event'),
      recognition: of('recognition'),
    };
    return presentPerson(
      row,
      actor,
      grant,
      { names, cases, articles, events, recognitions, sources },
      this.ctx.keyring,
    );
  }

  async create(actor: Actor, input: CreatePersonInput, opts: { demo?: boolean } = {}): Promise<PersonView> {
    this.requireWrite(actor, input.consent);
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await createPersonRows(this.ctx, trx, actor, input, {
        demo: Boolean(opts.demo),
        now: nowIso(),
      });
      await this.cells.apply(trx, new Map(), [row.id]);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.create',
        entityType: PERSON_ENTITY,
        entityId: row.id,
        tier: row.tier,
        detail: { names: input.names.length, cases: input.cases.length, events: input.statusEvents.length },
      });
      return this.loadView(trx, actor, row.id);
    });
  }

  async update(actor: Actor, id: string, input: UpdatePersonInput): Promise<PersonView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      const before = await this.cells.snapshot(trx, [id]);
      const consent = input.consent ?? row.consent;
      this.requireWrite(actor, consent);
      const { tier, identityTier } = tiersForConsent(consent);
      const now = nowIso();
      const patch: Partial<PersonsTable> = { updated_at: now };
      if (input.consent !== undefined && input.consent !== row.consent) {
        Object.assign(patch, { consent, tier, identity_tier: identityTier });
      }
      if (input.birthYear !== undefined) patch.birth_year = input.birthYear;
      if (input.birthDate !== undefined) {
        patch.birth_date_enc = encField(this.ctx, id, 'birth_date', input.birthDate);
        if (input.birthDate && input.birthYear === undefined)
          patch.birth_year = Number(input.birthDate.slice(0, 4));
      }
      if (input.gender !== undefined) patch.gender = input.gender;
      if (input.region !== undefined) patch.region = input.region;
      if (input.groups !== undefined) patch.groups = JSON.stringify([...new Set(input.groups)]);
      if (input.description !== undefined)
        patch.description_enc = encField(this.ctx, id, 'description', input.description);
      if (input.healthNotes !== undefined)
        patch.health_notes_enc = encField(this.ctx, id, 'health_notes', input.healthNotes);
      if (input.externalIds !== undefined) patch.external_ids = JSON.stringify(input.externalIds);
      if (!(await this.repo.updatePerson(trx, id, input.version, patch))) {
        throw new AppError('CONFLICT', 'Someone else changed this record; reload and try again.');
      }
      // Names move between clear text and ciphertext when the identity tier crosses "public".
      if (input.names !== undefined || identityTier !== row.identity_tier) {
        const names =
          input.names ??
          (await this.repo.namesFor(trx, [id])).map((n) => ({
            script: n.script,
            kind: n.kind,
            value: decryptName(n, this.ctx.keyring),
          }));
        await writeNames(this.ctx, trx, id, identityTier, names);
      }
      if (tier !== row.tier) await this.facts.setCasesTier(trx, id, tier);
      if (tier === 'sealed') await this.repo.grant(trx, id, actor.id, actor.id, now);
      await this.cells.apply(trx, before, [id]);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.update',
        entityType: PERSON_ENTITY,
        entityId: id,
        tier,
        detail: {
          fields: [
            ...Object.keys(patch).filter((k) => k !== 'updated_at'),
            ...(input.names ? ['names'] : []),
          ],
        },
      });
      return this.loadView(trx, actor, id);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.loadWritable(trx, actor, id);
      const before = await this.cells.snapshot(trx, [id]);
      await this.repo.deletePerson(trx, id);
      await this.cells.apply(trx, before, [id]);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.delete',
        entityType: PERSON_ENTITY,
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
        entityType: PERSON_ENTITY,
        id,
        action: 'person.grant',
        findVisible: (trx) => this.repo.findVisible(trx, actor, id),
      },
      userId,
    );
  }

  /** A person the actor may change: visible, records:write, and identity readable (no blind overwrites). */
  async loadWritable(trx: DB, actor: Actor, id: string): Promise<PersonsTable> {
    const row = await this.repo.findVisible(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    const grant = await this.repo.hasGrant(trx, actor.id, id);
    if (!canReadField(actor, row.identity_tier, grant)) throw new AppError('FORBIDDEN');
    return row;
  }

  requireWrite(actor: Actor, consent: PersonsTable['consent']): void {
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    const { tier, identityTier } = tiersForConsent(consent);
    // Sealed is allowed: the writer receives a grant. Any other tier must be one the writer can read.
    for (const t of [tier, identityTier]) {
      if (t !== 'sealed' && !canReadRecord(actor, t, false)) throw new AppError('FORBIDDEN');
    }
  }
}

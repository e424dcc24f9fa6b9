import { randomUUID } from 'node:crypto';
import { can, canReadField, visibleTo, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { Tier } from '../../core/db/schema';
import type { PersonsTable } from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { identityEncrypted } from './consent';
import { DuplicatesRepository, orderedPair } from './duplicates.repository';
import { MergeRepository, type MergeSnapshot } from './merge.repository';
import { blindIndexKey, indexTokens } from './name-index';
import { decryptName, nameContext, personFieldContext } from './persons.presenter';
import { PersonFactsRepository } from './person-facts.repository';
import { PERSON_ENTITY, PersonsRepository } from './persons.repository';
import { StatCellsRepository } from './stat-cells.repository';

/**
 * Merging two records of the same person: everything of the merged record moves to the survivor, the
 * merged record stays (hidden everywhere, merged_into set) and a full encrypted snapshot of both records
 * allows an exact revert. Merging never lowers protection: the survivor must be at least as protected as
 * the merged record, or the merge would publish what its consent kept back.
 */
const ORDER: Record<Tier, number> = { public: 0, internal: 1, confidential: 2, sealed: 3 };
const snapshotContext = (mergeId: string): string => `person_merges:${mergeId}`;

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
}

export class MergeService {
  private readonly repo = new MergeRepository();
  private readonly persons = new PersonsRepository();
  private readonly facts = new PersonFactsRepository();
  private readonly cells = new StatCellsRepository();
  private readonly decisions = new DuplicatesRepository();

  constructor(private readonly ctx: AppContext) {}

  async merge(actor: Actor, survivorId: string, otherId: string): Promise<MergeResult> {
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    if (survivorId === otherId)
      throw new AppError('VALIDATION_FAILED', 'A person cannot be merged into itself.');
    return this.ctx.db.transaction().execute(async (trx) => {
      const s = await this.readable(trx, actor, survivorId);
      const o = await this.readable(trx, actor, otherId);
      if (ORDER[s.tier] < ORDER[o.tier] || ORDER[s.identity_tier] < ORDER[o.identity_tier])
        throw new AppError('CONFLICT', 'Merge into the more protected record (or raise its consent first).');
      const pair = orderedPair(s.id, o.id);
      const before = await this.cells.snapshot(trx, [s.id, o.id]);
      const snapshot = await this.repo.snapshot(trx, s, o, pair);
      const now = nowIso();

      // Names: the other record's distinct names become aliases of the survivor, encrypted if it is.
      const decrypt = (n: MergeSnapshot['names'][number]) => decryptName(n, this.ctx.keyring);
      const mine = snapshot.names.filter((n) => n.person_id === s.id);
      const known = new Set(mine.map((n) => decrypt(n).toLowerCase()));
      let position = mine.reduce((m, n) => Math.max(m, n.position + 1), 0);
      const all = mine.map(decrypt);
      let movedNames = 0;
      for (const n of snapshot.names.filter((x) => x.person_id === o.id)) {
        const value = decrypt(n);
        if (known.has(value.toLowerCase())) continue;
        known.add(value.toLowerCase());
        all.push(value);
        const enc = identityEncrypted(s.identity_tier);
        await this.repo.moveName(trx, {
          ...n,
          person_id: s.id,
          kind: 'alias',
          position: position++,
          value: enc ? null : value,
          value_enc: enc ? this.ctx.keyring.encrypt(value, nameContext(n.id)) : null,
        });
        movedNames++;
      }
      await this.persons.replaceTokens(trx, s.id, indexTokens(blindIndexKey(this.ctx.keyring), all));
      await this.repo.deleteTokens(trx, o.id);
      await this.repo.moveDependants(trx, o.id, s.id, s.tier);
      // Humanitarian facts follow when the survivor has none (re-bound to the survivor's context).
      const hum = snapshot.humanitarian ?? [];
      const theirs = hum.find((h) => h.person_id === o.id);
      if (theirs && !hum.some((h) => h.person_id === s.id)) {
        const plain = this.ctx.keyring.decrypt(theirs.flags_enc, `person_humanitarian:${o.id}`);
        await this.repo.insertHumanitarian(trx, {
          ...theirs,
          person_id: s.id,
          flags_enc: this.ctx.keyring.encrypt(plain, `person_humanitarian:${s.id}`),
        });
      }

      // Empty survivor fields are filled from the other record; encrypted ones re-bound to the survivor.
      const move = (v: string | null, field: 'birth_date' | 'description') =>
        v
          ? this.ctx.keyring.encrypt(
              this.ctx.keyring.decrypt(v, personFieldContext(o.id, field)),
              personFieldContext(s.id, field),
            )
          : null;
      const patch: Partial<PersonsTable> = {
        updated_at: now,
        birth_year: s.birth_year ?? o.birth_year,
        birth_date_enc: s.birth_date_enc ?? move(o.birth_date_enc, 'birth_date'),
        description_enc: s.description_enc ?? move(o.description_enc, 'description'),
        gender: s.gender ?? o.gender,
        region: s.region ?? o.region,
        groups: JSON.stringify([
          ...new Set([...(JSON.parse(o.groups) as string[]), ...(JSON.parse(s.groups) as string[])]),
        ]),
        external_ids: JSON.stringify({
          ...(JSON.parse(o.external_ids) as object),
          ...(JSON.parse(s.external_ids) as object),
        }),
      };
      if (!(await this.persons.updatePerson(trx, s.id, s.version, patch))) throw new AppError('CONFLICT');
      if (!(await this.persons.updatePerson(trx, o.id, o.version, { merged_into: s.id, updated_at: now })))
        throw new AppError('CONFLICT');
      await this.facts.refreshCurrentStatus(trx, s.id);
      await this.facts.refreshRecognisedOn(trx, s.id);
      await this.cells.apply(trx, before, [s.id, o.id]);
      await this.decisions.decide(trx, {
        person_a: pair[0],
        person_b: pair[1],
        decision: 'merged',
        decided_by: actor.id,
        decided_at: now,
      });

      const mergeId = randomUUID();
      await this.repo.insertMerge(trx, {
        id: mergeId,
        survivor_id: s.id,
        merged_id: o.id,
        snapshot_enc: this.ctx.keyring.encrypt(JSON.stringify(snapshot), snapshotContext(mergeId)),
        merged_by: actor.id,
        merged_at: now,
        reverted_by: null,
        reverted_at: null,
      });
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.merge',
        entityType: PERSON_ENTITY,
        entityId: s.id,
        tier: s.tier,
        detail: {
          mergeId,
          mergedId: o.id,
          names: movedNames,
          cases: snapshot.cases.length,
          statusEvents: snapshot.statusEvents.length,
          recognitions: snapshot.recognitions.length,
        },
      });
      return { mergeId, survivorId: s.id, mergedId: o.id };
    });
  }

  /** Puts both records back exactly as they were, if the survivor has not been edited since. */
  async revert(actor: Actor, mergeId: string): Promise<MergeResult> {
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const m = await this.repo.findMerge(trx, mergeId);
      if (!m) throw new AppError('NOT_FOUND');
      // Both records must be readable to the caller; otherwise the merge is as good as missing.
      const s = await this.readable(trx, actor, m.survivor_id);
      const o = await this.readable(trx, actor, m.merged_id, true);
      if (m.reverted_at) throw new AppError('CONFLICT', 'This merge was already reverted.');
      const snapshot = JSON.parse(
        this.ctx.keyring.decrypt(m.snapshot_enc, snapshotContext(mergeId)),
      ) as MergeSnapshot;
      if (o.merged_into !== s.id || s.version !== snapshot.survivor.version + 1)
        throw new AppError('CONFLICT', 'The record was changed after the merge; undo those changes first.');
      const before = await this.cells.snapshot(trx, [s.id, o.id]);
      await this.repo.restore(trx, snapshot);
      await this.cells.apply(trx, before, [s.id, o.id]);
      const pair = orderedPair(s.id, o.id);
      await this.decisions.removeDecision(trx, pair[0], pair[1]);
      if (snapshot.decision)
        await this.decisions.decide(trx, { person_a: pair[0], person_b: pair[1], ...snapshot.decision });
      if (!(await this.repo.markReverted(trx, mergeId, actor.id, nowIso()))) throw new AppError('CONFLICT');
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.merge_revert',
        entityType: PERSON_ENTITY,
        entityId: s.id,
        tier: s.tier,
        detail: { mergeId, mergedId: o.id },
      });
      return { mergeId, survivorId: s.id, mergedId: o.id };
    });
  }

  private async readable(trx: DB, actor: Actor, id: string, includeMerged = false): Promise<PersonsTable> {
    let q = trx
      .selectFrom('persons')
      .selectAll()
      .where('persons.id', '=', id)
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'));
    if (!includeMerged) q = q.where('persons.merged_into', 'is', null);
    const row = await q.executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    const grant =
      row.tier === 'sealed' || row.identity_tier === 'sealed'
        ? await this.persons.hasGrant(trx, actor.id, id)
        : false;
    // Merging reads and rewrites names: the caller must be allowed to read the identity of both.
    if (!canReadField(actor, row.identity_tier, grant)) throw new AppError('NOT_FOUND');
    return row;
  }
}

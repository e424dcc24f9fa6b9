import { can, canReadField, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { healthNotesTier } from './consent';
import { collectForExport, highestTier, type ExportPerson } from './export/export.service';
import { personFieldContext } from './persons.presenter';
import { personFilter } from './person-filter';
import { PERSON_ENTITY, PersonsRepository } from './persons.repository';
import { ReleasesService } from './releases.service';
import {
  humanitarianCriteria,
  type HumanitarianCriteria,
  type ReleaseList,
  type REASONS,
} from './releases.schema';

/**
 * Humanitarian release lists: who among the people still held is over N years old, seriously ill, a
 * parent of minor children, a woman, or has served more than N% of the sentence.
 *
 * Illness and parenthood are health and family facts, stored only encrypted (person_humanitarian), so
 * the database cannot filter on them. The trade-off: SQL narrows the candidates with the non-sensitive
 * filter first, then the service decrypts the flags of those candidates whose health facts the author
 * may read and decides. That costs one decryption per candidate (fine for lists of thousands) and keeps
 * the facts out of every index, query plan and log. A person whose flags the author may not read never
 * qualifies through them: list membership would otherwise reveal the fact.
 */
type Reason = (typeof REASONS)[number];
export interface HumanitarianFlags {
  seriousIllness: boolean;
  parentOfMinors: boolean;
}
const flagsContext = (personId: string): string => `person_humanitarian:${personId}`;
const CURRENT = new Set(['detained', 'sentenced']);

/** Months between a (possibly partial) ISO date and today; partial dates count from their first day. */
export function monthsSince(date: string, today: Date): number {
  const [y, m = '01', d = '01'] = date.split('-');
  const from = Date.UTC(Number(y), Number(m) - 1, Number(d));
  return (today.getTime() - from) / (1000 * 60 * 60 * 24 * 30.4375);
}

export function ageOn(birthYear: number | null, birthDate: string | null, today: Date): number | null {
  if (birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    const before = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
    return today.getUTCFullYear() - y - (before ? 1 : 0);
  }
  return birthYear ? today.getUTCFullYear() - birthYear : null;
}

export function countingRule(c: HumanitarianCriteria): string {
  const parts: string[] = [];
  if (c.minAge !== undefined)
    parts.push(
      `age ${c.minAge} or over (from the birth date, else the birth year; only where you may read the identity)`,
    );
  if (c.seriousIllness) parts.push('serious illness (only where you may read health facts)');
  if (c.parentOfMinors) parts.push('parent of minor children (only where you may read health facts)');
  if (c.women) parts.push('women');
  if (c.minServedPercent !== undefined)
    parts.push(
      `served ${c.minServedPercent}% or more of the sentence (first detention to today against the latest sentence in months; partial dates from their first day)`,
    );
  return [
    `Counted: each person once; records you may see, not sealed, not merged${c.currentOnly ? ', currently held' : ''}, matching the base filter`,
    parts.length ? ` and ${c.match === 'all' ? 'all' : 'any'} of: ${parts.join('; ')}.` : '.',
    ' Sealed records matching the base filter are not evaluated or listed; they appear only as a count.',
  ].join('');
}

export class HumanitarianService {
  private readonly persons = new PersonsRepository();

  constructor(private readonly ctx: AppContext) {}

  private async readable(trx: DB, actor: Actor, id: string) {
    const row = await this.persons.findVisible(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    const grant = row.tier === 'sealed' ? await this.persons.hasGrant(trx, actor.id, id) : false;
    const tier = healthNotesTier(row.consent);
    if (!canReadField(actor, tier, grant)) throw new AppError('NOT_FOUND');
    return { row, tier };
  }

  async getFlags(actor: Actor, id: string): Promise<HumanitarianFlags & { updatedAt: string | null }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const { tier } = await this.readable(trx, actor, id);
      const r = await trx
        .selectFrom('person_humanitarian')
        .selectAll()
        .where('person_id', '=', id)
        .executeTakeFirst();
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.humanitarian.read',
        entityType: PERSON_ENTITY,
        entityId: id,
        tier,
      });
      const flags = r ? this.decrypt(id, r.flags_enc) : { seriousIllness: false, parentOfMinors: false };
      return { ...flags, updatedAt: r?.updated_at ?? null };
    });
  }

  async setFlags(
    actor: Actor,
    id: string,
    flags: HumanitarianFlags,
  ): Promise<HumanitarianFlags & { updatedAt: string }> {
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const { tier } = await this.readable(trx, actor, id);
      const now = nowIso();
      const value = { seriousIllness: flags.seriousIllness, parentOfMinors: flags.parentOfMinors };
      const row = {
        person_id: id,
        flags_enc: this.ctx.keyring.encrypt(JSON.stringify(value), flagsContext(id)),
        updated_by: actor.id,
        updated_at: now,
      };
      await trx
        .insertInto('person_humanitarian')
        .values(row)
        .onConflict((oc) =>
          oc.column('person_id').doUpdateSet({
            flags_enc: row.flags_enc,
            updated_by: row.updated_by,
            updated_at: row.updated_at,
          }),
        )
        .execute();
      // Field names only: the values are health data.
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.humanitarian.update',
        entityType: PERSON_ENTITY,
        entityId: id,
        tier,
      });
      return { ...value, updatedAt: now };
    });
  }

  private decrypt(id: string, enc: string): HumanitarianFlags {
    return JSON.parse(this.ctx.keyring.decrypt(enc, flagsContext(id))) as HumanitarianFlags;
  }

  /** Builds the list of a saved filter for this author; audited with format and counts. */
  async build(
    actor: Actor,
    filterId: string,
    format: 'json' | 'csv' | 'pdf',
    today = new Date(),
  ): Promise<ReleaseList> {
    const saved = await new ReleasesService(this.ctx).getFilter(actor, filterId);
    const criteria = humanitarianCriteria.parse(JSON.parse(saved.criteria));
    return this.ctx.db.transaction().execute(async (trx) => {
      const set = await collectForExport(this.ctx, trx, actor, criteria.base);
      const held = set.persons.filter(
        (p) => !criteria.currentOnly || (p.currentStatus !== null && CURRENT.has(p.currentStatus)),
      );
      const sealedCount = await this.sealedCount(trx, criteria);
      const flags = await this.flagsFor(trx, actor, held, criteria);
      const items: ReleaseList['items'] = [];
      for (const p of held) {
        const entry = this.evaluate(p, criteria, flags.get(p.id), today);
        if (entry) items.push(entry);
      }
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'registry.release_list',
        entityType: 'saved_filter',
        entityId: filterId,
        tier: flags.size > 0 ? 'confidential' : highestTier(held),
        detail: { format, count: items.length, sealedCount },
      });
      return {
        filterId,
        name: saved.name,
        generatedAt: today.toISOString(),
        generatedBy: actor.username,
        countingRule: countingRule(criteria),
        count: items.length,
        sealedCount,
        items,
      };
    });
  }

  private async sealedCount(trx: DB, c: HumanitarianCriteria): Promise<number> {
    let q = trx
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tier', '=', 'sealed')
      .where('merged_into', 'is', null);
    if (c.currentOnly) q = q.where('current_status', 'in', [...CURRENT] as Array<'detained' | 'sentenced'>);
    return Number((await q.where(personFilter(c.base, [])).executeTakeFirstOrThrow()).n);
  }

  private async flagsFor(trx: DB, actor: Actor, people: readonly ExportPerson[], c: HumanitarianCriteria) {
    const out = new Map<string, HumanitarianFlags>();
    if (!c.seriousIllness && !c.parentOfMinors) return out;
    const ids = people.filter((p) => canReadField(actor, healthNotesTier(p.consent), false)).map((p) => p.id);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('person_humanitarian')
        .selectAll()
        .where('person_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.person_id, this.decrypt(r.person_id, r.flags_enc));
    }
    return out;
  }

  private evaluate(
    p: ExportPerson,
    c: HumanitarianCriteria,
    flags: HumanitarianFlags | undefined,
    today: Date,
  ): ReleaseList['items'][number] | null {
    const birthDate =
      p.identityVisible && p.row.birth_date_enc
        ? this.ctx.keyring.decrypt(p.row.birth_date_enc, personFieldContext(p.id, 'birth_date'))
        : null;
    const age = p.identityVisible ? ageOn(p.row.birth_year, birthDate, today) : null;
    const detainedOn = p.cases.find((x) => x.detainedOn)?.detainedOn ?? null;
    const sentence = [...p.cases].reverse().find((x) => x.sentenceMonths)?.sentenceMonths ?? null;
    const served =
      detainedOn && sentence ? Math.round((monthsSince(detainedOn, today) / sentence) * 1000) / 10 : null;
    const checks: Array<[Reason, boolean]> = [];
    if (c.minAge !== undefined) checks.push(['age', age !== null && age >= c.minAge]);
    if (c.seriousIllness) checks.push(['serious_illness', Boolean(flags?.seriousIllness)]);
    if (c.parentOfMinors) checks.push(['parent_of_minors', Boolean(flags?.parentOfMinors)]);
    if (c.women) checks.push(['woman', p.gender === 'female']);
    if (c.minServedPercent !== undefined)
      checks.push(['served_share', served !== null && served >= c.minServedPercent]);
    const reasons = checks.filter(([, ok]) => ok).map(([r]) => r);
    const qualifies =
      checks.length === 0 || (c.match === 'all' ? reasons.length === checks.length : reasons.length > 0);
    if (!qualifies) return null;
    return {
      refCode: p.refCode,
      identityHidden: !p.identityVisible,
      names: p.names.map((n) => ({ script: n.script, value: n.value })),
      birthYear: p.birthYear,
      age,
      gender: p.gender,
      currentStatus: p.currentStatus,
      detainedOn,
      sentenceMonths: sentence,
      servedPercent: served,
      reasons,
    };
  }
}

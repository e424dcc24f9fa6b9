import { can, canReadField, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { Gender, PersonsTable } from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { compareNames } from '../../names';
import { DuplicatesRepository, orderedPair } from './duplicates.repository';
import { blindIndexKey, queryTokenGroups } from './name-index';
import { decryptName, impliedGrant } from './persons.presenter';
import { PERSON_ENTITY, PersonsRepository } from './persons.repository';

/**
 * Candidate duplicates: blocking through the blind index (a candidate shares at least two name parts, or
 * the only one, literally or by cross-language key, so Siarhei/Сергей meet), then scoring with the name
 * matcher over every pair of names, with birth year and gender as evidence. Only persons whose identity
 * the caller may read are compared or shown: a score against a hidden name would leak it.
 */
export interface DuplicateSubject {
  id?: string;
  names: readonly string[];
  birthYear: number | null;
  gender: Gender | null;
}

export interface DuplicateCandidate {
  personId: string;
  refCode: string;
  score: number;
  /** The pair of names that scored best, in the caller's view (both identities are readable to them). */
  explanation: string[];
}

/** Below this the pair is not worth a reviewer's time. */
export const PROPOSE_THRESHOLD = 0.6;
const MAX_BLOCK = 40;

export async function findDuplicateCandidates(
  ctx: AppContext,
  trx: DB,
  actor: Actor,
  subject: DuplicateSubject,
  exclude: ReadonlySet<string> = new Set(),
): Promise<DuplicateCandidate[]> {
  const dupRepo = new DuplicatesRepository();
  const personsRepo = new PersonsRepository();
  const key = blindIndexKey(ctx.keyring);
  const perName = subject.names.map((n) => queryTokenGroups(key, n)).filter((g) => g.length > 0);
  if (perName.length === 0) return [];
  const hits = await dupRepo.tokenHits(trx, actor, perName.flat(2));
  const tokensOf = new Map<string, Set<string>>();
  for (const h of hits) {
    if (h.person_id === subject.id || exclude.has(h.person_id)) continue;
    let set = tokensOf.get(h.person_id);
    if (!set) tokensOf.set(h.person_id, (set = new Set()));
    set.add(h.token);
  }
  // Best number of matched parts over the subject's names, and whether that reaches the blocking bar.
  const blocked: Array<{ id: string; parts: number }> = [];
  for (const [id, tokens] of tokensOf) {
    let best = 0;
    let passes = false;
    for (const groups of perName) {
      const matched = groups.filter((g) => g.some((t) => tokens.has(t))).length;
      best = Math.max(best, matched);
      if (matched >= Math.min(2, groups.length)) passes = true;
    }
    if (passes) blocked.push({ id, parts: best });
  }
  blocked.sort((a, b) => b.parts - a.parts);
  const ids = blocked.slice(0, MAX_BLOCK).map((b) => b.id);
  const rows = (await dupRepo.personsByIds(trx, ids)).filter((r) =>
    canReadField(actor, r.identity_tier, impliedGrant(r)),
  );
  const names = await personsRepo.namesFor(
    trx,
    rows.map((r) => r.id),
  );
  const out: DuplicateCandidate[] = [];
  for (const row of rows) {
    const theirs = names.filter((n) => n.person_id === row.id).map((n) => decryptName(n, ctx.keyring));
    let best = { score: 0, explanation: [] as string[] };
    for (const a of subject.names) {
      for (const b of theirs) {
        const r = compareNames(a, b, {
          a: evidence(subject.birthYear, subject.gender),
          b: evidence(row.birth_year, row.gender),
        });
        if (r.score > best.score) best = { score: r.score, explanation: r.explanation };
      }
    }
    if (best.score >= PROPOSE_THRESHOLD)
      out.push({ personId: row.id, refCode: row.ref_code, score: best.score, explanation: best.explanation });
  }
  return out.sort((a, b) => b.score - a.score || a.refCode.localeCompare(b.refCode));
}

function evidence(year: number | null, gender: Gender | null) {
  return {
    ...(year ? { birthDate: String(year) } : {}),
    ...(gender === 'male' || gender === 'female' ? { gender } : {}),
  };
}

export class DuplicatesService {
  private readonly repo = new DuplicatesRepository();
  private readonly persons = new PersonsRepository();

  constructor(private readonly ctx: AppContext) {}

  /** Candidates for one record; a person whose identity the caller cannot read has none to show. */
  async list(actor: Actor, id: string): Promise<{ items: DuplicateCandidate[] }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.visible(trx, actor, id);
      if (!canReadField(actor, row.identity_tier, await this.grant(trx, actor, row))) return { items: [] };
      const names = (await this.persons.namesFor(trx, [id])).map((n) => decryptName(n, this.ctx.keyring));
      const decided = await this.repo.decidedWith(trx, id);
      const items = await findDuplicateCandidates(
        this.ctx,
        trx,
        actor,
        { id, names, birthYear: row.birth_year, gender: row.gender },
        decided,
      );
      // Comparing names reads identities: audited like any other read of them.
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.duplicates',
        entityType: PERSON_ENTITY,
        entityId: id,
        tier: row.tier,
        detail: { candidates: items.length },
      });
      return { items };
    });
  }

  async notDuplicate(actor: Actor, id: string, otherId: string): Promise<void> {
    if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
    if (id === otherId) throw new AppError('VALIDATION_FAILED', 'A person cannot be compared with itself.');
    await this.ctx.db.transaction().execute(async (trx) => {
      const a = await this.visible(trx, actor, id);
      await this.visible(trx, actor, otherId);
      const [x, y] = orderedPair(id, otherId);
      await this.repo.decide(trx, {
        person_a: x,
        person_b: y,
        decision: 'not_duplicate',
        decided_by: actor.id,
        decided_at: nowIso(),
      });
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'person.not_duplicate',
        entityType: PERSON_ENTITY,
        entityId: id,
        tier: a.tier,
        detail: { otherId },
      });
    });
  }

  private async visible(trx: DB, actor: Actor, id: string): Promise<PersonsTable> {
    const row = await this.persons.findVisible(trx, actor, id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private async grant(trx: DB, actor: Actor, row: PersonsTable): Promise<boolean> {
    return row.tier === 'sealed' || row.identity_tier === 'sealed'
      ? this.persons.hasGrant(trx, actor.id, row.id)
      : false;
  }
}

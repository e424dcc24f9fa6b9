import { can, isAuditedTier, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { compareNames } from '../../names';
import { blindIndexKey, queryTokenGroups } from '../registry/name-index';
import { decryptPerpName } from './accountability.presenter';
import type { DuplicatesView } from './accountability.schema';
import { PERPETRATOR_ENTITY } from './accountability.repository';
import { PerpetratorsRepository } from './perpetrators.repository';

/** Below this a pair of perpetrators is not worth a reviewer's time (same bar as registry duplicates). */
const DUPLICATE_THRESHOLD = 0.6;

/**
 * Possible duplicates of a perpetrator: blocking through the blind index (shared name parts, literally or
 * by cross-language key), then scoring every pair of names with the matcher. Only visible records take part.
 */
export class PerpetratorDuplicates {
  private readonly repo = new PerpetratorsRepository();

  constructor(private readonly ctx: AppContext) {}

  /** Visible perpetrators whose names score at least DUPLICATE_THRESHOLD against this one's, best first. */
  async find(actor: Actor, id: string): Promise<DuplicatesView> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.findPerpetrator(trx, actor, id);
      if (!row) throw new AppError('NOT_FOUND');
      const mine = (await this.repo.namesFor(trx, [id])).map((n) => decryptPerpName(n, this.ctx.keyring));
      const key = blindIndexKey(this.ctx.keyring);
      const perName = mine.map((n) => queryTokenGroups(key, n)).filter((g) => g.length > 0);
      const hits = await this.repo.tokenHits(trx, actor, perName.flat(2));
      const tokensOf = new Map<string, Set<string>>();
      const tierOf = new Map(hits.map((h) => [h.id, h.tier]));
      for (const h of hits) {
        if (h.id === id) continue;
        const set = tokensOf.get(h.id) ?? new Set<string>();
        set.add(h.token);
        tokensOf.set(h.id, set);
      }
      // Perpetrators are few: any shared name part (literal or cross-language) makes a candidate, so a
      // diminutive given name (Алесь ~ Aleksandr) does not hide a duplicate; the matcher then decides.
      const blocked = [...tokensOf]
        .map(([pid, tokens]) => ({
          pid,
          parts: Math.max(
            ...perName.map((groups) => groups.filter((g) => g.some((t) => tokens.has(t))).length),
          ),
        }))
        .sort((a, b) => b.parts - a.parts);
      const ids = blocked.slice(0, 200).map((b) => b.pid);
      const names = await this.repo.namesFor(trx, ids);
      const items = [];
      for (const other of ids) {
        const theirs = names
          .filter((n) => n.perpetrator_id === other)
          .map((n) => decryptPerpName(n, this.ctx.keyring));
        let best = { score: 0, explanation: [] as string[] };
        for (const a of mine)
          for (const b of theirs) {
            const r = compareNames(a, b);
            if (r.score > best.score) best = { score: r.score, explanation: r.explanation };
          }
        if (best.score >= DUPLICATE_THRESHOLD)
          items.push({ perpetratorId: other, displayName: theirs[0] ?? '—', ...best });
      }
      // Names of confidential or sealed perpetrators shown here are a read like any other (see get).
      const shown = [row.tier, ...items.map((i) => tierOf.get(i.perpetratorId))];
      const sensitive = shown.filter((t) => t !== undefined && isAuditedTier(t)).length;
      if (sensitive > 0)
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'perpetrator.duplicates',
          entityType: PERPETRATOR_ENTITY,
          entityId: id,
          tier: shown.includes('sealed') ? 'sealed' : 'confidential',
          detail: { sensitiveRecords: sensitive },
        });
      return { items: items.sort((a, b) => b.score - a.score) };
    });
  }
}

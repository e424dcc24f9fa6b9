import { can, isAuditedTier, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type { PerpetratorsTable } from '../../core/db/schema-accountability';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { NameIndex } from '../../names';
import { loadScreeningTargets, screeningTargetsVersion } from '../sanctions/sanctions.screening-source';
import type { ScreenTarget } from '../screening/screening.types';
import { displayNameOf, perpNames, violationLabel } from './accountability.presenter';
import { AccountabilityRepository, PERPETRATOR_ENTITY } from './accountability.repository';
import { PerpetratorsRepository } from './perpetrators.repository';
import { ViolationsRepository } from './violations.repository';
import { EvidenceRepository } from '../evidence/evidence.repository';

/**
 * The unsanctioned-perpetrators report: every perpetrator the caller can see, screened by name (all scripts
 * and aliases) against every imported sanctions list through the name matcher, grouped by jurisdiction,
 * ranked by the number of linked cases and violations. The matcher index is rebuilt when the lists change
 * (screeningTargetsVersion) and a perpetrator is rescreened when its record changes (updated_at).
 */
export interface Listing {
  jurisdiction: string;
  datasets: string[];
  targetId: string;
  targetName: string;
  score: number;
}

export interface ReportRow {
  perpetratorId: string;
  displayName: string;
  names: string[];
  category: string;
  cases: number;
  violations: number;
  listedBy: string[];
  listings: Listing[];
}

export interface ScreeningSource {
  version(db: DB): Promise<string>;
  targets(db: DB): AsyncIterable<ScreenTarget>;
}

export const sanctionsSource: ScreeningSource = {
  version: screeningTargetsVersion,
  targets: loadScreeningTargets,
};

/** Jurisdiction of a dataset when the import did not record one: by the usual dataset-name prefixes. */
export function guessJurisdiction(dataset: string): string {
  const p = dataset.toLowerCase().split(/[_-]/)[0] ?? '';
  const map: Record<string, string> = {
    eu: 'EU',
    us: 'US',
    gb: 'UK',
    uk: 'UK',
    ca: 'CA',
    ch: 'CH',
    un: 'UN',
    au: 'AU',
    jp: 'JP',
    nz: 'NZ',
    ua: 'UA',
  };
  return map[p] ?? dataset;
}

interface Screened {
  index: NameIndex;
  targets: Map<string, ScreenTarget>;
  jurisdictionOf: Map<string, string>;
  version: string;
}

const cache = new WeakMap<AppContext, { screened?: Screened; results: Map<string, Listing[]> }>();

export class UnsanctionedService {
  private readonly repo = new AccountabilityRepository();
  private readonly perpetrators = new PerpetratorsRepository();
  private readonly violations = new ViolationsRepository();
  private readonly evidence = new EvidenceRepository();

  constructor(
    private readonly ctx: AppContext,
    private readonly source: ScreeningSource = sanctionsSource,
  ) {}

  private state() {
    let s = cache.get(this.ctx);
    if (!s) cache.set(this.ctx, (s = { results: new Map() }));
    return s;
  }

  private async screened(): Promise<Screened> {
    const version = await this.source.version(this.ctx.db);
    const state = this.state();
    if (state.screened?.version === version) return state.screened;
    const index = new NameIndex();
    const targets = new Map<string, ScreenTarget>();
    for await (const t of this.source.targets(this.ctx.db)) {
      if (t.schema !== 'Person') continue;
      targets.set(t.id, t);
      index.add(t.id, t.names, {
        schema: 'Person',
        ...(t.birthDates[0] ? { birthDate: t.birthDates[0] } : {}),
      });
    }
    const jurisdictionOf = new Map<string, string>();
    for (const d of await this.repo.datasetJurisdictions(this.ctx.db))
      jurisdictionOf.set(d.name, d.jurisdiction ?? guessJurisdiction(d.name));
    state.screened = { index, targets, jurisdictionOf, version };
    state.results.clear();
    return state.screened;
  }

  private screen(s: Screened, p: PerpetratorsTable, names: readonly string[]): Listing[] {
    const key = `${p.id}:${p.updated_at}`;
    const cached = this.state().results.get(key);
    if (cached) return cached;
    const best = new Map<string, number>();
    for (const name of names)
      for (const c of s.index.search(name, {
        top: 5,
        schema: 'Person',
        meta: p.birth_year ? { birthDate: String(p.birth_year) } : {},
      }))
        if (c.match && c.score > (best.get(c.id) ?? 0)) best.set(c.id, c.score);
    const listings: Listing[] = [];
    for (const [id, score] of best) {
      const t = s.targets.get(id)!;
      const byJurisdiction = new Map<string, string[]>();
      for (const d of t.datasets) {
        const j = s.jurisdictionOf.get(d) ?? guessJurisdiction(d);
        byJurisdiction.set(j, [...(byJurisdiction.get(j) ?? []), d]);
      }
      for (const [jurisdiction, datasets] of byJurisdiction)
        listings.push({
          jurisdiction,
          datasets,
          targetId: id,
          targetName: t.names[0] ?? '',
          score: Math.round(score * 1000) / 1000,
        });
    }
    listings.sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || b.score - a.score);
    this.state().results.set(key, listings);
    return listings;
  }

  async report(
    actor: Actor,
    filter: { jurisdiction?: string | undefined; unlistedOnly?: boolean | undefined } = {},
  ): Promise<{ generatedAt: string; listsVersion: string; jurisdictions: string[]; items: ReportRow[] }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const s = await this.screened();
    return this.ctx.db.transaction().execute(async (trx) => {
      const { rows } = await this.perpetrators.listPerpetrators(trx, actor, [], {
        limit: 100_000,
        offset: 0,
      });
      const rowsOut = await this.rows(trx, actor, s, rows);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.screening-report',
        entityType: PERPETRATOR_ENTITY,
        tier: rows.some((r) => isAuditedTier(r.tier)) ? 'confidential' : 'internal',
        detail: { perpetrators: rows.length, listsVersion: s.version },
      });
      const items = rowsOut
        .filter((r) => !filter.jurisdiction || !r.listedBy.includes(filter.jurisdiction))
        .filter((r) => !filter.unlistedOnly || r.listedBy.length === 0)
        .sort(
          (a, b) =>
            b.cases + b.violations - (a.cases + a.violations) || a.displayName.localeCompare(b.displayName),
        );
      return {
        generatedAt: nowIso(),
        listsVersion: s.version,
        jurisdictions: [...new Set(s.jurisdictionOf.values())].sort(),
        items,
      };
    });
  }

  private async rows(
    trx: DB,
    actor: Actor,
    s: Screened,
    rows: readonly PerpetratorsTable[],
  ): Promise<ReportRow[]> {
    const ids = rows.map((r) => r.id);
    const names = await this.perpetrators.namesFor(trx, ids);
    const links = await this.perpetrators.linksOf(trx, ids);
    // Only links to records the caller can see are counted: a count must not reveal hidden cases.
    const cases = new Set(
      (
        await this.repo.visibleCases(
          trx,
          actor,
          links.filter((l) => l.target_type === 'case').map((l) => l.target_id),
        )
      ).map((c) => c.id),
    );
    const violations = new Set(
      (
        await this.violations.visibleViolations(
          trx,
          actor,
          links.filter((l) => l.target_type === 'violation').map((l) => l.target_id),
        )
      ).map((v) => v.id),
    );
    return rows.map((p) => {
      const shown = perpNames(
        names.filter((n) => n.perpetrator_id === p.id),
        this.ctx.keyring,
      );
      const listings = this.screen(
        s,
        p,
        shown.map((n) => n.value),
      );
      const mine = links.filter((l) => l.perpetrator_id === p.id);
      return {
        perpetratorId: p.id,
        displayName: displayNameOf(shown),
        names: shown.map((n) => n.value),
        category: p.category,
        cases: new Set(mine.filter((l) => cases.has(l.target_id)).map((l) => l.target_id)).size,
        violations: new Set(mine.filter((l) => violations.has(l.target_id)).map((l) => l.target_id)).size,
        listedBy: [...new Set(listings.map((l) => l.jurisdiction))].sort(),
        listings,
      };
    });
  }

  /** A listing proposal for one jurisdiction: identity, positions, cases, violations, evidence, other listings. */
  async dossier(actor: Actor, id: string, jurisdiction: string) {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const s = await this.screened();
    return this.ctx.db.transaction().execute(async (trx) => {
      const p = await this.perpetrators.findPerpetrator(trx, actor, id);
      if (!p) throw new AppError('NOT_FOUND');
      const [row] = await this.rows(trx, actor, s, [p]);
      const names = perpNames(await this.perpetrators.namesFor(trx, [id]), this.ctx.keyring);
      const positions = await this.perpetrators.positionsFor(trx, [id]);
      const links = await this.perpetrators.linksOf(trx, [id]);
      const cases = await this.repo.visibleCases(
        trx,
        actor,
        links.filter((l) => l.target_type === 'case').map((l) => l.target_id),
      );
      const violations = await this.violations.visibleViolations(
        trx,
        actor,
        links.filter((l) => l.target_type === 'violation').map((l) => l.target_id),
      );
      const evidence = await this.evidence.visibleLinkedTo(trx, actor, [
        { entityType: 'perpetrator', ids: [id] },
        { entityType: 'case', ids: cases.map((c) => c.id) },
        { entityType: 'violation', ids: violations.map((v) => v.id) },
      ]);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'perpetrator.dossier',
        entityType: PERPETRATOR_ENTITY,
        entityId: id,
        tier: p.tier,
        detail: { jurisdiction },
      });
      const roleOf = (targetId: string) => links.filter((l) => l.target_id === targetId).map((l) => l.role);
      return {
        generatedAt: nowIso(),
        jurisdiction,
        alreadyListedByJurisdiction: row!.listedBy.includes(jurisdiction),
        identity: {
          perpetratorId: id,
          category: p.category,
          birthYear: p.birth_year,
          names: names.map((n) => ({ script: n.script, kind: n.kind, value: n.value })),
        },
        positions: positions.map((x) => ({
          institution: x.institution,
          title: x.title,
          from: x.from_on,
          to: x.to_on,
        })),
        cases: cases.map((c) => ({
          caseId: c.id,
          caseNumber: c.case_number,
          court: c.court,
          verdictOn: c.verdict_on,
          personRef: c.ref_code,
          roles: roleOf(c.id),
        })),
        violations: violations.map((v) => ({
          violationId: v.id,
          label: violationLabel(v),
          type: v.type,
          occurredOn: v.occurred_on,
          place: v.place,
          roles: roleOf(v.id),
        })),
        evidence: evidence.map((e) => ({
          evidenceId: e.id,
          kind: e.kind,
          sha256: e.sha256,
          size: Number(e.size),
          consent: JSON.parse(e.consent) as string[],
        })),
        listingsElsewhere: row!.listings.filter((l) => l.jurisdiction !== jurisdiction),
      };
    });
  }
}

export type Dossier = Awaited<ReturnType<UnsanctionedService['dossier']>>;

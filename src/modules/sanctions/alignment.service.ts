import type { DB } from '../../core/db/database';
import type { SanctionsRegime } from '../../core/db/schema-sanctions';
import * as repo from './alignment.repository';
import { screeningTargetsVersion } from './sanctions.screening-source';

/**
 * Alignment of the imported lists, per resolved target (cluster):
 *
 * - matrix: per jurisdiction × regime, how many distinct targets (persons, entities, vessels, aircraft);
 * - gaps of kind `cross-jurisdiction`: a Belarus-linked target (Belarus nationality, address, registration
 *   or identifier country, or listed under a Belarus programme anywhere) listed by some jurisdictions and
 *   not by others; `notListedBy` holds the jurisdictions (among those imported) that do not list it;
 * - gaps of kind `russia-only`: within one jurisdiction, a Belarus-linked target listed there only under
 *   Russia programmes (`notListedBy` = ["<J>:Belarus"]);
 * - gaps of kind `belarus-only`: within one jurisdiction, a target listed there under a Belarus programme
 *   but not under a Russia one (`notListedBy` = ["<J>:Russia"]).
 * `listedBy` gives every listing with its programme, regime, legal basis and listing date, so each side of
 * a gap can be cited. The report is computed in memory and cached per data version.
 */

export type GapKind = 'cross-jurisdiction' | 'russia-only' | 'belarus-only';
export const GAP_KINDS: readonly GapKind[] = ['cross-jurisdiction', 'russia-only', 'belarus-only'];
export type SchemaGroup = 'Person' | 'Entity' | 'Vessel' | 'Airplane';

export interface ListedBy {
  jurisdiction: string;
  dataset: string;
  sourceId: string;
  name: string;
  programmes: {
    code: string;
    regime: SanctionsRegime;
    legalBasis: string | null;
    listedOn: string | null;
  }[];
}

export interface Gap {
  clusterId: string;
  name: string;
  schema: SchemaGroup;
  kind: GapKind;
  /** The jurisdiction a within-jurisdiction gap is about; null for cross-jurisdiction gaps. */
  jurisdiction: string | null;
  listedBy: ListedBy[];
  notListedBy: string[];
  /** Jurisdiction → regimes it lists the target under. */
  regimes: Record<string, SanctionsRegime[]>;
}

export interface ListSummary {
  dataset: string;
  jurisdiction: string | null;
  snapshotDate: string;
  targets: number;
  byRegime: Record<SanctionsRegime, number>;
  importedAt: string;
  format: string;
}

export interface MatrixRow {
  jurisdiction: string;
  regime: SanctionsRegime;
  persons: number;
  entities: number;
  vessels: number;
  aircraft: number;
  total: number;
}

/**
 * How many targets exactly this set of jurisdictions lists (under `regime`, or under any regime for
 * 'all'): the data of the UI's overlap chart. Sets nobody shares are absent.
 */
export interface OverlapRow {
  regime: SanctionsRegime | 'all';
  jurisdictions: string[];
  total: number;
}

export interface AlignmentReport {
  version: string;
  lists: ListSummary[];
  clusters: number;
  jurisdictions: string[];
  matrix: MatrixRow[];
  overlap: OverlapRow[];
  gapCounts: Record<GapKind, number>;
  gaps: Gap[];
}

export function schemaGroup(schema: string): SchemaGroup {
  if (schema === 'Person' || schema === 'Vessel' || schema === 'Airplane') return schema;
  return 'Entity';
}

const REGIMES: SanctionsRegime[] = ['Belarus', 'Russia', 'other'];

function listSummary(l: repo.ListRow): ListSummary {
  const counts = JSON.parse(l.counts) as { byRegime?: Record<SanctionsRegime, number> };
  return {
    dataset: l.dataset,
    jurisdiction: l.jurisdiction,
    snapshotDate: l.snapshotDate,
    targets: l.targets,
    byRegime: counts.byRegime ?? { Belarus: 0, Russia: 0, other: 0 },
    importedAt: l.importedAt,
    format: l.format,
  };
}

function listedBy(members: repo.AlignmentMember[]): ListedBy[] {
  const out: ListedBy[] = [];
  for (const m of members) {
    const byJ = new Map<string, ListedBy>();
    for (const l of m.listings) {
      let entry = byJ.get(l.jurisdiction);
      if (!entry) {
        entry = {
          jurisdiction: l.jurisdiction,
          dataset: m.dataset,
          sourceId: m.sourceId,
          name: m.name,
          programmes: [],
        };
        byJ.set(l.jurisdiction, entry);
        out.push(entry);
      }
      entry.programmes.push({
        code: l.programme,
        regime: l.regime,
        legalBasis: l.legalBasis,
        listedOn: l.listedOn,
      });
    }
  }
  return out.sort(
    (a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || a.sourceId.localeCompare(b.sourceId),
  );
}

export function buildReport(
  version: string,
  lists: repo.ListRow[],
  clusters: Map<string, repo.AlignmentMember[]>,
): AlignmentReport {
  const jurisdictions = [...new Set(lists.map((l) => l.jurisdiction).filter((j): j is string => !!j))].sort();
  const matrix = new Map<string, MatrixRow>();
  const overlap = new Map<string, OverlapRow>();
  const countOverlap = (regime: OverlapRow['regime'], js: string[]): void => {
    if (js.length === 0) return;
    const k = `${regime}\u0000${js.join(',')}`;
    const row = overlap.get(k);
    if (row) row.total++;
    else overlap.set(k, { regime, jurisdictions: js, total: 1 });
  };
  const gaps: Gap[] = [];
  for (const [clusterId, members] of clusters) {
    const schema = schemaGroup(members.find((m) => m.schema === 'Person')?.schema ?? members[0]!.schema);
    const name = (members.find((m) => /^[\p{Script=Latin}\s\p{P}\p{N}]+$/u.test(m.name)) ?? members[0]!).name;
    const regimes: Record<string, SanctionsRegime[]> = {};
    for (const m of members)
      for (const l of m.listings) {
        const r = (regimes[l.jurisdiction] ??= []);
        if (!r.includes(l.regime)) r.push(l.regime);
      }
    for (const [j, rs] of Object.entries(regimes)) {
      rs.sort((a, b) => REGIMES.indexOf(a) - REGIMES.indexOf(b));
      for (const r of rs) {
        const k = `${j}\u0000${r}`;
        let row = matrix.get(k);
        if (!row)
          matrix.set(
            k,
            (row = {
              jurisdiction: j,
              regime: r,
              persons: 0,
              entities: 0,
              vessels: 0,
              aircraft: 0,
              total: 0,
            }),
          );
        row.total++;
        if (schema === 'Person') row.persons++;
        else if (schema === 'Entity') row.entities++;
        else if (schema === 'Vessel') row.vessels++;
        else row.aircraft++;
      }
    }
    countOverlap('all', Object.keys(regimes).sort());
    for (const r of REGIMES)
      countOverlap(
        r,
        Object.keys(regimes)
          .filter((j) => regimes[j]!.includes(r))
          .sort(),
      );
    const belarusLinked =
      members.some((m) => m.belarusLinked) || Object.values(regimes).some((r) => r.includes('Belarus'));
    const by = () => listedBy(members);
    if (belarusLinked) {
      const listedIn = Object.keys(regimes);
      const missing = jurisdictions.filter((j) => !listedIn.includes(j));
      if (missing.length > 0 && listedIn.length > 0)
        gaps.push({
          clusterId,
          name,
          schema,
          kind: 'cross-jurisdiction',
          jurisdiction: null,
          listedBy: by(),
          notListedBy: missing,
          regimes,
        });
      for (const [j, rs] of Object.entries(regimes))
        if (rs.includes('Russia') && !rs.includes('Belarus'))
          gaps.push({
            clusterId,
            name,
            schema,
            kind: 'russia-only',
            jurisdiction: j,
            listedBy: by(),
            notListedBy: [`${j}:Belarus`],
            regimes,
          });
    }
    for (const [j, rs] of Object.entries(regimes))
      if (rs.includes('Belarus') && !rs.includes('Russia'))
        gaps.push({
          clusterId,
          name,
          schema,
          kind: 'belarus-only',
          jurisdiction: j,
          listedBy: by(),
          notListedBy: [`${j}:Russia`],
          regimes,
        });
  }
  gaps.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.clusterId.localeCompare(b.clusterId),
  );
  const gapCounts = { 'cross-jurisdiction': 0, 'russia-only': 0, 'belarus-only': 0 } as Record<
    GapKind,
    number
  >;
  for (const g of gaps) gapCounts[g.kind]++;
  return {
    version,
    lists: lists.map(listSummary),
    clusters: clusters.size,
    jurisdictions,
    matrix: [...matrix.values()].sort(
      (a, b) =>
        a.jurisdiction.localeCompare(b.jurisdiction) || REGIMES.indexOf(a.regime) - REGIMES.indexOf(b.regime),
    ),
    overlap: [...overlap.values()].sort(
      (a, b) =>
        a.regime.localeCompare(b.regime) ||
        b.total - a.total ||
        a.jurisdictions.join().localeCompare(b.jurisdictions.join()),
    ),
    gapCounts,
    gaps,
  };
}

let cache: { db: DB; report: AlignmentReport } | undefined;

/** The report for the current data; recomputed only when imports or resolution changed something. */
export async function alignmentReport(db: DB): Promise<AlignmentReport> {
  const version = await screeningTargetsVersion(db);
  if (cache && cache.db === db && cache.report.version === version) return cache.report;
  const [lists, clusters] = await Promise.all([repo.loadLists(db), repo.loadAlignmentMembers(db)]);
  const report = buildReport(version, lists, clusters);
  cache = { db, report };
  return report;
}

export interface GapFilter {
  jurisdiction?: string;
  /** Only gaps whose target this jurisdiction lists (under any regime). */
  listedBy?: string;
  /** Only gaps naming this jurisdiction (or one of its regimes) among those not listing the target. */
  notListedBy?: string;
  regime?: SanctionsRegime;
  kind?: GapKind;
  schema?: SchemaGroup;
  q?: string;
}

export function filterGaps(gaps: Gap[], f: GapFilter): Gap[] {
  const q = f.q?.trim().toLowerCase();
  return gaps.filter(
    (g) =>
      (!f.kind || g.kind === f.kind) &&
      (!f.schema || g.schema === f.schema) &&
      (!f.jurisdiction ||
        g.jurisdiction === f.jurisdiction ||
        (g.jurisdiction === null &&
          (g.regimes[f.jurisdiction] !== undefined || g.notListedBy.includes(f.jurisdiction)))) &&
      (!f.listedBy || g.regimes[f.listedBy] !== undefined) &&
      (!f.notListedBy ||
        g.notListedBy.some((n) => n === f.notListedBy || n.startsWith(`${f.notListedBy}:`))) &&
      (!f.regime || Object.values(g.regimes).some((r) => r.includes(f.regime!))) &&
      (!q || g.name.toLowerCase().includes(q) || g.listedBy.some((l) => l.name.toLowerCase().includes(q))),
  );
}

import type { Tier } from '../../core/db/schema';
import type { PersonStatus, PersonsTable } from '../../core/db/schema-registry';
import { CURRENT_STATUSES } from './registry.schema';

/**
 * What one person contributes to the registry statistics, as (dimension, key) cells. The statistics are
 * the sum of these contributions over all persons, kept in registry_stat_cells: every write computes the
 * contributions of the persons it touches before and after, and adds the difference in the same
 * transaction, so reading the statistics costs one small table read whatever the registry size.
 *
 * Every tier counts (sealed included: aggregates name nobody); merged-away persons count nowhere. Each
 * cell also counts its public persons, for the public page's small-cell rule.
 *
 * Dimensions (scope is "all" or "current", i.e. detained or sentenced now):
 *   status               current status, or "unknown"                          (all persons)
 *   region:<scope>       region or "unknown"
 *   gender:<scope>       gender or "unknown"
 *   group:<scope>        each group code, or "none"
 *   article:<scope>      each distinct article of any case
 *   facility:<scope>     each distinct facility of any case
 *   recognised           YYYY-MM of the first recognition
 *   released             "YYYY-MM|status" of each distinct release month and kind in the history
 *   served:current       date of first detention of a current prisoner (months are counted at read time)
 *   served:released      whole months from first detention to the release of a released person
 */
export interface PersonStatState {
  tier: Tier;
  merged_into: string | null;
  current_status: PersonStatus | null;
  current_status_on: string | null;
  region: string | null;
  gender: string | null;
  groups: string;
  recognised_on: string | null;
  /** Detention dates of the person's cases (nulls left out). */
  detained: readonly string[];
  /** Facilities of the person's cases (nulls left out). */
  facilities: readonly string[];
  /** Articles of all the person's cases. */
  articles: readonly string[];
  /** Release events (status starting with "released") of the history. */
  releases: ReadonlyArray<{ status: string; occurred_on: string }>;
}

export type StatPersonRow = Pick<
  PersonsTable,
  | 'id'
  | 'tier'
  | 'merged_into'
  | 'current_status'
  | 'current_status_on'
  | 'region'
  | 'gender'
  | 'groups'
  | 'recognised_on'
>;

export interface CellDelta {
  dimension: string;
  key: string;
  persons: number;
  publicPersons: number;
}

/** A multiset of cells: "dimension\0key" → counts. */
export type CellCounts = Map<string, CellDelta>;

const SEP = '\u0000';
const isCurrent = (s: PersonStatus | null): boolean =>
  s !== null && (CURRENT_STATUSES as readonly string[]).includes(s);

/** Whole months between two ISO dates, counted like a birthday (a month ends on the same day number). */
export function monthsBetween(from: string, to: string): number {
  const n = (d: string, start: number, len: number) => Number(d.slice(start, start + len));
  const days = to.slice(8, 10) < from.slice(8, 10) ? 1 : 0;
  return (n(to, 0, 4) - n(from, 0, 4)) * 12 + (n(to, 5, 2) - n(from, 5, 2)) - days;
}

export function groupCodes(groups: string): string[] {
  try {
    const codes = JSON.parse(groups) as unknown;
    return Array.isArray(codes) && codes.length > 0 ? [...new Set(codes.map(String))] : ['none'];
  } catch {
    return ['none'];
  }
}

/** The (dimension, key) cells of one person; each at most once. */
export function contributions(p: PersonStatState): Array<[string, string]> {
  if (p.merged_into !== null) return [];
  const out: Array<[string, string]> = [['status', p.current_status ?? 'unknown']];
  const current = isCurrent(p.current_status);
  for (const scope of current ? ['all', 'current'] : ['all']) {
    out.push([`region:${scope}`, p.region ?? 'unknown']);
    out.push([`gender:${scope}`, p.gender ?? 'unknown']);
    for (const g of groupCodes(p.groups)) out.push([`group:${scope}`, g]);
    for (const a of new Set(p.articles)) out.push([`article:${scope}`, a]);
    for (const f of new Set(p.facilities)) out.push([`facility:${scope}`, f]);
  }
  if (p.recognised_on) out.push(['recognised', p.recognised_on.slice(0, 7)]);
  const releases = new Set(
    p.releases
      .filter((e) => e.status.startsWith('released'))
      .map((e) => `${e.occurred_on.slice(0, 7)}|${e.status}`),
  );
  for (const r of releases) out.push(['released', r]);
  const first = p.detained.length > 0 ? p.detained.reduce((a, b) => (b < a ? b : a)) : null;
  if (first && current) out.push(['served:current', first]);
  if (first && p.current_status?.startsWith('released') && p.current_status_on)
    out.push(['served:released', String(monthsBetween(first, p.current_status_on))]);
  return out;
}

/** Adds (sign +1) or removes (sign -1) the contributions of the given persons. */
export function addContributions(into: CellCounts, states: Iterable<PersonStatState>, sign: 1 | -1): void {
  for (const p of states) {
    const pub = p.tier === 'public' ? 1 : 0;
    for (const [dimension, key] of contributions(p)) {
      const id = dimension + SEP + key;
      const cell = into.get(id) ?? { dimension, key, persons: 0, publicPersons: 0 };
      cell.persons += sign;
      cell.publicPersons += sign * pub;
      into.set(id, cell);
    }
  }
}

/**
 * The non-zero changes, sorted by (dimension, key): concurrent writers then take the row locks of the
 * cells they change in the same order, so two of them cannot deadlock on each other's cells.
 */
export function nonZero(cells: CellCounts): CellDelta[] {
  return [...cells.values()]
    .filter((c) => c.persons !== 0 || c.publicPersons !== 0)
    .sort((a, b) =>
      a.dimension === b.dimension
        ? a.key < b.key
          ? -1
          : a.key > b.key
            ? 1
            : 0
        : a.dimension < b.dimension
          ? -1
          : 1,
    );
}

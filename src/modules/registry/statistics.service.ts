import { can, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { monthsBetween } from './stat-cells';
import { StatisticsRepository, type Cell, type Scope } from './statistics.repository';

/**
 * Registry statistics over every tier (sealed included): aggregates name nobody, and people who asked not
 * to be listed must still be counted. Staff see exact numbers; the public page applies suppressSmallCells.
 */
export interface TimeServed {
  persons: number;
  publicPersons: number;
  medianMonths: number | null;
  meanMonths: number | null;
}
export interface RegistryStatistics {
  generatedAt: string;
  scope: Scope;
  currentCount: Cell;
  byStatus: Cell[];
  recognitionsPerMonth: Cell[];
  releasesPerMonth: Array<Cell & { kind: string }>;
  timeServed: { current: TimeServed; released: TimeServed };
  byArticle: Cell[];
  byRegion: Cell[];
  byGender: Cell[];
  byGroup: Cell[];
  byFacility: Cell[];
}

/** Below this, a cell made only of non-public persons is not shown on the public page. */
export const PUBLIC_MIN_CELL = 5;

const byCountDesc = (a: Cell, b: Cell): number => b.count - a.count || a.key.localeCompare(b.key);

function summarise(hist: Array<{ months: number; n: number; pub: number }>): TimeServed {
  const persons = hist.reduce((s, h) => s + h.n, 0);
  const publicPersons = hist.reduce((s, h) => s + h.pub, 0);
  if (persons === 0) return { persons, publicPersons, medianMonths: null, meanMonths: null };
  const at = (k: number): number => {
    let seen = 0;
    for (const h of hist) {
      seen += h.n;
      if (seen > k) return h.months;
    }
    return hist[hist.length - 1]!.months;
  };
  const median = persons % 2 === 1 ? at((persons - 1) / 2) : (at(persons / 2 - 1) + at(persons / 2)) / 2;
  const mean = hist.reduce((s, h) => s + h.months * h.n, 0) / persons;
  return { persons, publicPersons, medianMonths: median, meanMonths: Math.round(mean * 10) / 10 };
}

/**
 * Results are reused until the audit chain moves: every write to the registry (create, update, delete,
 * merge, import) appends an audit entry in its own transaction, so an unchanged audit head means unchanged
 * data. Reads of confidential records also append entries; that only costs a recomputation.
 */
const cache = new WeakMap<DB, Map<string, { seq: number; value: RegistryStatistics }>>();

export class StatisticsService {
  private readonly repo: StatisticsRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new StatisticsRepository();
  }

  private async auditSeq(): Promise<number> {
    const head = await this.ctx.db
      .selectFrom('audit_head')
      .select('seq')
      .where('id', '=', 1)
      .executeTakeFirst();
    return Number(head?.seq ?? 0);
  }

  /** Staff statistics: any signed-in role with aggregates:read (the analyst included). */
  async forActor(actor: Actor, scope: Scope = 'current'): Promise<RegistryStatistics> {
    if (!can(actor, 'aggregates:read')) throw new AppError('FORBIDDEN');
    return this.compute(scope);
  }

  async compute(scope: Scope = 'current', today = nowIso().slice(0, 10)): Promise<RegistryStatistics> {
    const seq = await this.auditSeq();
    const key = `${scope}|${today}`;
    const entries = cache.get(this.ctx.db) ?? new Map<string, { seq: number; value: RegistryStatistics }>();
    cache.set(this.ctx.db, entries);
    const hit = entries.get(key);
    if (hit && hit.seq === seq) return hit.value;
    const value = await this.computeFresh(scope, today);
    entries.set(key, { seq, value });
    return value;
  }

  /**
   * Straight from the database, no cache (tests and the benchmark's cold figure): one read of the
   * maintained cells (stat-cells.ts), shaped here. Time served of current prisoners depends on `today`,
   * so those cells hold first-detention dates and the months are counted now.
   */
  async computeFresh(scope: Scope, today: string): Promise<RegistryStatistics> {
    const dims = await this.repo.cellsByDimension(this.ctx.db);
    const cells = (dimension: string): Cell[] =>
      (dims.get(dimension) ?? []).map((r) => ({
        key: r.key,
        count: Number(r.persons),
        publicCount: Number(r.public_persons),
      }));
    const byStatus = cells('status');
    const current = byStatus.filter((c) => c.key === 'detained' || c.key === 'sentenced');
    const byKey = (a: Cell, b: Cell): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const releases = cells('released')
      .map((c) => {
        const [month, status] = c.key.split('|') as [string, string];
        return { ...c, key: month, status };
      })
      .sort((a, b) => byKey(a, b) || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0))
      .map(({ status, ...c }) => ({ ...c, kind: status.replace(/^released_/, '') }));
    return {
      generatedAt: nowIso(),
      scope,
      currentCount: {
        key: 'current',
        count: current.reduce((s, c) => s + c.count, 0),
        publicCount: current.reduce((s, c) => s + c.publicCount, 0),
      },
      byStatus: byStatus.sort(byCountDesc),
      recognitionsPerMonth: cells('recognised').sort(byKey),
      releasesPerMonth: releases,
      timeServed: {
        current: summarise(histogram(cells('served:current'), (since) => monthsBetween(since, today))),
        released: summarise(histogram(cells('served:released'), Number)),
      },
      byArticle: cells(`article:${scope}`).sort(byCountDesc),
      byRegion: cells(`region:${scope}`).sort(byCountDesc),
      byGender: cells(`gender:${scope}`).sort(byCountDesc),
      byGroup: cells(`group:${scope}`).sort(byCountDesc),
      byFacility: cells(`facility:${scope}`).sort(byCountDesc),
    };
  }
}

/** Months (never below 0) → persons, in ascending months, from cells keyed by what gives the months. */
function histogram(
  cells: readonly Cell[],
  months: (key: string) => number,
): Array<{ months: number; n: number; pub: number }> {
  const by = new Map<number, { months: number; n: number; pub: number }>();
  for (const c of cells) {
    const m = Math.max(0, months(c.key));
    const h = by.get(m) ?? { months: m, n: 0, pub: 0 };
    h.n += c.count;
    h.pub += c.publicCount;
    by.set(m, h);
  }
  return [...by.values()].sort((a, b) => a.months - b.months);
}

/**
 * The public page's rule: a cell with fewer than PUBLIC_MIN_CELL persons, none of whom consented to
 * publication, is replaced by null ("fewer than 5"), so a handful of unlisted people cannot be singled
 * out by region, facility or article. Cells containing a public person are shown exactly: that person is
 * listed anyway. (No complementary suppression: totals are published, so a single suppressed cell in a
 * distribution can be inferred by subtraction; the risk accepted is knowing a count, never an identity.)
 */
export function suppressSmallCell(cell: Cell): number | null {
  return cell.count < PUBLIC_MIN_CELL && cell.publicCount === 0 && cell.count > 0 ? null : cell.count;
}

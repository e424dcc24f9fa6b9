import { can, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
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
    this.repo = new StatisticsRepository(ctx.engine);
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

  /** Straight from the database, no cache (tests and the benchmark's cold figure). */
  async computeFresh(scope: Scope, today: string): Promise<RegistryStatistics> {
    const db = this.ctx.db;
    const byStatus = await this.repo.byPersonColumn(db, 'current_status', 'all');
    const current = byStatus.filter((c) => c.key === 'detained' || c.key === 'sentenced');
    const groupsRaw = await this.repo.byPersonColumn(db, 'groups', scope);
    // Groups are stored as a JSON array per person; explode the (few) distinct combinations here.
    const groups = new Map<string, Cell>();
    for (const cell of groupsRaw) {
      let codes: string[] = [];
      try {
        codes = JSON.parse(cell.key) as string[];
      } catch {
        codes = [];
      }
      for (const code of codes.length > 0 ? codes : ['none']) {
        const c = groups.get(code) ?? { key: code, count: 0, publicCount: 0 };
        c.count += cell.count;
        c.publicCount += cell.publicCount;
        groups.set(code, c);
      }
    }
    return {
      generatedAt: nowIso(),
      scope,
      currentCount: {
        key: 'current',
        count: current.reduce((s, c) => s + c.count, 0),
        publicCount: current.reduce((s, c) => s + c.publicCount, 0),
      },
      byStatus: byStatus.sort(byCountDesc),
      recognitionsPerMonth: await this.repo.recognitionsPerMonth(db),
      releasesPerMonth: (await this.repo.releasesPerMonth(db)).map((c) => ({
        ...c,
        kind: c.kind ?? 'other',
      })),
      timeServed: {
        current: summarise(await this.repo.timeServedHistogram(db, 'current', today)),
        released: summarise(await this.repo.timeServedHistogram(db, 'released', today)),
      },
      byArticle: (await this.repo.byArticle(db, scope)).sort(byCountDesc),
      byRegion: (await this.repo.byPersonColumn(db, 'region', scope)).sort(byCountDesc),
      byGender: (await this.repo.byPersonColumn(db, 'gender', scope)).sort(byCountDesc),
      byGroup: [...groups.values()].sort(byCountDesc),
      byFacility: (await this.repo.byFacility(db, scope)).sort(byCountDesc),
    };
  }
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

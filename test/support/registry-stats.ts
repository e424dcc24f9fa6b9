import type { DB } from '../../src/core/db/database';
import type { RegistryStatistics } from '../../src/modules/registry/statistics.service';

/**
 * Registry statistics recomputed the plain way, straight from the rows (no maintained cells), and the
 * service's statistics in the same comparable shape. Every tier counts; merged-away persons do not.
 */
type Cells = Record<string, { count: number; publicCount: number }>;
const toCells = (list: ReadonlyArray<{ key: string; count: number; publicCount: number; kind?: string }>) =>
  Object.fromEntries<Cells[string]>(
    list.map((c) => [c.kind ? `${c.key}|${c.kind}` : c.key, { count: c.count, publicCount: c.publicCount }]),
  );

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

function served(months: number[], pub: number) {
  const sorted = months.map((m) => Math.max(0, m)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { persons: 0, publicPersons: pub, medianMonths: null, meanMonths: null };
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const mean = Math.round((sorted.reduce((s, m) => s + m, 0) / n) * 10) / 10;
  return { persons: n, publicPersons: pub, medianMonths: median, meanMonths: mean };
}

/** The statistics computed the straightforward way from the registry rows. */
export async function recomputeStatistics(db: DB, scope: 'current' | 'all', today: string) {
  const persons = (await db.selectFrom('persons').selectAll().execute()).filter(
    (p) => p.merged_into === null,
  );
  const cases = await db.selectFrom('cases').selectAll().execute();
  const articles = await db.selectFrom('case_articles').selectAll().execute();
  const events = await db.selectFrom('status_events').selectAll().execute();
  const recognitions = await db.selectFrom('recognitions').selectAll().execute();
  const out = {
    byStatus: {} as Cells,
    byRegion: {} as Cells,
    byGender: {} as Cells,
    byGroup: {} as Cells,
    byArticle: {} as Cells,
    byFacility: {} as Cells,
    recognitionsPerMonth: {} as Cells,
    releasesPerMonth: {} as Cells,
  };
  const add = (cells: Cells, key: string, pub: boolean) => {
    const c = (cells[key] ??= { count: 0, publicCount: 0 });
    c.count++;
    if (pub) c.publicCount++;
  };
  const servedCurrent: number[] = [];
  const servedReleased: number[] = [];
  let servedCurrentPub = 0;
  let servedReleasedPub = 0;
  let current = 0;
  let currentPub = 0;
  for (const p of persons) {
    const pub = p.tier === 'public';
    const isCurrent = p.current_status === 'detained' || p.current_status === 'sentenced';
    add(out.byStatus, p.current_status ?? 'unknown', pub);
    if (isCurrent) {
      current++;
      if (pub) currentPub++;
    }
    const mine = cases.filter((c) => c.person_id === p.id);
    if (scope === 'all' || isCurrent) {
      add(out.byRegion, p.region ?? 'unknown', pub);
      add(out.byGender, p.gender ?? 'unknown', pub);
      const groups = JSON.parse(p.groups) as string[];
      for (const g of groups.length > 0 ? new Set(groups) : ['none']) add(out.byGroup, g, pub);
      const arts = new Set(
        articles.filter((a) => mine.some((c) => c.id === a.case_id)).map((a) => a.article),
      );
      for (const a of arts) add(out.byArticle, a, pub);
      for (const f of new Set(mine.map((c) => c.facility).filter((f) => f !== null)))
        add(out.byFacility, f, pub);
    }
    const firstRecognition = recognitions
      .filter((r) => r.person_id === p.id)
      .map((r) => r.recognised_on)
      .sort()[0];
    if (firstRecognition) add(out.recognitionsPerMonth, firstRecognition.slice(0, 7), pub);
    const releases = new Set(
      events
        .filter((e) => e.person_id === p.id && e.status.startsWith('released'))
        .map((e) => `${e.occurred_on.slice(0, 7)}|${e.status.replace(/^released_/, '')}`),
    );
    for (const r of releases) add(out.releasesPerMonth, r, pub);
    const first = mine
      .map((c) => c.detained_on)
      .filter((d) => d !== null)
      .sort()[0];
    if (first && isCurrent) {
      servedCurrent.push(monthsBetween(first, today));
      if (pub) servedCurrentPub++;
    }
    if (first && p.current_status?.startsWith('released') && p.current_status_on) {
      servedReleased.push(monthsBetween(first, p.current_status_on));
      if (pub) servedReleasedPub++;
    }
  }
  return {
    currentCount: { count: current, publicCount: currentPub },
    ...out,
    timeServed: {
      current: served(servedCurrent, servedCurrentPub),
      released: served(servedReleased, servedReleasedPub),
    },
  };
}

export function statisticsShape(s: RegistryStatistics) {
  return {
    currentCount: { count: s.currentCount.count, publicCount: s.currentCount.publicCount },
    byStatus: toCells(s.byStatus),
    byRegion: toCells(s.byRegion),
    byGender: toCells(s.byGender),
    byGroup: toCells(s.byGroup),
    byArticle: toCells(s.byArticle),
    byFacility: toCells(s.byFacility),
    recognitionsPerMonth: toCells(s.recognitionsPerMonth),
    releasesPerMonth: toCells(s.releasesPerMonth),
    timeServed: s.timeServed,
  };
}

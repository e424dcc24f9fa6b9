import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { requirePermission } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import type { PublishedFiguresTable } from '../../core/db/schema-registry';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService, type RegistryStatistics } from './statistics.service';

const cell = z.object({ key: z.string(), count: z.number() });
const timeServed = z.object({
  persons: z.number(),
  medianMonths: z.number().nullable(),
  meanMonths: z.number().nullable(),
});
export const statisticsView = z.object({
  generatedAt: z.string(),
  scope: z.enum(['current', 'all']),
  currentCount: z.number(),
  byStatus: z.array(cell),
  recognitionsPerMonth: z.array(cell),
  releasesPerMonth: z.array(cell.extend({ kind: z.string() })),
  timeServed: z.object({ current: timeServed, released: timeServed }),
  byArticle: z.array(cell),
  byRegion: z.array(cell),
  byGender: z.array(cell),
  byGroup: z.array(cell),
  byFacility: z.array(cell),
});
export type StatisticsView = z.infer<typeof statisticsView>;
const statisticsQuery = z.object({ scope: z.enum(['current', 'all']).default('current') });

export const publishedFigureView = z.object({
  asOf: z.string(),
  metric: z.string(),
  valueText: z.string(),
  value: z.number().nullable(),
  sourceOrg: z.string(),
  sourceUrl: z.string(),
  quote: z.string().nullable(),
});
const figuresQuery = z.object({ metric: z.string().trim().max(100).optional() });

/** Staff view: exact numbers (no public-page suppression); the per-cell public counts are dropped. */
export function presentStatistics(s: RegistryStatistics): StatisticsView {
  const c = (x: { key: string; count: number }) => ({ key: x.key, count: x.count });
  const t = (x: RegistryStatistics['timeServed']['current']) => ({
    persons: x.persons,
    medianMonths: x.medianMonths,
    meanMonths: x.meanMonths,
  });
  return {
    generatedAt: s.generatedAt,
    scope: s.scope,
    currentCount: s.currentCount.count,
    byStatus: s.byStatus.map(c),
    recognitionsPerMonth: s.recognitionsPerMonth.map(c),
    releasesPerMonth: s.releasesPerMonth.map((x) => ({ ...c(x), kind: x.kind })),
    timeServed: { current: t(s.timeServed.current), released: t(s.timeServed.released) },
    byArticle: s.byArticle.map(c),
    byRegion: s.byRegion.map(c),
    byGender: s.byGender.map(c),
    byGroup: s.byGroup.map(c),
    byFacility: s.byFacility.map(c),
  };
}

export const presentFigure = (r: PublishedFiguresTable) => ({
  asOf: r.as_of,
  metric: r.metric,
  valueText: r.value_text,
  value: r.value,
  sourceOrg: r.source_org,
  sourceUrl: r.source_url,
  quote: r.quote,
});

/** A spreadsheet must never run a cell as a formula: such cells get a leading apostrophe. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function statisticsCsv(v: StatisticsView): string {
  const rows: Array<Array<string | number | null>> = [['section', 'key', 'kind', 'value']];
  rows.push(['current_count', 'current', '', v.currentCount]);
  for (const [which, t] of Object.entries(v.timeServed)) {
    rows.push([`time_served_${which}`, 'persons', '', t.persons]);
    rows.push([`time_served_${which}`, 'median_months', '', t.medianMonths]);
    rows.push([`time_served_${which}`, 'mean_months', '', t.meanMonths]);
  }
  const sections: Array<[string, Array<{ key: string; count: number; kind?: string }>]> = [
    ['by_status', v.byStatus],
    ['recognitions_per_month', v.recognitionsPerMonth],
    ['releases_per_month', v.releasesPerMonth],
    ['by_article', v.byArticle],
    ['by_region', v.byRegion],
    ['by_gender', v.byGender],
    ['by_group', v.byGroup],
    ['by_facility', v.byFacility],
  ];
  for (const [name, list] of sections) for (const x of list) rows.push([name, x.key, x.kind ?? '', x.count]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function registerStatisticsRoutes(app: App, ctx: AppContext): void {
  const service = new StatisticsService(ctx);
  const repo = new StatisticsRepository();
  const config = { access: 'session' as const };
  const tags = ['registry'];

  app.get(
    '/api/v1/registry/statistics',
    { config, schema: { tags, querystring: statisticsQuery, response: { 200: statisticsView } } },
    async (req) =>
      presentStatistics(await service.forActor(requirePermission(req, 'aggregates:read'), req.query.scope)),
  );

  app.get(
    '/api/v1/registry/statistics.csv',
    {
      config,
      schema: {
        tags,
        querystring: statisticsQuery,
        response: { 200: z.string().describe('CSV (RFC 4180, UTF-8)') },
      },
    },
    async (req, reply) => {
      const stats = await service.forActor(requirePermission(req, 'aggregates:read'), req.query.scope);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="registry-statistics.csv"')
        .send(statisticsCsv(presentStatistics(stats)));
    },
  );

  app.get(
    '/api/v1/registry/published-figures',
    {
      config,
      schema: {
        tags,
        querystring: figuresQuery,
        response: { 200: z.object({ items: z.array(publishedFigureView) }) },
      },
    },
    async (req) => {
      requirePermission(req, 'aggregates:read');
      return { items: (await repo.listFigures(ctx.db, req.query.metric)).map(presentFigure) };
    },
  );
}

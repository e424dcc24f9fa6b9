import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { parseCsv } from '../../names/csv';
import { StatisticsRepository } from './statistics.repository';

/**
 * Published counts of political prisoners (../shared/data/prisoners/political-prisoners-timeline.csv):
 * each row keeps its wording ("value_text", e.g. ">=1348") and its public source, cited wherever shown.
 */
const HEADER = ['as_of', 'metric', 'value', 'source_org', 'source_url'] as const;

/** ">1200" → 1200, ">=1348" → 1348, "1,446" → 1446; text that holds no single number → null. */
export function parseFigureValue(text: string): number | null {
  const m = /^\s*(?:>=|<=|>|<|~|≈|≥|≤)?\s*(\d[\d,\s]*)\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]!.replace(/[,\s]/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

export interface FigureImportResult {
  rows: number;
  inserted: number;
  updated: number;
}

export async function importPublishedFigures(ctx: AppContext, csvText: string): Promise<FigureImportResult> {
  const { rows, lines } = parseCsv(csvText);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const col = Object.fromEntries(HEADER.map((h) => [h, header.indexOf(h)])) as Record<
    (typeof HEADER)[number],
    number
  >;
  const quoteCol = header.findIndex((h) => h.startsWith('quote'));
  const missing = HEADER.filter((h) => col[h] < 0);
  if (missing.length > 0) throw new AppError('BAD_INPUT', `Missing columns: ${missing.join(', ')}.`);
  const data = rows
    .slice(1)
    .map((r, i) => ({ r, line: lines[i + 1] ?? i + 2 }))
    .filter(({ r }) => r.some((c) => c.trim() !== ''));
  const repo = new StatisticsRepository();
  const result: FigureImportResult = { rows: data.length, inserted: 0, updated: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    for (const { r, line } of data) {
      const get = (k: (typeof HEADER)[number]): string => (r[col[k]] ?? '').trim();
      if (!get('as_of') || !get('metric') || !get('value') || !get('source_org') || !get('source_url'))
        throw new AppError('BAD_INPUT', `Line ${line}: a required value is empty.`);
      const outcome = await repo.upsertFigure(trx, {
        id: randomUUID(),
        as_of: get('as_of'),
        metric: get('metric'),
        value_text: get('value'),
        value: parseFigureValue(get('value')),
        source_org: get('source_org'),
        source_url: get('source_url'),
        quote: quoteCol >= 0 ? (r[quoteCol] ?? '').trim() || null : null,
      });
      result[outcome] += 1;
    }
    await ctx.audit.append(trx, {
      actorId: null,
      action: 'published_figures.import',
      entityType: 'published_figure',
      tier: 'public',
      detail: { ...result },
    });
  });
  return result;
}

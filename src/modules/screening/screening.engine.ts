import { NameIndex, type Candidate, type Schema } from '../../names';
import type { ScreenCandidate, ScreenInput, ScreenResult, ScreenTarget } from './screening.types';

/**
 * Screening without I/O: an in-memory NameIndex over every name and alias of the targets, and the
 * per-row search that both `supolka screen` and POST /api/v1/screen use, so the two give identical
 * answers for identical targets.
 */

/** Below this a candidate is not worth a reviewer's time: the scorer caps names without a common surname at 0.5. */
export const DEFAULT_MIN_SCORE = 0.5;
export const DEFAULT_TOP = 10;
export const MAX_TOP = 100;

/** FollowTheMoney schema → the matcher's two schemas (vessels and aircraft are named like organisations). */
export function matcherSchema(schema: string | undefined): Schema {
  return (schema ?? '').trim().toLowerCase() === 'person' || !schema?.trim() ? 'Person' : 'Organization';
}

export class ScreeningIndex {
  readonly index = new NameIndex();
  private readonly datasets = new Map<string, string[]>();
  private targetCount = 0;

  get size(): number {
    return this.targetCount;
  }

  add(t: ScreenTarget): void {
    const names = t.names.filter((n) => n.trim().length > 0);
    if (names.length === 0) return;
    // One entity id may come from several files (the same FtM entity twice): merge its datasets.
    const prev = this.datasets.get(t.id);
    this.datasets.set(t.id, prev ? [...new Set([...prev, ...t.datasets])] : [...t.datasets]);
    this.index.add(t.id, names, {
      schema: matcherSchema(t.schema),
      birthDates: t.birthDates,
      countries: t.countries,
    });
    this.targetCount++;
  }

  static async build(targets: AsyncIterable<ScreenTarget> | Iterable<ScreenTarget>): Promise<ScreeningIndex> {
    const idx = new ScreeningIndex();
    for await (const t of targets) idx.add(t);
    idx.index.freeze();
    return idx;
  }

  screen(input: ScreenInput, opts: { top?: number; minScore?: number } = {}): ScreenResult {
    const q = this.queryOf(input, opts.top);
    if (!q) return { input, candidates: [] };
    return this.finish(input, this.index.search(q.name, q), opts.minScore);
  }

  /** The index query for one input row (undefined for a row without a name). */
  queryOf(
    input: ScreenInput,
    top?: number,
  ):
    | { name: string; top: number; schema: Schema; meta: { birthDate?: string; country?: string } }
    | undefined {
    const name = (input.name ?? '').trim();
    if (!name) return undefined;
    return {
      name,
      top: Math.min(MAX_TOP, Math.max(1, top ?? DEFAULT_TOP)),
      schema: matcherSchema(input.schema),
      meta: {
        ...(input.birthDate?.trim() ? { birthDate: input.birthDate.trim() } : {}),
        ...(input.country?.trim() ? { country: input.country.trim() } : {}),
      },
    };
  }

  /** Index hits → the row's result (score floor, datasets); also used on hits from worker threads. */
  finish(input: ScreenInput, found: readonly Candidate[], minScore = DEFAULT_MIN_SCORE): ScreenResult {
    const candidates: ScreenCandidate[] = found
      .filter((c) => c.score >= minScore)
      .map((c) => ({
        id: c.id,
        name: c.name,
        score: c.score,
        datasets: this.datasets.get(c.id) ?? [],
        explanation: c.explanation,
      }));
    return { input, candidates };
  }
}

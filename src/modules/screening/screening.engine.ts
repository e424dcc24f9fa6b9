import { NameIndex, type Schema } from '../../names';
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
    const top = Math.min(MAX_TOP, Math.max(1, opts.top ?? DEFAULT_TOP));
    const minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
    const name = (input.name ?? '').trim();
    if (!name) return { input, candidates: [] };
    const found = this.index.search(name, {
      top,
      schema: matcherSchema(input.schema),
      meta: {
        ...(input.birthDate?.trim() ? { birthDate: input.birthDate.trim() } : {}),
        ...(input.country?.trim() ? { country: input.country.trim() } : {}),
      },
    });
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

import { describe, expect, it } from 'vitest';
import { ScreeningIndex } from '../../src/modules/screening/screening.engine';
import type { ScreenInput, ScreenTarget } from '../../src/modules/screening/screening.types';
import { ScreenPool } from '../../src/names/screen-batch';

/** FICTIONAL namesakes (invented surname): one query finds all of them, more than the `top` asked for. */
const GIVEN = ['Ales', 'Ivan', 'Pavel', 'Siarhei', 'Andrei', 'Dzmitry', 'Mikalai', 'Viktar'];
const TARGETS: ScreenTarget[] = GIVEN.map((g, i) => ({
  id: `pool-fict-${i}`,
  schema: 'Person',
  names: [`${g} Plimmutsky`],
  datasets: ['test_fictional_pool'],
  birthDates: [],
  countries: [],
}));

describe('screening on worker threads', () => {
  it('returns at most the per-row top, exactly as the in-process search does', async () => {
    const index = await ScreeningIndex.build(TARGETS);
    const inputs: ScreenInput[] = [
      { name: 'Plimmutsky' },
      { name: 'Ales Plimmutsky' },
      { name: 'Плімуцкі Віктар' },
    ];
    const top = 2;
    const queries = inputs.map((input) => index.queryOf(input, top)!);
    const inProcess = queries.map((q) => index.index.search(q.name, q));
    // Sanity: without the cap the index has more than `top` candidates for these rows.
    expect(index.index.search('Plimmutsky').length).toBeGreaterThan(top);
    const pool = ScreenPool.open(index.index, 1);
    try {
      // No batch-wide SearchOptions: the rows' own `top` (what `supolka screen` builds per row) must hold.
      const pooled = await pool.run(queries);
      expect(pooled.map((c) => c.length)).toEqual(inProcess.map((c) => c.length));
      expect(pooled.every((c) => c.length <= top)).toBe(true);
      expect(pooled).toEqual(inProcess);
    } finally {
      await pool.close();
    }
  });
});

import type { DB } from '../../core/db/database';
import type { AppContext } from '../../core/context';
import { loadScreeningTargets, screeningTargetsVersion } from '../sanctions/sanctions.screening-source';
import { ScreeningIndex } from './screening.engine';
import type { ScreenBody, ScreenResponse } from './screening.schema';

/**
 * Screening against the lists imported into the database. The index is built once and kept in memory
 * (per database handle); every request first asks the sanctions module for the version of its target
 * set (screeningTargetsVersion: latest snapshot per dataset + cluster state, three small queries) and
 * rebuilds only when it changed. Concurrent requests share one build. Names are never logged.
 */

interface Cached {
  version: string;
  index: Promise<ScreeningIndex>;
}
const cache = new WeakMap<DB, Cached>();

export async function screeningIndexFor(ctx: Pick<AppContext, 'db' | 'logger'>): Promise<{
  version: string;
  index: ScreeningIndex;
}> {
  const version = await screeningTargetsVersion(ctx.db);
  let hit = cache.get(ctx.db);
  if (!hit || hit.version !== version) {
    const t0 = Date.now();
    const index = ScreeningIndex.build(loadScreeningTargets(ctx.db)).then((idx) => {
      ctx.logger.info(
        { version, targets: idx.size, names: idx.index.nameCount, ms: Date.now() - t0 },
        'screening index built',
      );
      return idx;
    });
    hit = { version, index };
    cache.set(ctx.db, hit);
    // A failed build must not stay cached.
    index.catch(() => {
      if (cache.get(ctx.db) === hit) cache.delete(ctx.db);
    });
  }
  return { version, index: await hit.index };
}

export async function screenNames(
  ctx: Pick<AppContext, 'db' | 'logger'>,
  body: ScreenBody,
): Promise<ScreenResponse> {
  const { version, index } = await screeningIndexFor(ctx);
  const results = body.names.map((row) => {
    const r = index.screen(row, { top: body.top, minScore: body.minScore });
    const input: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.input)) if (typeof v === 'string') input[k] = v;
    return { input, candidates: r.candidates };
  });
  return { version, targets: index.size, results };
}

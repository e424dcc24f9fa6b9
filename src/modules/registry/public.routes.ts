import { z } from 'zod';
import type { AppContext } from '../../core/context';
import type { App } from '../../core/http/types';
import { PersonsService } from './persons.service';
import { pickLang } from './public.i18n';
import { PUBLIC_CSS, renderPublicPage } from './public.page';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService, type RegistryStatistics } from './statistics.service';

const PAGE_SIZE = 25;
const STATS_TTL_MS = 60_000;
const publicQuery = z.object({
  lang: z.string().max(5).optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * The public read-only page: no sign-in, no JavaScript. Lists only persons whose consent is "public"
 * (visibleTo with no actor) and aggregate figures with the small-cell rule; published figures with sources.
 */
export function registerPublicRoutes(app: App, ctx: AppContext): void {
  const persons = new PersonsService(ctx);
  const stats = new StatisticsService(ctx);
  const figures = new StatisticsRepository();
  const config = { access: 'public' as const };
  // Anyone may load this page: aggregate figures are recomputed at most once a minute, not per request.
  let cached: { at: number; value: Promise<RegistryStatistics> } | undefined;
  const publicStats = (): Promise<RegistryStatistics> => {
    if (!cached || Date.now() - cached.at > STATS_TTL_MS) {
      const value = stats.compute('current');
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };

  app.get('/public', { config, schema: { hide: true, querystring: publicQuery } }, async (req, reply) => {
    const lang = pickLang(req.query.lang, req.headers['accept-language']);
    const q = req.query.q ?? '';
    const list = await persons.list(null, {
      ...(q ? { q } : {}),
      limit: PAGE_SIZE,
      offset: (req.query.page - 1) * PAGE_SIZE,
    });
    const html = renderPublicPage({
      lang,
      q,
      page: req.query.page,
      pageSize: PAGE_SIZE,
      persons: list,
      stats: await publicStats(),
      figures: await figures.listFigures(ctx.db),
    });
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-language', lang)
      .header('vary', 'accept-language')
      .send(html);
  });

  app.get('/public/style.css', { config, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PUBLIC_CSS),
  );
}

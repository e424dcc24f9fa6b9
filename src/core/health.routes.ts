import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from './context';
import { AppError } from './errors';
import type { App } from './http/types';

const healthView = z.object({
  status: z.literal('ok'),
  engine: z.enum(['sqlite', 'postgres']),
  demo: z.boolean(),
});

export function registerHealthRoutes(app: App, ctx: AppContext, demo: () => boolean): void {
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['health'], response: { 200: healthView } } },
    async () => {
      try {
        await sql`select 1`.execute(ctx.db);
      } catch {
        throw new AppError('DATABASE_UNAVAILABLE');
      }
      return { status: 'ok' as const, engine: ctx.engine, demo: demo() };
    },
  );
}

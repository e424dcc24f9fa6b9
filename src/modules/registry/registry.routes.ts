import type { AppContext } from '../../core/context';
import type { App } from '../../core/http/types';
import { registerPersonsRoutes } from './persons.routes';
import { registerPublicRoutes } from './public.routes';
import { registerStatisticsRoutes } from './statistics.routes';

/** Registry core: persons API, statistics API and the public page. */
export function registerRegistryCoreRoutes(app: App, ctx: AppContext): void {
  registerPersonsRoutes(app, ctx);
  registerStatisticsRoutes(app, ctx);
  registerPublicRoutes(app, ctx);
}

import type { AppContext } from '../../core/context';
import type { App } from '../../core/http/types';
import { registerDuplicatesRoutes } from './duplicates.routes';
import { registerExportRoutes } from './export/export.routes';
import { registerImportRoutes } from './import/import.routes';
import { registerHumanitarianRoutes } from './humanitarian.routes';
import { registerReleasesRoutes } from './releases.routes';

/** Registry data management: import, export, duplicates and merges, releases and humanitarian lists. */
export function registerRegistryDataRoutes(app: App, ctx: AppContext): void {
  registerImportRoutes(app, ctx);
  registerDuplicatesRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerReleasesRoutes(app, ctx);
  registerHumanitarianRoutes(app, ctx);
}

import { registerAuditRoutes } from './core/audit/audit.routes';
import { registerAuthRoutes } from './core/auth/auth.routes';
import type { AuthService } from './core/auth/auth.service';
import type { AppContext } from './core/context';
import { registerHealthRoutes } from './core/health.routes';
import type { App } from './core/http/types';
import { registerSourcesRoutes } from './modules/sources/sources.routes';
import { registerRegistryCoreRoutes } from './modules/registry/registry.routes';
import { registerRegistryDataRoutes } from './modules/registry/registry-data.routes';
import { registerAccountabilityRoutes } from './modules/accountability/accountability.routes';
import { registerEvidenceRoutes } from './modules/evidence/evidence.routes';
import { registerIntakeRoutes } from './modules/intake/intake.routes';
import { registerSanctionsRoutes } from './modules/sanctions/sanctions.routes';
import { registerScreeningRoutes } from './modules/screening/screening.routes';

/** Every module's routes, in one list: adding a module means adding one line here. */
export function registerRoutes(app: App, ctx: AppContext, auth: AuthService, state: { demo: boolean }): void {
  registerHealthRoutes(app, ctx, () => state.demo);
  registerAuthRoutes(app, ctx, auth);
  registerAuditRoutes(app, ctx);
  registerSourcesRoutes(app, ctx);
  registerRegistryCoreRoutes(app, ctx);
  registerRegistryDataRoutes(app, ctx);
  registerAccountabilityRoutes(app, ctx);
  registerEvidenceRoutes(app, ctx);
  registerIntakeRoutes(app, ctx);
  registerSanctionsRoutes(app, ctx);
  registerScreeningRoutes(app, ctx);
}

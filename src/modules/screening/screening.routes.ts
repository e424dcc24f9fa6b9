import type { AppContext } from '../../core/context';
import { requirePermission } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { screenBody, screenResponse } from './screening.schema';
import { screenNames } from './screening.service';

/**
 * POST /api/v1/screen: screens up to 1000 names against the imported sanctions lists. Session only;
 * permission sanctions:read, the permission that reads those lists (every staff role, analyst included:
 * the answer holds list data about listed persons and bodies, never a registry record). Body
 * {"names":[{"name", "schema"?, "birthDate"?, "country"?, …}], "top"?, "minScore"?}; response
 * {"version","targets","results":[{"input":{…},"candidates":[{"id","name","score","datasets","explanation"}]}]},
 * the same result objects as the lines of `supolka screen`. A POST (not GET) because the names are
 * personal data and must not end up in URLs and access logs.
 */
export function registerScreeningRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/api/v1/screen',
    {
      config: { access: 'session' },
      schema: { tags: ['screening'], body: screenBody, response: { 200: screenResponse } },
    },
    async (req) => {
      requirePermission(req, 'sanctions:read');
      return screenNames(ctx, req.body);
    },
  );
}

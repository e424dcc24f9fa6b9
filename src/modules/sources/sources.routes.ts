import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { okView } from '../../core/auth/auth.schema';
import {
  createSourceBody,
  grantBody,
  listSourcesQuery,
  sourceIdParams,
  sourceListView,
  sourceStatsView,
  sourceView,
  updateSourceBody,
} from './sources.schema';
import { SourcesService } from './sources.service';

export function registerSourcesRoutes(app: App, ctx: AppContext): void {
  const service = new SourcesService(ctx);
  const session = { access: 'session' as const };
  const tags = ['sources'];

  app.get(
    '/api/v1/sources',
    { config: session, schema: { tags, querystring: listSourcesQuery, response: { 200: sourceListView } } },
    async (req) => service.list(requireSession(req).actor, req.query),
  );

  app.get(
    '/api/v1/sources/stats',
    { config: session, schema: { tags, response: { 200: sourceStatsView } } },
    async (req) => {
      const { byTier, total } = await service.stats(requireSession(req).actor);
      return {
        total,
        byTier: {
          public: byTier.public ?? 0,
          internal: byTier.internal ?? 0,
          confidential: byTier.confidential ?? 0,
          sealed: byTier.sealed ?? 0,
        },
      };
    },
  );

  app.get(
    '/api/v1/sources/:id',
    { config: session, schema: { tags, params: sourceIdParams, response: { 200: sourceView } } },
    async (req) => service.get(requireSession(req).actor, req.params.id),
  );

  app.post(
    '/api/v1/sources',
    { config: session, schema: { tags, body: createSourceBody, response: { 201: sourceView } } },
    async (req, reply) => {
      const actor = requirePermission(req, 'records:write');
      return reply.status(201).send(await service.create(actor, req.body));
    },
  );

  app.patch(
    '/api/v1/sources/:id',
    {
      config: session,
      schema: { tags, params: sourceIdParams, body: updateSourceBody, response: { 200: sourceView } },
    },
    async (req) => service.update(requireSession(req).actor, req.params.id, req.body),
  );

  app.delete(
    '/api/v1/sources/:id',
    { config: session, schema: { tags, params: sourceIdParams, response: { 200: okView } } },
    async (req) => {
      await service.remove(requireSession(req).actor, req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/sources/:id/grants',
    { config: session, schema: { tags, params: sourceIdParams, body: grantBody, response: { 200: okView } } },
    async (req) => {
      await service.grant(requireSession(req).actor, req.params.id, req.body.userId);
      return { ok: true as const };
    },
  );
}

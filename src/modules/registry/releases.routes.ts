import { z } from 'zod';
import { okView } from '../../core/auth/auth.schema';
import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { ReleasesService } from './releases.service';
import {
  linkBody,
  releaseEventBody,
  releaseEventListView,
  releaseEventView,
  savedFilterBody,
  savedFilterListView,
  savedFilterView,
  updateReleaseEventBody,
  updateSavedFilterBody,
} from './releases.schema';

/** Release events and saved filters. */
export function registerReleasesRoutes(app: App, ctx: AppContext): void {
  const service = new ReleasesService(ctx);
  const config = { access: 'session' as const };
  const tags = ['registry'];
  const params = z.object({ id: z.uuid() });

  app.get(
    '/api/v1/registry/release-events',
    { config, schema: { tags, response: { 200: releaseEventListView } } },
    async (req) => service.listEvents(requireSession(req).actor),
  );
  app.post(
    '/api/v1/registry/release-events',
    { config, schema: { tags, body: releaseEventBody, response: { 201: releaseEventView } } },
    async (req, reply) =>
      reply.status(201).send(await service.createEvent(requirePermission(req, 'records:write'), req.body)),
  );
  app.patch(
    '/api/v1/registry/release-events/:id',
    { config, schema: { tags, params, body: updateReleaseEventBody, response: { 200: releaseEventView } } },
    async (req) => service.updateEvent(requirePermission(req, 'records:write'), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/registry/release-events/:id',
    { config, schema: { tags, params, response: { 200: okView } } },
    async (req) => {
      await service.deleteEvent(requirePermission(req, 'records:write'), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/registry/release-events/:id/links',
    { config, schema: { tags, params, body: linkBody, response: { 200: z.object({ linked: z.number() }) } } },
    async (req) =>
      service.link(requirePermission(req, 'records:write'), req.params.id, req.body.statusEventIds),
  );

  app.get(
    '/api/v1/registry/saved-filters',
    { config, schema: { tags, response: { 200: savedFilterListView } } },
    async (req) => service.listFilters(requireSession(req).actor),
  );
  app.post(
    '/api/v1/registry/saved-filters',
    { config, schema: { tags, body: savedFilterBody, response: { 201: savedFilterView } } },
    async (req, reply) =>
      reply.status(201).send(await service.createFilter(requirePermission(req, 'records:write'), req.body)),
  );
  app.patch(
    '/api/v1/registry/saved-filters/:id',
    { config, schema: { tags, params, body: updateSavedFilterBody, response: { 200: savedFilterView } } },
    async (req) => service.updateFilter(requirePermission(req, 'records:write'), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/registry/saved-filters/:id',
    { config, schema: { tags, params, response: { 200: okView } } },
    async (req) => {
      await service.deleteFilter(requirePermission(req, 'records:write'), req.params.id);
      return { ok: true as const };
    },
  );
}

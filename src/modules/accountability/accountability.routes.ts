import { okView } from '../../core/auth/auth.schema';
import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import {
  createPerpetratorBody,
  createViolationBody,
  duplicatesView,
  idParams,
  linkBody,
  linkParams,
  listQuery,
  perpetratorListView,
  perpetratorView,
  updatePerpetratorBody,
  updateViolationBody,
  violationListView,
  violationView,
} from './accountability.schema';
import { PerpetratorDuplicates } from './perpetrators.duplicates';
import { PerpetratorsService } from './perpetrators.service';
import { registerUnsanctionedRoutes } from './unsanctioned.routes';
import { ViolationsService } from './violations.service';

/** Perpetrators, their positions and links, violations, and the unsanctioned-perpetrators report. */
export function registerAccountabilityRoutes(app: App, ctx: AppContext): void {
  const perps = new PerpetratorsService(ctx);
  const duplicates = new PerpetratorDuplicates(ctx);
  const violations = new ViolationsService(ctx);
  const config = { access: 'session' as const };
  const tags = ['accountability'];

  app.get(
    '/api/v1/perpetrators',
    { config, schema: { tags, querystring: listQuery, response: { 200: perpetratorListView } } },
    async (req) => perps.list(requireSession(req).actor, req.query),
  );
  app.get(
    '/api/v1/perpetrators/:id',
    { config, schema: { tags, params: idParams, response: { 200: perpetratorView } } },
    async (req) => perps.get(requireSession(req).actor, req.params.id),
  );
  app.post(
    '/api/v1/perpetrators',
    { config, schema: { tags, body: createPerpetratorBody, response: { 201: perpetratorView } } },
    async (req, reply) =>
      reply.status(201).send(await perps.create(requirePermission(req, 'records:write'), req.body)),
  );
  app.patch(
    '/api/v1/perpetrators/:id',
    {
      config,
      schema: { tags, params: idParams, body: updatePerpetratorBody, response: { 200: perpetratorView } },
    },
    async (req) => perps.update(requireSession(req).actor, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/perpetrators/:id',
    { config, schema: { tags, params: idParams, response: { 200: okView } } },
    async (req) => {
      await perps.remove(requireSession(req).actor, req.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/perpetrators/:id/duplicates',
    { config, schema: { tags, params: idParams, response: { 200: duplicatesView } } },
    async (req) => duplicates.find(requireSession(req).actor, req.params.id),
  );
  app.post(
    '/api/v1/perpetrators/:id/links',
    { config, schema: { tags, params: idParams, body: linkBody, response: { 201: perpetratorView } } },
    async (req, reply) =>
      reply.status(201).send(await perps.addLink(requireSession(req).actor, req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/perpetrators/:id/links/:linkId',
    { config, schema: { tags, params: linkParams, response: { 200: okView } } },
    async (req) => {
      await perps.removeLink(requireSession(req).actor, req.params.id, req.params.linkId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/violations',
    { config, schema: { tags, querystring: listQuery, response: { 200: violationListView } } },
    async (req) => violations.list(requireSession(req).actor, req.query),
  );
  app.get(
    '/api/v1/violations/:id',
    { config, schema: { tags, params: idParams, response: { 200: violationView } } },
    async (req) => violations.get(requireSession(req).actor, req.params.id),
  );
  app.post(
    '/api/v1/violations',
    { config, schema: { tags, body: createViolationBody, response: { 201: violationView } } },
    async (req, reply) =>
      reply.status(201).send(await violations.create(requirePermission(req, 'records:write'), req.body)),
  );
  app.patch(
    '/api/v1/violations/:id',
    {
      config,
      schema: { tags, params: idParams, body: updateViolationBody, response: { 200: violationView } },
    },
    async (req) => violations.update(requireSession(req).actor, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/violations/:id',
    { config, schema: { tags, params: idParams, response: { 200: okView } } },
    async (req) => {
      await violations.remove(requireSession(req).actor, req.params.id);
      return { ok: true as const };
    },
  );

  registerUnsanctionedRoutes(app, ctx);
}

import { z } from 'zod';
import { okView } from '../../core/auth/auth.schema';
import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { DuplicatesService } from './duplicates.service';
import { MergeService } from './merge.service';
import { idParams } from './registry.schema';

/** Duplicate candidates, "not a duplicate" decisions, merges and their revert. */
const otherBody = z.object({ otherId: z.uuid() });
const mergeView = z.object({ mergeId: z.string(), survivorId: z.string(), mergedId: z.string() });
const candidatesView = z.object({
  items: z.array(
    z.object({
      personId: z.string(),
      refCode: z.string(),
      score: z.number(),
      explanation: z.array(z.string()),
    }),
  ),
});

export function registerDuplicatesRoutes(app: App, ctx: AppContext): void {
  const duplicates = new DuplicatesService(ctx);
  const merges = new MergeService(ctx);
  const config = { access: 'session' as const };
  const tags = ['registry'];

  app.get(
    '/api/v1/persons/:id/duplicates',
    { config, schema: { tags, params: idParams, response: { 200: candidatesView } } },
    async (req) => duplicates.list(requireSession(req).actor, req.params.id),
  );

  app.post(
    '/api/v1/persons/:id/not-duplicate',
    { config, schema: { tags, params: idParams, body: otherBody, response: { 200: okView } } },
    async (req) => {
      await duplicates.notDuplicate(requirePermission(req, 'records:write'), req.params.id, req.body.otherId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/persons/:id/merge',
    { config, schema: { tags, params: idParams, body: otherBody, response: { 200: mergeView } } },
    async (req) => merges.merge(requirePermission(req, 'records:write'), req.params.id, req.body.otherId),
  );

  app.post(
    '/api/v1/registry/merges/:mergeId/revert',
    { config, schema: { tags, params: z.object({ mergeId: z.uuid() }), response: { 200: mergeView } } },
    async (req) => merges.revert(requirePermission(req, 'records:write'), req.params.mergeId),
  );
}

import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { releaseListCsv, releaseListPdf } from './humanitarian.export';
import { HumanitarianService } from './humanitarian.service';
import { idParams } from './registry.schema';
import { humanitarianFlagsBody, humanitarianFlagsView, releaseListView } from './releases.schema';

/** Humanitarian facts of a person and the release lists built from saved filters (JSON, CSV, PDF). */
export function registerHumanitarianRoutes(app: App, ctx: AppContext): void {
  const service = new HumanitarianService(ctx);
  const config = { access: 'session' as const };
  const tags = ['registry'];

  app.get(
    '/api/v1/persons/:id/humanitarian',
    { config, schema: { tags, params: idParams, response: { 200: humanitarianFlagsView } } },
    async (req) => service.getFlags(requireSession(req).actor, req.params.id),
  );
  app.patch(
    '/api/v1/persons/:id/humanitarian',
    {
      config,
      schema: {
        tags,
        params: idParams,
        body: humanitarianFlagsBody,
        response: { 200: humanitarianFlagsView },
      },
    },
    async (req) => service.setFlags(requirePermission(req, 'records:write'), req.params.id, req.body),
  );

  app.get(
    '/api/v1/registry/saved-filters/:id/list',
    { config, schema: { tags, params: idParams, response: { 200: releaseListView } } },
    async (req) => service.build(requirePermission(req, 'records:read'), req.params.id, 'json'),
  );
  app.get(
    '/api/v1/registry/saved-filters/:id/list.csv',
    {
      config,
      schema: { tags, params: idParams, response: { 200: z.string().describe('CSV with a preamble') } },
    },
    async (req, reply) => {
      const list = await service.build(requirePermission(req, 'records:read'), req.params.id, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="release-list.csv"')
        .send(Buffer.from(releaseListCsv(list), 'utf8') as unknown as string);
    },
  );
  app.get(
    '/api/v1/registry/saved-filters/:id/list.pdf',
    { config, schema: { tags, params: idParams, response: { 200: z.string().describe('PDF document') } } },
    async (req, reply) => {
      const list = await service.build(requirePermission(req, 'records:read'), req.params.id, 'pdf');
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="release-list.pdf"')
        .send((await releaseListPdf(list)) as unknown as string);
    },
  );
}

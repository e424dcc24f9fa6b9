import { z } from 'zod';
import type { AppContext } from '../../../core/context';
import { requirePermission } from '../../../core/http/guards';
import type { App } from '../../../core/http/types';
import { listPersonsQuery } from '../registry.schema';
import { ExportService, type ExportFormat } from './export.service';

/** Exports take the persons list's filters (without paging). */
export const exportQuery = listPersonsQuery.omit({ limit: true, offset: true });

const FORMATS: Array<{ path: string; format: ExportFormat; type: string; file: string; doc: string }> = [
  {
    path: 'export.csv',
    format: 'csv',
    type: 'text/csv; charset=utf-8',
    file: 'registry-export.csv',
    doc: 'CSV (RFC 4180, UTF-8 with BOM)',
  },
  {
    path: 'export.json',
    format: 'json',
    type: 'application/json; charset=utf-8',
    file: 'registry-export.json',
    doc: 'JSON document',
  },
  {
    path: 'export.ftm.jsonl',
    format: 'ftm',
    type: 'application/x-ndjson; charset=utf-8',
    file: 'registry-export.ftm.jsonl',
    doc: 'FollowTheMoney entities, one per line',
  },
];

export function registerExportRoutes(app: App, ctx: AppContext): void {
  const service = new ExportService(ctx);
  const config = { access: 'session' as const };
  const tags = ['registry'];
  for (const f of FORMATS) {
    app.get(
      `/api/v1/registry/${f.path}`,
      {
        config,
        schema: {
          tags,
          description: `Registry export as ${f.doc}. Sealed persons are only counted (header x-sealed-count).`,
          querystring: exportQuery,
          response: { 200: z.string().describe(f.doc) },
        },
      },
      async (req, reply) => {
        const actor = requirePermission(req, 'records:read');
        const { body, count, sealedCount } = await service.export(actor, req.query, f.format);
        // A Buffer is sent as is: the response schema documents the file, it does not re-encode it.
        return reply
          .type(f.type)
          .header('content-disposition', `attachment; filename="${f.file}"`)
          .header('x-record-count', String(count))
          .header('x-sealed-count', sealedCount === null ? 'withheld' : String(sealedCount))
          .send(Buffer.from(body, 'utf8') as unknown as string);
      },
    );
  }
}

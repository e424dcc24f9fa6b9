import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { idParams } from './accountability.schema';
import { dossierPdf } from './unsanctioned.pdf';
import { UnsanctionedService } from './unsanctioned.service';

const listing = z.object({
  jurisdiction: z.string(),
  datasets: z.array(z.string()),
  targetId: z.string(),
  targetName: z.string(),
  score: z.number(),
});
export const reportView = z.object({
  generatedAt: z.string(),
  listsVersion: z.string(),
  jurisdictions: z.array(z.string()),
  items: z.array(
    z.object({
      perpetratorId: z.string(),
      displayName: z.string(),
      names: z.array(z.string()),
      category: z.string(),
      cases: z.number(),
      violations: z.number(),
      listedBy: z.array(z.string()),
      listings: z.array(listing),
    }),
  ),
});
const reportQuery = z.object({
  /** Only perpetrators not listed by this jurisdiction. */
  jurisdiction: z.string().trim().min(1).max(40).optional(),
  unlistedOnly: z.enum(['true', 'false']).optional(),
});
const dossierQuery = z.object({ jurisdiction: z.string().trim().min(1).max(40) });
export const dossierView = z.object({
  generatedAt: z.string(),
  jurisdiction: z.string(),
  alreadyListedByJurisdiction: z.boolean(),
  identity: z.object({
    perpetratorId: z.string(),
    category: z.string(),
    birthYear: z.number().nullable(),
    names: z.array(z.object({ script: z.string(), kind: z.string(), value: z.string() })),
  }),
  positions: z.array(
    z.object({
      institution: z.string(),
      title: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
  cases: z.array(
    z.object({
      caseId: z.string(),
      caseNumber: z.string().nullable(),
      court: z.string().nullable(),
      verdictOn: z.string().nullable(),
      personRef: z.string(),
      roles: z.array(z.string()),
    }),
  ),
  violations: z.array(
    z.object({
      violationId: z.string(),
      label: z.string(),
      type: z.string(),
      occurredOn: z.string().nullable(),
      place: z.string().nullable(),
      roles: z.array(z.string()),
    }),
  ),
  evidence: z.array(
    z.object({
      evidenceId: z.string(),
      kind: z.string(),
      sha256: z.string(),
      size: z.number(),
      consent: z.array(z.string()),
    }),
  ),
  listingsElsewhere: z.array(listing),
});

/** The unsanctioned-perpetrators report and listing-proposal dossiers (JSON and PDF). */
export function registerUnsanctionedRoutes(app: App, ctx: AppContext): void {
  const service = new UnsanctionedService(ctx);
  const config = { access: 'session' as const };
  const tags = ['accountability'];

  app.get(
    '/api/v1/accountability/unsanctioned',
    { config, schema: { tags, querystring: reportQuery, response: { 200: reportView } } },
    async (req) =>
      service.report(requireSession(req).actor, {
        jurisdiction: req.query.jurisdiction,
        unlistedOnly: req.query.unlistedOnly === 'true',
      }),
  );
  app.get(
    '/api/v1/perpetrators/:id/dossier',
    { config, schema: { tags, params: idParams, querystring: dossierQuery, response: { 200: dossierView } } },
    async (req) => service.dossier(requireSession(req).actor, req.params.id, req.query.jurisdiction),
  );
  app.get(
    '/api/v1/perpetrators/:id/dossier.pdf',
    {
      config,
      schema: {
        tags,
        params: idParams,
        querystring: dossierQuery,
        response: { 200: z.string().describe('PDF') },
      },
    },
    async (req, reply) => {
      const d = await service.dossier(requireSession(req).actor, req.params.id, req.query.jurisdiction);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="listing-proposal-${d.jurisdiction.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf"`,
        )
        .send((await dossierPdf(d)) as unknown as string);
    },
  );
}

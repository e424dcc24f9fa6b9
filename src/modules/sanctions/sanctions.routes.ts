import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { requirePermission } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { gapsCsv, gapsFtm } from './alignment.export';
import { alignmentReport, filterGaps } from './alignment.service';
import { PROGRAMMES } from './regimes.data';
import { runResolution } from './resolution.service';
import { SanctionsParseError } from './sanctions.errors';
import { importAudit, importSanctionsFile } from './sanctions.import';
import { listSnapshots } from './sanctions.repository';
import * as s from './sanctions.schema';
import { SanctionsService } from './sanctions.service';

/**
 * /api/v1/sanctions/*: session only. Every staff role reads (sanctions:read: published list data about
 * listed persons and bodies, analyst included); importing and review decisions need sanctions:write
 * (editor, admin). See src/core/access.ts.
 */

/** Compressed upload limit; the parser separately stops decompressing at 1 GiB (gzip bombs). */
export const SANCTIONS_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/gzip',
  'application/x-gzip',
  'application/xml',
  'text/xml',
  'text/csv',
  'application/x-ndjson',
  'application/jsonl',
];

async function saveUpload(stream: Readable, file: string): Promise<void> {
  let bytes = 0;
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > SANCTIONS_UPLOAD_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  } finally {
    await new Promise<void>((r) => out.end(r));
  }
}

export function registerSanctionsRoutes(app: App, ctx: AppContext): void {
  const service = new SanctionsService(ctx);
  const config = { access: 'session' as const };
  const tags = ['sanctions'];
  const read = (req: Parameters<typeof requirePermission>[0]) => requirePermission(req, 'sanctions:read');

  app.get(
    '/api/v1/sanctions/lists',
    { config, schema: { tags, response: { 200: s.listsView } } },
    async (req) => {
      read(req);
      return { items: (await alignmentReport(ctx.db)).lists };
    },
  );

  app.get(
    '/api/v1/sanctions/snapshots',
    { config, schema: { tags, querystring: s.snapshotsQuery, response: { 200: s.snapshotsView } } },
    async (req) => {
      read(req);
      const rows = await listSnapshots(ctx.db, req.query.dataset);
      return {
        items: rows.map(({ counts, datasetId: _d, ...r }) => {
          const c = JSON.parse(counts) as { byRegime?: z.infer<typeof s.byRegime>; delta?: unknown };
          return {
            ...r,
            byRegime: c.byRegime ?? { Belarus: 0, Russia: 0, other: 0 },
            delta: (c.delta as z.infer<typeof s.snapshotView>['delta']) ?? null,
          };
        }),
      };
    },
  );

  app.get(
    '/api/v1/sanctions/regimes',
    { config, schema: { tags, response: { 200: s.regimesView } } },
    (req) => {
      read(req);
      return {
        items: PROGRAMMES.map((p) => ({
          jurisdiction: p.jurisdiction,
          code: p.code,
          aliases: [...(p.aliases ?? [])],
          regime: p.regime,
          legalBasis: p.legalBasis ?? null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/sanctions/alignment/summary',
    { config, schema: { tags, response: { 200: s.summaryView } } },
    async (req) => {
      read(req);
      const { gaps: _gaps, ...report } = await alignmentReport(ctx.db);
      const pending = await service.reviewQueue('pending', 1, 0);
      return { ...report, reviewPending: pending.total };
    },
  );

  app.get(
    '/api/v1/sanctions/alignment/gaps',
    { config, schema: { tags, querystring: s.gapsQuery, response: { 200: s.gapsView } } },
    async (req) => {
      read(req);
      const { limit, offset, ...filter } = req.query;
      const gaps = filterGaps((await alignmentReport(ctx.db)).gaps, filter);
      return { total: gaps.length, limit, offset, items: gaps.slice(offset, offset + limit) };
    },
  );

  app.get(
    '/api/v1/sanctions/alignment/export',
    {
      config,
      schema: {
        tags,
        querystring: s.exportQuery,
        response: { 200: z.string().describe('CSV (RFC 4180, UTF-8), JSON or FollowTheMoney JSON lines') },
      },
    },
    async (req, reply) => {
      read(req);
      const { format, ...filter } = req.query;
      const gaps = filterGaps((await alignmentReport(ctx.db)).gaps, filter);
      if (format === 'json')
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', 'attachment; filename="sanctions-gaps.json"')
          .send(JSON.stringify({ gaps }, null, 2));
      if (format === 'ftm')
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('content-disposition', 'attachment; filename="sanctions-gaps.ftm.jsonl"')
          .send(gapsFtm(gaps));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="sanctions-gaps.csv"')
        .send(gapsCsv(gaps));
    },
  );

  app.get(
    '/api/v1/sanctions/targets/:clusterId',
    { config, schema: { tags, params: z.object({ clusterId: z.uuid() }), response: { 200: s.clusterView } } },
    async (req) => {
      read(req);
      return service.cluster(req.params.clusterId);
    },
  );

  app.get(
    '/api/v1/sanctions/review',
    { config, schema: { tags, querystring: s.reviewQuery, response: { 200: s.reviewListView } } },
    async (req) => {
      read(req);
      return service.reviewQueue(req.query.status, req.query.limit, req.query.offset);
    },
  );

  app.post(
    '/api/v1/sanctions/review/:id/decision',
    {
      config,
      schema: {
        tags,
        params: z.object({ id: z.uuid() }),
        body: s.decisionBody,
        response: { 200: s.decisionView },
      },
    },
    async (req) =>
      service.decide(requirePermission(req, 'sanctions:write'), req.params.id, req.body.decision),
  );

  // Own scope: the raw streaming body parser applies to the upload route only.
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions by contract
  void app.register(async (scope: App) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scope.post(
      '/api/v1/sanctions/imports',
      {
        config,
        schema: {
          tags,
          description:
            'Imports one sanctions-list file (EU FSF XML, OFAC sdn.csv, FtM JSON lines; plain or gzip) sent as the raw request body, then rebuilds clusters. Limit 200 MB.',
          querystring: s.importQuery,
          response: { 201: s.importView },
        },
      },
      async (req, reply) => {
        const actor = requirePermission(req, 'sanctions:write');
        const body = req.body as Readable | undefined;
        if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
          throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-sanctions-'));
        const fileName = path.basename(req.query.filename ?? 'upload');
        try {
          // Saved under the client's base name (made safe) so that parse errors name the file they sent.
          const file = path.join(dir, fileName.replace(/[^\w.-]/g, '_').replace(/^\.+/, '') || 'upload');
          await saveUpload(body, file);
          const summary = await importSanctionsFile(ctx.db, ctx.engine, file, {
            fileName,
            importedBy: actor.id,
            ...(req.query.dataset ? { dataset: req.query.dataset } : {}),
            beforeCommit: (trx, sum) => ctx.audit.append(trx, importAudit(actor.id, sum)),
          }).catch((err: unknown) => {
            if (err instanceof SanctionsParseError) throw new AppError('BAD_INPUT', err.message);
            throw err;
          });
          const stats = await runResolution(ctx.db, ctx.engine);
          const { dataset, format, snapshotDate, targets, byRegime, delta, snapshotId } = summary;
          return reply.status(201).send({
            dataset,
            format,
            snapshotDate,
            targets,
            byRegime,
            delta,
            snapshotId,
            resolution: { clusters: stats.clusters, reviewPending: stats.reviewPending },
          });
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}

import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import {
  copyQuery,
  custodyView,
  evidenceListView,
  evidenceView,
  idParams,
  listEvidenceQuery,
  packageBody,
  packageView,
  signingKeyView,
  transferBody,
  uploadQuery,
  updateEvidenceBody,
  verificationView,
  verifyItemView,
} from './evidence.schema';
import { EvidenceService } from './evidence.service';
import { PackageService } from './package.service';
import { signingKey } from './signing';

/** Upload metadata: validated in the handler because the lists in it are transformed (no JSON Schema). */
const rawQuery = z.record(z.string(), z.string()).describe('See UploadInput / CopyInput');

function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const r = schema.safeParse(query);
  if (!r.success)
    throw new AppError(
      'VALIDATION_FAILED',
      undefined,
      r.error.issues.map((i) => ({ path: `querystring.${i.path.join('.')}`, message: i.message })),
    );
  return r.data;
}

const contentDisposition = (name: string): string =>
  `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Evidence locker, custody log, case-file packages and the instance signing key. */
export function registerEvidenceRoutes(app: App, ctx: AppContext): void {
  const service = new EvidenceService(ctx);
  const packages = new PackageService(ctx);
  const config = { access: 'session' as const };
  const tags = ['evidence'];

  // Uploads live in their own scope whose body parser hands the raw request stream to the service, so a
  // file of any size passes through with one chunk in memory (the global body limit does not apply here;
  // SUPOLKA_EVIDENCE_MAX_BYTES does, while streaming).
  void app.register((raw, _opts, registered) => {
    const scope = raw.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post(
      '/api/v1/evidence',
      { config, schema: { tags, querystring: rawQuery, response: { 201: evidenceView } } },
      async (req, reply) => {
        const actor = requirePermission(req, 'records:write');
        const query = parseQuery(uploadQuery, req.query);
        const view = await service.upload(actor, query, req.body as Readable, req.headers['content-type']);
        return reply.status(201).send(view);
      },
    );
    scope.post(
      '/api/v1/evidence/:id/copies',
      { config, schema: { tags, params: idParams, querystring: rawQuery, response: { 201: evidenceView } } },
      async (req, reply) => {
        const actor = requireSession(req).actor;
        // Parsed once the original is known to be visible: a hidden one answers like a missing one.
        const view = await service.copy(
          actor,
          req.params.id,
          () => parseQuery(copyQuery, req.query),
          req.body as Readable,
          req.headers['content-type'],
        );
        return reply.status(201).send(view);
      },
    );
    registered();
  });

  app.get(
    '/api/v1/evidence',
    { config, schema: { tags, querystring: listEvidenceQuery, response: { 200: evidenceListView } } },
    async (req) => service.list(requireSession(req).actor, req.query),
  );
  app.get(
    '/api/v1/evidence/signing-key',
    { config, schema: { tags, response: { 200: signingKeyView } } },
    async (req) => {
      requirePermission(req, 'records:read');
      const key = await signingKey(ctx);
      return {
        algorithm: 'Ed25519' as const,
        publicKey: key.publicKey,
        fingerprint: key.fingerprint,
        createdAt: key.createdAt,
      };
    },
  );
  app.get(
    '/api/v1/evidence/:id',
    { config, schema: { tags, params: idParams, response: { 200: evidenceView } } },
    async (req) => service.get(requireSession(req).actor, req.params.id),
  );
  app.patch(
    '/api/v1/evidence/:id',
    { config, schema: { tags, params: idParams, body: updateEvidenceBody, response: { 200: evidenceView } } },
    async (req) => service.update(requireSession(req).actor, req.params.id, req.body),
  );
  app.get(
    '/api/v1/evidence/:id/content',
    {
      config,
      schema: { tags, params: idParams, response: { 200: z.string().describe('The original file') } },
    },
    async (req, reply) => {
      const { row, fileName, stream } = await service.download(requireSession(req).actor, req.params.id);
      return reply
        .type(row.media_type)
        .header('content-disposition', contentDisposition(fileName ?? `evidence-${row.id}`))
        .header('x-content-sha256', row.sha256)
        .send(stream as unknown as string);
    },
  );
  app.post(
    '/api/v1/evidence/:id/verify',
    { config, schema: { tags, params: idParams, response: { 200: verifyItemView } } },
    async (req) => service.verify(requireSession(req).actor, req.params.id),
  );
  app.get(
    '/api/v1/evidence/:id/custody',
    { config, schema: { tags, params: idParams, response: { 200: custodyView } } },
    async (req) => service.custody(requireSession(req).actor, req.params.id),
  );
  app.post(
    '/api/v1/evidence/:id/transfers',
    { config, schema: { tags, params: idParams, body: transferBody, response: { 200: custodyView } } },
    async (req) => service.transfer(requireSession(req).actor, req.params.id, req.body.to, req.body.note),
  );
  app.post(
    '/api/v1/evidence/packages',
    { config, schema: { tags, body: packageBody, response: { 201: packageView } } },
    async (req, reply) => reply.status(201).send(await packages.create(requireSession(req).actor, req.body)),
  );
  app.get(
    '/api/v1/evidence/packages/:id',
    { config, schema: { tags, params: idParams, response: { 200: z.string().describe('ZIP package') } } },
    async (req, reply) => {
      const { file, view } = await packages.file(requireSession(req).actor, req.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(view.fileName))
        .header('x-content-sha256', view.sha256)
        .send(fs.createReadStream(file) as unknown as string);
    },
  );
  app.get(
    '/api/v1/evidence/packages/:id/verification',
    { config, schema: { tags, params: idParams, response: { 200: verificationView } } },
    async (req) => packages.verify(requireSession(req).actor, req.params.id),
  );
}

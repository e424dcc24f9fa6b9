import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context';
import { AppError } from '../../../core/errors';
import { requirePermission } from '../../../core/http/guards';
import type { App } from '../../../core/http/types';
import {
  commitView,
  dryRunView,
  IMPORT_BODY_LIMIT,
  IMPORT_MAX_BYTES,
  importJsonBody,
  importQuery,
} from './import.schema';
import { ImportService, type ImportPayload } from './import.service';

type Query = ReturnType<typeof importQuery.parse>;

/**
 * The uploaded file, from either body form. Validated here rather than by a route schema because the route
 * takes two content types; the JSON form is documented by importJsonBody.
 */
function payloadOf(
  req: FastifyRequest,
  query: Query,
): ImportPayload & { digest?: string; skipInvalidRows?: boolean } {
  if (Buffer.isBuffer(req.body)) {
    return {
      bytes: req.body,
      filename: query.filename ?? 'upload.csv',
      consent: query.consent,
      encoding: query.encoding,
      ...(query.digest ? { digest: query.digest } : {}),
      ...(query.skipInvalidRows !== undefined ? { skipInvalidRows: query.skipInvalidRows } : {}),
    };
  }
  const parsed = importJsonBody.safeParse(req.body);
  if (!parsed.success)
    throw new AppError(
      'VALIDATION_FAILED',
      undefined,
      parsed.error.issues.map((i) => ({
        path: ['body', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  const b = parsed.data;
  const bytes = Buffer.from(b.contentBase64, 'base64');
  if (bytes.length > IMPORT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  return {
    bytes,
    filename: b.filename,
    consent: b.consent,
    encoding: b.encoding,
    ...(b.digest ? { digest: b.digest } : {}),
    ...(b.skipInvalidRows !== undefined ? { skipInvalidRows: b.skipInvalidRows } : {}),
  };
}

export function registerImportRoutes(app: App, ctx: AppContext): void {
  const service = new ImportService(ctx);
  const config = { access: 'session' as const };
  const tags = ['registry'];
  // Own scope, so the raw CSV body parser and the larger body limit apply to these two routes only.
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions by contract
  void app.register(async (scope: App) => {
    scope.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );

    scope.post(
      '/api/v1/registry/imports/dry-run',
      {
        config,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          description:
            'Checks a list export without writing. Body: JSON {filename, contentBase64, consent} or text/csv.',
          querystring: importQuery,
          response: { 200: dryRunView },
        },
      },
      async (req) => {
        const actor = requirePermission(req, 'records:write');
        return service.dryRun(actor, payloadOf(req, req.query));
      },
    );

    scope.post(
      '/api/v1/registry/imports/commit',
      {
        config,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          description: 'Writes a checked list export in one transaction; needs the dry run digest.',
          querystring: importQuery,
          response: { 200: commitView },
        },
      },
      async (req) => {
        const actor = requirePermission(req, 'records:write');
        const payload = payloadOf(req, req.query);
        if (!payload.digest)
          throw new AppError('VALIDATION_FAILED', 'The digest from the dry run is required.', [
            { path: 'body.digest', message: 'required' },
          ]);
        return service.commit(actor, { ...payload, digest: payload.digest });
      },
    );
  });
}

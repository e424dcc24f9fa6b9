import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorCatalogue, type ErrorCode, type ErrorDetail } from '../errors';

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  'SQLITE_BUSY',
]);

function isDatabaseDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && DB_DOWN_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    err.message,
  );
}

/** Out of disk: SQLite's SQLITE_FULL, the file system's ENOSPC, PostgreSQL's disk_full (53100). */
const STORAGE_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);

function isStorageFull(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && STORAGE_FULL_CODES.has(code);
}

function classify(err: unknown): { code: ErrorCode; message?: string; details?: ErrorDetail[] } {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  if (hasZodFastifySchemaValidationErrors(err)) {
    return {
      code: 'VALIDATION_FAILED',
      details: err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath}`.replace(/\//g, '.'),
        message: v.message ?? 'invalid',
      })),
    };
  }
  if (isResponseSerializationError(err)) return { code: 'INTERNAL' };
  if (isDatabaseDown(err)) return { code: 'DATABASE_UNAVAILABLE' };
  if (isStorageFull(err)) return { code: 'STORAGE_FULL' };
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'BAD_INPUT' };
    default:
      break;
  }
  if (fe.statusCode === 429) return { code: 'RATE_LIMITED' };
  if (fe.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { code: 'BAD_INPUT' };
  return { code: 'INTERNAL' };
}

/** The single error handler: a catalogued code, a safe message and the correlation id; never a stack. */
export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { code, message, details } = classify(err);
  const status = errorCatalogue[code].status;
  if (status >= 500) req.log.error({ err, correlationId: req.id }, 'request failed');
  void reply
    .status(status)
    .header('cache-control', 'no-store')
    .send({
      error: {
        code,
        message: message ?? errorCatalogue[code].message,
        correlationId: req.id,
        ...(details ? { details } : {}),
      },
    });
}

import pino, { type Logger } from 'pino';

/**
 * Paths that never reach a log line. Personal fields are listed by name wherever they may appear, because a
 * hostile state reading our logs must learn nothing about the people in the database.
 */
export const redactedPaths = [
  'password',
  'newPassword',
  'currentPassword',
  'totp',
  'code',
  'secret',
  'token',
  'csrfToken',
  'masterKey',
  'name',
  'names',
  'fullName',
  'email',
  'phone',
  'address',
  'birthDate',
  'notes',
  'provenance',
  'body',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.totp',
  '*.code',
  '*.secret',
  '*.token',
  '*.name',
  '*.fullName',
  '*.email',
  '*.phone',
  '*.address',
  '*.birthDate',
  '*.notes',
  '*.provenance',
];

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      // Request logs carry only method, route and status: never query strings, which may hold names.
      serializers: {
        req: (req: { method?: string; routeOptions?: { url?: string }; id?: string }) => ({
          method: req.method,
          route: req.routeOptions?.url,
          id: req.id,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

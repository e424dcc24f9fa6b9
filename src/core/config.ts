import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes only from the environment and is validated once at start-up. A bad value stops the
 * process with a message naming the variable; nothing falls back silently.
 */
const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  SUPOLKA_HOST: z.string().min(1).default('127.0.0.1'),
  // Digits only: coercion would turn an empty value into 0, a random port, without a word.
  SUPOLKA_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().max(65535))
    .default(8080),
  SUPOLKA_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .optional(),
  SUPOLKA_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (44 characters)')
    .optional(),
  SUPOLKA_MASTER_KEY_FILE: z.string().min(1).optional(),
  SUPOLKA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SUPOLKA_COOKIE_SECURE: boolish.default(false),
  SUPOLKA_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  SUPOLKA_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SUPOLKA_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  SUPOLKA_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  // Evidence uploads stream to disk, so this bounds disk use per file, not memory.
  SUPOLKA_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 ** 3),
  SUPOLKA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SUPOLKA_PASSWORD_HASH_COST: z.enum(['interactive', 'moderate', 'test']).default('interactive'),
  // Serving processes: one per core uses the machine; each holds its own database connection.
  SUPOLKA_WORKERS: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number from 1 to 32')
    .transform(Number)
    .pipe(z.number().min(1).max(32))
    .default(1),
});

export type DatabaseTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseTarget;
  masterKey: { source: 'env'; value: string } | { source: 'file'; file: string };
  logLevel: z.infer<typeof envSchema>['SUPOLKA_LOG_LEVEL'];
  cookieSecure: boolean;
  sessionHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  bodyLimitBytes: number;
  evidenceMaxBytes: number;
  rateLimitPerMinute: number;
  passwordHashCost: 'interactive' | 'moderate' | 'test';
  /** Processes `serve` runs (cluster workers sharing the port); 1 serves from the main process. */
  workers: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SUPOLKA_MASTER_KEY && e.SUPOLKA_MASTER_KEY_FILE) {
    throw new ConfigError('Set either SUPOLKA_MASTER_KEY or SUPOLKA_MASTER_KEY_FILE, not both.');
  }
  const dataDir = path.resolve(e.SUPOLKA_DATA_DIR);
  return {
    host: e.SUPOLKA_HOST,
    port: e.SUPOLKA_PORT,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir),
    masterKey: e.SUPOLKA_MASTER_KEY
      ? { source: 'env', value: e.SUPOLKA_MASTER_KEY }
      : { source: 'file', file: path.resolve(e.SUPOLKA_MASTER_KEY_FILE ?? path.join(dataDir, 'master.key')) },
    logLevel: e.SUPOLKA_LOG_LEVEL,
    cookieSecure: e.SUPOLKA_COOKIE_SECURE,
    sessionHours: e.SUPOLKA_SESSION_HOURS,
    loginMaxFailures: e.SUPOLKA_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.SUPOLKA_LOCKOUT_MINUTES,
    bodyLimitBytes: e.SUPOLKA_BODY_LIMIT_BYTES,
    evidenceMaxBytes: e.SUPOLKA_EVIDENCE_MAX_BYTES,
    rateLimitPerMinute: e.SUPOLKA_RATE_LIMIT_PER_MINUTE,
    passwordHashCost: e.SUPOLKA_PASSWORD_HASH_COST,
    workers: e.SUPOLKA_WORKERS,
  };
}

function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { engine: 'sqlite', file: path.join(dataDir, 'supolka.sqlite') };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file)
      throw new ConfigError('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/supolka.sqlite');
    return { engine: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  return { engine: 'postgres', url };
}

/**
 * A per-minute request limit as one serving process applies it. Limits are kept in each process's memory
 * (nothing about callers is written down) and a client's connection stays with one process, so each
 * applies its share: with several workers a client gets at most the configured number, never more.
 */
export function perWorkerLimit(config: Pick<AppConfig, 'workers'>, perMinute: number): number {
  return Math.max(1, Math.floor(perMinute / config.workers));
}

import { z } from 'zod';
import { ConfigError } from '../../core/config';

/**
 * Secure-channel settings, read from the environment and validated at start-up like the core config
 * (kept beside the module so the core config stays the staff app's). Documented in docs/secure-channel.md.
 */
const int = (min: number, max: number, def: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(def);

const envSchema = z.object({
  SUPOLKA_INTAKE_HOST: z.string().min(1).default('127.0.0.1'),
  SUPOLKA_INTAKE_PORT: int(0, 65535, 8081),
  SUPOLKA_INTAKE_RETENTION_DAYS: int(1, 3650, 90),
  SUPOLKA_INTAKE_POW_BITS: int(0, 28, 18),
  SUPOLKA_INTAKE_MAX_FILES: int(0, 20, 5),
  SUPOLKA_INTAKE_MAX_FILE_BYTES: int(1024, 200 * 1024 * 1024, 10 * 1024 * 1024),
  SUPOLKA_INTAKE_SUBMISSIONS_PER_MINUTE: int(1, 10_000, 30),
  SUPOLKA_INTAKE_RECEIPT_CHECKS_PER_MINUTE: int(1, 10_000, 20),
  SUPOLKA_INTAKE_ESCROW_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte X25519 public key in base64')
    .optional(),
});

export interface IntakeConfig {
  host: string;
  port: number;
  retentionDays: number;
  powBits: number;
  maxFiles: number;
  maxFileBytes: number;
  /** Whole-request limit: the files plus room for the text fields. */
  maxRequestBytes: number;
  submissionsPerMinute: number;
  receiptChecksPerMinute: number;
  escrowPublicKey: string | null;
}

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const maxFiles = e.SUPOLKA_INTAKE_MAX_FILES;
  const maxFileBytes = e.SUPOLKA_INTAKE_MAX_FILE_BYTES;
  return {
    host: e.SUPOLKA_INTAKE_HOST,
    port: e.SUPOLKA_INTAKE_PORT,
    retentionDays: e.SUPOLKA_INTAKE_RETENTION_DAYS,
    powBits: e.SUPOLKA_INTAKE_POW_BITS,
    maxFiles,
    maxFileBytes,
    // Base64 on the JavaScript path adds a third and length padding up to 12 % (padding.ts); 1 MiB more
    // for the answers and the envelope.
    maxRequestBytes: Math.ceil(maxFiles * maxFileBytes * 1.52) + maxFiles * 131_072 + 1024 * 1024,
    submissionsPerMinute: e.SUPOLKA_INTAKE_SUBMISSIONS_PER_MINUTE,
    receiptChecksPerMinute: e.SUPOLKA_INTAKE_RECEIPT_CHECKS_PER_MINUTE,
    escrowPublicKey: e.SUPOLKA_INTAKE_ESCROW_PUBLIC_KEY ?? null,
  };
}

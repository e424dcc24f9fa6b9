import { z } from 'zod';
import { consentSchema } from '../registry.schema';

/** Import API: the file travels as base64 in JSON, or as a raw text/csv body with these query parameters. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** Base64 adds a third, plus the JSON around it. */
export const IMPORT_BODY_LIMIT = Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 64 * 1024;

const encoding = z.enum(['utf-8', 'windows-1251']);
const digest = z.string().regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 hex from the dry run');
const flag = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
]);

export const importJsonBody = z.object({
  filename: z.string().trim().max(255).optional(),
  contentBase64: z
    .string()
    .max(IMPORT_BODY_LIMIT)
    .regex(/^[A-Za-z0-9+/=\r\n]*$/, 'base64'),
  consent: consentSchema.optional(),
  encoding: encoding.optional(),
  digest: digest.optional(),
  skipInvalidRows: z.boolean().optional(),
});

export const importQuery = z.object({
  filename: z.string().trim().max(255).optional(),
  consent: consentSchema.optional(),
  encoding: encoding.optional(),
  digest: digest.optional(),
  skipInvalidRows: flag.optional(),
});

const issue = z.object({ line: z.number(), column: z.string().optional(), message: z.string() });

export const dryRunView = z.object({
  digest: z.string(),
  format: z.enum(['csv', 'json']),
  layout: z.string(),
  consent: consentSchema,
  rowsRead: z.number(),
  toCreate: z.number(),
  toUpdate: z.number(),
  duplicates: z.array(
    z.object({
      line: z.number(),
      candidates: z.array(z.object({ personId: z.string(), refCode: z.string(), score: z.number() })),
    }),
  ),
  errors: z.array(issue),
  warnings: z.array(issue),
});

export const commitView = z.object({
  digest: z.string(),
  rowsRead: z.number(),
  created: z.number(),
  updated: z.number(),
  skippedLines: z.array(z.number()),
});

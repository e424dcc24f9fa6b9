import { z } from 'zod';
import { TIERS } from '../../core/access';

export const tierSchema = z.enum(TIERS);

export const sourceIdParams = z.object({ id: z.uuid() });

export const listSourcesQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tier: tierSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListSourcesQuery = z.infer<typeof listSourcesQuery>;

const dateOnly = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const createSourceBody = z.object({
  tier: tierSchema,
  title: text(500),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  publisher: text(200).nullable().optional(),
  publishedOn: dateOnly.nullable().optional(),
  language: z.enum(['be', 'ru', 'en', 'uk', 'pl', 'lt', 'de', 'fr', 'other']).nullable().optional(),
  notes: z.string().max(20_000).nullable().optional(),
  notesTier: tierSchema.default('confidential'),
});
export type CreateSourceInput = z.infer<typeof createSourceBody>;

export const updateSourceBody = createSourceBody.partial().extend({ version: z.number().int().positive() });
export type UpdateSourceInput = z.infer<typeof updateSourceBody>;

export const grantBody = z.object({ userId: z.uuid() });

export const sourceView = z.object({
  id: z.string(),
  tier: tierSchema,
  title: z.string(),
  url: z.string().nullable(),
  publisher: z.string().nullable(),
  publishedOn: z.string().nullable(),
  language: z.string().nullable(),
  /** Absent when the caller may not read the notes' tier. */
  notes: z.string().nullable().optional(),
  notesTier: tierSchema,
  notesHidden: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type SourceView = z.infer<typeof sourceView>;

export const sourceListView = z.object({ items: z.array(sourceView), total: z.number() });

export const sourceStatsView = z.object({
  total: z.number(),
  byTier: z.object({
    public: z.number(),
    internal: z.number(),
    confidential: z.number(),
    sealed: z.number(),
  }),
});

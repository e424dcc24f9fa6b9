import { z } from 'zod';
import { exportQuery } from './export/export.routes';

/** Release events (pardon waves, exchanges, deportations) and saved filters for humanitarian lists. */
export const RELEASE_KINDS = [
  'pardon',
  'end_of_term',
  'exchange',
  'deportation',
  'amnesty',
  'other',
] as const;

export const releaseEventBody = z.object({
  kind: z.enum(RELEASE_KINDS),
  occurredOn: z.iso.date(),
  title: z.string().trim().min(1).max(300),
  reportedCount: z.number().int().min(0).max(1_000_000).nullable().optional(),
  sourceId: z.uuid().nullable().optional(),
});
export type ReleaseEventInput = z.infer<typeof releaseEventBody>;
export const updateReleaseEventBody = releaseEventBody.partial();
export const linkBody = z.object({ statusEventIds: z.array(z.uuid()).min(1).max(1000) });

export const releaseEventView = z.object({
  id: z.string(),
  kind: z.enum(RELEASE_KINDS),
  occurredOn: z.string(),
  title: z.string(),
  reportedCount: z.number().nullable(),
  /** Null when there is none or the caller may not see it. */
  sourceId: z.string().nullable(),
  /** Status events linked to this event, over every tier (an aggregate). */
  linkedCount: z.number(),
});
export const releaseEventListView = z.object({ items: z.array(releaseEventView) });

/**
 * Humanitarian criteria. A person qualifies when it meets any (or, with match "all", every) of the
 * criteria given, on top of the base filter. currentOnly keeps people still held (the default).
 */
export const humanitarianCriteria = z.object({
  base: exportQuery.omit({ q: true }).default({}),
  currentOnly: z.boolean().default(true),
  match: z.enum(['any', 'all']).default('any'),
  minAge: z.number().int().min(1).max(120).optional(),
  seriousIllness: z.boolean().optional(),
  parentOfMinors: z.boolean().optional(),
  women: z.boolean().optional(),
  minServedPercent: z.number().min(0).max(100).optional(),
});
export type HumanitarianCriteria = z.infer<typeof humanitarianCriteria>;

export const savedFilterBody = z.object({
  name: z.string().trim().min(1).max(200),
  purpose: z.string().trim().min(1).max(100).default('humanitarian_release'),
  criteria: humanitarianCriteria,
});
export const updateSavedFilterBody = savedFilterBody.partial();

export const savedFilterView = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  criteria: humanitarianCriteria,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const savedFilterListView = z.object({ items: z.array(savedFilterView) });

export const humanitarianFlagsBody = z.object({ seriousIllness: z.boolean(), parentOfMinors: z.boolean() });
export const humanitarianFlagsView = humanitarianFlagsBody.extend({ updatedAt: z.string().nullable() });

export const REASONS = ['age', 'serious_illness', 'parent_of_minors', 'woman', 'served_share'] as const;
export const releaseListView = z.object({
  filterId: z.string(),
  name: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  countingRule: z.string(),
  count: z.number(),
  sealedCount: z.number(),
  items: z.array(
    z.object({
      refCode: z.string(),
      identityHidden: z.boolean(),
      names: z.array(z.object({ script: z.string(), value: z.string() })),
      birthYear: z.number().nullable(),
      age: z.number().nullable(),
      gender: z.string().nullable(),
      currentStatus: z.string().nullable(),
      detainedOn: z.string().nullable(),
      sentenceMonths: z.number().nullable(),
      servedPercent: z.number().nullable(),
      reasons: z.array(z.enum(REASONS)),
    }),
  ),
});
export type ReleaseList = z.infer<typeof releaseListView>;

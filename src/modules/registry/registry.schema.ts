import { z } from 'zod';
import { TIERS } from '../../core/access';
import { CONSENTS } from './consent';

/** zod schemas of the registry core API: persons, cases, status history, recognitions, statistics. */

export const tierSchema = z.enum(TIERS);
export const consentSchema = z.enum(CONSENTS);
export const GENDERS = ['male', 'female', 'other'] as const;
export const SCRIPTS = ['be', 'ru', 'latn', 'other'] as const;
export const REGIONS = [
  'brest',
  'vitebsk',
  'gomel',
  'grodno',
  'minsk_region',
  'minsk_city',
  'mogilev',
  'abroad',
  'unknown',
] as const;
export const GROUPS = [
  'journalist',
  'lawyer',
  'trade_unionist',
  'cultural_worker',
  'student',
  'pensioner',
  'politician',
  'activist',
  'medic',
  'religious',
  'scientist',
  'entrepreneur',
  'military',
  'athlete',
  'teacher',
  'other',
] as const;
export const STATUSES = [
  'detained',
  'sentenced',
  'released_pardon',
  'released_end_of_term',
  'released_exchange',
  'released_deportation',
  'released_other',
  'died_in_custody',
  'forced_exile',
] as const;
/** Statuses that count a person as a current political prisoner. */
export const CURRENT_STATUSES = ['detained', 'sentenced'] as const;

const dateOnly = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const url = z.url({ protocol: /^https?$/ }).max(2000);
/** Article with optional part: "342", "361-1", "130-3", "193-1-2". */
export const articleCode = z
  .string()
  .trim()
  .regex(/^\d{1,3}(-\d{1,2}){0,2}$/, 'article like 342, 361-1 or 130-3');

export const idParams = z.object({ id: z.uuid() });
export const caseParams = z.object({ id: z.uuid(), caseId: z.uuid() });

export const sourceRefInput = z.object({ sourceId: z.uuid(), field: z.string().trim().max(60).default('') });
const sourcesInput = z.array(sourceRefInput).max(50).default([]);

export const nameInput = z.object({
  script: z.enum(SCRIPTS),
  kind: z.enum(['primary', 'alias']).default('primary'),
  value: text(300),
});
export type NameInput = z.infer<typeof nameInput>;

const incommunicadoPeriod = z.object({ from: dateOnly, to: dateOnly.nullable().optional() });

export const caseInput = z.object({
  caseNumber: text(100).nullable().optional(),
  articles: z
    .array(z.object({ article: articleCode, label: text(300).nullable().optional() }))
    .max(30)
    .default([]),
  detainedOn: dateOnly.nullable().optional(),
  court: text(300).nullable().optional(),
  judge: text(300).nullable().optional(),
  prosecutor: text(300).nullable().optional(),
  verdictOn: dateOnly.nullable().optional(),
  sentenceMonths: z.number().int().min(0).max(1200).nullable().optional(),
  penalty: text(200).nullable().optional(),
  regime: text(100).nullable().optional(),
  appealOn: dateOnly.nullable().optional(),
  appealResult: text(300).nullable().optional(),
  facility: text(300).nullable().optional(),
  incommunicado: z.array(incommunicadoPeriod).max(50).default([]),
  notes: z.string().max(20_000).nullable().optional(),
  sources: sourcesInput,
});
export type CaseInput = z.infer<typeof caseInput>;
export const updateCaseBody = caseInput
  .omit({ sources: true })
  .partial()
  .extend({ version: z.number().int().positive() });
export type UpdateCaseInput = z.infer<typeof updateCaseBody>;

export const statusEventInput = z.object({
  status: z.enum(STATUSES),
  occurredOn: dateOnly,
  caseId: z.uuid().nullable().optional(),
  releaseEventId: z.uuid().nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  sources: sourcesInput,
});
export type StatusEventInput = z.infer<typeof statusEventInput>;

export const recognitionInput = z.object({
  recognisedBy: text(200),
  recognisedOn: dateOnly,
  statementUrl: url.nullable().optional(),
  sources: sourcesInput,
});
export type RecognitionInput = z.infer<typeof recognitionInput>;

export const createPersonBody = z.object({
  consent: consentSchema,
  names: z.array(nameInput).min(1).max(30),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  birthDate: dateOnly.nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  region: z.enum(REGIONS).nullable().optional(),
  groups: z.array(z.enum(GROUPS)).max(GROUPS.length).default([]),
  description: z.string().trim().max(20_000).nullable().optional(),
  healthNotes: z.string().trim().max(20_000).nullable().optional(),
  externalIds: z.record(z.string().max(40), z.string().max(200)).default({}),
  cases: z.array(caseInput).max(20).default([]),
  statusEvents: z
    .array(statusEventInput.omit({ caseId: true }))
    .max(50)
    .default([]),
  recognitions: z.array(recognitionInput).max(20).default([]),
  sources: sourcesInput,
});
export type CreatePersonInput = z.infer<typeof createPersonBody>;

export const updatePersonBody = createPersonBody
  .omit({ cases: true, statusEvents: true, recognitions: true, sources: true })
  .partial()
  .extend({ version: z.number().int().positive() });
export type UpdatePersonInput = z.infer<typeof updatePersonBody>;

export const grantBody = z.object({ userId: z.uuid() });

export const listPersonsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  article: articleCode.optional(),
  court: z.string().trim().min(1).max(300).optional(),
  judge: z.string().trim().min(1).max(300).optional(),
  facility: z.string().trim().min(1).max(300).optional(),
  status: z.enum(STATUSES).optional(),
  group: z.enum(GROUPS).optional(),
  region: z.enum(REGIONS).optional(),
  gender: z.enum(GENDERS).optional(),
  consent: consentSchema.optional(),
  detainedFrom: dateOnly.optional(),
  detainedTo: dateOnly.optional(),
  verdictFrom: dateOnly.optional(),
  verdictTo: dateOnly.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListPersonsQuery = z.infer<typeof listPersonsQuery>;
export type PersonFilter = Omit<ListPersonsQuery, 'q' | 'limit' | 'offset'>;

// ---- views ----

const articleView = z.object({ article: z.string(), label: z.string().nullable() });
const sourceRefView = z.object({
  sourceId: z.string(),
  field: z.string(),
  title: z.string(),
  url: z.string().nullable(),
});

export const caseView = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  articles: z.array(articleView),
  detainedOn: z.string().nullable(),
  court: z.string().nullable(),
  judge: z.string().nullable(),
  prosecutor: z.string().nullable(),
  verdictOn: z.string().nullable(),
  sentenceMonths: z.number().nullable(),
  penalty: z.string().nullable(),
  regime: z.string().nullable(),
  appealOn: z.string().nullable(),
  appealResult: z.string().nullable(),
  facility: z.string().nullable(),
  incommunicado: z.array(z.object({ from: z.string(), to: z.string().nullable().optional() })),
  /** Absent unless the caller may read confidential fields of this record. */
  notes: z.string().nullable().optional(),
  sources: z.array(sourceRefView),
  version: z.number(),
});
export type CaseView = z.infer<typeof caseView>;

export const statusEventView = z.object({
  id: z.string(),
  status: z.enum(STATUSES),
  occurredOn: z.string(),
  caseId: z.string().nullable(),
  releaseEventId: z.string().nullable(),
  note: z.string().nullable(),
  sources: z.array(sourceRefView),
});
export const recognitionView = z.object({
  id: z.string(),
  recognisedBy: z.string(),
  recognisedOn: z.string(),
  statementUrl: z.string().nullable(),
  sources: z.array(sourceRefView),
});

export const nameView = z.object({
  id: z.string(),
  script: z.enum(SCRIPTS),
  kind: z.enum(['primary', 'alias']),
  value: z.string(),
});

const personBase = {
  id: z.string(),
  refCode: z.string(),
  consent: consentSchema,
  tier: tierSchema,
  identityTier: tierSchema,
  /** True when the caller may not read identity fields: names, birth data, description, photo. */
  identityHidden: z.boolean(),
  /** Primary name when visible, otherwise the reference code. */
  displayName: z.string(),
  gender: z.enum(GENDERS).nullable(),
  region: z.string().nullable(),
  groups: z.array(z.string()),
  currentStatus: z.enum(STATUSES).nullable(),
  currentStatusOn: z.string().nullable(),
  recognisedOn: z.string().nullable(),
  isDemo: z.boolean(),
  updatedAt: z.string(),
  version: z.number(),
};

export const personSummaryView = z.object({
  ...personBase,
  names: z.array(nameView).optional(),
  birthYear: z.number().nullable().optional(),
  articles: z.array(z.string()),
  facility: z.string().nullable(),
  detainedOn: z.string().nullable(),
});
export type PersonSummaryView = z.infer<typeof personSummaryView>;
/**
 * A page of persons. total is exact up to a bound (1,000, or the end of the requested page if further);
 * totalCapped true means "more than total". Exact counts by region, status etc. are in the statistics.
 */
export const personListView = z.object({
  items: z.array(personSummaryView),
  total: z
    .number()
    .int()
    .min(0)
    .describe('Matches, exact up to max(1000, offset + limit); with totalCapped, a lower bound.'),
  totalCapped: z.boolean().describe('True: more than total persons match (at least one more page).'),
});
export type PersonListView = z.infer<typeof personListView>;

export const personView = z.object({
  ...personBase,
  names: z.array(nameView).optional(),
  birthYear: z.number().nullable().optional(),
  birthDate: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  healthNotes: z.string().nullable().optional(),
  photoFile: z.string().nullable().optional(),
  externalIds: z.record(z.string(), z.string()),
  createdAt: z.string(),
  cases: z.array(caseView),
  statusEvents: z.array(statusEventView),
  recognitions: z.array(recognitionView),
  sources: z.array(sourceRefView),
});
export type PersonView = z.infer<typeof personView>;

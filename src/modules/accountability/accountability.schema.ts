import { z } from 'zod';
import { TIERS } from '../../core/access';

/** zod schemas of the accountability API: perpetrators, positions, links, violations, the report. */

export const tierSchema = z.enum(TIERS);
export const PERPETRATOR_CATEGORIES = [
  'judge',
  'prosecutor',
  'investigator',
  'kgb_officer',
  'interior_officer',
  'prison_head',
  'election_official',
  'propagandist',
  'other',
] as const;
export const LINK_ROLES = [
  'judge',
  'prosecutor',
  'investigator',
  'arresting_officer',
  'head_of_facility',
  'interrogator',
  'guard',
  'witness_for_prosecution',
  'propagandist',
  'commander',
  'other',
] as const;
export const VIOLATION_TYPES = [
  'arbitrary_detention',
  'torture_ill_treatment',
  'incommunicado_detention',
  'search',
  'property_seizure',
  'preventive_interview',
  'dismissal',
  'deportation',
  'cso_liquidation',
  'other',
] as const;
export const SCRIPTS = ['be', 'ru', 'latn', 'other'] as const;

const dateOnly = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const idParams = z.object({ id: z.uuid() });
export const linkParams = z.object({ id: z.uuid(), linkId: z.uuid() });

export const nameInput = z.object({
  script: z.enum(SCRIPTS),
  kind: z.enum(['primary', 'alias']).default('alias'),
  value: text(300),
});
export const positionInput = z
  .object({
    institution: text(300),
    title: text(300),
    from: dateOnly.nullable().optional(),
    to: dateOnly.nullable().optional(),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'from must not be after to' });

export const createPerpetratorBody = z.object({
  tier: tierSchema,
  category: z.enum(PERPETRATOR_CATEGORIES),
  birthYear: z.number().int().min(1900).max(2020).nullable().optional(),
  names: z.array(nameInput).min(1).max(30),
  positions: z.array(positionInput).max(100).default([]),
  notes: z.string().max(20_000).nullable().optional(),
});
export type CreatePerpetratorInput = z.infer<typeof createPerpetratorBody>;

export const updatePerpetratorBody = z.object({
  tier: tierSchema.optional(),
  category: z.enum(PERPETRATOR_CATEGORIES).optional(),
  birthYear: z.number().int().min(1900).max(2020).nullable().optional(),
  names: z.array(nameInput).min(1).max(30).optional(),
  positions: z.array(positionInput).max(100).optional(),
  notes: z.string().max(20_000).nullable().optional(),
  version: z.number().int().positive(),
});
export type UpdatePerpetratorInput = z.infer<typeof updatePerpetratorBody>;

export const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuery>;

export const linkBody = z.object({
  targetType: z.enum(['case', 'violation']),
  targetId: z.uuid(),
  role: z.enum(LINK_ROLES),
  note: z.string().trim().max(2000).nullable().optional(),
  sourceIds: z.array(z.uuid()).max(50).default([]),
});
export type LinkInput = z.infer<typeof linkBody>;

const sourceRef = z.object({ sourceId: z.string(), title: z.string(), url: z.string().nullable() });

const linkTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('case'), caseNumber: z.string().nullable(), refCode: z.string() }),
  z.object({
    type: z.literal('violation'),
    violationType: z.enum(VIOLATION_TYPES),
    occurredOn: z.string().nullable(),
  }),
]);
export type LinkTarget = z.infer<typeof linkTarget>;

export const linkView = z.object({
  id: z.string(),
  perpetratorId: z.string(),
  targetType: z.enum(['case', 'violation']),
  targetId: z.string(),
  role: z.enum(LINK_ROLES),
  note: z.string().nullable(),
  /**
   * A short non-identifying label of the target (case number or violation type and date), in English:
   * kept for existing clients. Clients label links in the reader's language from `target`.
   */
  targetLabel: z.string(),
  /** The fields the label is made of, language-neutral (codes and dates, no words). */
  target: linkTarget,
  sources: z.array(sourceRef),
});
export type LinkView = z.infer<typeof linkView>;

export const positionView = z.object({
  id: z.string(),
  institution: z.string(),
  title: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

export const perpetratorSummaryView = z.object({
  id: z.string(),
  tier: tierSchema,
  category: z.enum(PERPETRATOR_CATEGORIES),
  displayName: z.string(),
  names: z.array(z.object({ id: z.string(), script: z.enum(SCRIPTS), kind: z.string(), value: z.string() })),
  birthYear: z.number().nullable(),
  updatedAt: z.string(),
  version: z.number(),
});
export type PerpetratorSummaryView = z.infer<typeof perpetratorSummaryView>;

export const perpetratorView = perpetratorSummaryView.extend({
  notes: z.string().nullable(),
  positions: z.array(positionView),
  links: z.array(linkView),
  createdAt: z.string(),
});
export type PerpetratorView = z.infer<typeof perpetratorView>;

export const perpetratorListView = z.object({ items: z.array(perpetratorSummaryView), total: z.number() });

export const duplicatesView = z.object({
  items: z.array(
    z.object({
      perpetratorId: z.string(),
      displayName: z.string(),
      score: z.number(),
      explanation: z.array(z.string()),
    }),
  ),
});
export type DuplicatesView = z.infer<typeof duplicatesView>;

export const createViolationBody = z.object({
  tier: tierSchema,
  type: z.enum(VIOLATION_TYPES),
  occurredOn: dateOnly.nullable().optional(),
  occurredUntil: dateOnly.nullable().optional(),
  place: text(300).nullable().optional(),
  description: z.string().max(50_000).nullable().optional(),
  victimIds: z.array(z.uuid()).max(500).default([]),
  sourceIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateViolationInput = z.infer<typeof createViolationBody>;

export const updateViolationBody = createViolationBody
  .partial()
  .extend({ version: z.number().int().positive() });
export type UpdateViolationInput = z.infer<typeof updateViolationBody>;

export const violationView = z.object({
  id: z.string(),
  tier: tierSchema,
  type: z.enum(VIOLATION_TYPES),
  occurredOn: z.string().nullable(),
  occurredUntil: z.string().nullable(),
  place: z.string().nullable(),
  description: z.string().nullable(),
  /** Only victims the caller may see; the count of the others is never revealed. */
  victims: z.array(z.object({ personId: z.string(), refCode: z.string(), displayName: z.string() })),
  perpetrators: z.array(
    z.object({ perpetratorId: z.string(), displayName: z.string(), role: z.enum(LINK_ROLES) }),
  ),
  sources: z.array(sourceRef),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type ViolationView = z.infer<typeof violationView>;
export const violationListView = z.object({ items: z.array(violationView), total: z.number() });

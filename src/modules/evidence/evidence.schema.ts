import { z } from 'zod';
import { TIERS } from '../../core/access';

/** zod schemas of the evidence locker and case-file package API. */

export const tierSchema = z.enum(TIERS);
export const EVIDENCE_KINDS = ['document', 'photo', 'audio', 'video', 'testimony', 'other'] as const;
export const RECIPIENTS = ['partner_investigators', 'courts', 'un_osce', 'public'] as const;
export type Recipient = (typeof RECIPIENTS)[number];
export const CUSTODY_EVENTS = ['received', 'viewed', 'copied', 'exported', 'transferred'] as const;
export const LINK_TYPES = ['person', 'case', 'violation', 'perpetrator'] as const;
export const LANGUAGES = ['be', 'ru', 'en', 'uk', 'pl', 'lt', 'de', 'fr', 'other'] as const;

export const idParams = z.object({ id: z.uuid() });

const optText = (max: number) => z.string().trim().min(1).max(max).optional();
/** "courts,un_osce"; empty means nobody. */
const recipientList = z
  .string()
  .max(200)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  )
  .pipe(z.array(z.enum(RECIPIENTS)));
/** "case:<uuid>,violation:<uuid>". */
const linkList = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0)
      .map((x) => {
        const [entityType, entityId] = x.split(':');
        return { entityType, entityId };
      }),
  )
  .pipe(z.array(z.object({ entityType: z.enum(LINK_TYPES), entityId: z.uuid() })));

/** Upload metadata travels in the query string: the body is the file itself, streamed. */
export const uploadQuery = z.object({
  tier: tierSchema,
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string().trim().min(1).max(500),
  fileName: optText(255),
  capturedAt: optText(40),
  capturedPlace: optText(300),
  collectedBy: optText(200),
  collectedFrom: optText(300),
  language: z.enum(LANGUAGES).optional(),
  consent: recipientList.default([]),
  links: linkList.default([]),
});
export type UploadInput = z.infer<typeof uploadQuery>;

export const copyQuery = z.object({
  derivation: z.enum(['redacted', 'translated']),
  title: z.string().trim().min(1).max(500),
  fileName: optText(255),
  language: z.enum(LANGUAGES).optional(),
  consent: recipientList.default([]),
});
export type CopyInput = z.infer<typeof copyQuery>;

export const updateEvidenceBody = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  capturedAt: z.string().trim().max(40).nullable().optional(),
  capturedPlace: z.string().trim().max(300).nullable().optional(),
  collectedBy: z.string().trim().max(200).nullable().optional(),
  collectedFrom: z.string().trim().max(300).nullable().optional(),
  language: z.enum(LANGUAGES).nullable().optional(),
  notes: z.string().max(20_000).nullable().optional(),
  consent: z.array(z.enum(RECIPIENTS)).max(4).optional(),
  links: z
    .array(z.object({ entityType: z.enum(LINK_TYPES), entityId: z.uuid() }))
    .max(200)
    .optional(),
  version: z.number().int().positive(),
});
export type UpdateEvidenceInput = z.infer<typeof updateEvidenceBody>;

export const listEvidenceQuery = z.object({
  entityType: z.enum(LINK_TYPES).optional(),
  entityId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListEvidenceQuery = z.infer<typeof listEvidenceQuery>;

export const evidenceView = z.object({
  id: z.string(),
  tier: tierSchema,
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string(),
  fileName: z.string().nullable(),
  mediaType: z.string(),
  sha256: z.string(),
  size: z.number(),
  originalId: z.string().nullable(),
  derivation: z.enum(['redacted', 'translated']).nullable(),
  capturedAt: z.string().nullable(),
  capturedPlace: z.string().nullable(),
  collectedBy: z.string().nullable(),
  collectedFrom: z.string().nullable(),
  language: z.string().nullable(),
  notes: z.string().nullable(),
  consent: z.array(z.enum(RECIPIENTS)),
  consentRecordedBy: z.string(),
  consentRecordedAt: z.string(),
  links: z.array(z.object({ entityType: z.enum(LINK_TYPES), entityId: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type EvidenceView = z.infer<typeof evidenceView>;
export const evidenceListView = z.object({ items: z.array(evidenceView), total: z.number() });

export const custodyEntry = z.object({
  seq: z.number(),
  at: z.string(),
  event: z.enum(CUSTODY_EVENTS),
  actor: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type CustodyEntry = z.infer<typeof custodyEntry>;
export const custodyView = z.object({ items: z.array(custodyEntry) });

export const transferBody = z.object({
  to: z.string().trim().min(1).max(300),
  note: z.string().trim().max(2000).optional(),
});

export const verifyItemView = z.object({ id: z.string(), intact: z.boolean(), sha256: z.string() });

export const signingKeyView = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
});

export const packageBody = z.object({
  recipient: z.enum(RECIPIENTS),
  title: z.string().trim().min(1).max(300).default('Case file'),
  perpetratorIds: z.array(z.uuid()).max(200).default([]),
  violationIds: z.array(z.uuid()).max(500).default([]),
  caseIds: z.array(z.uuid()).max(500).default([]),
  evidenceIds: z.array(z.uuid()).max(1000).default([]),
});
export type PackageInput = z.infer<typeof packageBody>;

export const packageView = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number(),
  sha256: z.string(),
  recipient: z.enum(RECIPIENTS),
  evidenceIncluded: z.number(),
  /** Items linked to the chosen records that consent does not allow for this recipient. */
  evidenceWithheld: z.number(),
  fingerprint: z.string(),
});
export type PackageView = z.infer<typeof packageView>;

export const verificationView = z.object({
  ok: z.boolean(),
  signatureValid: z.boolean(),
  fingerprint: z.string().nullable(),
  filesChecked: z.number(),
  problems: z.array(z.string()),
});

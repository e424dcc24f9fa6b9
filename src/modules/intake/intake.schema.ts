import { z } from 'zod';
import { createViolationBody } from '../accountability/accountability.schema';
import { createPersonBody } from '../registry/registry.schema';
import type { SubmissionRow } from './intake.repository';

/** zod schemas of the staff-side secure-channel API (/api/v1/intake/...). */
export const STATUSES = ['new', 'in_review', 'triaged', 'closed'] as const;
const password = z.string().min(1).max(256);

export const idParams = z.object({ id: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
export const fileQuery = z.object({ variant: z.enum(['original', 'stripped']).default('original') });

export const passwordBody = z.object({ password });
export const reprotectBody = z.object({ currentPassword: password, newPassword: password });

export const keyStatusView = z.object({
  hasKey: z.boolean(),
  unlocked: z.boolean(),
  publicKey: z.string().nullable(),
  escrow: z.boolean(),
});

export const recipientListView = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      username: z.string(),
      publicKey: z.string(),
      status: z.enum(['active', 'revoked']),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
    }),
  ),
  escrow: z.boolean(),
});

export const listQuery = z.object({
  status: z.enum(STATUSES).optional(),
  assignedTo: z.uuid().optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const submissionView = z.object({
  id: z.string(),
  path: z.enum(['js', 'nojs']),
  lang: z.string(),
  status: z.enum(STATUSES),
  tags: z.array(z.string()),
  assignedTo: z.string().nullable(),
  keep: z.boolean(),
  receivedOn: z.string(),
  lastActivityOn: z.string(),
  expiresOn: z.string().nullable(),
  unread: z.boolean(),
  contentHash: z.string(),
});
export const submissionListView = z.object({ items: z.array(submissionView) });

export function presentSubmission(r: SubmissionRow): z.infer<typeof submissionView> {
  return {
    id: r.id,
    path: r.path,
    lang: r.lang,
    status: r.status,
    tags: JSON.parse(r.tags) as string[],
    assignedTo: r.assigned_to,
    keep: Boolean(r.keep),
    receivedOn: r.received_on,
    lastActivityOn: r.last_activity_on,
    expiresOn: r.keep ? null : r.expires_on,
    unread: Boolean(r.unread),
    contentHash: r.content_hash,
  };
}

const custodyEntry = z.object({
  on: z.string(),
  event: z.string(),
  submissionId: z.string().optional(),
  sha256: z.string().optional(),
  by: z.string().optional(),
});

export const submissionDetailView = submissionView.extend({
  readable: z.boolean(),
  messages: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      author: z.enum(['source', 'staff']),
      authorUserId: z.string().nullable(),
      on: z.string(),
      /** Null when this recipient's key cannot open the message (it arrived before the key existed). */
      body: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  files: z.array(
    z.object({
      id: z.string(),
      messageId: z.string(),
      on: z.string(),
      sha256: z.string(),
      storedBytes: z.number(),
      meta: z.object({ name: z.string(), type: z.string(), size: z.number() }).nullable(),
    }),
  ),
  links: z.array(
    z.object({
      id: z.string(),
      entityType: z.string(),
      entityId: z.string(),
      custody: z.array(custodyEntry),
      createdAt: z.string(),
    }),
  ),
});

export const updateBody = z.object({
  tags: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[\p{L}\p{N}_-]{1,40}$/u),
    )
    .max(20)
    .optional(),
  assignedTo: z.uuid().nullable().optional(),
  status: z.enum(STATUSES).optional(),
  keep: z.boolean().optional(),
});

export const replyBody = z.object({ text: z.string().trim().min(1).max(20_000) });

export const triageBody = z.object({
  person: createPersonBody,
  /** Optional: a violation with the new person as its victim; evidence items are linked to it too. */
  violation: createViolationBody.omit({ victimIds: true }).optional(),
  evidence: z.boolean().default(true),
});
export type TriageInput = z.infer<typeof triageBody>;
export const triageView = z.object({
  personId: z.string(),
  violationId: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  custody: z.array(custodyEntry),
});

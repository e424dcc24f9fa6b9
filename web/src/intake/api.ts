/** Types of the staff-side secure-channel API (src/modules/intake/intake.schema.ts). */
export interface KeyStatus {
  hasKey: boolean;
  unlocked: boolean;
  publicKey: string | null;
  escrow: boolean;
}

export type IntakeStatus = 'new' | 'in_review' | 'triaged' | 'closed';
export const INTAKE_STATUSES: IntakeStatus[] = ['new', 'in_review', 'triaged', 'closed'];

export interface Submission {
  id: string;
  path: 'js' | 'nojs';
  lang: string;
  status: IntakeStatus;
  tags: string[];
  assignedTo: string | null;
  keep: boolean;
  receivedOn: string;
  lastActivityOn: string;
  expiresOn: string | null;
  unread: boolean;
  contentHash: string;
}

export interface CustodyEntry {
  on: string;
  event: string;
  submissionId?: string;
  sha256?: string;
  by?: string;
}

export interface SubmissionDetail extends Submission {
  readable: boolean;
  messages: Array<{
    id: string;
    seq: number;
    author: 'source' | 'staff';
    authorUserId: string | null;
    on: string;
    body: { kind?: string; answers?: Record<string, string>; text?: string } | null;
  }>;
  files: Array<{
    id: string;
    messageId: string;
    on: string;
    sha256: string;
    storedBytes: number;
    meta: { name: string; type: string; size: number } | null;
  }>;
  links: Array<{
    id: string;
    entityType: string;
    entityId: string;
    custody: CustodyEntry[];
    createdAt: string;
  }>;
}

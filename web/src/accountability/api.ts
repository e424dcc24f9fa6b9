import type * as server from '../../../src/modules/accountability/accountability.schema';
import { ApiError, csrfHeaders } from '../api/client';
import { listOf, type Tier } from '../api/types';

/**
 * Types of the accountability and evidence API (src/modules/accountability, src/modules/evidence). The
 * perpetrator and violation views are the server's zod views, imported as types only (erased from the
 * bundle, so no zod or server code reaches the browser); the value lists must ship to the browser, so they
 * are written again here and listOf keeps them equal to the server's.
 */
export type PerpetratorSummary = server.PerpetratorSummaryView;
export type Perpetrator = server.PerpetratorView;
export type Violation = server.ViolationView;
export type Category = (typeof server.PERPETRATOR_CATEGORIES)[number];
export type LinkRole = (typeof server.LINK_ROLES)[number];
export type ViolationType = (typeof server.VIOLATION_TYPES)[number];

export const CATEGORIES = listOf<Category>()([
  'judge',
  'prosecutor',
  'investigator',
  'kgb_officer',
  'interior_officer',
  'prison_head',
  'election_official',
  'propagandist',
  'other',
]);
export const ROLES = listOf<LinkRole>()([
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
]);
export const VIOLATION_TYPES = listOf<ViolationType>()([
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
]);
export const RECIPIENTS = ['partner_investigators', 'courts', 'un_osce', 'public'] as const;
export const KINDS = ['document', 'photo', 'audio', 'video', 'testimony', 'other'] as const;
export type Recipient = (typeof RECIPIENTS)[number];
export type Kind = (typeof KINDS)[number];
export type CustodyEvent = 'received' | 'viewed' | 'copied' | 'exported' | 'transferred';

export interface Evidence {
  id: string;
  tier: Tier;
  kind: Kind;
  title: string;
  fileName: string | null;
  mediaType: string;
  sha256: string;
  size: number;
  originalId: string | null;
  derivation: 'redacted' | 'translated' | null;
  capturedAt: string | null;
  collectedBy: string | null;
  language: string | null;
  consent: Recipient[];
  consentRecordedBy: string;
  consentRecordedAt: string;
  links: Array<{ entityType: string; entityId: string }>;
  version: number;
}
export interface Custody {
  items: Array<{ seq: number; at: string; event: CustodyEvent; actor: string | null }>;
}
export interface PackageView {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
  evidenceIncluded: number;
  evidenceWithheld: number;
  fingerprint: string;
}
export interface Verification {
  ok: boolean;
  signatureValid: boolean;
  fingerprint: string | null;
  filesChecked: number;
  problems: string[];
}
export interface Report {
  jurisdictions: string[];
  items: Array<{
    perpetratorId: string;
    displayName: string;
    names: string[];
    category: Category;
    cases: number;
    violations: number;
    listedBy: string[];
    listings: Array<{ jurisdiction: string; targetName: string; score: number }>;
  }>;
}

/** Streams a file to the server with XMLHttpRequest (fetch reports no upload progress). */
export function uploadEvidence(
  file: File,
  query: Record<string, string>,
  onProgress: (fraction: number) => void,
): Promise<Evidence> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/evidence?${new URLSearchParams(query).toString()}`);
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      if (xhr.status === 201) resolve(body as Evidence);
      else {
        const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
        reject(
          new ApiError(
            err?.code === 'PAYLOAD_TOO_LARGE' ||
              err?.code === 'FORBIDDEN' ||
              err?.code === 'VALIDATION_FAILED'
              ? err.code
              : 'UNKNOWN',
            xhr.status,
            err?.message ?? `HTTP ${xhr.status}`,
          ),
        );
      }
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', 0, 'Network error'));
    xhr.send(file);
  });
}

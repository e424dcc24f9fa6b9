/**
 * Shapes of the registry API's JSON, mirroring the server's zod views (src/modules/registry/registry.schema.ts,
 * statistics.routes.ts, duplicates.routes.ts, import/import.schema.ts, releases.schema.ts).
 */
import type { Tier } from '../api/types';

export const CONSENTS = ['public', 'anonymised', 'confidential', 'sealed'] as const;
export type Consent = (typeof CONSENTS)[number];

export const GENDERS = ['male', 'female', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const SCRIPTS = ['be', 'ru', 'latn', 'other'] as const;
export type Script = (typeof SCRIPTS)[number];

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
export type Region = (typeof REGIONS)[number];

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
export type Group = (typeof GROUPS)[number];

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
export type Status = (typeof STATUSES)[number];

export const RELEASE_KINDS = [
  'pardon',
  'end_of_term',
  'exchange',
  'deportation',
  'amnesty',
  'other',
] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

export interface SourceRef {
  sourceId: string;
  field: string;
  title: string;
  url: string | null;
}

export interface PersonName {
  id: string;
  script: Script;
  kind: 'primary' | 'alias';
  value: string;
}

interface PersonBase {
  id: string;
  refCode: string;
  consent: Consent;
  tier: Tier;
  identityTier: Tier;
  identityHidden: boolean;
  displayName: string;
  gender: Gender | null;
  region: string | null;
  groups: string[];
  currentStatus: Status | null;
  currentStatusOn: string | null;
  recognisedOn: string | null;
  isDemo: boolean;
  updatedAt: string;
  version: number;
}

export interface PersonSummary extends PersonBase {
  names?: PersonName[];
  birthYear?: number | null;
  articles: string[];
  facility: string | null;
  detainedOn: string | null;
}

export interface PersonList {
  items: PersonSummary[];
  total: number;
}

export interface CaseArticle {
  article: string;
  label: string | null;
}

export interface CaseView {
  id: string;
  caseNumber: string | null;
  articles: CaseArticle[];
  detainedOn: string | null;
  court: string | null;
  judge: string | null;
  prosecutor: string | null;
  verdictOn: string | null;
  sentenceMonths: number | null;
  penalty: string | null;
  regime: string | null;
  appealOn: string | null;
  appealResult: string | null;
  facility: string | null;
  incommunicado: Array<{ from: string; to?: string | null }>;
  notes?: string | null;
  sources: SourceRef[];
  version: number;
}

export interface StatusEvent {
  id: string;
  status: Status;
  occurredOn: string;
  caseId: string | null;
  releaseEventId: string | null;
  note: string | null;
  sources: SourceRef[];
}

export interface Recognition {
  id: string;
  recognisedBy: string;
  recognisedOn: string;
  statementUrl: string | null;
  sources: SourceRef[];
}

export interface PersonView extends PersonBase {
  names?: PersonName[];
  birthYear?: number | null;
  birthDate?: string | null;
  description?: string | null;
  healthNotes?: string | null;
  photoFile?: string | null;
  externalIds: Record<string, string>;
  createdAt: string;
  cases: CaseView[];
  statusEvents: StatusEvent[];
  recognitions: Recognition[];
  sources: SourceRef[];
}

export interface NameInput {
  script: Script;
  kind: 'primary' | 'alias';
  value: string;
}

export interface CaseInput {
  caseNumber?: string | null;
  articles: Array<{ article: string; label?: string | null }>;
  detainedOn?: string | null;
  court?: string | null;
  judge?: string | null;
  prosecutor?: string | null;
  verdictOn?: string | null;
  sentenceMonths?: number | null;
  penalty?: string | null;
  regime?: string | null;
  appealOn?: string | null;
  appealResult?: string | null;
  facility?: string | null;
}

export interface StatusEventInput {
  status: Status;
  occurredOn: string;
  caseId?: string | null;
  note?: string | null;
}

export interface RecognitionInput {
  recognisedBy: string;
  recognisedOn: string;
  statementUrl?: string | null;
}

export interface PersonFieldsInput {
  consent: Consent;
  names: NameInput[];
  birthYear: number | null;
  birthDate: string | null;
  gender: Gender | null;
  region: Region | null;
  groups: Group[];
  description: string | null;
  healthNotes?: string | null;
}

export interface CreatePersonInput extends PersonFieldsInput {
  cases: CaseInput[];
  statusEvents: Array<Omit<StatusEventInput, 'caseId'>>;
}

export interface DuplicateCandidate {
  personId: string;
  refCode: string;
  score: number;
  explanation: string[];
}

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
}

export interface ImportIssue {
  line: number;
  column?: string;
  message: string;
}

export interface DryRunReport {
  digest: string;
  format: 'csv' | 'json';
  layout: string;
  consent: Consent;
  rowsRead: number;
  toCreate: number;
  toUpdate: number;
  duplicates: Array<{
    line: number;
    candidates: Array<{ personId: string; refCode: string; score: number }>;
  }>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface CommitResult {
  digest: string;
  rowsRead: number;
  created: number;
  updated: number;
  skippedLines: number[];
}

export interface Cell {
  key: string;
  count: number;
}

export interface TimeServed {
  persons: number;
  medianMonths: number | null;
  meanMonths: number | null;
}

export interface Statistics {
  generatedAt: string;
  scope: 'current' | 'all';
  currentCount: number;
  byStatus: Cell[];
  recognitionsPerMonth: Cell[];
  releasesPerMonth: Array<Cell & { kind: string }>;
  timeServed: { current: TimeServed; released: TimeServed };
  byArticle: Cell[];
  byRegion: Cell[];
  byGender: Cell[];
  byGroup: Cell[];
  byFacility: Cell[];
}

export interface PublishedFigure {
  asOf: string;
  metric: string;
  valueText: string;
  value: number | null;
  sourceOrg: string;
  sourceUrl: string;
  quote: string | null;
}

export interface ReleaseEvent {
  id: string;
  kind: ReleaseKind;
  occurredOn: string;
  title: string;
  reportedCount: number | null;
  sourceId: string | null;
  linkedCount: number;
}

export interface HumanitarianCriteria {
  base: Record<string, string>;
  currentOnly: boolean;
  match: 'any' | 'all';
  minAge?: number;
  seriousIllness?: boolean;
  parentOfMinors?: boolean;
  women?: boolean;
  minServedPercent?: number;
}

export interface SavedFilter {
  id: string;
  name: string;
  purpose: string;
  criteria: HumanitarianCriteria;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReleaseList {
  filterId: string;
  name: string;
  generatedAt: string;
  countingRule: string;
  count: number;
  sealedCount: number;
  items: Array<{
    refCode: string;
    identityHidden: boolean;
    names: Array<{ script: string; value: string }>;
    birthYear: number | null;
    age: number | null;
    gender: string | null;
    currentStatus: string | null;
    detainedOn: string | null;
    sentenceMonths: number | null;
    servedPercent: number | null;
    reasons: string[];
  }>;
}

/** Filters of the persons list (and of exports), as the API's query parameters. */
export const FILTER_KEYS = [
  'q',
  'article',
  'court',
  'judge',
  'facility',
  'status',
  'group',
  'region',
  'gender',
  'consent',
  'detainedFrom',
  'detainedTo',
  'verdictFrom',
  'verdictTo',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type PersonFilters = Partial<Record<FilterKey, string>>;

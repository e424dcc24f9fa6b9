/**
 * Shapes of the registry API's JSON. The views are the server's zod views, imported as types only
 * (src/modules/registry/registry.schema.ts): `import type` is erased from the bundle, so no zod or server
 * code reaches the browser. The value lists below must ship to the browser and the schema modules carry
 * zod, so they are written again here; listOf makes each compile only while it names exactly the server's
 * values. The rest mirrors statistics.routes.ts, duplicates.routes.ts, import/import.schema.ts and
 * releases.schema.ts by hand.
 */
import type * as server from '../../../src/modules/registry/registry.schema';
import { listOf } from '../api/types';

export type PersonSummary = server.PersonSummaryView;
export type PersonView = server.PersonView;
export type CaseView = server.CaseView;
export type PersonName = NonNullable<PersonView['names']>[number];
export type SourceRef = PersonView['sources'][number];
export type StatusEvent = PersonView['statusEvents'][number];
export type Recognition = PersonView['recognitions'][number];
export type CaseArticle = CaseView['articles'][number];

/** total is exact up to a server-side bound; totalCapped means "more than total". */
export interface PersonList {
  items: PersonSummary[];
  total: number;
  totalCapped: boolean;
}

export type Consent = PersonView['consent'];
export const CONSENTS = listOf<Consent>()(['public', 'anonymised', 'confidential', 'sealed']);

export type Gender = (typeof server.GENDERS)[number];
export const GENDERS = listOf<Gender>()(['male', 'female', 'other']);

export type Script = (typeof server.SCRIPTS)[number];
export const SCRIPTS = listOf<Script>()(['be', 'ru', 'latn', 'other']);

export type Region = (typeof server.REGIONS)[number];
export const REGIONS = listOf<Region>()([
  'brest',
  'vitebsk',
  'gomel',
  'grodno',
  'minsk_region',
  'minsk_city',
  'mogilev',
  'abroad',
  'unknown',
]);

export type Group = (typeof server.GROUPS)[number];
export const GROUPS = listOf<Group>()([
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
]);

export type Status = (typeof server.STATUSES)[number];
export const STATUSES = listOf<Status>()([
  'detained',
  'sentenced',
  'released_pardon',
  'released_end_of_term',
  'released_exchange',
  'released_deportation',
  'released_other',
  'died_in_custody',
  'forced_exile',
]);

// Not tied to releases.schema.ts: that module imports the export routes, and through them most of the
// server would join the web type check.
export const RELEASE_KINDS = [
  'pardon',
  'end_of_term',
  'exchange',
  'deportation',
  'amnesty',
  'other',
] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

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

import type { ApiError } from '../api/client';
import { ARTICLE_RE } from './filters';
import type {
  CaseInput,
  Consent,
  CreatePersonInput,
  Gender,
  Group,
  NameInput,
  PersonFieldsInput,
  RecognitionInput,
  Region,
  Script,
  Status,
  StatusEventInput,
} from './types';

/**
 * Client-side checks mirroring the server's zod schemas (src/modules/registry/registry.schema.ts), so most
 * mistakes are shown beside the field before a round trip; the server stays the authority and its field
 * errors are mapped onto the same paths (serverFieldErrors).
 */
export type ErrorKey =
  'required' | 'tooLong' | 'date' | 'year' | 'article' | 'months' | 'url' | 'order' | 'primary' | 'server';
export interface FieldProblem {
  key: ErrorKey;
  max?: number;
  /** The server's own wording, for 'server'. */
  text?: string;
}
export type Errors = Record<string, FieldProblem>;

export const MAX = {
  name: 300,
  text: 300,
  caseNumber: 100,
  penalty: 200,
  regime: 100,
  long: 20_000,
  by: 200,
  note: 2000,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day: Date.parse accepts 2021-02-30 (as 2 March), the server's z.iso.date() does not. */
const validDate = (v: string): boolean => {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

function checkText(errors: Errors, path: string, v: string, max: number, required = false): void {
  const s = v.trim();
  if (!s) {
    if (required) errors[path] = { key: 'required' };
  } else if (s.length > max) errors[path] = { key: 'tooLong', max };
}

function checkDate(errors: Errors, path: string, v: string, required = false): void {
  if (!v) {
    if (required) errors[path] = { key: 'required' };
  } else if (!validDate(v)) errors[path] = { key: 'date' };
}

// ---- person ----

export interface NameRow {
  script: Script;
  kind: 'primary' | 'alias';
  value: string;
}

export interface PersonFormValues {
  consent: Consent | '';
  names: NameRow[];
  birthYear: string;
  birthDate: string;
  gender: Gender | '';
  region: Region | '';
  groups: Group[];
  description: string;
  healthNotes: string;
}

export const emptyPerson: PersonFormValues = {
  consent: '',
  names: [
    { script: 'be', kind: 'primary', value: '' },
    { script: 'ru', kind: 'alias', value: '' },
    { script: 'latn', kind: 'alias', value: '' },
  ],
  birthYear: '',
  birthDate: '',
  gender: '',
  region: '',
  groups: [],
  description: '',
  healthNotes: '',
};

export function validatePerson(v: PersonFormValues): Errors {
  const errors: Errors = {};
  if (!v.consent) errors.consent = { key: 'required' };
  const filled = v.names.filter((n) => n.value.trim());
  if (filled.length === 0) errors['names.0.value'] = { key: 'required' };
  v.names.forEach((n, i) => checkText(errors, `names.${i}.value`, n.value, MAX.name));
  if (filled.length > 0 && !filled.some((n) => n.kind === 'primary'))
    errors['names.0.kind'] = { key: 'primary' };
  if (v.birthYear) {
    const y = Number(v.birthYear);
    if (!/^\d{4}$/.test(v.birthYear) || y < 1900 || y > 2100) errors.birthYear = { key: 'year' };
  }
  checkDate(errors, 'birthDate', v.birthDate);
  if (v.birthDate && v.birthYear && validDate(v.birthDate) && v.birthDate.slice(0, 4) !== v.birthYear)
    errors.birthDate = { key: 'order' };
  checkText(errors, 'description', v.description, MAX.long);
  checkText(errors, 'healthNotes', v.healthNotes, MAX.long);
  return errors;
}

const orNull = (s: string): string | null => (s.trim() ? s.trim() : null);

export function toPersonInput(v: PersonFormValues, withHealth: boolean): PersonFieldsInput {
  const names: NameInput[] = v.names
    .filter((n) => n.value.trim())
    .map((n) => ({ script: n.script, kind: n.kind, value: n.value.trim() }));
  return {
    consent: v.consent || 'confidential',
    names,
    birthYear: v.birthYear ? Number(v.birthYear) : null,
    birthDate: v.birthDate || null,
    gender: v.gender || null,
    region: v.region || null,
    groups: v.groups,
    description: orNull(v.description),
    ...(withHealth ? { healthNotes: orNull(v.healthNotes) } : {}),
  };
}

// ---- case ----

export interface CaseFormValues {
  caseNumber: string;
  articles: string;
  detainedOn: string;
  court: string;
  judge: string;
  prosecutor: string;
  verdictOn: string;
  sentenceMonths: string;
  penalty: string;
  regime: string;
  facility: string;
}

export const emptyCase: CaseFormValues = {
  caseNumber: '',
  articles: '',
  detainedOn: '',
  court: '',
  judge: '',
  prosecutor: '',
  verdictOn: '',
  sentenceMonths: '',
  penalty: '',
  regime: '',
  facility: '',
};

export const articleCodes = (s: string): string[] =>
  s
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);

export const caseIsEmpty = (c: CaseFormValues): boolean =>
  (Object.keys(c) as Array<keyof CaseFormValues>).every((k) => !c[k].trim());

export function validateCase(c: CaseFormValues, prefix: string): Errors {
  const errors: Errors = {};
  const p = (f: string): string => `${prefix}${f}`;
  const codes = articleCodes(c.articles);
  if (codes.some((a) => !ARTICLE_RE.test(a))) errors[p('articles')] = { key: 'article' };
  if (codes.length > 30) errors[p('articles')] = { key: 'tooLong', max: 30 };
  checkText(errors, p('caseNumber'), c.caseNumber, MAX.caseNumber);
  for (const f of ['court', 'judge', 'prosecutor', 'facility'] as const)
    checkText(errors, p(f), c[f], MAX.text);
  checkText(errors, p('penalty'), c.penalty, MAX.penalty);
  checkText(errors, p('regime'), c.regime, MAX.regime);
  checkDate(errors, p('detainedOn'), c.detainedOn);
  checkDate(errors, p('verdictOn'), c.verdictOn);
  if (validDate(c.detainedOn) && validDate(c.verdictOn) && c.verdictOn < c.detainedOn)
    errors[p('verdictOn')] = { key: 'order' };
  if (c.sentenceMonths) {
    const n = Number(c.sentenceMonths);
    if (!/^\d+$/.test(c.sentenceMonths) || n > 1200) errors[p('sentenceMonths')] = { key: 'months' };
  }
  return errors;
}

/** An existing case as form values (for editing). */
export function caseFormValues(c: {
  caseNumber: string | null;
  articles: ReadonlyArray<{ article: string }>;
  detainedOn: string | null;
  court: string | null;
  judge: string | null;
  prosecutor: string | null;
  verdictOn: string | null;
  sentenceMonths: number | null;
  penalty: string | null;
  regime: string | null;
  facility: string | null;
}): CaseFormValues {
  return {
    caseNumber: c.caseNumber ?? '',
    articles: c.articles.map((a) => a.article).join(', '),
    detainedOn: c.detainedOn ?? '',
    court: c.court ?? '',
    judge: c.judge ?? '',
    prosecutor: c.prosecutor ?? '',
    verdictOn: c.verdictOn ?? '',
    sentenceMonths: c.sentenceMonths === null ? '' : String(c.sentenceMonths),
    penalty: c.penalty ?? '',
    regime: c.regime ?? '',
    facility: c.facility ?? '',
  };
}

export function toCaseInput(c: CaseFormValues): CaseInput {
  return {
    caseNumber: orNull(c.caseNumber),
    articles: articleCodes(c.articles).map((article) => ({ article })),
    detainedOn: c.detainedOn || null,
    court: orNull(c.court),
    judge: orNull(c.judge),
    prosecutor: orNull(c.prosecutor),
    verdictOn: c.verdictOn || null,
    sentenceMonths: c.sentenceMonths ? Number(c.sentenceMonths) : null,
    penalty: orNull(c.penalty),
    regime: orNull(c.regime),
    facility: orNull(c.facility),
  };
}

// ---- status events and recognitions ----

export interface StatusFormValues {
  status: Status | '';
  occurredOn: string;
  note: string;
}

export function validateStatus(v: StatusFormValues, prefix = '', required = true): Errors {
  const errors: Errors = {};
  if (!required && !v.status && !v.occurredOn) return errors;
  if (!v.status) errors[`${prefix}status`] = { key: 'required' };
  checkDate(errors, `${prefix}occurredOn`, v.occurredOn, true);
  checkText(errors, `${prefix}note`, v.note, MAX.note);
  return errors;
}

export const toStatusInput = (v: StatusFormValues): StatusEventInput => ({
  status: v.status || 'detained',
  occurredOn: v.occurredOn,
  note: orNull(v.note),
});

export interface RecognitionFormValues {
  recognisedBy: string;
  recognisedOn: string;
  statementUrl: string;
}

export function validateRecognition(v: RecognitionFormValues): Errors {
  const errors: Errors = {};
  checkText(errors, 'recognisedBy', v.recognisedBy, MAX.by, true);
  checkDate(errors, 'recognisedOn', v.recognisedOn, true);
  if (v.statementUrl.trim()) {
    try {
      const u = new URL(v.statementUrl.trim());
      if (u.protocol !== 'http:' && u.protocol !== 'https:') errors.statementUrl = { key: 'url' };
    } catch {
      errors.statementUrl = { key: 'url' };
    }
  }
  return errors;
}

export const toRecognitionInput = (v: RecognitionFormValues): RecognitionInput => ({
  recognisedBy: v.recognisedBy.trim(),
  recognisedOn: v.recognisedOn,
  statementUrl: orNull(v.statementUrl),
});

export function toCreateInput(
  p: PersonFormValues,
  c: CaseFormValues,
  s: StatusFormValues,
): CreatePersonInput {
  return {
    ...toPersonInput(p, true),
    cases: caseIsEmpty(c) ? [] : [toCaseInput(c)],
    statusEvents: s.status ? [{ status: s.status, occurredOn: s.occurredOn, note: orNull(s.note) }] : [],
  };
}

/**
 * The server's VALIDATION_FAILED details ("body.names.0.value") as field errors on the same paths; a detail
 * that names no known field is returned separately and shown above the buttons.
 */
export function serverFieldErrors(error: ApiError | null): Errors {
  const out: Errors = {};
  if (!error || error.code !== 'VALIDATION_FAILED') return out;
  for (const d of error.details) {
    // Article codes are one text field in the form: "cases.0.articles.2.article" belongs to "cases.0.articles".
    const path = d.path.replace(/^body\.?/, '').replace(/(articles)\.\d+.*$/, '$1');
    if (path) out[path] = { key: 'server', text: d.message };
  }
  return out;
}

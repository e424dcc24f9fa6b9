import { SOURCE_LANGUAGES, TIERS, type SourceInput, type SourceLanguage, type Tier } from '../api/types';

/** The form's raw text values; empty strings mean "not set". */
export interface SourceFormValues {
  tier: Tier;
  title: string;
  url: string;
  publisher: string;
  publishedOn: string;
  language: SourceLanguage | '';
  notes: string;
  notesTier: Tier;
}

export type SourceField = keyof SourceFormValues;

/** Translation keys (under sourceForm.errors) for each invalid field. */
export type SourceErrors = Partial<
  Record<SourceField, 'required' | 'tooLong' | 'url' | 'date' | 'tier' | 'language'>
>;

export const emptySourceForm: SourceFormValues = {
  tier: 'internal',
  title: '',
  url: '',
  publisher: '',
  publishedOn: '',
  language: '',
  notes: '',
  notesTier: 'confidential',
};

export const LIMITS = { title: 500, url: 2000, publisher: 200, notes: 20_000 } as const;

export function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  // Rejects 2025-02-30 and similar, which Date would otherwise roll over into March.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Mirrors createSourceBody in src/modules/sources/sources.schema.ts; the server still validates. */
export function validateSource(v: SourceFormValues): SourceErrors {
  const errors: SourceErrors = {};
  const title = v.title.trim();
  if (!title) errors.title = 'required';
  else if (title.length > LIMITS.title) errors.title = 'tooLong';
  const url = v.url.trim();
  if (url.length > LIMITS.url) errors.url = 'tooLong';
  else if (url && !isHttpUrl(url)) errors.url = 'url';
  if (v.publisher.trim().length > LIMITS.publisher) errors.publisher = 'tooLong';
  if (v.publishedOn && !isValidDate(v.publishedOn)) errors.publishedOn = 'date';
  if (!TIERS.includes(v.tier)) errors.tier = 'tier';
  if (!TIERS.includes(v.notesTier)) errors.notesTier = 'tier';
  if (v.language && !SOURCE_LANGUAGES.includes(v.language)) errors.language = 'language';
  if (v.notes.length > LIMITS.notes) errors.notes = 'tooLong';
  return errors;
}

const orNull = (s: string): string | null => (s.trim() ? s.trim() : null);

/**
 * The request body. When the reader cannot see the notes (notesHidden) they are left out entirely, so an
 * edit by someone with a lower clearance never blanks notes they were not shown.
 */
export function toSourceInput(v: SourceFormValues, includeNotes: boolean): SourceInput {
  return {
    tier: v.tier,
    title: v.title.trim(),
    url: orNull(v.url),
    publisher: orNull(v.publisher),
    publishedOn: orNull(v.publishedOn),
    language: v.language || null,
    ...(includeNotes ? { notes: v.notes.trim() ? v.notes : null, notesTier: v.notesTier } : {}),
  };
}

import { canReadField, type Actor } from '../../core/access';
import type { Keyring } from '../../core/crypto/keyring';
import type {
  CaseArticlesTable,
  CasesTable,
  PersonNamesTable,
  PersonsTable,
  RecognitionsTable,
  StatusEventsTable,
} from '../../core/db/schema-registry';
import type { SourceLink } from '../sources/sources.repository';
import { healthNotesTier } from './consent';
import type { CaseSummaryRows } from './person-facts.repository';
import type { PersonSummaryRow } from './persons.repository';
import type { CaseView, PersonSummaryView, PersonView } from './registry.schema';

/** Encryption contexts: each ciphertext is bound to its row and field so it cannot be moved elsewhere. */
export const nameContext = (nameId: string): string => `person_names:${nameId}`;
export const personFieldContext = (
  personId: string,
  field: 'birth_date' | 'description' | 'health_notes',
): string => `persons:${personId}:${field}`;
export const caseNotesContext = (caseId: string): string => `cases:${caseId}:notes`;
export const statusNoteContext = (eventId: string): string => `status_events:${eventId}:note`;

/**
 * A sealed person reaches a presenter only when the caller holds a grant (visibleTo filtered the rest),
 * so for listed rows the grant is implied by the tier.
 */
export const impliedGrant = (row: Pick<PersonsTable, 'tier'>): boolean => row.tier === 'sealed';

export function identityVisible(
  row: Pick<PersonsTable, 'identity_tier'>,
  actor: Actor | null,
  hasGrant: boolean,
): boolean {
  return canReadField(actor, row.identity_tier, hasGrant);
}

export function decryptName(row: PersonNamesTable, keyring: Keyring): string {
  if (row.value !== null) return row.value;
  return row.value_enc ? keyring.decrypt(row.value_enc, nameContext(row.id)) : '';
}

function presentNames(names: readonly PersonNamesTable[], keyring: Keyring) {
  return names.map((n) => ({ id: n.id, script: n.script, kind: n.kind, value: decryptName(n, keyring) }));
}

function primaryName(names: ReadonlyArray<{ kind: string; value: string }>): string | undefined {
  return (names.find((n) => n.kind === 'primary') ?? names[0])?.value;
}

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

function base(row: PersonSummaryRow, displayName: string, hidden: boolean) {
  return {
    id: row.id,
    refCode: row.ref_code,
    consent: row.consent,
    tier: row.tier,
    identityTier: row.identity_tier,
    identityHidden: hidden,
    displayName,
    gender: row.gender,
    region: row.region,
    groups: parseJson<string[]>(row.groups, []),
    currentStatus: row.current_status,
    currentStatusOn: row.current_status_on,
    recognisedOn: row.recognised_on,
    isDemo: Boolean(row.is_demo),
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** A list row: non-identifying facts always; names and birth year only when the identity tier allows. */
export function presentSummary(
  row: PersonSummaryRow,
  actor: Actor | null,
  names: readonly PersonNamesTable[],
  facts: { cases: CaseSummaryRows['cases']; articles: readonly string[] },
  keyring: Keyring,
): PersonSummaryView {
  const visible = identityVisible(row, actor, impliedGrant(row));
  const shown = visible ? presentNames(names, keyring) : undefined;
  const { cases } = facts;
  const latest = cases[cases.length - 1];
  return {
    ...base(row, (shown && primaryName(shown)) ?? row.ref_code, !visible),
    ...(shown ? { names: shown, birthYear: row.birth_year } : {}),
    articles: [...new Set(facts.articles)],
    facility: latest?.facility ?? null,
    detainedOn: cases.find((c) => c.detained_on)?.detained_on ?? null,
  };
}

const refs = (all: readonly SourceLink[], entityId: string) =>
  all
    .filter((s) => s.entity_id === entityId)
    .map((s) => ({ sourceId: s.source_id, field: s.field, title: s.title, url: s.url }));

export function presentCase(
  c: CasesTable,
  articles: readonly CaseArticlesTable[],
  sources: readonly SourceLink[],
  notesVisible: boolean,
  keyring: Keyring,
): CaseView {
  return {
    id: c.id,
    caseNumber: c.case_number,
    articles: articles.filter((a) => a.case_id === c.id).map((a) => ({ article: a.article, label: a.label })),
    detainedOn: c.detained_on,
    court: c.court,
    judge: c.judge,
    prosecutor: c.prosecutor,
    verdictOn: c.verdict_on,
    sentenceMonths: c.sentence_months,
    penalty: c.penalty,
    regime: c.regime,
    appealOn: c.appeal_on,
    appealResult: c.appeal_result,
    facility: c.facility,
    incommunicado: parseJson<Array<{ from: string; to?: string | null }>>(c.incommunicado, []),
    ...(notesVisible
      ? { notes: c.notes_enc ? keyring.decrypt(c.notes_enc, caseNotesContext(c.id)) : null }
      : {}),
    sources: refs(sources, c.id),
    version: c.version,
  };
}

export interface PersonDetail {
  names: readonly PersonNamesTable[];
  cases: readonly CasesTable[];
  articles: readonly CaseArticlesTable[];
  events: readonly StatusEventsTable[];
  recognitions: readonly RecognitionsTable[];
  sources: {
    person: SourceLink[];
    case: SourceLink[];
    status_event: SourceLink[];
    recognition: SourceLink[];
  };
}

/** The record page. Identity fields appear only when the caller may read the identity tier. */
export function presentPerson(
  row: PersonsTable,
  actor: Actor | null,
  hasGrant: boolean,
  detail: PersonDetail,
  keyring: Keyring,
): PersonView {
  const visible = identityVisible(row, actor, hasGrant);
  const notesVisible = canReadField(actor, healthNotesTier(row.consent), hasGrant);
  const shown = visible ? presentNames(detail.names, keyring) : undefined;
  const dec = (v: string | null, field: 'birth_date' | 'description' | 'health_notes') =>
    v ? keyring.decrypt(v, personFieldContext(row.id, field)) : null;
  return {
    ...base(row, (shown && primaryName(shown)) ?? row.ref_code, !visible),
    ...(visible
      ? {
          names: shown,
          birthYear: row.birth_year,
          birthDate: dec(row.birth_date_enc, 'birth_date'),
          description: dec(row.description_enc, 'description'),
          photoFile: row.photo_file,
        }
      : {}),
    ...(notesVisible ? { healthNotes: dec(row.health_notes_enc, 'health_notes') } : {}),
    externalIds: visible ? parseJson<Record<string, string>>(row.external_ids, {}) : {},
    createdAt: row.created_at,
    cases: detail.cases.map((c) =>
      presentCase(c, detail.articles, detail.sources.case, notesVisible, keyring),
    ),
    statusEvents: detail.events.map((e) => ({
      id: e.id,
      status: e.status,
      occurredOn: e.occurred_on,
      caseId: e.case_id,
      releaseEventId: e.release_event_id,
      note: notesVisible && e.note_enc ? keyring.decrypt(e.note_enc, statusNoteContext(e.id)) : null,
      sources: refs(detail.sources.status_event, e.id),
    })),
    recognitions: detail.recognitions.map((r) => ({
      id: r.id,
      recognisedBy: r.recognised_by,
      recognisedOn: r.recognised_on,
      statementUrl: r.statement_url,
      sources: refs(detail.sources.recognition, r.id),
    })),
    sources: refs(detail.sources.person, row.id),
  };
}

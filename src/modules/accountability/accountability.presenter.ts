import type { Keyring } from '../../core/crypto/keyring';
import type {
  PerpetratorLinksTable,
  PerpetratorNamesTable,
  PerpetratorPositionsTable,
  PerpetratorsTable,
  ViolationsTable,
} from '../../core/db/schema-accountability';
import type {
  LinkTarget,
  LinkView,
  PerpetratorSummaryView,
  PerpetratorView,
  ViolationView,
} from './accountability.schema';

/** Encryption contexts: each ciphertext is bound to its row and field. */
export const perpNameContext = (nameId: string): string => `perpetrator_names:${nameId}`;
export const perpNotesContext = (id: string): string => `perpetrators:${id}:notes`;
export const violationDescContext = (id: string): string => `violations:${id}:description`;

export function decryptPerpName(row: PerpetratorNamesTable, keyring: Keyring): string {
  if (row.value !== null) return row.value;
  return row.value_enc ? keyring.decrypt(row.value_enc, perpNameContext(row.id)) : '';
}

export function perpNames(names: readonly PerpetratorNamesTable[], keyring: Keyring) {
  return names.map((n) => ({ id: n.id, script: n.script, kind: n.kind, value: decryptPerpName(n, keyring) }));
}

export function displayNameOf(names: ReadonlyArray<{ kind: string; value: string }>): string {
  return (names.find((n) => n.kind === 'primary') ?? names[0])?.value ?? '—';
}

/** Callers of these presenters have already checked visibility: hidden rows never reach here. */
export function presentPerpetratorSummary(
  row: PerpetratorsTable,
  names: readonly PerpetratorNamesTable[],
  keyring: Keyring,
): PerpetratorSummaryView {
  const shown = perpNames(names, keyring);
  return {
    id: row.id,
    tier: row.tier,
    category: row.category,
    displayName: displayNameOf(shown),
    names: shown,
    birthYear: row.birth_year,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function presentPosition(p: PerpetratorPositionsTable) {
  return { id: p.id, institution: p.institution, title: p.title, from: p.from_on, to: p.to_on };
}

export function presentPerpetrator(
  row: PerpetratorsTable,
  names: readonly PerpetratorNamesTable[],
  positions: readonly PerpetratorPositionsTable[],
  links: LinkView[],
  keyring: Keyring,
): PerpetratorView {
  return {
    ...presentPerpetratorSummary(row, names, keyring),
    notes: row.notes_enc ? keyring.decrypt(row.notes_enc, perpNotesContext(row.id)) : null,
    positions: positions.map(presentPosition),
    links,
    createdAt: row.created_at,
  };
}

export function presentLink(
  l: PerpetratorLinksTable,
  target: LinkTarget,
  sources: LinkView['sources'],
): LinkView {
  return {
    id: l.id,
    perpetratorId: l.perpetrator_id,
    targetType: l.target_type,
    targetId: l.target_id,
    role: l.role,
    note: l.note,
    targetLabel: targetLabel(target),
    target,
    sources,
  };
}

/** The English label of a link's target (see LinkView.targetLabel; clients build their own). */
export function targetLabel(t: LinkTarget): string {
  return t.type === 'case'
    ? `case ${t.caseNumber ?? 'without number'} (${t.refCode})`
    : violationLabel({ type: t.violationType, occurred_on: t.occurredOn });
}

export function violationLabel(v: Pick<ViolationsTable, 'type' | 'occurred_on'>): string {
  return `${v.type.replace(/_/g, ' ')}${v.occurred_on ? `, ${v.occurred_on}` : ''}`;
}

export function presentViolation(
  v: ViolationsTable,
  keyring: Keyring,
  rest: Pick<ViolationView, 'victims' | 'perpetrators' | 'sources'>,
): ViolationView {
  return {
    id: v.id,
    tier: v.tier,
    type: v.type,
    occurredOn: v.occurred_on,
    occurredUntil: v.occurred_until,
    place: v.place,
    description: v.description_enc ? keyring.decrypt(v.description_enc, violationDescContext(v.id)) : null,
    ...rest,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
    version: v.version,
  };
}

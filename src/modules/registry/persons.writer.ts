import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import type {
  CaseArticlesTable,
  CasesTable,
  PersonNamesTable,
  PersonsTable,
} from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { articleLabel } from './articles.data';
import { identityEncrypted, tiersForConsent } from './consent';
import { blindIndexKey, indexTokens } from './name-index';
import { caseNotesContext, nameContext, personFieldContext, statusNoteContext } from './persons.presenter';
import { PersonFactsRepository } from './person-facts.repository';
import { PersonsRepository } from './persons.repository';
import type {
  CaseInput,
  CreatePersonInput,
  NameInput,
  RecognitionInput,
  StatusEventInput,
} from './registry.schema';

/**
 * Row building shared by every writer of persons (forms, import, merge): encryption of identity fields,
 * blind-index tokens, articles with labels, status and recognition denormalisation. Callers own the
 * transaction and the audit entry.
 */
const repo = new PersonsRepository();
const facts = new PersonFactsRepository();
const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** "PP-" and 8 random characters: a stable, non-identifying handle (32^8 values). */
export function newRefCode(): string {
  const bytes = randomBytes(8);
  return `PP-${[...bytes].map((b) => REF_ALPHABET[b % 32]).join('')}`;
}

export function nameRows(
  ctx: AppContext,
  personId: string,
  identityTier: PersonsTable['identity_tier'],
  names: readonly NameInput[],
): PersonNamesTable[] {
  const encrypt = identityEncrypted(identityTier);
  return names.map((n, i) => {
    const id = randomUUID();
    return {
      id,
      person_id: personId,
      script: n.script,
      kind: n.kind,
      value: encrypt ? null : n.value,
      value_enc: encrypt ? ctx.keyring.encrypt(n.value, nameContext(id)) : null,
      position: i,
    };
  });
}

/** Replaces a person's names and their blind-index tokens in one go. */
export async function writeNames(
  ctx: AppContext,
  trx: DB,
  personId: string,
  identityTier: PersonsTable['identity_tier'],
  names: readonly NameInput[],
): Promise<void> {
  await repo.replaceNames(trx, personId, nameRows(ctx, personId, identityTier, names));
  await repo.replaceTokens(
    trx,
    personId,
    indexTokens(
      blindIndexKey(ctx.keyring),
      names.map((n) => n.value),
    ),
  );
}

export function encField(
  ctx: AppContext,
  personId: string,
  field: 'birth_date' | 'description' | 'health_notes',
  value: string | null | undefined,
): string | null {
  return value ? ctx.keyring.encrypt(value, personFieldContext(personId, field)) : null;
}

/** Every cited source must be one the writer may see; an invisible one is reported like a missing one. */
export async function checkSources(trx: DB, actor: Actor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const visible = await facts.visibleSourceIds(trx, actor, ids);
  const missing = ids.filter((id) => !visible.has(id));
  if (missing.length > 0)
    throw new AppError('VALIDATION_FAILED', 'No such source.', [
      { path: 'body.sources', message: 'no such source' },
    ]);
}

export function caseRows(
  ctx: AppContext,
  personId: string,
  tier: CasesTable['tier'],
  input: CaseInput,
  now: string,
): { row: CasesTable; articles: CaseArticlesTable[] } {
  const id = randomUUID();
  const row: CasesTable = {
    id,
    person_id: personId,
    tier,
    case_number: input.caseNumber ?? null,
    detained_on: input.detainedOn ?? null,
    court: input.court ?? null,
    judge: input.judge ?? null,
    prosecutor: input.prosecutor ?? null,
    verdict_on: input.verdictOn ?? null,
    sentence_months: input.sentenceMonths ?? null,
    penalty: input.penalty ?? null,
    regime: input.regime ?? null,
    appeal_on: input.appealOn ?? null,
    appeal_result: input.appealResult ?? null,
    facility: input.facility ?? null,
    incommunicado: JSON.stringify(input.incommunicado ?? []),
    notes_enc: input.notes ? ctx.keyring.encrypt(input.notes, caseNotesContext(id)) : null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  return { row, articles: articleRows(id, input.articles ?? []) };
}

export function articleRows(
  caseId: string,
  articles: ReadonlyArray<{ article: string; label?: string | null | undefined }>,
): CaseArticlesTable[] {
  const seen = new Set<string>();
  const out: CaseArticlesTable[] = [];
  for (const a of articles) {
    if (seen.has(a.article)) continue;
    seen.add(a.article);
    out.push({
      case_id: caseId,
      article: a.article,
      label: a.label ?? articleLabel(a.article),
      position: out.length,
    });
  }
  return out;
}

export async function insertCase(
  ctx: AppContext,
  trx: DB,
  personId: string,
  tier: CasesTable['tier'],
  input: CaseInput,
  now: string,
): Promise<string> {
  const { row, articles } = caseRows(ctx, personId, tier, input, now);
  await facts.insertCase(trx, row, articles);
  await facts.linkSources(trx, 'case', row.id, input.sources ?? []);
  return row.id;
}

export async function insertStatusEvent(
  ctx: AppContext,
  trx: DB,
  personId: string,
  input: Omit<StatusEventInput, 'caseId'> & { caseId?: string | null | undefined },
  now: string,
): Promise<string> {
  if (input.releaseEventId) {
    const ev = await trx
      .selectFrom('release_events')
      .select('id')
      .where('id', '=', input.releaseEventId)
      .executeTakeFirst();
    if (!ev)
      throw new AppError('VALIDATION_FAILED', 'No such release event.', [
        { path: 'body.releaseEventId', message: 'no such release event' },
      ]);
  }
  const id = randomUUID();
  await facts.insertStatusEvent(trx, {
    id,
    person_id: personId,
    case_id: input.caseId ?? null,
    status: input.status,
    occurred_on: input.occurredOn,
    release_event_id: input.releaseEventId ?? null,
    // Notes may say where someone is held or how they are treated: encrypted like every other note.
    note_enc: input.note ? ctx.keyring.encrypt(input.note, statusNoteContext(id)) : null,
    created_at: now,
  });
  await facts.linkSources(trx, 'status_event', id, input.sources ?? []);
  return id;
}

export async function insertRecognition(
  trx: DB,
  personId: string,
  input: RecognitionInput,
  now: string,
): Promise<string> {
  const id = randomUUID();
  await facts.insertRecognition(trx, {
    id,
    person_id: personId,
    recognised_by: input.recognisedBy,
    recognised_on: input.recognisedOn,
    statement_url: input.statementUrl ?? null,
    created_at: now,
  });
  await facts.linkSources(trx, 'recognition', id, input.sources ?? []);
  return id;
}

/**
 * Creates a person with names, cases, status history, recognitions and sources inside the caller's
 * transaction. Returns the new row. The caller checks permissions and writes the audit entry.
 */
export async function createPersonRows(
  ctx: AppContext,
  trx: DB,
  actor: Actor,
  input: CreatePersonInput,
  opts: { demo?: boolean; now: string },
): Promise<PersonsTable> {
  const { tier, identityTier } = tiersForConsent(input.consent);
  const id = randomUUID();
  const allSources = [
    ...input.sources,
    ...input.cases.flatMap((c) => c.sources),
    ...input.statusEvents.flatMap((e) => e.sources),
    ...input.recognitions.flatMap((r) => r.sources),
  ].map((s) => s.sourceId);
  await checkSources(trx, actor, allSources);
  const row: PersonsTable = {
    id,
    consent: input.consent,
    tier,
    identity_tier: identityTier,
    ref_code: newRefCode(),
    birth_year: input.birthYear ?? (input.birthDate ? Number(input.birthDate.slice(0, 4)) : null),
    birth_date_enc: encField(ctx, id, 'birth_date', input.birthDate),
    gender: input.gender ?? null,
    region: input.region ?? null,
    groups: JSON.stringify([...new Set(input.groups)]),
    description_enc: encField(ctx, id, 'description', input.description),
    health_notes_enc: encField(ctx, id, 'health_notes', input.healthNotes),
    photo_file: null,
    current_status: null,
    current_status_on: null,
    recognised_on: null,
    merged_into: null,
    external_ids: JSON.stringify(input.externalIds ?? {}),
    is_demo: opts.demo ? 1 : 0,
    created_by: actor.id,
    created_at: opts.now,
    updated_at: opts.now,
    version: 1,
  };
  await repo.insertPerson(trx, row);
  await writeNames(ctx, trx, id, identityTier, input.names);
  for (const c of input.cases) await insertCase(ctx, trx, id, tier, c, opts.now);
  for (const e of input.statusEvents) await insertStatusEvent(ctx, trx, id, e, opts.now);
  for (const r of input.recognitions) await insertRecognition(trx, id, r, opts.now);
  await facts.linkSources(trx, 'person', id, input.sources);
  const status = await facts.refreshCurrentStatus(trx, id);
  if (input.recognitions.length > 0) await facts.refreshRecognisedOn(trx, id);
  // The author of a sealed person is its first named reader; otherwise nobody could read it.
  if (tier === 'sealed') await repo.grant(trx, id, actor.id, actor.id, opts.now);
  const recognised = input.recognitions.map((r) => r.recognisedOn).sort()[0] ?? null;
  return { ...row, current_status: status.status, current_status_on: status.on, recognised_on: recognised };
}

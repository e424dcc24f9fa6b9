import { createHash } from 'node:crypto';
import { can, type Actor } from '../../../core/access';
import type { AppContext } from '../../../core/context';
import type { DB } from '../../../core/db/database';
import type { Consent, PersonsTable } from '../../../core/db/schema-registry';
import { AppError } from '../../../core/errors';
import { nowIso } from '../../../core/time';
import { tiersForConsent } from '../consent';
import { findDuplicateCandidates } from '../duplicates.service';
import { decryptName } from '../persons.presenter';
import { PersonFactsRepository } from '../person-facts.repository';
import { PersonsRepository } from '../persons.repository';
import { StatCellsRepository } from '../stat-cells.repository';
import { createPersonRows, encField, insertCase, insertStatusEvent, writeNames } from '../persons.writer';
import type { NameInput } from '../registry.schema';
import { ImportFileError, parseImport, type ImportEncoding, type ParsedImport } from './import.parse';
import {
  caseInputOf,
  createInputOf,
  hasCaseFacts,
  impliedStatus,
  statusEventsOf,
  type ImportRecord,
  type RowIssue,
} from './import.record';
import { externalIdEntry, ImportRepository } from './import.repository';

/**
 * Two-step import of public list exports: a dry run reports what would happen (and writes no registry
 * row), then a commit of the very same bytes (checked by SHA-256) writes everything in one transaction.
 *
 * Imported persons get the consent tier the importer chooses, "confidential" unless said otherwise: a
 * published list may include people who never agreed to more exposure than that list gives them (or who
 * asked for removal since), and a copy here is read by more people and kept longer. Publishing from the
 * registry is therefore an explicit choice, never a side effect of importing.
 */
export const DEFAULT_IMPORT_CONSENT: Consent = 'confidential';

export interface ImportPayload {
  bytes: Uint8Array;
  filename?: string | undefined;
  consent?: Consent | undefined;
  encoding?: ImportEncoding | undefined;
}

export interface DryRunReport {
  digest: string;
  format: ParsedImport['format'];
  layout: ParsedImport['layout'];
  consent: Consent;
  rowsRead: number;
  toCreate: number;
  toUpdate: number;
  duplicates: Array<{
    line: number;
    candidates: Array<{ personId: string; refCode: string; score: number }>;
  }>;
  errors: RowIssue[];
  warnings: RowIssue[];
}

export interface CommitResult {
  digest: string;
  rowsRead: number;
  created: number;
  updated: number;
  skippedLines: number[];
}

export const digestOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const ENTITY = 'registry_import';

export class ImportService {
  private readonly repo = new ImportRepository();
  private readonly persons = new PersonsRepository();
  private readonly facts = new PersonFactsRepository();
  private readonly cells = new StatCellsRepository();

  constructor(private readonly ctx: AppContext) {}

  private parse(payload: ImportPayload): ParsedImport {
    try {
      return parseImport(payload.bytes, { filename: payload.filename, encoding: payload.encoding });
    } catch (e) {
      if (e instanceof ImportFileError)
        throw new AppError('VALIDATION_FAILED', `The file cannot be imported: ${e.message}.`, [
          { path: e.line ? `line ${e.line}` : 'file', message: e.message },
        ]);
      throw e;
    }
  }

  async dryRun(actor: Actor, payload: ImportPayload): Promise<DryRunReport> {
    requireImporter(actor);
    const parsed = this.parse(payload);
    const consent = payload.consent ?? DEFAULT_IMPORT_CONSENT;
    return this.ctx.db.transaction().execute(async (trx) => {
      const matches = await this.matches(trx, actor, parsed.records);
      const duplicates: DryRunReport['duplicates'] = [];
      for (const r of parsed.records) {
        if (r.externalId && matches.has(r.externalId)) continue;
        const found = await findDuplicateCandidates(this.ctx, trx, actor, {
          names: r.names.map((n) => n.value),
          birthYear: r.birth ? Number(r.birth.value.slice(0, 4)) : null,
          gender: r.gender,
        });
        if (found.length > 0)
          duplicates.push({
            line: r.line,
            candidates: found.map(({ personId, refCode, score }) => ({ personId, refCode, score })),
          });
      }
      const toUpdate = parsed.records.filter((r) => r.externalId && matches.has(r.externalId)).length;
      // The only write: who compared which file against the registry (names were decrypted to score).
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'registry.import.dry_run',
        entityType: ENTITY,
        tier: tiersForConsent(consent).tier,
        detail: {
          format: parsed.format,
          layout: parsed.layout,
          rowsRead: parsed.rowsRead,
          errors: parsed.errors.length,
          duplicates: duplicates.length,
        },
      });
      return {
        digest: digestOf(payload.bytes),
        format: parsed.format,
        layout: parsed.layout,
        consent,
        rowsRead: parsed.rowsRead,
        toCreate: parsed.records.length - toUpdate,
        toUpdate,
        duplicates,
        errors: parsed.errors,
        warnings: parsed.warnings,
      };
    });
  }

  async commit(
    actor: Actor,
    payload: ImportPayload & { digest: string; skipInvalidRows?: boolean },
  ): Promise<CommitResult> {
    requireImporter(actor);
    const digest = digestOf(payload.bytes);
    if (digest !== payload.digest.toLowerCase())
      throw new AppError(
        'CONFLICT',
        'The file differs from the one checked in the dry run; run the dry run again.',
      );
    const parsed = this.parse(payload);
    if (parsed.errors.length > 0 && !payload.skipInvalidRows)
      throw new AppError(
        'VALIDATION_FAILED',
        `${parsed.errors.length} problem(s) in the file; fix them or commit with skipInvalidRows.`,
        parsed.errors
          .slice(0, 200)
          .map((e) => ({ path: `line ${e.line}${e.column ? `.${e.column}` : ''}`, message: e.message })),
      );
    const skippedLines = [...new Set(parsed.errors.map((e) => e.line))].sort((a, b) => a - b);
    const consent = payload.consent ?? DEFAULT_IMPORT_CONSENT;
    const { tier } = tiersForConsent(consent);
    return this.ctx.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const matches = await this.matches(trx, actor, parsed.records);
      const touched = [...matches.values()].map((p) => p.id);
      const before = await this.cells.snapshot(trx, touched);
      let created = 0;
      let updated = 0;
      for (const r of parsed.records) {
        const existing = r.externalId ? matches.get(r.externalId) : undefined;
        if (existing) {
          await this.update(trx, existing, r, now);
          updated++;
        } else {
          touched.push(await this.create(trx, actor, r, consent, now));
          created++;
        }
      }
      await this.cells.apply(trx, before, touched);
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'registry.import',
        entityType: ENTITY,
        tier,
        detail: {
          digest,
          format: parsed.format,
          layout: parsed.layout,
          consent,
          rowsRead: parsed.rowsRead,
          created,
          updated,
          skippedLines,
        },
      });
      return { digest, rowsRead: parsed.rowsRead, created, updated, skippedLines };
    });
  }

  private matches(trx: DB, actor: Actor, records: readonly ImportRecord[]) {
    const ids = records.map((r) => r.externalId).filter((x): x is string => x !== null);
    return this.repo.byExternalIds(trx, actor, this.ctx.keyring, ids);
  }

  private async create(
    trx: DB,
    actor: Actor,
    r: ImportRecord,
    consent: Consent,
    now: string,
  ): Promise<string> {
    const { identityTier } = tiersForConsent(consent);
    const ext = r.externalId ? externalIdEntry(this.ctx.keyring, identityTier, r.externalId) : {};
    const row = await createPersonRows(this.ctx, trx, actor, createInputOf(r, consent, ext), { now });
    await this.settleStatus(trx, row.id, r, row.current_status);
    return row.id;
  }

  /** A release or death the list states without a date: set as the current status, no invented event. */
  private async settleStatus(
    trx: DB,
    id: string,
    r: ImportRecord,
    current: PersonsTable['current_status'],
  ): Promise<void> {
    const implied = impliedStatus(r);
    if (!implied || current === implied) return;
    const events = await this.repo.statusEvents(trx, id);
    if (!events.some((e) => e.status === implied)) await this.repo.setStatus(trx, id, implied, null);
  }

  /**
   * Re-import of a known person (same list id): adds names in other scripts (the en, ru and be exports
   * share ids), fills empty fields, adds a case when there is none and status events not yet recorded.
   * The existing consent stays: an import never changes who may see a record.
   */
  private async update(trx: DB, row: PersonsTable, r: ImportRecord, now: string): Promise<void> {
    const current = (await this.persons.namesFor(trx, [row.id])).map((n): NameInput => ({
      script: n.script,
      kind: n.kind,
      value: decryptName(n, this.ctx.keyring),
    }));
    const known = new Set(current.map((n) => n.value.toLowerCase()));
    const added = r.names.filter((n) => !known.has(n.value.toLowerCase()));
    if (added.length > 0)
      await writeNames(this.ctx, trx, row.id, row.identity_tier, [
        ...current,
        ...added.map((n): NameInput => ({ ...n, kind: current.length > 0 ? 'alias' : n.kind })),
      ]);
    const patch: Partial<PersonsTable> = { updated_at: now };
    if (row.gender === null && r.gender) patch.gender = r.gender;
    if (row.birth_year === null && r.birth) patch.birth_year = Number(r.birth.value.slice(0, 4));
    if (row.birth_date_enc === null && r.birth?.full)
      patch.birth_date_enc = encField(this.ctx, row.id, 'birth_date', r.birth.value);
    if (row.description_enc === null && r.description)
      patch.description_enc = encField(this.ctx, row.id, 'description', r.description);
    if (row.region === null && r.region) patch.region = r.region;
    const groups = new Set<string>([...(JSON.parse(row.groups) as string[]), ...r.groups]);
    patch.groups = JSON.stringify([...groups]);
    if (!(await this.persons.updatePerson(trx, row.id, row.version, patch)))
      throw new AppError('CONFLICT', 'A record changed during the import; run it again.');
    if (hasCaseFacts(r) && (await this.repo.caseCount(trx, row.id)) === 0)
      await insertCase(this.ctx, trx, row.id, row.tier, caseInputOf(r), now);
    const have = new Set(
      (await this.repo.statusEvents(trx, row.id)).map((e) => `${e.status}@${e.occurred_on}`),
    );
    for (const e of statusEventsOf(r))
      if (!have.has(`${e.status}@${e.occurredOn}`)) await insertStatusEvent(this.ctx, trx, row.id, e, now);
    const status = await this.facts.refreshCurrentStatus(trx, row.id);
    await this.settleStatus(trx, row.id, r, status.status);
  }
}

/** Importing writes records, so it needs records:write; an editor may import at any consent tier. */
function requireImporter(actor: Actor): void {
  if (!can(actor, 'records:write')) throw new AppError('FORBIDDEN');
}

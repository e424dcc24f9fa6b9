import type { Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { CasesTable } from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { caseNotesContext } from './persons.presenter';
import { PersonFactsRepository } from './person-facts.repository';
import { PERSON_ENTITY } from './persons.repository';
import { StatCellsRepository } from './stat-cells.repository';
import { PersonsService } from './persons.service';
import {
  articleRows,
  checkSources,
  insertCase,
  insertRecognition,
  insertStatusEvent,
} from './persons.writer';
import type {
  CaseInput,
  PersonView,
  RecognitionInput,
  StatusEventInput,
  UpdateCaseInput,
} from './registry.schema';

/**
 * Facts hanging off a person: criminal cases, status history and recognitions. Each change runs in one
 * transaction with its audit entry; the person's denormalised status and the statistics cells are
 * brought up to date in the same transaction.
 */
export class PersonFactsService {
  private readonly repo = new PersonFactsRepository();
  private readonly cells = new StatCellsRepository();
  private readonly persons: PersonsService;

  constructor(private readonly ctx: AppContext) {
    this.persons = new PersonsService(ctx);
  }

  async addCase(actor: Actor, personId: string, input: CaseInput): Promise<PersonView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const person = await this.persons.loadWritable(trx, actor, personId);
      const before = await this.cells.snapshot(trx, [personId]);
      await checkSources(
        trx,
        actor,
        input.sources.map((s) => s.sourceId),
      );
      const now = nowIso();
      const caseId = await insertCase(this.ctx, trx, personId, person.tier, input, now);
      await trx.updateTable('persons').set({ updated_at: now }).where('id', '=', personId).execute();
      await this.cells.apply(trx, before, [personId]);
      await this.audit(trx, actor, 'case.create', personId, person.tier, {
        caseId,
        articles: input.articles.length,
      });
      return this.persons.loadView(trx, actor, personId);
    });
  }

  async updateCase(
    actor: Actor,
    personId: string,
    caseId: string,
    input: UpdateCaseInput,
  ): Promise<PersonView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const person = await this.persons.loadWritable(trx, actor, personId);
      const before = await this.cells.snapshot(trx, [personId]);
      const existing = await this.repo.findCase(trx, personId, caseId);
      if (!existing) throw new AppError('NOT_FOUND');
      const now = nowIso();
      const patch: Partial<CasesTable> = { updated_at: now };
      const map: Array<[keyof UpdateCaseInput, keyof CasesTable]> = [
        ['caseNumber', 'case_number'],
        ['detainedOn', 'detained_on'],
        ['court', 'court'],
        ['judge', 'judge'],
        ['prosecutor', 'prosecutor'],
        ['verdictOn', 'verdict_on'],
        ['sentenceMonths', 'sentence_months'],
        ['penalty', 'penalty'],
        ['regime', 'regime'],
        ['appealOn', 'appeal_on'],
        ['appealResult', 'appeal_result'],
        ['facility', 'facility'],
      ];
      for (const [from, to] of map) {
        const v = input[from];
        if (v !== undefined) (patch as Record<string, unknown>)[to] = v;
      }
      if (input.incommunicado !== undefined) patch.incommunicado = JSON.stringify(input.incommunicado);
      if (input.notes !== undefined)
        patch.notes_enc = input.notes
          ? this.ctx.keyring.encrypt(input.notes, caseNotesContext(caseId))
          : null;
      if (!(await this.repo.updateCase(trx, caseId, input.version, patch)))
        throw new AppError('CONFLICT', 'Someone else changed this case; reload and try again.');
      if (input.articles !== undefined)
        await this.repo.replaceArticles(trx, caseId, articleRows(caseId, input.articles));
      await trx.updateTable('persons').set({ updated_at: now }).where('id', '=', personId).execute();
      const fields = [
        ...Object.keys(patch).filter((k) => k !== 'updated_at'),
        ...(input.articles ? ['articles'] : []),
      ];
      await this.cells.apply(trx, before, [personId]);
      await this.audit(trx, actor, 'case.update', personId, person.tier, { caseId, fields });
      return this.persons.loadView(trx, actor, personId);
    });
  }

  async deleteCase(actor: Actor, personId: string, caseId: string): Promise<PersonView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const person = await this.persons.loadWritable(trx, actor, personId);
      const before = await this.cells.snapshot(trx, [personId]);
      if (!(await this.repo.findCase(trx, personId, caseId))) throw new AppError('NOT_FOUND');
      await this.repo.deleteCase(trx, caseId);
      await trx.updateTable('persons').set({ updated_at: nowIso() }).where('id', '=', personId).execute();
      await this.cells.apply(trx, before, [personId]);
      await this.audit(trx, actor, 'case.delete', personId, person.tier, { caseId });
      return this.persons.loadView(trx, actor, personId);
    });
  }

  async addStatusEvent(actor: Actor, personId: string, input: StatusEventInput): Promise<PersonView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const person = await this.persons.loadWritable(trx, actor, personId);
      const before = await this.cells.snapshot(trx, [personId]);
      if (input.caseId && !(await this.repo.findCase(trx, personId, input.caseId)))
        throw new AppError('VALIDATION_FAILED', 'No such case.', [
          { path: 'body.caseId', message: 'no such case' },
        ]);
      await checkSources(
        trx,
        actor,
        input.sources.map((s) => s.sourceId),
      );
      const now = nowIso();
      const eventId = await insertStatusEvent(this.ctx, trx, personId, input, now);
      await this.repo.refreshCurrentStatus(trx, personId);
      await trx.updateTable('persons').set({ updated_at: now }).where('id', '=', personId).execute();
      await this.cells.apply(trx, before, [personId]);
      await this.audit(trx, actor, 'status_event.create', personId, person.tier, {
        eventId,
        status: input.status,
      });
      return this.persons.loadView(trx, actor, personId);
    });
  }

  async addRecognition(actor: Actor, personId: string, input: RecognitionInput): Promise<PersonView> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const person = await this.persons.loadWritable(trx, actor, personId);
      const before = await this.cells.snapshot(trx, [personId]);
      await checkSources(
        trx,
        actor,
        input.sources.map((s) => s.sourceId),
      );
      const now = nowIso();
      const recognitionId = await insertRecognition(trx, personId, input, now);
      await this.repo.refreshRecognisedOn(trx, personId);
      await trx.updateTable('persons').set({ updated_at: now }).where('id', '=', personId).execute();
      await this.cells.apply(trx, before, [personId]);
      await this.audit(trx, actor, 'recognition.create', personId, person.tier, { recognitionId });
      return this.persons.loadView(trx, actor, personId);
    });
  }

  private audit(
    trx: Parameters<AppContext['audit']['append']>[0],
    actor: Actor,
    action: string,
    personId: string,
    tier: CasesTable['tier'],
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.ctx.audit.append(trx, {
      actorId: actor.id,
      action,
      entityType: PERSON_ENTITY,
      entityId: personId,
      tier,
      detail,
    });
  }
}

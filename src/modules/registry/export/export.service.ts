import { can, canReadField, type Actor } from '../../../core/access';
import type { AppContext } from '../../../core/context';
import type { DB } from '../../../core/db/database';
import type { Tier } from '../../../core/db/schema';
import type { Gender, NameScript, PersonStatus, PersonsTable } from '../../../core/db/schema-registry';
import { AppError } from '../../../core/errors';
import { groupBy } from '../../../core/group';
import { blindIndexKey, queryTokenGroups } from '../name-index';
import { decryptName } from '../persons.presenter';
import { PersonsRepository } from '../persons.repository';
import type { PersonFilter } from '../registry.schema';
import { EXPORT_MAX_ROWS, ExportRepository } from './export.repository';
import { exportCsv, exportFtm, exportJson, type ExportMeta } from './export.format';

/**
 * Exports of the registry. The same filter as the list; only records the author may see; identity
 * fields only where the author may read the identity tier; sealed persons never as rows, only counted.
 * No description, health notes or case notes ever leave through an export.
 */
export interface ExportCase {
  id: string;
  caseNumber: string | null;
  court: string | null;
  judge: string | null;
  detainedOn: string | null;
  verdictOn: string | null;
  sentenceMonths: number | null;
  penalty: string | null;
  facility: string | null;
  articles: string[];
}

export interface ExportPerson {
  id: string;
  refCode: string;
  consent: PersonsTable['consent'];
  tier: Tier;
  identityVisible: boolean;
  names: Array<{ script: NameScript; kind: 'primary' | 'alias'; value: string }>;
  birthYear: number | null;
  gender: Gender | null;
  region: string | null;
  groups: string[];
  currentStatus: PersonStatus | null;
  currentStatusOn: string | null;
  recognisedOn: string | null;
  cases: ExportCase[];
  /** Kept for list builders that need it (age, served share); never written to an export file. */
  row: PersonsTable;
}

export interface ExportSet {
  persons: ExportPerson[];
  sealedCount: number | null;
}

export type ExportFormat = 'csv' | 'json' | 'ftm';
export type ExportQuery = PersonFilter & { q?: string | undefined };

export async function collectForExport(
  ctx: AppContext,
  trx: DB,
  actor: Actor,
  query: ExportQuery,
): Promise<ExportSet> {
  const repo = new ExportRepository();
  const { q, ...filter } = query;
  const groups = q ? queryTokenGroups(blindIndexKey(ctx.keyring), q) : [];
  if (q && groups.length === 0) return { persons: [], sealedCount: null };
  const rows = await repo.listable(
    trx,
    actor,
    filter,
    await new PersonsRepository().bySelectivity(trx, groups),
  );
  if (rows.length > EXPORT_MAX_ROWS)
    throw new AppError('PAYLOAD_TOO_LARGE', 'The export is too large; narrow the filter.');
  // A name search must not tell how many sealed persons carry that name: no sealed count then.
  const sealedCount = q ? null : await repo.sealedCount(trx, filter);
  const withIdentity = rows.filter((r) => canReadField(actor, r.identity_tier, false));
  const names = await repo.names(
    trx,
    withIdentity.map((r) => r.id),
  );
  const cases = await repo.cases(
    trx,
    rows.map((r) => r.id),
  );
  const articles = await repo.articles(
    trx,
    cases.map((c) => c.id),
  );
  const namesOf = groupBy(names, (n) => n.person_id);
  const casesOf = groupBy(cases, (c) => c.person_id);
  const articlesOf = groupBy(articles, (a) => a.case_id);
  const persons = rows.map((r): ExportPerson => {
    const visible = canReadField(actor, r.identity_tier, false);
    return {
      id: r.id,
      refCode: r.ref_code,
      consent: r.consent,
      tier: r.tier,
      identityVisible: visible,
      names: visible
        ? (namesOf.get(r.id) ?? []).map((n) => ({
            script: n.script,
            kind: n.kind,
            value: decryptName(n, ctx.keyring),
          }))
        : [],
      birthYear: visible ? r.birth_year : null,
      gender: r.gender,
      region: r.region,
      groups: JSON.parse(r.groups) as string[],
      currentStatus: r.current_status,
      currentStatusOn: r.current_status_on,
      recognisedOn: r.recognised_on,
      cases: (casesOf.get(r.id) ?? []).map((c) => ({
        id: c.id,
        caseNumber: c.case_number,
        court: c.court,
        judge: c.judge,
        detainedOn: c.detained_on,
        verdictOn: c.verdict_on,
        sentenceMonths: c.sentence_months,
        penalty: c.penalty,
        facility: c.facility,
        articles: (articlesOf.get(c.id) ?? []).map((a) => a.article),
      })),
      row: r,
    };
  });
  return { persons, sealedCount };
}

const ORDER: Record<Tier, number> = { public: 0, internal: 1, confidential: 2, sealed: 3 };
export const highestTier = (persons: readonly ExportPerson[]): Tier =>
  persons.reduce<Tier>((t, p) => (ORDER[p.tier] > ORDER[t] ? p.tier : t), 'public');

export class ExportService {
  constructor(private readonly ctx: AppContext) {}

  async export(
    actor: Actor,
    query: ExportQuery,
    format: ExportFormat,
  ): Promise<{ body: string; count: number; sealedCount: number | null }> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.transaction().execute(async (trx) => {
      const set = await collectForExport(this.ctx, trx, actor, query);
      const meta: ExportMeta = {
        generatedAt: new Date().toISOString(),
        generatedBy: actor.username,
        count: set.persons.length,
        sealedCount: set.sealedCount,
      };
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'registry.export',
        entityType: 'person',
        tier: highestTier(set.persons),
        detail: {
          format,
          count: set.persons.length,
          sealedCount: set.sealedCount,
          withIdentity: set.persons.filter((p) => p.identityVisible).length,
          filters: Object.keys(query).filter((k) => query[k as keyof ExportQuery] !== undefined),
        },
      });
      const body =
        format === 'csv'
          ? exportCsv(set.persons)
          : format === 'json'
            ? exportJson(set.persons, meta)
            : exportFtm(set.persons);
      return { body, count: set.persons.length, sealedCount: set.sealedCount };
    });
  }
}

import { csvDocument, type CsvValue } from '../../../core/csv/csv-writer';
import type { ExportPerson } from './export.service';

/** Serialisations of an export set: CSV (neutralised against formula injection), JSON, FollowTheMoney. */
export interface ExportMeta {
  generatedAt: string;
  generatedBy: string;
  count: number;
  sealedCount: number | null;
}

const namesIn = (p: ExportPerson, script: string): string =>
  p.names
    .filter((n) => n.script === script)
    .map((n) => n.value)
    .join('; ');
const latest = (p: ExportPerson) => p.cases[p.cases.length - 1];

export const CSV_HEADER = [
  'ref_code',
  'name_be',
  'name_ru',
  'name_latn',
  'name_other',
  'birth_year',
  'gender',
  'region',
  'groups',
  'current_status',
  'current_status_on',
  'recognised_on',
  'articles',
  'detained_on',
  'verdict_on',
  'sentence_months',
  'penalty',
  'court',
  'judge',
  'facility',
] as const;

export function csvRowOf(p: ExportPerson): CsvValue[] {
  const c = latest(p);
  return [
    p.refCode,
    namesIn(p, 'be'),
    namesIn(p, 'ru'),
    namesIn(p, 'latn'),
    namesIn(p, 'other'),
    p.birthYear,
    p.gender,
    p.region,
    p.groups.join('; '),
    p.currentStatus,
    p.currentStatusOn,
    p.recognisedOn,
    [...new Set(p.cases.flatMap((x) => x.articles))].join('; '),
    p.cases.find((x) => x.detainedOn)?.detainedOn ?? null,
    c?.verdictOn ?? null,
    c?.sentenceMonths ?? null,
    c?.penalty ?? null,
    c?.court ?? null,
    c?.judge ?? null,
    c?.facility ?? null,
  ];
}

/** With a BOM: spreadsheet programs otherwise guess a legacy code page and mangle Cyrillic names. */
export function exportCsv(persons: readonly ExportPerson[]): string {
  return csvDocument(CSV_HEADER, persons.map(csvRowOf), { bom: true });
}

export function exportJson(persons: readonly ExportPerson[], meta: ExportMeta): string {
  return JSON.stringify({
    ...meta,
    items: persons.map((p) => ({
      refCode: p.refCode,
      identityHidden: !p.identityVisible,
      names: p.names,
      birthYear: p.birthYear,
      gender: p.gender,
      region: p.region,
      groups: p.groups,
      currentStatus: p.currentStatus,
      currentStatusOn: p.currentStatusOn,
      recognisedOn: p.recognisedOn,
      cases: p.cases.map(({ id: _id, ...c }) => c),
    })),
  });
}

type FtmEntity = {
  id: string;
  schema: 'Person' | 'CourtCase' | 'CourtCaseParty';
  properties: Record<string, string[]>;
};
const some = (...values: Array<string | null | undefined>): string[] =>
  values.filter((v): v is string => Boolean(v));

/**
 * FollowTheMoney entities, one JSON object per line: Person (name, alias, birthDate, gender), CourtCase
 * (name, caseNumber, court, closeDate = verdict date, category = articles) and CourtCaseParty linking
 * them with role "defendant". Ids are derived from the reference code, not from internal ids.
 */
export function exportFtm(persons: readonly ExportPerson[]): string {
  const lines: string[] = [];
  for (const p of persons) {
    const personId = `supolka-${p.refCode.toLowerCase()}`;
    const primary = p.names.filter((n) => n.kind === 'primary').map((n) => n.value);
    const alias = p.names.filter((n) => n.kind === 'alias').map((n) => n.value);
    const person: FtmEntity = {
      id: personId,
      schema: 'Person',
      properties: {
        name: primary.length > 0 ? primary : [p.refCode],
        ...(alias.length > 0 ? { alias } : {}),
        ...(p.birthYear ? { birthDate: [String(p.birthYear)] } : {}),
        ...(p.gender === 'male' || p.gender === 'female' ? { gender: [p.gender] } : {}),
      },
    };
    lines.push(JSON.stringify(person));
    p.cases.forEach((c, i) => {
      const caseId = `${personId}-case-${i + 1}`;
      const articles = c.articles.map((a) => `Criminal Code of Belarus, art. ${a}`);
      lines.push(
        JSON.stringify({
          id: caseId,
          schema: 'CourtCase',
          properties: {
            name: [`Case of ${p.refCode}${c.articles.length ? ` (art. ${c.articles.join(', ')})` : ''}`],
            ...(c.caseNumber ? { caseNumber: [c.caseNumber] } : {}),
            ...(c.court ? { court: [c.court] } : {}),
            ...(c.verdictOn ? { closeDate: some(c.verdictOn) } : {}),
            ...(articles.length ? { category: articles } : {}),
          },
        } satisfies FtmEntity),
      );
      lines.push(
        JSON.stringify({
          id: `${caseId}-defendant`,
          schema: 'CourtCaseParty',
          properties: { case: [caseId], party: [personId], role: ['defendant'] },
        } satisfies FtmEntity),
      );
    });
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

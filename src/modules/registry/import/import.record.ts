import type { Consent, Gender, PersonStatus } from '../../../core/db/schema-registry';
import type { CaseInput, CreatePersonInput, NameInput } from '../registry.schema';
import type { GROUPS, REGIONS } from '../registry.schema';
import type { Column, RawRecord } from './import.layout';
import {
  clean,
  looksLikeFormula,
  nameFromSlug,
  nameScript,
  parseArticles,
  parseDate,
  parseFlag,
  parseGender,
  parsePrison,
  parseSentenceMonths,
  parseStatus,
  ValueError,
  type ListStatus,
  type ParsedArticle,
  type ParsedDate,
} from './import.values';

/** One row of an import, validated and normalised; nothing here has touched the database yet. */
export interface ImportRecord {
  line: number;
  externalId: string | null;
  names: NameInput[];
  status: ListStatus | null;
  gender: Gender | null;
  birth: ParsedDate | null;
  description: string | null;
  detainedOn: string | null;
  verdictOn: string | null;
  appealOn: string | null;
  releaseOn: string | null;
  articles: ParsedArticle[];
  sentenceMonths: number | null;
  penalty: string | null;
  judge: string | null;
  prosecutor: string | null;
  facility: string | null;
  released: boolean;
  died: boolean;
  region: (typeof REGIONS)[number] | null;
  groups: Array<(typeof GROUPS)[number]>;
  releaseKind: 'released_pardon' | 'released_deportation' | null;
  /** Words with no column of their own (unparsed sentence, lawyer, statement URL, clusters): case notes, encrypted. */
  notes: string[];
}

export interface RowIssue {
  line: number;
  column?: string;
  message: string;
}

const REGION_OF: Array<[RegExp, (typeof REGIONS)[number]]> = [
  [/brest|брест|берасц/i, 'brest'],
  [/vitebsk|viciebsk|витебск|віцебск/i, 'vitebsk'],
  [/gomel|homiel|homel|гомел|гомел/i, 'gomel'],
  [/grodno|hrodna|гродн|гродна/i, 'grodno'],
  [/mogilev|mahil|магил|могил|магіл/i, 'mogilev'],
  [/minsk region|минская обл|мінская вобл/i, 'minsk_region'],
  [/minsk|минск|мінск/i, 'minsk_city'],
];
const GROUP_OF: Array<[RegExp, (typeof GROUPS)[number]]> = [
  [/journalist|журналист|журналіст/i, 'journalist'],
  [/lawyer|адвокат|юрист/i, 'lawyer'],
  [/trade union|профсоюз|прафсаюз/i, 'trade_unionist'],
  [/student|студент/i, 'student'],
  [/pensioner|пенсионер|пенсіянер/i, 'pensioner'],
  [/medic|doctor|врач|урач|медик/i, 'medic'],
  [/athlete|sportsm|спортсмен/i, 'athlete'],
  [/teacher|учител|настаўні/i, 'teacher'],
  [/scientist|учён|учен|навукоўц/i, 'scientist'],
  [/religio|church|церк|царк|priest|свящ|святар/i, 'religious'],
];

const text = (raw: RawRecord, c: Column): string => {
  const v = raw[c];
  return Array.isArray(v) ? v.map(clean).filter(Boolean).join('; ') : clean(v);
};
const list = (raw: RawRecord, c: Column): string[] => {
  const v = raw[c];
  return (Array.isArray(v) ? v : clean(v).split(/[;\n]/)).map(clean).filter(Boolean);
};
const max = (s: string, n: number): string => s.slice(0, n);

/** Validates one raw record. Problems are returned per column; formula-looking cells come back as warnings. */
export function toImportRecord(
  raw: RawRecord,
  line: number,
): { record: ImportRecord | null; errors: RowIssue[]; warnings: RowIssue[] } {
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  for (const [c, v] of Object.entries(raw)) {
    for (const cell of Array.isArray(v) ? v : [v ?? '']) {
      if (looksLikeFormula(cell))
        warnings.push({
          line,
          column: c,
          message: 'starts like a spreadsheet formula; kept as text, neutralised on export',
        });
    }
  }
  const attempt = <T>(column: Column, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      errors.push({ line, column, message: e.message });
      return fallback;
    }
  };
  const date = (c: Column) => attempt(c, () => parseDate(text(raw, c)), null);

  const name = text(raw, 'name');
  if (!name) errors.push({ line, column: 'name', message: 'the name is empty' });
  if (name.length > 300)
    errors.push({ line, column: 'name', message: 'the name is longer than 300 characters' });
  const externalId = text(raw, 'id') || null;
  if (externalId !== null && !/^\d{1,12}$/.test(externalId))
    errors.push({ line, column: 'id', message: 'the id is not a whole number' });

  const names: NameInput[] = name
    ? [{ script: nameScript(name), kind: 'primary', value: max(name, 300) }]
    : [];
  const slugName = raw.url ? nameFromSlug(text(raw, 'url')) : null;
  // The URL slug is the Łacinka-style spelling: a second script that helps cross-language matching.
  if (slugName && slugName.toLowerCase() !== name.toLowerCase())
    names.push({ script: 'latn', kind: 'alias', value: max(slugName, 300) });

  const status = attempt('status', () => parseStatus(text(raw, 'status')), null);
  const gender = attempt('gender', () => parseGender(text(raw, 'gender')), null);
  const birth = date('birthday');
  const detained = date('arrested');
  const verdict = date('verdict_date');
  const appeal = date('appeal_date');
  const release = date('release_date');
  date('penalty_start_date');
  const articles = attempt('articles', () => parseArticles(list(raw, 'articles')), []);
  const decision = text(raw, 'decision');
  const sentenceMonths = attempt('decision', () => parseSentenceMonths(decision), null);
  const prison = attempt('prison', () => parsePrison(text(raw, 'prison')), null);
  const clusters = list(raw, 'clusters');

  const notes: string[] = [];
  if (decision && sentenceMonths === null) notes.push(`Decision: ${decision}`);
  const lawyer = text(raw, 'councel');
  if (lawyer) notes.push(`Defence lawyer: ${lawyer}`);
  const declaration = text(raw, 'declaration');
  if (declaration) notes.push(`Recognition statement: ${declaration}`);
  if (raw.fake_terrorist_list !== undefined && parseFlag(text(raw, 'fake_terrorist_list')))
    notes.push('On the KGB "list of terrorists"');
  const address = text(raw, 'prison_address') || (prison?.kind === 'facility' ? prison.address : null);
  if (address) notes.push(`Facility address: ${address}`);

  let region: ImportRecord['region'] = null;
  const groups = new Set<(typeof GROUPS)[number]>();
  let releaseKind: ImportRecord['releaseKind'] = null;
  const unmapped: string[] = [];
  for (const c of clusters) {
    const protest = /^(protests? in|протесты? в|пратэсты? ў)\s+(.+)$/i.exec(c);
    const r = protest ? REGION_OF.find(([re]) => re.test(protest[2]!)) : undefined;
    if (r && !region) region = r[1];
    else if (/pardon|amnesty|помилов|амнист|памілав|амніст/i.test(c)) releaseKind = 'released_pardon';
    else if (/forced transfer|deport|депорт|выдвор|высыл/i.test(c)) releaseKind = 'released_deportation';
    else {
      const g = GROUP_OF.find(([re]) => re.test(c));
      if (g) groups.add(g[1]);
      else unmapped.push(c);
    }
  }
  if (unmapped.length > 0) notes.push(`Clusters: ${unmapped.join('; ')}`);

  if (errors.length > 0) return { record: null, errors, warnings };
  return {
    record: {
      line,
      externalId,
      names,
      status,
      gender,
      birth,
      description: text(raw, 'description') || null,
      detainedOn: detained?.value ?? null,
      verdictOn: verdict?.value ?? null,
      appealOn: appeal?.value ?? null,
      releaseOn: release?.value ?? null,
      articles,
      sentenceMonths,
      penalty: max(text(raw, 'penalty'), 200) || null,
      judge: max(text(raw, 'judge'), 300) || null,
      prosecutor: max(text(raw, 'prosecutor'), 300) || null,
      facility: prison?.kind === 'facility' ? prison.name : null,
      released: prison?.kind === 'released',
      died: raw.died !== undefined && parseFlag(text(raw, 'died')),
      region,
      groups: [...groups],
      releaseKind,
      notes,
    },
    errors,
    warnings,
  };
}

/** What the record says the person's status is now, when no dated event can carry it. */
export function impliedStatus(r: ImportRecord): PersonStatus | null {
  if (r.died) return 'died_in_custody';
  if (r.status === 'former' || r.released) return r.releaseKind ?? 'released_other';
  if (r.status === 'current') return r.verdictOn ? 'sentenced' : 'detained';
  return null;
}

export function hasCaseFacts(r: ImportRecord): boolean {
  return Boolean(
    r.detainedOn ||
    r.verdictOn ||
    r.appealOn ||
    r.articles.length ||
    r.sentenceMonths !== null ||
    r.penalty ||
    r.judge ||
    r.prosecutor ||
    r.facility ||
    r.notes.length,
  );
}

export function caseInputOf(r: ImportRecord): CaseInput {
  return {
    caseNumber: null,
    articles: r.articles.map((a) => ({ article: a.article, label: a.label })),
    detainedOn: r.detainedOn,
    verdictOn: r.verdictOn,
    appealOn: r.appealOn,
    sentenceMonths: r.sentenceMonths,
    penalty: r.penalty,
    judge: r.judge,
    prosecutor: r.prosecutor,
    facility: r.facility,
    incommunicado: [],
    notes: r.notes.length > 0 ? r.notes.join('\n') : null,
    sources: [],
  };
}

/**
 * Dated status events the record supports. A release or death without a date gets no event (we do not
 * invent dates); the importer then sets the current status directly from impliedStatus.
 */
export function statusEventsOf(r: ImportRecord): CreatePersonInput['statusEvents'] {
  const out: CreatePersonInput['statusEvents'] = [];
  if (r.detainedOn) out.push({ status: 'detained', occurredOn: r.detainedOn, sources: [] });
  if (r.verdictOn) out.push({ status: 'sentenced', occurredOn: r.verdictOn, sources: [] });
  const ended = r.status === 'former' || r.released;
  if (ended && r.releaseOn)
    out.push({ status: r.releaseKind ?? 'released_other', occurredOn: r.releaseOn, sources: [] });
  return out;
}

export function createInputOf(
  r: ImportRecord,
  consent: Consent,
  externalIds: Record<string, string>,
): CreatePersonInput {
  return {
    consent,
    names: r.names,
    birthYear: r.birth ? Number(r.birth.value.slice(0, 4)) : null,
    birthDate: r.birth?.full ? r.birth.value : null,
    gender: r.gender,
    region: r.region,
    groups: r.groups,
    description: r.description,
    healthNotes: null,
    externalIds,
    cases: hasCaseFacts(r) ? [caseInputOf(r)] : [],
    statusEvents: statusEventsOf(r),
    recognitions: [],
    sources: [],
  };
}

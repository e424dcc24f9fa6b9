/**
 * Column layouts of the public prisoner-list exports (shared/data/prisoners/FORMAT-NOTES.md): the 23-column
 * machine export, the 12-column human table with English, Russian or Belarusian headers, and the older JSON
 * shape with flattened keys (articles/0 …, prison/title). Every layout is mapped onto the machine export's
 * column names, which the rest of the importer uses.
 */

export const MACHINE_COLUMNS = [
  'id',
  'url',
  'name',
  'status',
  'gender',
  'photo',
  'description',
  'birthday',
  'arrested',
  'articles',
  'prison',
  'declaration',
  'decision',
  'penalty',
  'judge',
  'councel',
  'penalty_start_date',
  'release_date',
  'verdict_date',
  'appeal_date',
  'fake_terrorist_list',
  'died',
  'clusters',
] as const;
export type Column = (typeof MACHINE_COLUMNS)[number] | 'prosecutor' | 'prison_address';

/** Human table: canonical column, then the en, ru and be header as published. */
const HUMAN: ReadonlyArray<[Column, string, string, string]> = [
  ['name', 'Name and surname', 'имя и фамилия', 'імя і прозвішча'],
  ['status', 'Status', 'статус', 'статус'],
  ['birthday', 'Date of birth', 'дата рождения', 'дата нараджэння'],
  ['gender', 'Gender', 'пол', 'пол'],
  ['arrested', 'Date of detention', 'дата задержания', 'дата затрымання'],
  ['articles', 'Charges indicted', 'предъявлены обвинения', 'прад’яўлены абвінавачванні'],
  ['verdict_date', 'Date of verdict', 'дата приговора', 'дата прысуду'],
  ['decision', 'Sentence', 'решение суда', 'рашэнне суда'],
  ['penalty', 'Penalty', 'вид наказания', 'від пакарання'],
  ['judge', 'Judge', 'судья', 'суддзя'],
  ['prosecutor', 'Prosecutor', 'прокурор', 'пракурор'],
  ['prison', 'Prison', 'место заключения', 'месца зняволення'],
];

/** Case- and whitespace-insensitive; the typographic apostrophe of прад’яўлены and ' are the same. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/^\ufeff/, '')
    .toLowerCase()
    .replace(/[’ʼ`´‘]/g, "'")
    .replace(/ё/g, 'е')
    .replace(/[\s_]+/g, ' ')
    .trim();
}

export type LayoutName = 'machine' | 'table-en' | 'table-ru' | 'table-be';

export interface Layout {
  name: LayoutName;
  /** Canonical column of each input column, by position. */
  columns: Column[];
}

export class LayoutError extends Error {}

const HUMAN_BY_LANG: Record<'en' | 'ru' | 'be', Map<string, Column>> = {
  en: new Map(HUMAN.map(([c, en]) => [normaliseHeader(en), c])),
  ru: new Map(HUMAN.map(([c, , ru]) => [normaliseHeader(ru), c])),
  be: new Map(HUMAN.map(([c, , , be]) => [normaliseHeader(be), c])),
};
const MACHINE = new Map<string, Column>(MACHINE_COLUMNS.map((c) => [normaliseHeader(c), c]));

/**
 * Picks the layout whose headers match best and insists every header is known: a misspelt or foreign
 * column would otherwise be dropped silently. Header names are not personal data, so they may be quoted.
 */
export function detectLayout(header: readonly string[]): Layout {
  const norm = header.map(normaliseHeader);
  if (norm.every((h) => h === '')) throw new LayoutError('the header line is empty');
  const candidates: Array<[LayoutName, Map<string, Column>]> = [
    ['machine', MACHINE],
    ['table-en', HUMAN_BY_LANG.en],
    ['table-ru', HUMAN_BY_LANG.ru],
    ['table-be', HUMAN_BY_LANG.be],
  ];
  // "статус"/"пол" are shared by ru and be, so count all hits and take the best.
  const scored = candidates
    .map(([name, map]) => ({ name, map, hits: norm.filter((h) => map.has(h)).length }))
    .sort((a, b) => b.hits - a.hits);
  const best = scored[0]!;
  if (best.hits === 0)
    throw new LayoutError(
      'the header matches no known layout (the 23-column machine export "id,url,name,…" or the 12-column table "Name and surname,Status,…" in English, Russian or Belarusian)',
    );
  const unknown = header.filter((_, i) => !best.map.has(norm[i]!));
  if (unknown.length > 0)
    throw new LayoutError(
      `unknown column(s) for the ${best.name} layout: ${unknown.map((h) => JSON.stringify(h.slice(0, 60))).join(', ')}`,
    );
  const columns = norm.map((h) => best.map.get(h)!);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new LayoutError(`column "${dup}" appears twice`);
  if (!columns.includes('name')) throw new LayoutError('the name column is missing');
  if (best.name === 'machine' && !columns.includes('id')) throw new LayoutError('the id column is missing');
  return { name: best.name, columns };
}

export type RawRecord = Partial<Record<Column, string | string[]>>;

/** Maps one CSV record onto canonical columns; a record with the wrong number of cells is an error. */
export function csvRecord(layout: Layout, fields: readonly string[]): RawRecord {
  if (fields.length !== layout.columns.length)
    throw new LayoutError(`expected ${layout.columns.length} cells, found ${fields.length}`);
  const out: RawRecord = {};
  layout.columns.forEach((c, i) => (out[c] = fields[i]!));
  return out;
}

const JSON_KEYS = new Set<string>([...MACHINE_COLUMNS, 'prosecutor']);
/** Keys of the older JSON shape that carry nothing we store (derived copies of other keys). */
const JSON_IGNORED = new Set(['arrestedProgrammatic', 'birthdayProgrammatic']);

/**
 * One record of the JSON shape: plain machine keys, `articles/0` … `articles/N` (or an array), and
 * `prison/title` + `prison/address`. Values may be strings, numbers, booleans or null.
 */
export function jsonRecord(item: unknown): RawRecord {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw new LayoutError('a record is not an object');
  const out: RawRecord = {};
  const articles: Array<[number, string]> = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    const text = scalar(value);
    const numbered = /^articles\/(\d+)$/.exec(key);
    if (numbered) {
      if (text) articles.push([Number(numbered[1]), text]);
    } else if (key === 'articles' && Array.isArray(value)) {
      value.forEach((v, i) => articles.push([i, scalar(v)]));
    } else if (key === 'prison/title') out.prison = text;
    else if (key === 'prison/address') out.prison_address = text;
    else if (key === 'prison' && typeof value === 'object' && value !== null) {
      const p = value as Record<string, unknown>;
      out.prison = scalar(p.title);
      out.prison_address = scalar(p.address);
    } else if (key === 'clusters' && Array.isArray(value)) out.clusters = value.map(scalar);
    else if (JSON_KEYS.has(key)) out[key as Column] = text;
    else if (!JSON_IGNORED.has(key)) unknown.push(key);
  }
  if (unknown.length > 0)
    throw new LayoutError(`unknown key(s): ${unknown.map((k) => JSON.stringify(k.slice(0, 60))).join(', ')}`);
  if (articles.length > 0) out.articles = articles.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  if (out.name === undefined) throw new LayoutError('the name key is missing');
  return out;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new LayoutError('a value is neither text, number nor boolean');
}

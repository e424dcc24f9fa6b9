import type { Gender, NameScript } from '../../../core/db/schema-registry';
import { detectScript } from '../../../names';

/**
 * Parsers for single cells of the public prisoner-list exports (see shared/data/prisoners/FORMAT-NOTES.md).
 * Each returns a value or throws a ValueError whose message names the problem, never the cell content.
 */
export class ValueError extends Error {}

/** Clean-up applied to every cell: NFC, non-breaking spaces, surrounding blanks. */
export const clean = (s: string | undefined | null): string =>
  (s ?? '')
    .normalize('NFC')
    .replace(/\u00a0/g, ' ')
    .trim();

const fold = (s: string): string =>
  clean(s)
    .toLowerCase()
    .replace(/[’ʼ`´]/g, "'")
    .replace(/ё/g, 'е');

export type ListStatus = 'current' | 'former' | 'not_recognised';

/** Machine codes (active/former/np) and the prose of the human table in English, Russian and Belarusian. */
export function parseStatus(raw: string): ListStatus | null {
  const s = fold(raw);
  if (!s) return null;
  if (s === 'active') return 'current';
  if (s === 'former') return 'former';
  if (s === 'np') return 'not_recognised';
  // Recognised after release ("ex post facto") describes someone no longer held.
  if (/ex post facto|постфактум|post factum/.test(s)) return 'former';
  if (/former|бывш|былы|былая/.test(s)) return 'former';
  if (/not recogni|не признан|не прызнан|persecuted|преследуем|пераслед/.test(s)) return 'not_recognised';
  if (/political prisoner|политзаключ|палітвяз|политический заключ|палітычны вязень/.test(s))
    return 'current';
  throw new ValueError('unknown status');
}

export interface ParsedDate {
  /** YYYY-MM-DD, YYYY-MM or YYYY as found; partial dates stay partial rather than inventing a day. */
  value: string;
  full: boolean;
}

function validYmd(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** ISO dates (full or partial) and the DD.MM.YYYY form of the Russian/Belarusian tables. */
export function parseDate(raw: string): ParsedDate | null {
  const s = clean(raw).replace(/T.*$/, '');
  if (!s || /^(unknown|неизвестно|невядома|-|—)$/i.test(s)) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) ?? null;
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s)))
    [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  else if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    if (Number(m[2]) < 1 || Number(m[2]) > 12) throw new ValueError('not a valid month');
    return checkYear({ value: s, full: false });
  } else if ((m = /^(\d{4})$/.exec(s))) return checkYear({ value: s, full: false });
  else throw new ValueError('not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)');
  if (!validYmd(y, mo, d)) throw new ValueError('not a valid calendar date');
  const value = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return checkYear({ value, full: true });
}

function checkYear(d: ParsedDate): ParsedDate {
  const y = Number(d.value.slice(0, 4));
  if (y < 1900 || y > 2100) throw new ValueError('year out of range');
  return d;
}

export function parseGender(raw: string): Gender | null {
  const s = fold(raw);
  if (!s) return null;
  if (/^(male|m|муж|мужской|мужчина|мужчына|мужчынскі|м)$/.test(s)) return 'male';
  if (/^(female|f|жен|женский|женщина|жанчына|жаночы|ж)$/.test(s)) return 'female';
  if (/^(other|иное|іншае)$/.test(s)) return 'other';
  throw new ValueError('unknown gender');
}

const ARTICLE = '(\\d{1,3}(?:-\\d{1,2}){0,2})';
const PART_OF = new RegExp(
  `(?:ч\\.?|part|частка|часть)\\s*(\\d{1,2})\\s*(?:of\\s*)?(?:ст\\.?|арт\\.?|art\\.?|article|артыкул|стат\\S*)\\s*${ARTICLE}`,
  'i',
);
const NAMED = new RegExp(
  `(?:^|[^\\p{L}])(?:ст\\.?|арт\\.?|art\\.?|article|артыкул\\S*|стат\\S*)\\s*${ARTICLE}`,
  'iu',
);
const BARE = new RegExp(`^${ARTICLE}(?:\\s|$|[.,:—–-]\\s)`);

export interface ParsedArticle {
  article: string;
  label: string | null;
}

/**
 * "Art. 342 of the Criminal Code — …", "ст. 342 Уголовного кодекса …", "ч. 2 ст. 293", "361-4" (an
 * article whose own number has a hyphen), ";"-separated or one per line. The text after a dash becomes
 * the label when we have no label of our own.
 */
export function parseArticles(raw: string | readonly string[]): ParsedArticle[] {
  const parts = (typeof raw === 'string' ? raw.split(/[;\n]/) : raw).map(clean).filter(Boolean);
  const out: ParsedArticle[] = [];
  for (const part of parts) {
    const p = PART_OF.exec(part);
    const n = p ? null : NAMED.exec(part);
    const b = p || n ? null : BARE.exec(`${part} `);
    const code = p ? `${p[2]}-${p[1]}` : (n?.[1] ?? b?.[1]);
    if (!code)
      throw new ValueError('an article could not be read (expected e.g. "Art. 342", "ст. 342" or "361-4")');
    if (code.split('-').length > 3) throw new ValueError('an article has too many parts');
    const dash = /\s[—–-]\s(.+)$/.exec(part);
    const label = dash?.[1] ? clean(dash[1]).slice(0, 300) : null;
    if (!out.some((a) => a.article === code)) out.push({ article: code, label });
  }
  return out;
}

// Whole unit words (JS \b does not work for Cyrillic, so the unit is matched as a whole token).
const YEARS = /^(г|год|года|лет|гады|гадоў|гадоу|гад|year|years|yr|yrs)$/u;
const MONTHS = /^(мес|месяц|месяца|месяцев|месяцы|месяцаў|месяцау|month|months|mo|mos)$/u;
const NUM = '(\\d+(?:[.,]\\d+)?(?:\\s+1/2)?|\\d+\\s*½)';

function toNumber(s: string): number {
  const half = /1\/2|½/.test(s);
  const base = Number(s.replace(/\s*(1\/2|½)\s*$/, '').replace(',', '.'));
  return base + (half ? 0.5 : 0);
}

/**
 * Sentence text to months: "2 года" → 24, "4 1/2 years" → 54, "2 гады" → 24, "1 год 6 месяцев" → 18,
 * "3,5 года" → 42. Returns null when the text states no term (a fine, "пожизненно", …): the caller keeps
 * the words in the case notes instead.
 */
export function parseSentenceMonths(raw: string): number | null {
  const s = fold(raw).replace(/\s+/g, ' ');
  if (!s) return null;
  let months = 0;
  let found = false;
  const re = new RegExp(`${NUM}\\s*([\\p{L}.]+)`, 'gu');
  for (const m of s.matchAll(re)) {
    const value = toNumber(m[1]!);
    const unit = m[2]!.replace(/\.$/, '');
    if (YEARS.test(unit)) {
      months += value * 12;
      found = true;
    } else if (MONTHS.test(unit)) {
      months += value;
      found = true;
    }
  }
  if (!found) return null;
  const rounded = Math.round(months);
  if (rounded < 0 || rounded > 1200) throw new ValueError('sentence term out of range');
  return rounded;
}

export type PrisonCell =
  { kind: 'released' } | { kind: 'unknown' } | { kind: 'facility'; name: string; address: string | null };

/** The facility name; its address may follow on the next line. "released"/"unknown" in three languages. */
export function parsePrison(raw: string): PrisonCell | null {
  const s = clean(raw);
  if (!s) return null;
  const f = fold(s);
  if (/^(released|освобожден|освобождена|освобождён|освобождёна|вызвалены|вызваленая|вызвалена)\.?$/.test(f))
    return { kind: 'released' };
  if (/^(unknown|неизвестно|невядома|невядома\.)$/.test(f)) return { kind: 'unknown' };
  const [first, ...rest] = s.split(/\r?\n/).map(clean).filter(Boolean);
  return {
    kind: 'facility',
    name: (first ?? s).slice(0, 300),
    address: rest.length ? rest.join(', ').slice(0, 500) : null,
  };
}

/** Script of a name as stored in person_names. */
export function nameScript(name: string): NameScript {
  const r = detectScript(name);
  if (r.script === 'cyrillic') return r.lang === 'be' ? 'be' : 'ru';
  if (r.script === 'latin') return 'latn';
  return 'other';
}

/** "ivan-testovich-fictional" → "Ivan Testovich Fictional" (the Łacinka-style slug of the person URL). */
export function nameFromSlug(url: string): string | null {
  const m = /\/person\/([^/?#]+)\/?$/.exec(clean(url));
  if (!m) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  if (!/^[\p{L}-]+$/u.test(slug)) return null;
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => w.charAt(0).toLocaleUpperCase() + w.slice(1))
    .join(' ');
}

export function parseFlag(raw: string): boolean {
  const s = fold(raw);
  return s !== '' && !/^(0|false|no|нет|не|-|—)$/.test(s);
}

/** Cells a spreadsheet could run as a formula: kept as data, neutralised on export, reported as a warning. */
export const looksLikeFormula = (raw: string): boolean =>
  /^[=+\-@\t\r]/.test(raw) && !/^[-+]?\d/.test(raw) && raw !== '-';

/**
 * Sorts the positive pairs of the labelled set (aliases of one listed entity) into spelling variants
 * and other names. Lists give a person's maiden and married surnames (ТЮТИНА / MATVIJENKO),
 * nicknames ("Krot"), and an organisation's translation or abbreviation ("Belarusian Republican
 * Youth Union" / "Белорусский республиканский союз молодёжи", "JSC BMZ"): true aliases, but not
 * spellings of one name, so no name matcher can or should find them by spelling. They are kept in
 * the set and reported as their own categories (suffix "-other-name").
 *
 * The rule does not use the matcher's scores: both names are folded to a crude ASCII form (Cyrillic
 * romanised with the library's BGN/PCGN tables, stress marks and diacritics stripped, common
 * digraphs merged), and a pair is an
 * "other name" pair when BOTH names keep a substantial word (≥ 4 letters, not a given name of the
 * reviewed given-name table: Yauhen / Evgeny differ in letters but are one name; not a patronymic) that is not even
 * loosely like any word of the other (edit similarity < 0.5 on the folded forms, or a prefix).
 * A missing part (patronymic, second surname, legal form) therefore never makes a pair "other name";
 * only a part replaced by an unrelated one on both sides does.
 */
import { givenHits, tokenKeys, transliterate, type SystemId } from '../src/names/index';

/**
 * Cyrillic words are romanised with the library's own BGN/PCGN tables (the Belarusian one for a
 * word with і or ў, which the Russian table lacks; else the Russian one), so the bench keeps no
 * transliteration table of its own. Ukrainian ґ є ї, which neither table has, are read as their
 * Belarusian/Russian neighbours first.
 */
const SYSTEM: Record<'be' | 'ru', SystemId> = { be: 'be-bgn-pcgn', ru: 'ru-bgn-pcgn' };
const CYRILLIC = /[\u0400-\u04ff]/;

function romanise(lower: string): string {
  if (!CYRILLIC.test(lower)) return lower;
  const w = lower.replace(/ґ/g, 'г').replace(/є/g, 'е').replace(/ї/g, 'і');
  return transliterate(w, /[іў]/.test(w) ? SYSTEM.be : SYSTEM.ru);
}

/** Legal forms (abbreviated or spelt out, ru/be/uk/en) and filler words are left out: their absence is neutral. */
const FILLER = new Set(
  (
    'ooo oao zao pao ao ojsc cjsc pjsc jsc llc ltd co inc corp plc gmbh fgup gup fsue tov pat zat aat ' +
    'taa rup up the of and for in na po s z i im imeni'
  ).split(' '),
);
const FILLER_STEM =
  /^(obshch|ogranich|otvetstv|aktsion|aktsyian|aktsyyan|otkryt|zakryt|publichn|respublik|unitar|predpri|pradpry|gosudarstv|dziarzh|dzyarzh|federaln|tavaryst|abmezh|adkazn|adkryt|zakryt|tovaryst|obmezh|vidpovid|joint|stock|limited|liabil|compan|enterpri|republic|state|federal|private|chastn|pryvatn|public|open|closed)/;

function plain(word: string): string {
  return romanise(word.toLowerCase())
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]/g, '');
}

function fold(p: string): string {
  return p
    .replace(/shch|sch|tsch|tch|ch|cz|tj|ts|tz|c/g, 'c')
    .replace(/sh|sz|sj/g, 's')
    .replace(/zh|zj/g, 'z')
    .replace(/kh|h/g, 'g')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/q/g, 'k')
    .replace(/[yj]/g, 'i')
    .replace(/o/g, 'a')
    .replace(/(.)\1+/g, '$1');
}

function lev(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = t;
    }
  }
  return row[b.length]!;
}
const sim = (a: string, b: string): number => 1 - lev(a, b) / Math.max(a.length, b.length, 1);

/** Patronymic endings on the folded form (-ovich, -ovitj, -evna, -ichna): a patronymic never decides. */
const PATRONYMIC = /(vic|vna|ic|icna)$/;

interface Word {
  f: string;
  given: boolean;
}

function words(name: string): Word[] {
  return name
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[\u0300\u0301]/g, '') // stress marks (Андрэ́й)
    .split(/[^\p{L}\p{M}]+/u)
    .filter((w) => {
      const p = plain(w);
      return p.length > 0 && !FILLER.has(p) && !FILLER_STEM.test(p);
    })
    .map((w) => {
      const f = fold(plain(w));
      return { f, given: givenHits(tokenKeys(w)).length > 0 || PATRONYMIC.test(f) };
    });
}

/** True when each name has a substantial word that nothing in the other name resembles. */
export function isOtherName(a: string, b: string): boolean {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return true;
  const unmatched = (x: Word[], y: Word[]): boolean =>
    x.some(
      ({ f: w, given }) =>
        w.length >= 4 &&
        !given &&
        !y.some(({ f: v }) => sim(w, v) >= 0.5 || v.startsWith(w) || w.startsWith(v)),
    );
  return unmatched(wa, wb) && unmatched(wb, wa);
}

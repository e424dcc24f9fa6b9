/**
 * Script and language detection for a name string, from letters that only some alphabets
 * or spelling habits use. Heuristic on purpose: it only steers the key (e.g. whether "ch"
 * is ч or х), and the matcher tries both readings when it cannot tell.
 */

export type CyrillicLang = 'be' | 'ru' | 'uk' | 'unknown';
export type LatinHabit =
  'english' | 'polish' | 'czech' | 'lithuanian' | 'german' | 'swedish' | 'french' | 'korean' | 'unknown';

export type ScriptResult =
  | { script: 'cyrillic'; lang: CyrillicLang; evidence: string[] }
  | { script: 'latin'; habit: LatinHabit; evidence: string[] }
  | { script: 'mixed'; lang: CyrillicLang; habit: LatinHabit; evidence: string[] }
  | { script: 'other' | 'none'; evidence: string[] };

/** Any Cyrillic letter. Shared by the name modules; no `g` flag, so `.test` keeps no state between calls. */
export const HAS_CYRILLIC = /[\u0400-\u04ff]/;
const LAT = /[a-zA-Z\u00c0-\u024f]/;

/** Letters only one of the three languages has (ё and ъ are shared by be/ru, not uk). */
function cyrillicLang(s: string, ev: string[]): CyrillicLang {
  const l = s.toLowerCase();
  const score = { be: 0, ru: 0, uk: 0 };
  const mark = (re: RegExp, lang: keyof typeof score, w: number, what: string): void => {
    if (re.test(l)) {
      score[lang] += w;
      ev.push(what);
    }
  };
  mark(/ў/, 'be', 3, 'ў is Belarusian');
  mark(/[ґєї]/, 'uk', 3, 'ґ/є/ї are Ukrainian');
  mark(/щ/, 'ru', 1, 'щ is not Belarusian');
  mark(/щ/, 'uk', 1, 'щ is not Belarusian');
  mark(/и/, 'ru', 2, 'и is not Belarusian');
  mark(/и/, 'uk', 1, 'и is not Belarusian');
  mark(/ъ/, 'ru', 2, 'ъ is Russian');
  mark(/ы/, 'ru', 1, 'ы is not Ukrainian');
  mark(/ы/, 'be', 1, 'ы is not Ukrainian');
  mark(/ё/, 'be', 1, 'ё is not Ukrainian');
  mark(/ё/, 'ru', 1, 'ё is not Ukrainian');
  mark(/і/, 'be', 2, 'і is not Russian');
  mark(/і/, 'uk', 2, 'і is not Russian');
  mark(/э/, 'be', 1, 'э is not Ukrainian');
  mark(/э/, 'ru', 1, 'э is not Ukrainian');
  mark(/дз|цц|ьв/, 'be', 1, 'Belarusian letter clusters');
  mark(/'|’|ʼ/, 'be', 0.5, 'apostrophe (be/uk)');
  mark(/'|’|ʼ/, 'uk', 0.5, 'apostrophe (be/uk)');
  const best = (Object.entries(score) as [keyof typeof score, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = best;
  if (!first || first[1] === 0 || (second && second[1] === first[1])) return 'unknown';
  return first[0];
}

/**
 * One romanised Korean syllable (Revised, McCune–Reischauer with or without breves, and the
 * informal Lee/Rhee/Park spellings): optional initial, vowel, optional final k/n/l/m/p/t/ng.
 * No v, f, z, x, q, w-initial consonant clusters: Slavic names rarely parse.
 */
const KO_SYLLABLE =
  "(?:kk|tt|pp|ss|jj|ch|sh|rh|[gkndtrlmbpsjh])?['’]?(?:yae|wae|yeo|ae|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|ya|ee|oo|yŏ|wŏ|[aeiouŏŭ])(?:ng|[knltmp](?![aeiouyw]))?";
const KO_WORD = new RegExp(`^(?:${KO_SYLLABLE}){1,3}$`);

/**
 * A Latin name is romanised Korean when it has at least three words (a hyphenated given name
 * counts as two: GEUM-CHEOL; two words are too few, Galina Kim parses too) and every word is one
 * to three Korean syllables (LEE CHANG HO, SHIN GEUM-CHEOL, SIN KUM CHOL, CHA Yong-pom).
 */
export function looksKorean(lower: string): boolean {
  const words = lower.split(/[\s,\-‐‑–]+/).filter(Boolean);
  return words.length >= 3 && words.every((w) => KO_WORD.test(w));
}

function latinHabit(s: string, ev: string[]): LatinHabit {
  const l = s.toLowerCase();
  if (looksKorean(l.normalize('NFC'))) {
    ev.push('every word is one to three romanised Korean syllables');
    return 'korean';
  }
  const tests: [LatinHabit, RegExp, string][] = [
    // Not rz alone: Russian names spell it too (Pereverzeva, Mirzayants).
    ['polish', /[łżśćńąę]|szcz|sz|cz/, 'Polish letters (ł ż ś ć ń, sz, cz)'],
    ['lithuanian', /[ėįųū]|(ienė|aitė)\b/, 'Lithuanian letters or endings'],
    ['czech', /[čšžřěůĺ]|ch/.test(l) && /[čšžřěů]/.test(l) ? /./ : /$^/, 'Czech/Slovak háčeks'],
    ['swedish', /[åäö]|[iy]tj\b|tj[aeiou]|sj[aeiou]|zj[aeiou]/, 'Swedish tj/sj/å/ä/ö'],
    ['german', /tsch|sch|ow\b|ew\b|witsch\b/, 'German sch/tsch/-ow'],
    ['french', /tch|[ïé]|^[bcdfgklmnprstvz]ou|\s[bcdfgklmnprstvz]ou|ou[aeiy]/, 'French ou/tch/ï'],
    ['english', /kh|zh|sh|ts|y[aeiou]/, 'English kh/zh/sh/ts/y'],
  ];
  for (const [habit, re, what] of tests) {
    if (re.test(l)) {
      ev.push(what);
      return habit;
    }
  }
  return 'unknown';
}

export function detectScript(text: string): ScriptResult {
  const evidence: string[] = [];
  const hasCyr = HAS_CYRILLIC.test(text);
  const hasLat = LAT.test(text);
  if (hasCyr && hasLat) {
    const lang = cyrillicLang(text, evidence);
    const habit = latinHabit(text.replace(/[\u0400-\u04ff]/g, ' '), evidence);
    return { script: 'mixed', lang, habit, evidence };
  }
  if (hasCyr) return { script: 'cyrillic', lang: cyrillicLang(text, evidence), evidence };
  if (hasLat) return { script: 'latin', habit: latinHabit(text, evidence), evidence };
  if (/\p{L}/u.test(text)) return { script: 'other', evidence: ['letters of another script'] };
  return { script: 'none', evidence: [] };
}

/** The Latin habit to key a name with (unknown for Cyrillic names). */
export function habitOf(r: ScriptResult): LatinHabit {
  return r.script === 'latin' || r.script === 'mixed' ? r.habit : 'unknown';
}

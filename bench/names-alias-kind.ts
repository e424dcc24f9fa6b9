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
import { levSim } from '../src/names/distance';
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

/** Edit similarity (1 − normalised Levenshtein), the library's own. */
const sim = levSim;

/** Patronymic endings on the folded form (-ovich, -ovitj, -evna, -ichna): a patronymic never decides. */
const PATRONYMIC = /(vic|vna|ic|icna)$/;

interface Word {
  f: string;
  /** Plain lower-case ASCII before folding (the sound classes read ch both ways). */
  p: string;
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
      const p = plain(w);
      const f = fold(p);
      return { f, p, given: givenHits(tokenKeys(w)).length > 0 || PATRONYMIC.test(f) };
    });
}

const loose = (w: string, v: string): boolean => sim(w, v) >= 0.5 || v.startsWith(w) || w.startsWith(v);

/** True when each name has a substantial word that nothing in the other name resembles. */
function replacedWord(wa: Word[], wb: Word[]): boolean {
  const unmatched = (x: Word[], y: Word[]): boolean =>
    x.some(({ f: w, given }) => w.length >= 4 && !given && !y.some(({ f: v }) => loose(w, v)));
  return unmatched(wa, wb) && unmatched(wb, wa);
}

/**
 * A one-word alias of a person beside a full name, like no word of it at all, even a given name
 * ('Tsar', "Fritz", "Bes (devil)" for Igor BEZLER): a nickname or call sign. A one-word alias that
 * is a spelling of the surname or of the given name (USHKO, "Micha" for Mikhail) stays a spelling.
 */
function nickname(wa: Word[], wb: Word[]): boolean {
  const [one, full] = wa.length === 1 ? [wa, wb] : [wb, wa];
  if (one.length !== 1 || full.length < 2) return false;
  const w = one[0]!.f;
  return w.length >= 3 && !full.some(({ f: v }) => loose(w, v));
}

/**
 * Broad sound classes of the consonants, vowels dropped: a spelling of one surname in another
 * system keeps its class skeleton (TETERIN = ЦЯЦЕРЫН tsyatsyeryn: T T L N), a maiden and a married
 * surname do not (BOLOTOVA B L T / TOKAREVA T K L).
 */
function classes(p: string, ch: 'T' | 'K'): string {
  return p
    .replace(/shch|sch|sh|sz|zh|cz|tch|ch|ts|tz|kh/g, (m) =>
      m === 'ch' ? ch : m === 'kh' ? 'K' : /^(cz|tch|ts|tz)$/.test(m) ? 'T' : 'S',
    )
    .replace(/[aeiouyjwh]/g, (m) => (m === 'w' ? 'B' : m === 'h' ? 'K' : ''))
    .replace(/[bpfv]/g, 'B')
    .replace(/[tdc]/g, 'T')
    .replace(/[sz]/g, 'S')
    .replace(/[kgqx]/g, 'K')
    .replace(/[lr]/g, 'L')
    .replace(/[mn]/g, 'N')
    .replace(/(.)\1+/g, '$1');
}

/** Best sound-class agreement of two stems (ch read as ч and as х: CHOCHLOVA = KHOKHLOVA). */
function classSim(a: string, b: string): number {
  let best = 0;
  for (const x of ['T', 'K'] as const)
    for (const y of ['T', 'K'] as const) best = Math.max(best, sim(classes(a, x), classes(b, y)));
  return best;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * Maiden and married surnames: the same given name (a patronymic may be missing on one side;
 * every other word matches loosely), and one surname on each side whose stems, once the shared ending
 * (-ova/-eva/-ina) is set aside, agree neither in letters nor in consonant sound classes.
 */
function otherSurname(wa0: Word[], wb0: Word[]): boolean {
  // Belarusian Latin patronymics in -auna/-euna (Mikalayeuna) are patronymics here too.
  const mark = (x: Word[]): Word[] => x.map((w) => (/[ae]una$/.test(w.f) ? { ...w, given: true } : w));
  const wa = mark(wa0);
  const wb = mark(wb0);
  if (!wa.some((w) => w.given) || !wb.some((w) => w.given)) return false;
  // The surname: the one word that is not a given name or patronymic and has no close counterpart
  // on the other side (a patronymic the rule does not know: Mikalaeuna ~ Mikalajevna).
  const surnames = (x: Word[], y: Word[]): Word[] =>
    x.filter((w) => !w.given && !y.some((v) => sim(w.f, v.f) >= 0.75));
  const sa = surnames(wa, wb);
  const sb = surnames(wb, wa);
  if (sa.length !== 1 || sb.length !== 1) return false;
  const a = sa[0]!;
  const b = sb[0]!;
  // A given name in common; any other word is a given name or patronymic one side lacks, or has
  // a counterpart (nothing else unexplained).
  const shared = (x: Word[], y: Word[], their: Word): boolean =>
    x.some((w) => w.given && y.some((v) => v !== their && loose(w.f, v.f)));
  const rest = (x: Word[], y: Word[], own: Word, their: Word): boolean =>
    x.every((w) => w === own || w.given || y.some((v) => v !== their && loose(w.f, v.f)));
  if (!shared(wa, wb, b) || !shared(wb, wa, a)) return false;
  if (!rest(wa, wb, a, b) || !rest(wb, wa, b, a)) return false;
  if (a.f.length < 4 || b.f.length < 4) return false;
  const n = commonSuffix(a.f, b.f);
  const x = a.f.slice(0, a.f.length - n);
  const y = b.f.slice(0, b.f.length - n);
  if (x.length < 3 || y.length < 3 || sim(x, y) >= 0.5) return false;
  const m = commonSuffix(a.p, b.p);
  return classSim(a.p.slice(0, a.p.length - m), b.p.slice(0, b.p.length - m)) < 0.5;
}

/**
 * True when the two names are other names of one entity, not spellings of one name. The
 * nickname and maiden-name rules are for persons only.
 */
export function isOtherName(a: string, b: string, schema?: 'Person' | 'Organization'): boolean {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return true;
  if (replacedWord(wa, wb)) return true;
  if (schema !== 'Person') return false;
  // A name mixing scripts (Анна Борисовна COPOKA, Latin look-alikes) is not compared word by word.
  const mixed = (n: string): boolean => CYRILLIC.test(n) && /[a-z]/i.test(n.replace(/\([^)]*\)/g, ''));
  return nickname(wa, wb) || (!mixed(a) && !mixed(b) && otherSurname(wa, wb));
}

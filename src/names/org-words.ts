/**
 * Word-level rules for organisation names that the letter and word similarities of `org.ts` miss:
 * an acronym against the initials of consecutive words (MZKT = МЗКЦ = Минский завод колёсных
 * тягачей, JSC ITC = JSC Independent Transport Company) and one word written as two
 * (КРОКУС НАНОЭЛЕКТРОНИКА = Crocus Nano Electronics); and the generic words (plant, bank…) that say
 * what kind of body a name is, not which one.
 */
import { joinedKeysSim } from './align';
import { tokenKeys } from './key';

export interface Acronym {
  /** Keys of the word as a token, to find it among the name's tokens. */
  keys: string[];
  /** Per letter (Ts, Sh, Ch, Zh, Kh count as one), its possible key letters. */
  units: string[][];
}

/** Upper-case letters, Latin digraphs of one Cyrillic letter (TsSD = ЦСД) kept together. */
const CAPS = /^(?:[TSCZK][sh]|\p{Lu})+$/u;
const UNIT = /[TSCZK][sh]|\p{Lu}|\p{Ll}/gu;
/** A short word alone in quotes is an acronym too, whatever its case (ООО «Ткс»). */
const QUOTED = /[«"“„‘'‹]\s*(\p{L}{2,4})\s*[»"”’'›]/gu;

const unitCache = new Map<string, string[]>();
function unitLetters(unit: string): string[] {
  const hit = unitCache.get(unit);
  if (hit) return hit;
  const set = new Set(tokenKeys(unit).map((k) => k.charAt(0)));
  // Belarusian ц where Russian has т before a soft vowel (Мінскі завод колавых цягачоў: МЗКЦ = MZKT).
  if (set.has('c')) set.add('t');
  if (set.has('t')) set.add('c');
  const out = [...set].filter(Boolean);
  unitCache.set(unit, out);
  return out;
}

/** Acronyms in a raw name; `isForm` excludes legal forms (JSC, ООО), which are compared apart. */
export function acronymsOf(
  name: string,
  words: string[],
  isForm: (w: string) => boolean,
  keysOf: (w: string) => string[],
): Acronym[] {
  const found = new Set<string>();
  for (const w of words) if (CAPS.test(w)) found.add(w);
  for (const m of name.matchAll(QUOTED)) found.add(m[1]!);
  const out: Acronym[] = [];
  for (const w of found) {
    const units = w.match(UNIT) ?? [];
    if (units.length < 2 || units.length > 6 || isForm(w.toLowerCase())) continue;
    const keys = keysOf(w.toLowerCase());
    if (keys.length) out.push({ keys, units: units.map((u) => unitLetters(u.toLowerCase())) });
  }
  return out;
}

const meets = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/** The tokens left after taking out (once each) those whose first key is one of `gone`. */
function without(tokens: string[][], gone: string[][]): string[][] {
  const rest = [...tokens];
  for (const g of gone) {
    const i = rest.findIndex((t) => t[0] === g[0]);
    if (i >= 0) rest.splice(i, 1);
  }
  return rest;
}

export interface AcronymSide {
  tokens: string[][];
  /** Keys of every word before legal forms were removed ("Company" can be the C of ITC). */
  words: string[][];
  /** Per word of `words`, the distinct first letters of its keys (wordInitials), made at parse time. */
  initials: string[][];
  acronyms: Acronym[];
}

/**
 * The distinct first letters of each word's keys, which acronymMatch reads an acronym's letters
 * against. Computed when a name is parsed, not on every comparison (a name is compared with
 * hundreds of candidates).
 */
export function wordInitials(words: readonly string[][]): string[][] {
  return words.map((w) => [...new Set(w.map((k) => k.charAt(0)))]);
}

/**
 * An acronym of x read as another acronym of y or as the initials of consecutive words of y; the
 * tokens of both names left over, which the caller must still compare (an acronym alone does not
 * make two long names the same).
 */
export function acronymMatch(
  x: AcronymSide,
  y: AcronymSide,
): { xRest: string[][]; yRest: string[][] } | undefined {
  for (const ac of x.acronyms) {
    const n = ac.units.length;
    // The leftover tokens are built only for a match (most comparisons have none).
    const xRest = (): string[][] => without(x.tokens, [ac.keys]);
    for (const bc of y.acronyms)
      if (
        bc.units.length === n &&
        bc.keys[0] !== ac.keys[0] &&
        ac.units.every((u, i) => meets(u, bc.units[i]!))
      )
        return { xRest: xRest(), yRest: without(y.tokens, [bc.keys]) };
    for (let s = 0; s + n <= y.words.length; s++) {
      let fits = true;
      for (let i = 0; i < n && fits; i++) fits = meets(ac.units[i]!, y.initials[s + i]!);
      if (fits) return { xRest: xRest(), yRest: without(y.tokens, y.words.slice(s, s + n)) };
    }
  }
  return undefined;
}

/**
 * x with each pair of adjacent words that y writes as one word joined (Nano Electronics →
 * nanaelektraniks against НАНОЭЛЕКТРОНИКА), by the rule persons use (align.ts, joinedKeysSim).
 */
export function joinSplitWords(x: string[][], y: string[][]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!;
    const v = x[i + 1];
    if (v && y.some((t) => joinedKeysSim(t, u, v) > 0)) {
      const keys: string[] = [];
      for (const a of u.slice(0, 2)) for (const b of v.slice(0, 2)) keys.push(a + b);
      out.push([...new Set(keys)]);
      i++;
    } else out.push(u);
  }
  return out;
}

/**
 * Words that say what kind of body an organisation is, not which one (plant, bank, institute…). Two
 * different plants share them, so when both names have one it weighs as little as a one-letter word.
 */
const GENERIC_WORDS = new Set(
  [
    'plant',
    'factory',
    'works',
    'company',
    'bank',
    'institute',
    'research',
    'scientific',
    'production',
    'machine',
    'building',
    'engineering',
    'mechanical',
    'industrial',
    'enterprise',
    'center',
    'centre',
    'group',
    'holding',
    'trading',
    'state',
    'national',
    'federal',
    'republican',
    'unitary',
    'repair',
    'design',
    'bureau',
    'association',
    'organization',
    'organisation',
    'public',
    'commercial',
    'завод',
    'фабрика',
    'компания',
    'кампанія',
    'банк',
    'институт',
    'інстытут',
    'научно',
    'навукова',
    'научный',
    'производственный',
    'производственное',
    'вытворчае',
    'машиностроительный',
    'машынабудаўнічы',
    'механический',
    'механічны',
    'предприятие',
    'прадпрыемства',
    'центр',
    'цэнтр',
    'группа',
    'холдинг',
    'торговый',
    'государственный',
    'дзяржаўны',
    'республиканское',
    'рэспубліканскае',
    'унитарное',
    'унітарнае',
    'ремонтный',
    'конструкторское',
    'бюро',
    'ассоциация',
    'организация',
  ].flatMap((w) => tokenKeys(w)),
);
/** Whether a word (its keys) is one of the generic words. */
export const isGenericWord = (t: string[]): boolean => t.some((k) => GENERIC_WORDS.has(k));

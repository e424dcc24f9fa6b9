/**
 * A small context-sensitive rule engine for Cyrillic → Latin transliteration.
 * Each system is data (a letter map plus ordered context rules), so adding a
 * system does not mean writing new code.
 */

export type Lang = 'be' | 'ru';

export interface Rule {
  /** Lower-case Cyrillic sequence to match at the current position. */
  m: string;
  /** Latin output (lower case; case is restored from the source). */
  o: string;
  /** Context test on the character before the match (undefined = start of word). */
  prev?: (c: string | undefined) => boolean;
  /** Context test on the character after the match (undefined = end of word). */
  next?: (c: string | undefined) => boolean;
}

export interface SystemSpec {
  id: string;
  label: string;
  lang: Lang;
  /** Where the table comes from (file under ../shared/data/names/romanization/). */
  source: string;
  letters: Readonly<Record<string, string>>;
  rules: readonly Rule[];
}

const CYR_VOWELS = new Set('аеёиоуыэюяіїєaeiouy');
const SOFT = new Set(['ь', 'ъ', "'", '’', 'ʼ', '‘', '´']);
const LETTER = /\p{L}/u;

export const isVowel = (c: string | undefined): boolean => c !== undefined && CYR_VOWELS.has(c);
/** Belarusian ў behaves as a vowel glide for iotation (Гаўя → Haŭja). */
export const isVowelOrU = (c: string | undefined): boolean => isVowel(c) || c === 'ў';
export const isSoft = (c: string | undefined): boolean => c !== undefined && SOFT.has(c);
export const isStart = (c: string | undefined): boolean => c === undefined || !LETTER.test(c);
export const isConsonant = (c: string | undefined): boolean =>
  c !== undefined && LETTER.test(c) && !CYR_VOWELS.has(c) && !SOFT.has(c) && c !== 'й' && c !== 'ў';
/** Iotated vowels are written with j/y at the start, after a vowel or after a soft sign. */
export const notConsonant = (c: string | undefined): boolean => !isConsonant(c);
export const inSet =
  (chars: string) =>
  (c: string | undefined): boolean =>
    c !== undefined && chars.includes(c);

function applyCase(src: string, out: string, word: string, at: number): string {
  if (out === '' || src === src.toLowerCase()) return out;
  // A word in capitals keeps capitals (СВЯТЛАНА → SVIATLANA); otherwise title case.
  const isUpperLetter = (c: string | undefined): boolean =>
    c !== undefined && LETTER.test(c) && c === c.toUpperCase() && c !== c.toLowerCase();
  const after = word[at + src.length];
  const caps = after !== undefined && LETTER.test(after) ? isUpperLetter(after) : isUpperLetter(word[at - 1]);
  if (caps || src.length > 1) return out.toUpperCase();
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** Rules indexed by first letter, longest match first, for speed. */
function indexRules(rules: readonly Rule[]): Map<string, Rule[]> {
  const byFirst = new Map<string, Rule[]>();
  for (const r of rules) {
    const k = r.m.charAt(0);
    const list = byFirst.get(k) ?? [];
    list.push(r);
    byFirst.set(k, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.m.length - a.m.length);
  return byFirst;
}

const compiled = new WeakMap<SystemSpec, Map<string, Rule[]>>();

export function runSystem(spec: SystemSpec, text: string): string {
  let byFirst = compiled.get(spec);
  if (!byFirst) {
    byFirst = indexRules(spec.rules);
    compiled.set(spec, byFirst);
  }
  const src = text.normalize('NFC');
  const lower = src.toLowerCase();
  let out = '';
  let i = 0;
  while (i < src.length) {
    const ch = lower.charAt(i);
    const prev = i > 0 ? lower.charAt(i - 1) : undefined;
    let done = false;
    for (const r of byFirst.get(ch) ?? []) {
      if (!lower.startsWith(r.m, i)) continue;
      const next = lower.charAt(i + r.m.length) || undefined;
      if (r.prev && !r.prev(prev)) continue;
      if (r.next && !r.next(next)) continue;
      out += applyCase(src.slice(i, i + r.m.length), r.o, src, i);
      i += r.m.length;
      done = true;
      break;
    }
    if (done) continue;
    const mapped = spec.letters[ch];
    out += mapped === undefined ? src.charAt(i) : applyCase(src.charAt(i), mapped, src, i);
    i += 1;
  }
  return out;
}

/** Helper: the four iotated vowels with different outputs by context. */
export function iotated(
  forms: Record<'е' | 'ё' | 'ю' | 'я', [afterConsonant: string, elsewhere: string]>,
): Rule[] {
  const rules: Rule[] = [];
  for (const [letter, [cons, other]] of Object.entries(forms)) {
    rules.push({ m: letter, o: cons, prev: isConsonant });
    rules.push({ m: letter, o: other, prev: notConsonant });
  }
  return rules;
}

/**
 * Look-alike letters shared by the Cyrillic and Latin alphabets (а/a, с/c, р/p, в/B, н/H, …): lists
 * mix them by mistake inside one word or type a whole word in the wrong script.
 */
import { HAS_CYRILLIC } from './script';

const LATIN_LETTER = /[a-z]/;

const CYR_LOOKALIKE: Record<string, string> = {
  а: 'a',
  е: 'e',
  і: 'i',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  к: 'k',
  м: 'm',
  т: 't',
  в: 'b',
  н: 'h',
};
const LAT_LOOKALIKE: Record<string, string> = {
  a: 'а',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  c: 'с',
  y: 'у',
  x: 'х',
  k: 'к',
  m: 'м',
  t: 'т',
  b: 'в',
  h: 'н',
};

/**
 * A Latin word made only of Cyrillic look-alikes, typed in a Cyrillic name (Анна Борисовна COPOKA,
 * Сергей MOKEEB), read as the Cyrillic word; undefined when some letter has no look-alike.
 */
export function asCyrillicLookalike(word: string): string | undefined {
  let out = '';
  for (const c of word.toLowerCase()) {
    const m = LAT_LOOKALIKE[c];
    if (!m) return undefined;
    out += m;
  }
  return out;
}

/**
 * A token mixing scripts is almost always a look-alike typo (ROMASHKІN with Cyrillic І, ГOBOP with
 * Latin O, B, P). A letter that has no look-alike decides the script; else the majority does.
 */
export function unmix(lower: string): string {
  let cyr = 0;
  let lat = 0;
  let cyrOnly = 0;
  let latOnly = 0;
  for (const c of lower) {
    if (HAS_CYRILLIC.test(c)) {
      cyr++;
      if (!(c in CYR_LOOKALIKE)) cyrOnly++;
    } else if (LATIN_LETTER.test(c)) {
      lat++;
      if (!(c in LAT_LOOKALIKE)) latOnly++;
    }
  }
  if (cyr === 0 || lat === 0) return lower;
  const toLatin = latOnly > 0 && cyrOnly === 0 ? true : cyrOnly > 0 && latOnly === 0 ? false : lat >= cyr;
  const map = toLatin ? CYR_LOOKALIKE : LAT_LOOKALIKE;
  return [...lower].map((c) => map[c] ?? c).join('');
}

/**
 * Cross-language phonetic key. Belarusian and Russian Cyrillic and the common Latin
 * spellings of both are folded onto one small alphabet so that Лукашэнка, Лукашенко,
 * Lukashenko, Łukašenka, Lukaschenko and Lukasjenko all give "lukaSanka".
 *
 * Alphabet: vowels a (а о), e (е э ё я), i (и і ы й), u (у ю); C = ч, S = ш, Z = ж,
 * g = г ґ х h kh (Belarusian г is h, so г/х/h cannot be told apart in Latin), c = ц,
 * v = в ў. Soft signs and apostrophes vanish, doubled letters collapse.
 */
import { cyrVariants, latinVariants } from './key-variants';
import { unmix } from './lookalike';
import { HAS_CYRILLIC, type LatinHabit } from './script';

const CYR: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'je',
  ё: 'jo',
  є: 'je',
  ж: 'Z',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'ji',
  й: 'j',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ў: 'v',
  ф: 'f',
  х: 'g',
  ц: 'c',
  ч: 'C',
  ш: 'S',
  щ: 'SC',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'ju',
  я: 'ja',
  // Serbian and Macedonian letters, read as their Serbian Latin forms (КАРИЋ = KARIĆ, Љ = lj).
  ђ: 'd',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 't',
  џ: 'dZ',
};

/** Single Latin letters with diacritics → key letters (ISO 9, national 2007, Polish, Czech, Lithuanian, …). */
const LAT: Record<string, string> = {
  č: 'C',
  ĉ: 'C',
  ç: 'C',
  š: 'S',
  ş: 'S',
  ŝ: 'SC',
  ž: 'Z',
  ż: 'Z',
  ź: 'z',
  ś: 's',
  ć: 't',
  đ: 'd',
  ń: 'n',
  ñ: 'n',
  ĺ: 'l',
  ľ: 'l',
  ł: 'l',
  ŭ: 'v',
  ř: 'rZ',
  ě: 'je',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  ė: 'e',
  ę: 'e',
  ä: 'e',
  ö: 'e',
  ø: 'e',
  â: 'ja',
  û: 'ju',
  ü: 'u',
  ú: 'u',
  ù: 'u',
  ů: 'u',
  ū: 'u',
  ų: 'u',
  ì: 'i',
  í: 'i',
  î: 'i',
  ï: 'i',
  į: 'i',
  ý: 'i',
  ı: 'i',
  à: 'a',
  á: 'a',
  ã: 'a',
  å: 'a',
  ą: 'a',
  ó: 'o',
  ò: 'o',
  ô: 'o',
  õ: 'o',
  ğ: 'g',
  ß: 's',
  w: 'v',
  x: 'ks',
  q: 'k',
  ď: 'd',
  ť: 't',
  ň: 'n',
  ŕ: 'r',
};

/**
 * Readings of a bare "ch", the habit's own first. Lists mix habits within one name (Anton Olegovič
 * TKACHEV: Czech háček, English ch), so the other reading is always kept as a further key.
 */
const CH_BY_HABIT: Record<LatinHabit, readonly string[]> = {
  english: ['C', 'g'],
  polish: ['g', 'C'],
  czech: ['g', 'C'],
  lithuanian: ['g', 'C'],
  german: ['g', 'C'],
  swedish: ['g', 'C'],
  french: ['S', 'C'],
  korean: ['C'],
  unknown: ['C', 'g'],
};

const CZECH_OVA = /[bdfgjklmnprstvzďňťľ]ová$/;

/** Steps shared by both scripts, on a string already in the key alphabet plus j/o/y. */
function finish(s: string, uv = true): string {
  // Each replace runs only when its trigger letter is there (key derivation is hot on a cold cache).
  const t0 = rep(
    rep(s, 't', /t[sc]/g, 'c'), // тс, тц ~ ц (Малитский ~ Malitskiy, Лутцев ~ Lutsev)
    'o',
    /o/g,
    'a',
  ); // akanne: Belarusian writes unstressed о as а
  // ў: Belarusian Latin au/eu before a consonant is Russian ав/ев (Tsikhanouski ~ Tikhanovsky).
  // Not for Cyrillic, where ў is written and оу/ау are two vowels (Белоусов). Read before the
  // iotated vowels and the prothetic в are folded: the u of written vu/ju is a vowel (NAVUMAU =
  // НАВУМАЎ, OYUN = ОЮН, NOVYUKHOV = НОВЬЮХОВ).
  let t = uv ? rep(t0, 'u', /([ae])u(?=[^aeiujy]|$)/g, '$1v') : t0;
  if (t.includes('i') || t.includes('j'))
    t = t
      .replace(/[ij]{2,}/g, 'j')
      .replace(/[ij]([aeu])/g, (_m, v: string) => (v === 'u' ? 'u' : 'e')) // iotated vowels
      .replace(/[ij]i|i[j]/g, 'i')
      .replace(/j/g, 'i');
  // After ч ш ж Belarusian writes а/о where Russian has е/ё (Шаўцоў ~ Шевцов, Чорны ~ Чёрный).
  // (Independent of the iotation steps above: those never make or take away an e after C/S/Z.)
  t = rep(t, 'e', /([CSZ])e/g, '$1a');
  t = rep(t, 'v', /v(?=u)/g, ''); // prothetic в: Навумаў ~ Наумов, Вуліца ~ Улица
  t = rep(t, 'v', /ev(a?)$/, 'av$1'); // -ев/-ёв ~ Belarusian -оў/-аў (Zaitsau ~ Зайцев, Tkachou ~ Tkachev)
  t = rep(t, 'c', /c(?=[ei])/g, 't'); // цеканне: ць/ці ~ ть/ти
  t = rep(t, 'z', /dz/g, 'd'); // дзеканне: дзь ~ дь
  t = rep(t, 'z', /z/g, 's'); // з/с voicing is spelt both ways in Latin brands and German (Plasma ~ Плазма, Kosjura)
  if (NOT_KEY.test(t)) t = t.replace(/[^a-zCSZ]/g, '');
  return t.replace(/(.)\1+/g, '$1');
}

const NOT_KEY = /[^a-zCSZ]/;

/** s.replace(re, to), skipped when the letter the pattern needs is absent (one cheap test). */
function rep(s: string, needs: string, re: RegExp, to: string): string {
  return s.includes(needs) ? s.replace(re, to) : s;
}

const LATIN_LETTER = /[a-z]/;
const OTHER_LETTER = /[^\p{Script=Latin}\p{Script=Cyrillic}\P{L}]/u;

function cyrKey(lower: string): string {
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower.charAt(i);
    const next = lower[i + 1];
    // ц before the -ев/-ева ending stays ц: that ending is folded onto Belarusian -аў (Зайцев ~ Zaitsau).
    if (
      ch === 'ц' &&
      next !== undefined &&
      'ьеёяюіи'.includes(next) &&
      !(next === 'ь' && i + 2 === lower.length) && // final ць is soft ц (Кравець = Кравец)
      !/^[её]ва?$/.test(lower.slice(i + 1))
    ) {
      out += 't';
      continue;
    }
    // ь before a vowel iotates it (Аксьонов = Аксёнов, Дарья).
    if (ch === 'ь' && next !== undefined && 'оаеуиі'.includes(next)) {
      out += 'j';
      continue;
    }
    out += CYR[ch] ?? LAT[ch] ?? ch;
  }
  return finish(out, false);
}

/** A token still mixing scripts after unmix (Viachaslaў) is read in the script of most of its letters. */
function mostlyLatin(lower: string): boolean {
  let lat = 0;
  let cyr = 0;
  for (const c of lower) {
    if (HAS_CYRILLIC.test(c)) cyr++;
    else if (LATIN_LETTER.test(c)) lat++;
  }
  return lat > cyr;
}

/** Swedish: sj = ш, tj = ч, zj = ж (but dzj is дзь + j). */
function swedish(s: string): string {
  return s
    .replace(/sj/g, 'S')
    .replace(/tj/g, 'C')
    .replace(/dzj/g, 'dZ') // Swedish дж (Dzjabarov)
    .replace(/zj/g, 'Z');
}

const latinCache = new Map<string, string>();

/** Drops the memo of Latin base readings (parse.ts clearNameCaches). */
export function clearKeyCache(): void {
  latinCache.clear();
}

/**
 * Memoised per input (bounded like the token cache in parse.ts): one token is read under several
 * habits and ch readings, which mostly give the same base (only four habits and a written "ch"
 * make a difference).
 */
function latinBase(lower: string, habit: LatinHabit, ch: string): string {
  const h =
    habit === 'polish' || habit === 'german' || habit === 'swedish' || habit === 'french' ? habit : '';
  const ck = `${h}\u0000${lower.includes('ch') ? ch : ''}\u0000${lower}`;
  const hit = latinCache.get(ck);
  if (hit !== undefined) return hit;
  const out = latinBaseUncached(lower, habit, ch);
  if (latinCache.size > 100_000) latinCache.clear();
  latinCache.set(ck, out);
  return out;
}

const NON_ASCII = /[^ -~]/; // anything outside printable ASCII (ť, š, ’, …)

function latinBaseUncached(lower: string, habit: LatinHabit, ch: string): string {
  let s = lower;
  const wide = NON_ASCII.test(s);
  if (s.endsWith('ova') || s.endsWith('ová'))
    s = s
      // Czech and Slovak add -ová to the male form (Tichonovová, Skuratovičová, Timčenková).
      // Only with the accent for -inová/-enková: unaccented -inova/-enkova are Russian (Перминова).
      .replace(/([oe]v)ov[aá]$/, '$1a')
      .replace(/(in|yn)ová$/, '$1a')
      .replace(/enková$/, 'enko')
      .replace(/([čćcšž])ová$/, '$1') // -ič + ová
      // Any other surname + ová (Pradunová = Прадун, Majborodová = Майборода: a final -a/-o drops).
      .replace(/([bdfgjklmnprstvzďňťľ])ová$/, '$1');
  // Czech/Slovak ť ď ľ ň before a vowel are soft consonants + iotated vowel (Arťom = Артём).
  if (wide) s = s.replace(/([ťďľňńĺ])(?=[aáeéoóuú])/g, '$1j');
  // A soft sign written as a prime or apostrophe before a vowel iotates it (ISO 9 Artʹom, BGN
  // Al’ona = Альона).
  if (wide || s.includes("'")) s = s.replace(/[ʹ'’ʼ](?=[aeiouy])/g, 'j');
  // Romanian -ovici/-evici and Serbo-Croatian -ović/-ovic are -ович.
  s = rep(s, 'vi', /vi(?:ci|ć|c)$/, 'viC');
  if (s.includes('h')) {
    s = s
      .replace(/shch|szcz|schtsch|shh/g, 'SC') // shh: щ in GOST 7.79 Latin (RUSHHAK)
      .replace(/tsch/g, 'C')
      .replace(/sch/g, 'S')
      .replace(/tch/g, 'C')
      .replace(/ch/g, ch)
      .replace(/dzh/g, 'dZ')
      .replace(/zh|zs/g, 'Z')
      .replace(/kh/g, 'g')
      .replace(/sh|sz/g, 'S');
  } else if (s.includes('z')) s = s.replace(/szcz/g, 'SC').replace(/zs/g, 'Z').replace(/sz/g, 'S');
  // (No overlap with the h-less steps above, so their order there does not matter.)
  if (wide) s = s.replace(/tš/g, 'C').replace(/dž/g, 'dZ'); // Estonian/Finnish tš = ч
  s = rep(s, 'cz', /cz/g, 'C');
  if (s.includes('t')) s = s.replace(/ts|tz/g, 'c');
  if (s.includes('h')) s = s.replace(/ph/g, 'f').replace(/th/g, 't');
  s = rep(s, 'tj', /([iy])tj$/, '$1C'); // Swedish patronymic ending -itj = -ич
  if (habit === 'polish') s = s.replace(/rz/g, 'Z');
  // German/English ck is k; in Slavic Latin (Bialiacki) it is цк.
  if (habit === 'german') s = s.replace(/ck/g, 'k');
  if (habit === 'swedish') s = swedish(s);
  if (habit === 'french') s = s.replace(/dj/g, 'dZ').replace(/j/g, 'Z');
  // German s between vowels is з (Tscheresow = Черезов).
  if (habit === 'german') s = s.replace(/(?<=[aeiouy])s(?=[aeiouy])/g, 'z');
  // A stray Cyrillic letter left by a transliteration (Viachaslaў) is read as Cyrillic.
  let out = '';
  for (const ch of s) out += LAT[ch] ?? CYR[ch] ?? ch;
  // Remaining combining marks (g̀ of ISO 9) and apostrophe-like soft signs go.
  return out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function latinFinish(s: string, uv = true): string {
  const t = rep(s, 'h', /h/g, 'g');
  return finish(t.includes('y') ? t.replace(/y(?=[aeiou])/g, 'j').replace(/y/g, 'i') : t, uv);
}

/**
 * All keys of one name token (one for Cyrillic; up to four for Latin where the spelling habit is
 * ambiguous: "ch" = ч in English but х in Polish/German/Czech; "ou" = ў or French у).
 */
export function tokenKeys(token: string, habit: LatinHabit = 'unknown'): string[] {
  const lower = unmix(token.normalize('NFC').toLowerCase());
  if (HAS_CYRILLIC.test(lower) && !mostlyLatin(lower)) {
    const k = cyrKey(lower);
    const alts = cyrVariants(lower);
    if (alts.length === 0) return [k];
    return [...new Set([k, ...alts.map((v) => cyrKey(v.text))])];
  }
  // Other scripts (Arabic, Greek, …) are not transliterated: the word itself is its key, so at
  // least identical spellings still meet.
  if (OTHER_LETTER.test(lower) && !LATIN_LETTER.test(lower.normalize('NFD'))) return [lower];
  const keys = new Set<string>();
  // A habit guessed from one part must not misread another (TKACHEV in a Czech-looking name,
  // GORJATCHEVA read as French): the neutral reading is always kept as well.
  for (const h of readingHabits(habit))
    for (const ch of chReadings(lower, h)) addLatinKeys(lower, h, ch, keys);
  // Czech -ová replaced a final -а/-о of the Slavic form (Papková = Попко): keep that reading too.
  // That reading comes first: -ová is always a woman's form (Balabalavová = Балаболава, not -аў).
  const main = CZECH_OVA.test(lower) ? [...[...keys].map((k) => `${k}a`), ...keys] : [...keys];
  const alts = latinVariants(lower, habit);
  if (alts.length === 0) return main;
  const more = new Set<string>(main);
  for (const v of alts) {
    const h = v.habit ?? habit;
    for (const hh of readingHabits(h))
      for (const ch of chReadings(v.text, hh)) addLatinKeys(v.text, hh, ch, more);
  }
  return [...more];
}

/** The habits to read a Latin word with: a guessed habit keeps the neutral reading beside it. */
function readingHabits(habit: LatinHabit): readonly LatinHabit[] {
  return habit === 'unknown' || habit === 'english' ? [habit] : [habit, 'unknown'];
}

/** The ch readings worth trying: without a written "ch" they all give the same keys. */
function chReadings(lower: string, habit: LatinHabit): readonly string[] {
  const all = CH_BY_HABIT[habit];
  return lower.includes('ch') ? all : all.slice(0, 1);
}

function addLatinKeys(lower: string, habit: LatinHabit, ch: string, keys: Set<string>): void {
  const base = latinBase(lower, habit, ch);
  keys.add(latinFinish(base));
  // au/ou/eu may also be two vowels (Belousov = Белоусов), not ў.
  if (/[aeio]u/.test(base)) keys.add(latinFinish(base, false));
  // Romance/English c: k before a back vowel or consonant, s before e/i (Caraman = Караман,
  // Colesnicov = Колесников, Ruselectronics = Росэлектроника).
  if (base.includes('c')) keys.add(latinFinish(base.replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k')));
  // ou is ў in Belarusian Latin but у in French spelling (Douchyn = Духин); keep both readings.
  if (/ou/.test(base)) keys.add(latinFinish(base.replace(/ou/g, 'u')));
  // sj/zj/tj may be Swedish ш/ж/ч even when nothing else in the name says so, and a name that
  // looks Swedish may still carry a Polish/Czech sj (Alesja, Sarkisjan): keep both readings.
  if (/[szt]j/.test(lower)) {
    const plain = latinBase(lower, habit === 'swedish' ? 'unknown' : habit, ch);
    keys.add(latinFinish(plain));
    keys.add(latinFinish(swedish(plain)));
    // Swedish zj/sj next to a Slavic tj = ть (Zjeltjakov = Желтяков).
    keys.add(latinFinish(swedish(plain.replace(/tj/g, 't#')).replace(/#/g, 'j')));
  }
}

/** The first key; fine where ambiguity does not matter. */
export function tokenKey(token: string, habit: LatinHabit = 'unknown'): string {
  return tokenKeys(token, habit)[0] ?? '';
}

/** Consonant skeleton, a coarser blocking key that forgives vowel spelling. */
export function skeleton(key: string): string {
  return key.replace(/[aeiu]/g, '');
}

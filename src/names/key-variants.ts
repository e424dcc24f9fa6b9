/**
 * Other readings of one spelling that the main key cannot fold without merging distinct names:
 * each is a rewrite of the lower-case token whose key is kept as a further key (after the main
 * ones, so the first key, which decides gender and role, is unchanged).
 */
import type { LatinHabit } from './script';

export interface Variant {
  text: string;
  /** Read with this Latin habit (French mute -e also means French j = ж). */
  habit?: LatinHabit;
}

const CYR_CONS = 'бвгджзйклмнпрстфхцчшщ';
/** Belarusian and Ukrainian ў/в from л after о before a consonant: Волк = Воўк = Вовк, Волков = Ваўкоў. */
const CYR_OL = new RegExp(`ол(?=[${CYR_CONS}])`, 'g');
const LAT_OL = /o[lł](?=[bcdfghkmnprstvwzčšžćśźż])/g;
/** Ukrainian closes the last syllable with і where Russian has о/е: Львів = Львов, Прокопів = Прокопов. */
const CYR_IV = new RegExp(`([${CYR_CONS}])[іиї]в$`);
const LAT_IV = /([bcdfghklmnprstvzčšž])[iyï]v$/;
/** Ukrainian -иця keeps ц soft where Russian writes -ица (Покинтелиця = Покинтелица). */
const CYR_TSIA = /ця$/;
const LAT_TSIA = /(?:ts|c)[iy]a$/;

/** Ukrainian and Polish short feminine -ська/-цька/-ska are the Russian -ская (Кульбацька = Кульбацкая). */
const CYR_SKA = /([сц])ь?ка$/;
const LAT_SKA = /(s|ts|c)ka$/;

export function cyrVariants(lower: string): Variant[] {
  const out: Variant[] = [];
  if (CYR_SKA.test(lower)) out.push({ text: lower.replace(CYR_SKA, '$1кая') });
  if (lower.search(CYR_OL) >= 0) out.push({ text: lower.replace(CYR_OL, 'оў') });
  if (CYR_IV.test(lower)) out.push({ text: lower.replace(CYR_IV, '$1ов') });
  if (CYR_TSIA.test(lower)) out.push({ text: lower.replace(CYR_TSIA, 'ца') });
  return out;
}

/**
 * Korean romanisations meet on one spelling (only for names that look Korean, see `looksKorean`):
 * Revised Romanisation writes g/d/b/j and eo/eu where McCune–Reischauer and Russian practice
 * write k/t/p/ch and o/u (GEUM CHEOL = KUM CHOL, Beom = Pom); McCune writes shi where Revised
 * writes si (SHIN = SIN); the surname 이 is Lee, Rhee, Ri or Li; ae/e and ee/i are one vowel.
 */
export function koreanFold(lower: string): string {
  return lower
    .replace(/['’]/g, '')
    .replace(/ŏ|eo/g, 'o')
    .replace(/ŭ|eu/g, 'u')
    .replace(/ae/g, 'e')
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/^rh?(?=[aeiouy])/, 'l')
    .replace(/sh(?=i|wi)/g, 's')
    .replace(/(?<!n)g/g, 'k')
    .replace(/b/g, 'p')
    .replace(/d/g, 't')
    .replace(/j/g, 'ch');
}

export function latinVariants(lower: string, habit?: LatinHabit): Variant[] {
  const out: Variant[] = [];
  if (habit === 'korean') {
    const k = koreanFold(lower);
    if (k !== lower) out.push({ text: k });
  }
  if (LAT_SKA.test(lower)) out.push({ text: lower.replace(LAT_SKA, '$1kaya') });
  if (lower.search(LAT_OL) >= 0) out.push({ text: lower.replace(LAT_OL, 'ow') });
  if (LAT_IV.test(lower)) out.push({ text: lower.replace(LAT_IV, '$1ov') });
  if (LAT_TSIA.test(lower)) out.push({ text: lower.replace(LAT_TSIA, 'tsa') });
  // Czech -ová is also the Russian -ова with a length mark (Barchatnová = Бархатнова).
  if (/ová$/.test(lower)) out.push({ text: lower.replace(/ová$/, 'ova') });
  // … and -ková may be -к + ová, not only -ko + vá (Švenková = Швенк, beside Timčenková = Тимченко).
  if (/enková$/.test(lower)) out.push({ text: lower.slice(0, -3) });
  // French writes a mute -e after a final -in and j for ж (Poutine = Путин, Prigojine = Пригожин).
  if (/ine$/.test(lower)) out.push({ text: lower.slice(0, -1), habit: 'french' });
  // Spanish j is х (Mijaíl = Михаил): only in a word with a Spanish acute or ñ and no háček,
  // since Slavic Latin j is й (Nikolajevna, Jiří).
  if (/j/.test(lower) && /[áíóúñ]/.test(lower) && !/[čšžřěůďťň]/.test(lower))
    out.push({ text: lower.replace(/j/g, 'kh') });
  // German writes дз as ds before a vowel (Dsjuba = Дзюба, Dserschinski = Дзержинский).
  if (/ds(?=[aeiouyj])/.test(lower)) out.push({ text: lower.replace(/ds(?=[aeiouyj])/g, 'dz') });
  // Czech text declines names: dative -ovi of a name in -a or -o (Iljovi = Ilja, Savčenkovi =
  // Savčenko); only in a name written with Czech letters.
  if (habit === 'czech' && /^.{3,}ovi$/.test(lower))
    out.push({ text: `${lower.slice(0, -3)}a` }, { text: `${lower.slice(0, -3)}o` });
  // German ei is ай (Weitz = Вайц); not a final -ei (Sergei).
  if (/ei(?=[^aeiouy])/.test(lower)) out.push({ text: lower.replace(/ei(?=[^aeiouy])/g, 'ai') });
  // English ee and German ie before a consonant are и (Wakeel = Вакил, Dietrich = Дитрих); not
  // before v, where they are the Russian -еев/-иев (Sergeev, Dmitriev).
  if (/[ie]e(?=[^aeiouyvw])/.test(lower))
    out.push({ text: lower.replace(/(?<=[^aeiouy])ie(?=[^aeiouyvw])|ee(?=[^aeiouyvw])/g, 'i') });
  // English final ee after a consonant is и too (Lee = Li, Rhee); Russian -ee- is never final.
  if (/[^aeiouy]ee$/.test(lower)) out.push({ text: `${lower.slice(0, -2)}i` });
  // English sch is с+ч (Peschanskaya = Песчанская), beside the German ш.
  if (/sch/.test(lower)) out.push({ text: lower.replace(/sch/g, 'stch') });
  return out;
}

/**
 * Russian Cyrillic → Latin systems, written from ../shared/data/names/romanization/
 * (iuliia schemas, MIT; interscript maps, MIT).
 */
import { type SystemSpec, inSet, isConsonant, isSoft, isVowel, notConsonant } from './engine';

const BASE: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  з: 'z',
  и: 'i',
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
  ф: 'f',
  ы: 'y',
  э: 'e',
  // Belarusian/Ukrainian letters met in mixed names: read them leniently.
  і: 'i',
};
const ENGLISH_LIKE = { ж: 'zh', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch' };

/** ICAO Doc 9303 (Russian passports since 2013), iuliia/icao_doc_9303.json. */
export const RU_ICAO: SystemSpec = {
  id: 'ru-icao-9303',
  label: 'ICAO Doc 9303 (Russian passports since 2013)',
  lang: 'ru',
  source: 'iuliia/icao_doc_9303.json',
  letters: { ...BASE, ...ENGLISH_LIKE, ё: 'e', й: 'i', ъ: 'ie', ь: '', ю: 'iu', я: 'ia' },
  rules: [],
};

/** BGN/PCGN 1947, iuliia/bgn_pcgn.json and bgnpcgn-rus-Cyrl-Latn-1947.imp (ë, · separators). */
const bgnY = (c: string | undefined): boolean => notConsonant(c) || c === 'й';
export const RU_BGN_PCGN: SystemSpec = {
  id: 'ru-bgn-pcgn',
  label: 'BGN/PCGN romanization of Russian (1947)',
  lang: 'ru',
  source: 'iuliia/bgn_pcgn.json; interscript-maps/bgnpcgn-rus-Cyrl-Latn-1947.imp',
  letters: { ...BASE, ...ENGLISH_LIKE, ё: 'ë', й: 'y', ъ: '”', ь: '’', ю: 'yu', я: 'ya' },
  rules: [
    { m: 'е', o: 'ye', prev: bgnY },
    { m: 'ё', o: 'yë', prev: bgnY },
    { m: 'й', o: 'y·', next: inSet('аиуыэ') },
    { m: 'ы', o: '·y·', prev: isVowel, next: inSet('аиуыэ') },
    { m: 'ы', o: '·y', prev: isVowel },
    { m: 'ы', o: 'y·', next: inSet('аиуыэ') },
    { m: 'э', o: '·e', prev: isConsonant },
    { m: 'т', o: 't·', next: inSet('с') },
    { m: 'ш', o: 'sh·', next: inSet('ч') },
  ],
};

/** ISO 9:1995 = GOST 7.79-2000 system A, iuliia/gost_779.json and the gost/iso interscript maps. */
export const RU_ISO9: SystemSpec = {
  id: 'ru-iso9',
  label: 'ISO 9:1995 (GOST 7.79 system A), Russian',
  lang: 'ru',
  source: 'iuliia/gost_779.json; interscript-maps/iso-rus-Cyrl-Latn-9-1995.imp',
  letters: {
    ...BASE,
    ё: 'ë',
    ж: 'ž',
    й: 'j',
    х: 'h',
    ц: 'c',
    ч: 'č',
    ш: 'š',
    щ: 'ŝ',
    ъ: 'ʺ',
    ь: 'ʹ',
    э: 'è',
    ю: 'û',
    я: 'â',
  },
  rules: [],
};

/** GOST 7.79-2000 system B (ASCII), iuliia/gost_779_alt.json. */
export const RU_GOST779B: SystemSpec = {
  id: 'ru-gost-7.79',
  label: 'GOST 7.79-2000 system B, Russian',
  lang: 'ru',
  source: 'iuliia/gost_779_alt.json',
  letters: {
    ...BASE,
    ё: 'yo',
    ж: 'zh',
    й: 'j',
    х: 'x',
    ц: 'cz',
    ч: 'ch',
    ш: 'sh',
    щ: 'shh',
    ъ: '``',
    ы: 'y`',
    ь: '`',
    э: 'e`',
    ю: 'yu',
    я: 'ya',
  },
  rules: [{ m: 'ц', o: 'c', next: inSet('еиыйя') }],
};

/**
 * Russian-form names in Belarusian passports, MVD 2008 / 2010 (mvd-rus-Cyrl-Latn-2008/2010.imp).
 * The maps leave и untransliterated (README "Known faults"); here и → i.
 */
const mvdRu = (soft: boolean): SystemSpec => ({
  id: soft ? 'ru-passport-2008' : 'ru-passport-2010',
  label: `Russian-form names, Belarusian MVD ${soft ? '2008' : '2010'}`,
  lang: 'ru',
  source: `interscript-maps/mvd-rus-Cyrl-Latn-${soft ? '2008' : '2010'}.imp`,
  letters: { ...BASE, ...ENGLISH_LIKE, ё: 'e', й: 'j', ъ: 'j', ь: '', ю: 'iu', я: 'ia', ў: 'w' },
  rules: [
    ...(soft
      ? [
          { m: 'дзь', o: 'dź' },
          { m: 'зь', o: 'ź' },
          { m: 'ль', o: 'ĺ' },
          { m: 'нь', o: 'ń' },
          { m: 'сь', o: 'ś' },
          { m: 'ць', o: 'tś' },
        ]
      : []),
    // After ъ or an apostrophe the vowel keeps its j (Адъютантов → Adjutantov).
    { m: 'ъя', o: 'ja' },
    { m: 'ъю', o: 'ju' },
    { m: 'ъе', o: 'je' },
    { m: 'ъё', o: 'je' },
    { m: 'я', o: 'a', prev: inSet("'’") },
    { m: 'ю', o: 'u', prev: inSet("'’") },
    { m: "'", o: 'j', next: inSet('яюеё') },
    { m: '’', o: 'j', next: inSet('яюеё') },
  ],
});
export const RU_PASSPORT_2008 = mvdRu(true);
export const RU_PASSPORT_2010 = mvdRu(false);

/** MVD Order 310 (1997), Russian internal passports for travel, iuliia/mvd_310.json. */
export const RU_MVD_310: SystemSpec = {
  id: 'ru-mvd-310',
  label: 'MVD Order 310 (Russian passports 1997-2010)',
  lang: 'ru',
  source: 'iuliia/mvd_310.json',
  letters: { ...BASE, ...ENGLISH_LIKE, ё: 'e', й: 'y', ъ: '"', ь: "'", ю: 'yu', я: 'ya' },
  rules: [
    { m: 'ье', o: 'ye' },
    { m: 'ъе', o: 'ye' },
  ],
};

/** Common English (Wikipedia) practice, iuliia/wikipedia.json. */
export const RU_ENGLISH: SystemSpec = {
  id: 'ru-english',
  label: 'Common English spelling (Wikipedia practice)',
  lang: 'ru',
  source: 'iuliia/wikipedia.json',
  letters: { ...BASE, ...ENGLISH_LIKE, ё: 'yo', й: 'y', ъ: '', ь: '', ю: 'yu', я: 'ya' },
  rules: [
    { m: 'ий', o: 'y', next: (c) => c === undefined || !/\p{L}/u.test(c) },
    { m: 'ый', o: 'y', next: (c) => c === undefined || !/\p{L}/u.test(c) },
    { m: 'е', o: 'ye', prev: (c) => inSet('аиоуэюяеьъ')(c) || c === undefined || !/\p{L}/u.test(c) },
    { m: 'ь', o: 'y', next: inSet('аиоуыэ') },
    { m: 'ъ', o: 'y', next: inSet('аиоуыэ') },
  ],
};

export const RUSSIAN_SYSTEMS = [
  RU_ICAO,
  RU_BGN_PCGN,
  RU_ISO9,
  RU_GOST779B,
  RU_PASSPORT_2008,
  RU_PASSPORT_2010,
  RU_MVD_310,
  RU_ENGLISH,
] as const;

export { isSoft };

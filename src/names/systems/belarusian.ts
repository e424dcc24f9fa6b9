/**
 * Belarusian Cyrillic → Latin systems, written from the tables in
 * ../shared/data/names/romanization/ (interscript maps, MIT; letter tables in derived/).
 * Deviations from the maps are deliberate and noted next to the system.
 */
import {
  type Rule,
  type SystemSpec,
  inSet,
  iotated,
  isConsonant,
  isSoft,
  isVowelOrU,
  notConsonant,
} from './engine';

const COMMON: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  д: 'd',
  з: 'z',
  і: 'i',
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
  // Russian letters met in mixed-language names: read them leniently.
  и: 'i',
};
const DROP_APOSTROPHES: Record<string, string> = { "'": '', '’': '', ʼ: '', '‘': '' };

/** National system 2007 (State Property Committee Resolution No. 38), by-bel-Cyrl-Latn-2007.imp. */
export const BE_NATIONAL_2007: SystemSpec = {
  id: 'be-national-2007',
  label: 'Belarus national system for geographical names (2007)',
  lang: 'be',
  source: 'interscript-maps/by-bel-Cyrl-Latn-2007.imp',
  letters: {
    ...COMMON,
    ...DROP_APOSTROPHES,
    г: 'h',
    ґ: 'g',
    ж: 'ž',
    й: 'j',
    ў: 'ŭ',
    х: 'ch',
    ц: 'c',
    ч: 'č',
    ш: 'š',
    щ: 'šč',
    ь: '',
  },
  rules: [
    { m: 'дзь', o: 'dź' },
    { m: 'зь', o: 'ź' },
    { m: 'ль', o: 'ĺ' },
    { m: 'нь', o: 'ń' },
    { m: 'сь', o: 'ś' },
    { m: 'ць', o: 'ć' },
    ...iotated({ е: ['ie', 'je'], ё: ['io', 'jo'], ю: ['iu', 'ju'], я: ['ia', 'ja'] }),
  ],
};

/** BGN/PCGN 1979, bgnpcgn-bel-Cyrl-Latn-1979.imp (· separates digraph look-alikes). */
export const BE_BGN_PCGN: SystemSpec = {
  id: 'be-bgn-pcgn',
  label: 'BGN/PCGN romanization of Belarusian (1979)',
  lang: 'be',
  source: 'interscript-maps/bgnpcgn-bel-Cyrl-Latn-1979.imp',
  letters: {
    ...COMMON,
    г: 'h',
    ґ: 'g',
    е: 'ye',
    ё: 'yo',
    ж: 'zh',
    й: 'y',
    ў: 'w',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ю: 'yu',
    я: 'ya',
    ь: '’',
    "'": '”',
    '’': '”',
    ʼ: '”',
    '´': '”',
  },
  rules: [
    { m: 'зг', o: 'z·h' },
    { m: 'кг', o: 'k·h' },
    { m: 'сг', o: 's·h' },
    { m: 'тс', o: 't·s' },
    { m: 'цг', o: 'ts·h' },
  ],
};

/**
 * ICAO Doc 9303 (icao-bel-Cyrl-Latn-9303.imp). The map drops у and ў (README "Known faults");
 * here у → u and ў → u as in the ICAO Cyrillic table.
 */
export const BE_ICAO: SystemSpec = {
  id: 'be-icao-9303',
  label: 'ICAO Doc 9303 (machine-readable travel documents), Belarusian',
  lang: 'be',
  source: 'interscript-maps/icao-bel-Cyrl-Latn-9303.imp',
  letters: {
    ...COMMON,
    ...DROP_APOSTROPHES,
    г: 'h',
    ґ: 'g',
    е: 'e',
    ё: 'io',
    ж: 'zh',
    й: 'i',
    ў: 'u',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ъ: 'ie',
    ь: '',
    ю: 'iu',
    я: 'ia',
  },
  rules: [],
};

/** MVD Resolution No. 288 (2008), mvd-bel-Cyrl-Latn-2008.imp as tabulated (г → g, ў → w, ĺ). */
export const BE_PASSPORT_2008: SystemSpec = {
  id: 'be-passport-2008',
  label: 'Belarusian names in the population register (MVD 2008)',
  lang: 'be',
  source: 'interscript-maps/mvd-bel-Cyrl-Latn-2008.imp',
  letters: {
    ...COMMON,
    ...DROP_APOSTROPHES,
    г: 'g',
    ґ: 'g',
    ж: 'zh',
    й: 'j',
    ў: 'w',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ь: '',
  },
  rules: [
    { m: 'дзь', o: 'dź' },
    { m: 'зь', o: 'ź' },
    { m: 'ль', o: 'ĺ' },
    { m: 'нь', o: 'ń' },
    { m: 'сь', o: 'ś' },
    { m: 'ць', o: 'tś' },
    ...iotated({ е: ['ie', 'je'], ё: ['io', 'jo'], ю: ['iu', 'ju'], я: ['ia', 'ja'] }),
  ],
};

/**
 * MVD Resolution No. 200 (2010, passports), tests of mvd-bel-Cyrl-Latn-2010.imp, with the
 * attested practice from derived/PASSPORT_PRACTICE_NOTES.md instead of the map's approximations:
 * ў → u (Tsikhanouskaya), й → i (Siarhei), initial/after-vowel я ю е ё → ya yu ye yo
 * (Yauhen, Yuliya), after a consonant ia iu io and plain e (Aliaksandr, Siarhei), after ы → ia (Maryia).
 */
const afterY = inSet('ы');
const iotPassport = (letter: string, cons: string, y: string, yy: string): Rule[] => [
  { m: letter, o: cons, prev: isConsonant },
  { m: letter, o: yy, prev: afterY },
  { m: letter, o: y, prev: notConsonant },
];
export const BE_PASSPORT_2010: SystemSpec = {
  id: 'be-passport-2010',
  label: 'Belarusian passports (MVD 2010), as practised',
  lang: 'be',
  source: 'interscript-maps/mvd-bel-Cyrl-Latn-2010.imp + derived/PASSPORT_PRACTICE_NOTES.md',
  letters: {
    ...COMMON,
    ...DROP_APOSTROPHES,
    г: 'h',
    ґ: 'g',
    ж: 'zh',
    й: 'i',
    ў: 'u',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ь: '',
    ъ: '',
  },
  rules: [
    ...iotPassport('е', 'e', 'ye', 'ye'),
    ...iotPassport('ё', 'io', 'yo', 'io'),
    ...iotPassport('ю', 'iu', 'yu', 'iu'),
    ...iotPassport('я', 'ia', 'ya', 'ia'),
  ],
};

/** ISO 9:1995 applied to Belarusian (і → ì, ў → ŭ), iso-rus map plus the ISO Belarusian letters. */
export const BE_ISO9: SystemSpec = {
  id: 'be-iso9',
  label: 'ISO 9:1995 (GOST 7.79 system A), Belarusian',
  lang: 'be',
  source: 'interscript-maps/iso-rus-Cyrl-Latn-9-1995.imp (+ ISO 9 і, ў, ґ)',
  letters: {
    ...COMMON,
    г: 'g',
    ґ: 'g̀',
    е: 'e',
    ё: 'ë',
    ж: 'ž',
    і: 'ì',
    й: 'j',
    ў: 'ŭ',
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
    "'": '’',
    '’': '’',
    ʼ: '’',
  },
  rules: [],
};

/** GOST 7.79-2000 system B (ASCII) for Belarusian; ц → c before е і ы й, else cz (iuliia gost_779_alt). */
export const BE_GOST779: SystemSpec = {
  id: 'be-gost-7.79',
  label: 'GOST 7.79-2000 system B, Belarusian',
  lang: 'be',
  source: 'iuliia/gost_779_alt.json (+ і → i`, ў → u`)',
  letters: {
    ...COMMON,
    г: 'g',
    ґ: 'g`',
    е: 'e',
    ё: 'yo',
    ж: 'zh',
    і: 'i`',
    й: 'j',
    ў: 'u`',
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
    '’': "'",
    ʼ: "'",
  },
  rules: [{ m: 'ц', o: 'c', next: inSet('еіиыйя') }],
};

/**
 * Łacinka (traditional orthography), after the rule list in lacinka-pikoshyk/rules.xml:
 * hard л → ł, ль → l, л + iotated vowel → l + plain vowel, soft sibilants ś ź ć ń dź.
 */
const L_SOFT: Rule[] = [
  { m: 'ля', o: 'la' },
  { m: 'ле', o: 'le' },
  { m: 'лё', o: 'lo' },
  { m: 'лю', o: 'lu' },
  { m: 'лі', o: 'li' },
  { m: 'ль', o: 'l' },
  { m: 'л', o: 'ł' },
];
export const BE_LACINKA: SystemSpec = {
  id: 'be-lacinka',
  label: 'Belarusian Łacinka (traditional)',
  lang: 'be',
  source: 'lacinka-pikoshyk/rules.xml',
  letters: {
    ...COMMON,
    ...DROP_APOSTROPHES,
    г: 'h',
    ґ: 'g',
    ж: 'ž',
    й: 'j',
    ў: 'ŭ',
    х: 'ch',
    ц: 'c',
    ч: 'č',
    ш: 'š',
    щ: 'šč',
    ь: '',
  },
  rules: [
    ...L_SOFT,
    { m: 'дзь', o: 'dź' },
    { m: 'зь', o: 'ź' },
    { m: 'нь', o: 'ń' },
    { m: 'сь', o: 'ś' },
    { m: 'ць', o: 'ć' },
    // After an apostrophe і is written ji (sort 5 rule in rules.xml).
    { m: 'і', o: 'ji', prev: isSoft },
    ...iotated({ е: ['ie', 'je'], ё: ['io', 'jo'], ю: ['iu', 'ju'], я: ['ia', 'ja'] }),
  ],
};

export const BELARUSIAN_SYSTEMS = [
  BE_NATIONAL_2007,
  BE_BGN_PCGN,
  BE_ICAO,
  BE_PASSPORT_2008,
  BE_PASSPORT_2010,
  BE_ISO9,
  BE_GOST779,
  BE_LACINKA,
] as const;

export { isVowelOrU };

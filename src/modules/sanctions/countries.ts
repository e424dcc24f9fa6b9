/**
 * Country name → ISO 3166-1 alpha-2 (upper case), for lists that write countries as English names
 * (OFAC remarks, UK address lines). The base table comes from the ICU data Node ships
 * (Intl.DisplayNames), so we carry no country list of our own; the aliases cover the spellings the
 * lists use that ICU does not.
 */

const ALIASES: Record<string, string> = {
  burma: 'MM',
  'korea, north': 'KP',
  'north korea': 'KP',
  "korea, democratic people's republic of": 'KP',
  'korea, south': 'KR',
  'south korea': 'KR',
  'congo, democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo, republic of the': 'CG',
  'north macedonia, the republic of': 'MK',
  palestinian: 'PS',
  'possibly palestinian': 'PS',
  'region: gaza': 'PS',
  'occupied palestinian territories': 'PS',
  palestine: 'PS',
  'czech republic': 'CZ',
  turkey: 'TR',
  'cabo verde': 'CV',
  'cape verde': 'CV',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  russia: 'RU',
  'russian federation': 'RU',
  'united states of america': 'US',
  usa: 'US',
  uk: 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  'iran, islamic republic of': 'IR',
  'syrian arab republic': 'SY',
  "lao people's democratic republic": 'LA',
  'viet nam': 'VN',
  "cote d'ivoire": 'CI',
  'ivory coast': 'CI',
  swaziland: 'SZ',
  'east timor': 'TL',
  'crimea region of ukraine': 'UA',
  crimea: 'UA',
  'bosnia-herzegovina': 'BA',
  'gaza strip': 'PS',
  gaza: 'PS',
  'west bank': 'PS',
  macedonia: 'MK',
  drc: 'CD',
  "democratic people's republic of korea": 'KP',
  'comoros islands': 'KM',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'united republic of tanzania': 'TZ',
};

function normalise(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/\s*\([^)]*\)\s*$/, '') // "West Bank (Palestinian Authority)"
    .replace(/\s*&\s*/g, ' and ') // ICU writes "Bosnia & Herzegovina"
    .replace(/^st\.? /, 'saint ')
    .replace(/^the /, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
}

let table: Map<string, string> | undefined;

function buildTable(): Map<string, string> {
  const map = new Map<string, string>();
  const display = new Intl.DisplayNames('en', { type: 'region' });
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters)
    for (const b of letters) {
      const code = a + b;
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        continue;
      }
      // DisplayNames echoes unknown codes back; those are not countries.
      if (!name || name === code) continue;
      map.set(normalise(name), code);
      // "Myanmar (Burma)", "Hong Kong SAR China": index the part before the qualifier too.
      const short = name.replace(/\s*\(.*\)$/, '').replace(/ SAR China$/, '');
      if (short !== name && !map.has(normalise(short))) map.set(normalise(short), code);
    }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(normalise(alias), code);
  return map;
}

/** ISO-2 code for an English country name, or undefined when we do not recognise it. */
export function countryCode(name: string): string | undefined {
  table ??= buildTable();
  return table.get(normalise(name));
}

/** Upper-cases a two-letter code; drops placeholders such as the EU's `00`. */
export function normaliseCode(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const c = code.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(c) ? c : undefined;
}

/** Country of a free-text address or place, read from its last comma-separated part. */
export function countryOfPlace(text: string): string | undefined {
  const parts = text.split(',');
  const last = parts[parts.length - 1];
  return last ? countryCode(last) : undefined;
}

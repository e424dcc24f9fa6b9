import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listSystems, transliterate, type SystemId } from './index';

const ROMAN = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'names', 'romanization');
const HAVE = existsSync(ROMAN);
if (!HAVE) console.warn(`transliteration table tests skipped: ${ROMAN} not found`);

/** Systems tested against the test pairs of an interscript map (derived/interscript_letter_tables.json). */
const MAP_TESTS: [SystemId, string][] = [
  ['be-national-2007', 'by-bel-Cyrl-Latn-2007'],
  ['be-bgn-pcgn', 'bgnpcgn-bel-Cyrl-Latn-1979'],
  ['be-icao-9303', 'icao-bel-Cyrl-Latn-9303'],
  ['be-passport-2008', 'mvd-bel-Cyrl-Latn-2008'],
  ['be-passport-2010', 'mvd-bel-Cyrl-Latn-2010'],
  ['ru-iso9', 'gost-rus-Cyrl-Latn-7.79-2000-2002'],
  ['ru-bgn-pcgn', 'bgnpcgn-rus-Cyrl-Latn-1947'],
  ['ru-passport-2008', 'mvd-rus-Cyrl-Latn-2008'],
  ['ru-passport-2010', 'mvd-rus-Cyrl-Latn-2010'],
];
/** Systems tested against the samples of an iuliia schema. */
const IULIIA_TESTS: [SystemId, string][] = [
  ['ru-icao-9303', 'icao_doc_9303'],
  ['ru-bgn-pcgn', 'bgn_pcgn'],
  ['ru-iso9', 'gost_779'],
  ['ru-gost-7.79', 'gost_779_alt'],
  ['ru-mvd-310', 'mvd_310'],
  ['ru-english', 'wikipedia'],
];

// The tables' own quirks, not ours: interscript writes ь as ´ where ISO 9 has ʹ, and iuliia writes
// Cyrillic ё inside Latin output for BGN/PCGN and ISO 9 (ë).
const norm = (s: string): string => s.replace(/[´ʹ]/g, 'ʹ').replace(/ё/g, 'ë');

describe.skipIf(!HAVE)('transliteration systems vs the shared tables', () => {
  const tables = HAVE
    ? (JSON.parse(readFileSync(path.join(ROMAN, 'derived', 'interscript_letter_tables.json'), 'utf8')) as {
        maps: Record<string, { tests: { cyr: string; lat: string }[] }>;
      })
    : { maps: {} };
  const selftests = HAVE
    ? (JSON.parse(
        readFileSync(path.join(ROMAN, 'derived', 'interscript_map_selftests.json'), 'utf8'),
      ) as Record<string, { fails: string[][] }>)
    : {};

  for (const [system, map] of MAP_TESTS) {
    it(`${system} passes the tests of ${map}`, () => {
      const known = new Set((selftests[map]?.fails ?? []).map((f) => f[0]));
      const tests = tables.maps[map]?.tests ?? [];
      expect(tests.length).toBeGreaterThan(0);
      for (const t of tests) {
        if (known.has(t.cyr)) continue; // README "Known faults": the map itself fails these
        expect(norm(transliterate(t.cyr, system)), t.cyr).toBe(norm(t.lat));
      }
    });
  }
  for (const [system, schema] of IULIIA_TESTS) {
    it(`${system} passes the samples of iuliia ${schema}`, () => {
      const j = JSON.parse(readFileSync(path.join(ROMAN, 'iuliia', `${schema}.json`), 'utf8')) as {
        samples: [string, string][];
      };
      for (const [cyr, lat] of j.samples) expect(norm(transliterate(cyr, system)), cyr).toBe(norm(lat));
    });
  }
});

describe('transliteration of names', () => {
  it('lists every system with its source', () => {
    const ids = listSystems().map((s) => s.id);
    expect(ids).toContain('be-lacinka');
    expect(ids).toContain('ru-english');
    expect(listSystems().every((s) => s.source.length > 0)).toBe(true);
  });
  it('writes the well-known passport and Łacinka forms', () => {
    expect(transliterate('Святлана Ціханоўская', 'be-passport-2010')).toBe('Sviatlana Tsikhanouskaya');
    expect(transliterate('Яўген', 'be-passport-2010')).toBe('Yauhen');
    expect(transliterate('Аляксандр Лукашэнка', 'be-lacinka')).toBe('Alaksandr Łukašenka');
    expect(transliterate('Аляксандр Лукашэнка', 'be-national-2007')).toBe('Aliaksandr Lukašenka');
    expect(transliterate('Лукашэнка', 'be-icao-9303')).toBe('Lukashenka');
    expect(transliterate('Тихановская', 'ru-english')).toBe('Tikhanovskaya');
  });
});

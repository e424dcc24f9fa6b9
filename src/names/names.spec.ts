import { describe, it, expect } from 'vitest';
import { compareNames, DEFAULT_THRESHOLD, detectScript, NameIndex } from './index';
import { compareCommand, scorePairsCsv } from './names.cli-helpers';

const LUKASHENKA = [
  'Аляксандр Рыгоравіч Лукашэнка',
  'Александр Григорьевич Лукашенко',
  'Aliaksandr Lukashenka',
  'Alexander Lukashenko',
  'Aljaksandr Lukašenka',
  'Aleksandr Grigorjevitj Lukasjenko',
  'LUKASHENKA, Aliaksandr Ryhoravich',
];

describe('compareNames: persons', () => {
  it('matches every spelling of Lukashenka with every other', () => {
    for (const a of LUKASHENKA)
      for (const b of LUKASHENKA) {
        const r = compareNames(a, b);
        expect(r.match, `${a} ~ ${b}: ${r.score}`).toBe(true);
        expect(r.score).toBeGreaterThanOrEqual(0.85);
      }
  });

  it('matches Tsikhanouskaya and Tsikhanouski across scripts', () => {
    expect(compareNames('Sviatlana Tsikhanouskaya', 'Светлана Тихановская').match).toBe(true);
    expect(compareNames('Siarhei Tsikhanouski', 'Sergei Tikhanovsky').match).toBe(true);
  });

  it('keeps Tsikhanouskaya and Tsikhanava apart, well below 0.9', () => {
    for (const [a, b] of [
      ['Tsikhanouskaya', 'Tsikhanava'],
      ['Sviatlana Tsikhanouskaya', 'Sviatlana Tsikhanava'],
    ] as const) {
      const r = compareNames(a, b);
      expect(r.match).toBe(false);
      expect(r.score).toBeLessThan(Math.min(0.75, DEFAULT_THRESHOLD));
    }
  });

  it('treats male and female forms as different people', () => {
    for (const [a, b] of [
      ['Tsikhanouski', 'Tsikhanouskaya'],
      ['Ivanov', 'Ivanova'],
      ['Иван Иванов', 'Ivan Ivanova'],
    ] as const) {
      const r = compareNames(a, b);
      expect(r.match).toBe(false);
      expect(r.score).toBeLessThan(0.5);
      expect(r.explanation.join(' ')).toMatch(/male and female/);
    }
  });

  it('lowers the score for a contradicting patronymic, not for a missing one', () => {
    const same = compareNames('Aliaksandr Ryhoravich Lukashenka', 'Александр Григорьевич Лукашенко');
    const missing = compareNames('Aliaksandr Ryhoravich Lukashenka', 'Alexander Lukashenko');
    const other = compareNames('Aliaksandr Ryhoravich Lukashenka', 'Aliaksandr Mikalaevich Lukashenka');
    expect(missing.match).toBe(true);
    expect(other.score).toBeLessThan(same.score);
    expect(other.score).toBeLessThan(missing.score);
    expect(other.match).toBe(false);
  });

  it('handles initials, diminutives and different given names', () => {
    expect(compareNames('A. Lukashenka', 'Aliaksandr Lukashenka').match).toBe(true);
    const dim = compareNames('Sasha Lukashenka', 'Aliaksandr Lukashenka');
    expect(dim.score).toBeLessThan(compareNames('Alexander Lukashenka', 'Aliaksandr Lukashenka').score);
    expect(compareNames('Viktar Lukashenka', 'Aliaksandr Lukashenka').match).toBe(false);
  });

  it('uses evidence: a different birth date pulls the score down', () => {
    const base = compareNames('Aliaksandr Lukashenka', 'Alexander Lukashenko');
    const same = compareNames('Aliaksandr Lukashenka', 'Alexander Lukashenko', {
      a: { birthDate: '1954-08-30' },
      b: { birthDate: '1954-08-30' },
    });
    const diff = compareNames('Aliaksandr Lukashenka', 'Alexander Lukashenko', {
      a: { birthDate: '1954-08-30' },
      b: { birthDate: '1971-01-02' },
    });
    expect(same.score).toBeGreaterThanOrEqual(base.score);
    expect(diff.score).toBeLessThan(base.score);
  });

  it('gives a deterministic explanation', () => {
    const a = compareNames('Siarhei Tsikhanouski', 'Сергей Тихановский');
    const b = compareNames('Siarhei Tsikhanouski', 'Сергей Тихановский');
    expect(a.explanation).toEqual(b.explanation);
    expect(a.explanation.some((l) => l.includes('surname'))).toBe(true);
  });
});

describe('compareNames: organisations', () => {
  it('treats legal forms in be/ru/en as equivalent and drops quotes', () => {
    const r = compareNames('ОАО «Беларуськалий»', 'Belaruskali OAO', { schema: 'Organization' });
    expect(r.match).toBe(true);
    expect(compareNames('ААТ "Беларуськалій"', 'OJSC Belaruskali', { schema: 'Organization' }).match).toBe(
      true,
    );
    expect(compareNames('ТАА "Рога"', 'ООО «Рога»', { schema: 'Organization' }).score).toBeGreaterThan(0.9);
  });
  it('does not match different companies with near names', () => {
    expect(compareNames('Belaruskali', 'Belarusneft', { schema: 'Organization' }).match).toBe(false);
  });
});

describe('detectScript', () => {
  it('tells Belarusian, Russian and Ukrainian Cyrillic apart', () => {
    expect(detectScript('Святлана Ціханоўская')).toMatchObject({ script: 'cyrillic', lang: 'be' });
    expect(detectScript('Светлана Тихановская')).toMatchObject({ script: 'cyrillic', lang: 'ru' });
    expect(detectScript('Олександр Григорович Ґонта')).toMatchObject({ script: 'cyrillic', lang: 'uk' });
  });
  it('recognises Latin spelling habits', () => {
    expect(detectScript('Aleksandr Łukaszenka')).toMatchObject({ script: 'latin', habit: 'polish' });
    expect(detectScript('Aleksandr Grigorjevitj Lukasjenko')).toMatchObject({ habit: 'swedish' });
    expect(detectScript('Alexander Grigorjewitsch Lukaschenko')).toMatchObject({ habit: 'german' });
    expect(detectScript('Sviatlana Tsikhanouskaya')).toMatchObject({ habit: 'english' });
  });
});

describe('NameIndex', () => {
  const idx = new NameIndex();
  idx.add('lukashenka', ['Аляксандр Рыгоравіч Лукашэнка', 'Alexander Lukashenko']);
  idx.add('tsikhanouskaya', ['Sviatlana Tsikhanouskaya']);
  idx.add('tsikhanouski', ['Siarhei Tsikhanouski']);
  idx.add('tsikhanava', ['Tatsiana Tsikhanava']);
  idx.add('belaruskali', ['ОАО «Беларуськалий»'], { schema: 'Organization' });

  it('finds people across scripts and ranks the right one first', () => {
    expect(idx.search('Лукашенко Александр Григорьевич')[0]?.id).toBe('lukashenka');
    const r = idx.search('Светлана Тихановская');
    expect(r[0]?.id).toBe('tsikhanouskaya');
    expect(r[0]?.match).toBe(true);
    expect(r.filter((c) => c.match).map((c) => c.id)).toEqual(['tsikhanouskaya']);
  });
  it('round-trips through JSON and bytes', () => {
    const copy = NameIndex.deserialize(idx.serialize());
    expect(copy.size).toBe(idx.size);
    expect(copy.search('Belaruskali', { schema: 'Organization' })[0]?.id).toBe('belaruskali');
    expect(
      NameIndex.fromJSON(JSON.parse(JSON.stringify(idx)) as ReturnType<typeof idx.toJSON>).search(
        'Siarhei Tsikhanouski',
      )[0]?.id,
    ).toBe('tsikhanouski');
  });
});

describe('CLI helpers', () => {
  it('compareCommand returns exactly score, match, threshold, explanation', () => {
    const r = compareCommand('Aliaksandr Lukashenka', 'Александр Лукашенко');
    expect(Object.keys(r)).toEqual(['score', 'match', 'threshold', 'explanation']);
    expect(r.match).toBe(true);
  });
  it('scorePairsCsv keeps columns, adds score and match, quotes and neutralises formulas', () => {
    const out = scorePairsCsv(
      'id,name1,name2\r\n1,"Lukashenka, Aliaksandr",Alexander Lukashenko\r\n2,"=HYPERLINK(""x"")",Ivanova\r\n',
    );
    const lines = out.trim().split('\r\n');
    expect(lines[0]).toBe('id,name1,name2,score,match');
    expect(lines[1]).toMatch(/^1,"Lukashenka, Aliaksandr",Alexander Lukashenko,0\.\d{3},true$/);
    expect(lines[2]).toMatch(/^2,"'=HYPERLINK\(""x""\)",Ivanova,/);
  });
  it('names the line of a malformed row or a missing column', () => {
    expect(() => scorePairsCsv('name1,name2\na,b\nc\n')).toThrow(/line 3/);
    expect(() => scorePairsCsv('name1,other\na,b\n')).toThrow(/missing column name2/);
    expect(() => scorePairsCsv('name1,name2\n"a,b\n')).toThrow(/line 2: unterminated/);
  });
});

describe('screenBatch', () => {
  it('screens a batch over worker threads', async () => {
    const { screenBatch } = await import('./screen-batch');
    const idx = new NameIndex();
    idx.add('a', ['Alexander Lukashenko']);
    idx.add('b', ['Sviatlana Tsikhanouskaya']);
    const r = await screenBatch(idx, ['Лукашэнка Аляксандр', 'Светлана Тихановская'], { threads: 2, top: 1 });
    expect(r.map((c) => c[0]?.id)).toEqual(['a', 'b']);
  });
});

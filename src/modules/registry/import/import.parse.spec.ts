import { describe, expect, it } from 'vitest';
import { MACHINE_COLUMNS } from './import.layout';
import { ImportFileError, parseImport } from './import.parse';
import { parseArticles, parseDate, parsePrison, parseSentenceMonths, parseStatus } from './import.values';

/** Invented rows only ("Fictional" people); the headers are the published ones. */
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const machineHeader = MACHINE_COLUMNS.join(',');
function machineRow(values: Partial<Record<(typeof MACHINE_COLUMNS)[number], string>>): string {
  return MACHINE_COLUMNS.map((c) => {
    const v = values[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

describe('cell parsers', () => {
  it('maps statuses in codes and three languages', () => {
    expect(parseStatus('active')).toBe('current');
    expect(parseStatus('np')).toBe('not_recognised');
    expect(parseStatus('Former political prisoner')).toBe('former');
    expect(parseStatus('Recognized ex post facto')).toBe('former');
    expect(parseStatus('Политзаключённый')).toBe('current');
    expect(parseStatus('признана постфактум')).toBe('former');
    expect(parseStatus('Былы палітвязень')).toBe('former');
    expect(parseStatus('палітвязень')).toBe('current');
    expect(() => parseStatus('something else')).toThrow();
  });

  it('reads articles, sentences, dates and prison cells', () => {
    expect(
      parseArticles(
        'Art. 342 of the Criminal Code — Organising actions; ст. 130-3 Уголовного кодекса; 361-4',
      ).map((a) => a.article),
    ).toEqual(['342', '130-3', '361-4']);
    expect(parseArticles('ч. 2 ст. 293')[0]!.article).toBe('293-2');
    expect(parseArticles('Art. 342 of the Criminal Code — Organising actions')[0]!.label).toBe(
      'Organising actions',
    );
    expect(() => parseArticles('hooliganism')).toThrow();
    expect(parseSentenceMonths('2 года')).toBe(24);
    expect(parseSentenceMonths('4 1/2 years')).toBe(54);
    expect(parseSentenceMonths('2 гады')).toBe(24);
    expect(parseSentenceMonths('1 год 6 месяцев')).toBe(18);
    expect(parseSentenceMonths('3,5 года')).toBe(42);
    expect(parseSentenceMonths('штраф 100 базовых величин')).toBeNull();
    expect(parseDate('2021-03-05')).toEqual({ value: '2021-03-05', full: true });
    expect(parseDate('05.03.2021')).toEqual({ value: '2021-03-05', full: true });
    expect(parseDate('1984')).toEqual({ value: '1984', full: false });
    expect(parseDate('1984-07')).toEqual({ value: '1984-07', full: false });
    expect(() => parseDate('2021-02-30')).toThrow();
    expect(parsePrison('released')).toEqual({ kind: 'released' });
    expect(parsePrison('Освобождена')).toEqual({ kind: 'released' });
    expect(parsePrison('вызвалены')).toEqual({ kind: 'released' });
    expect(parsePrison('невядома')).toEqual({ kind: 'unknown' });
    expect(parsePrison('Colony No. 99\nInvented street 1')).toEqual({
      kind: 'facility',
      name: 'Colony No. 99',
      address: 'Invented street 1',
    });
  });
});

describe('parseImport', () => {
  it('reads the machine export', () => {
    const text = [
      machineHeader,
      machineRow({
        id: '900001',
        url: 'https://prisoners.spring96.org/en/person/ivan-testovich-fictional',
        name: 'Ivan Testovich Fictional',
        status: 'active',
        gender: 'male',
        birthday: '1980',
        arrested: '2021-03-05',
        articles: 'Art. 342 of the Criminal Code — Organising actions;361-4',
        prison: 'Colony No. 99\nInvented street 1',
        decision: '4 1/2 years',
        verdict_date: '2021-09-01',
        clusters: 'Protests in Brest;Pardon / amnesty;Fictional case',
      }),
    ].join('\r\n');
    const r = parseImport(enc(text));
    expect(r).toMatchObject({ format: 'csv', layout: 'machine', rowsRead: 1, errors: [] });
    const rec = r.records[0]!;
    expect(rec.externalId).toBe('900001');
    expect(rec.names.map((n) => n.value)).toEqual(['Ivan Testovich Fictional']);
    expect(rec.articles.map((a) => a.article)).toEqual(['342', '361-4']);
    expect(rec.sentenceMonths).toBe(54);
    expect(rec.birth).toEqual({ value: '1980', full: false });
    expect(rec.facility).toBe('Colony No. 99');
    expect(rec.region).toBe('brest');
    expect(rec.releaseKind).toBe('released_pardon');
    expect(rec.notes.join('\n')).toContain('Fictional case');
  });

  it('detects the be table header with either apostrophe, any case and spacing', () => {
    for (const apostrophe of ['’', "'"]) {
      const header = `ІМЯ І  ПРОЗВІШЧА,Статус,Дата нараджэння,Пол,Дата затрымання,Прад${apostrophe}яўлены абвінавачванні,Дата прысуду,Рашэнне суда,Від пакарання,Суддзя,Пракурор,Месца зняволення`;
      const row =
        'Іван Тэставіч Выдуманы,Палітвязень,1975-02-03,мужчына,2022-01-10,арт. 342,2022-05-05,2 гады,пазбаўленне волі,,,вызвалены';
      const r = parseImport(enc(`${header}\n${row}\n`));
      expect(r.layout).toBe('table-be');
      expect(r.errors).toEqual([]);
      expect(r.records[0]).toMatchObject({
        status: 'current',
        sentenceMonths: 24,
        released: true,
        gender: 'male',
      });
      expect(r.records[0]!.names[0]!.script).toBe('be');
    }
  });

  it('reports bad rows with line numbers and keeps good ones', () => {
    const text = [
      'Name and surname,Status,Date of birth,Gender,Date of detention,Charges indicted,Date of verdict,Sentence,Penalty,Judge,Prosecutor,Prison',
      'Ivan Fictional,Political prisoner,1980-01-01,male,2021-01-01,Art. 342,,,,,,unknown',
      '"Petr ""Two-line""',
      'Fictional",Political prisoner,1980-13-01,male,,,,,,,,',
      'Anna Fictional,Political prisoner,,female,,,,,,,',
      'Olga Fictional,Nonsense,,,,,,,,,,',
      '"=HYPERLINK(""x"")",Former political prisoner,,,,,,,,,,released',
    ].join('\n');
    const r = parseImport(enc(text));
    expect(r.rowsRead).toBe(5);
    expect(r.records.map((x) => x.line)).toEqual([2, 7]);
    expect(r.errors).toEqual([
      { line: 3, column: 'birthday', message: 'not a valid calendar date' },
      { line: 5, message: 'expected 12 cells, found 11' },
      { line: 6, column: 'status', message: 'unknown status' },
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ line: 7, column: 'name' })]);
  });

  it('reads the older JSON shape with flattened keys', () => {
    const json = JSON.stringify([
      {
        id: 900002,
        name: 'Иван Тестович Выдуманный',
        status: 'former',
        'articles/0': 'ст. 342 Уголовного кодекса',
        'articles/1': 'ст. 130-3',
        'prison/title': 'released',
        'prison/address': '',
        arrestedProgrammatic: 0,
        birthdayProgrammatic: 0,
        release_date: '2024-07-03',
      },
      { id: 'x', name: '' },
    ]);
    const r = parseImport(enc(json), { filename: 'list.json' });
    expect(r.format).toBe('json');
    expect(r.records[0]).toMatchObject({
      externalId: '900002',
      status: 'former',
      released: true,
      releaseOn: '2024-07-03',
    });
    expect(r.records[0]!.articles.map((a) => a.article)).toEqual(['342', '130-3']);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'name'],
      [2, 'id'],
    ]);
  });

  it('refuses empty files, unknown columns, duplicate ids and non-UTF-8 with a diagnosis', () => {
    expect(() => parseImport(enc(''))).toThrow(/empty/);
    expect(() => parseImport(enc('\ufeff  \n'))).toThrow(/empty/);
    expect(() => parseImport(enc('id,name,colour\n1,A,red\n'))).toThrow(/unknown column.*colour/);
    expect(() => parseImport(enc('foo,bar\n1,2\n'))).toThrow(/matches no known layout/);
    expect(() => parseImport(enc(`${machineHeader}\n`))).toThrow(/no records/);
    const dup = parseImport(
      enc(
        `${machineHeader}\n${machineRow({ id: '5', name: 'A Fictional' })}\n${machineRow({ id: '5', name: 'B Fictional' })}\n`,
      ),
    );
    expect(dup.errors).toEqual([{ line: 3, column: 'id', message: 'the same id as line 2' }]);
    const cp1251 = Buffer.from([0xc8, 0xec, 0xff, 0x2c, 0xf1, 0xf2, 0xe0, 0xf2, 0xf3, 0xf1, 0x0a]); // "Имя,статус" in 1251
    let err: unknown;
    try {
      parseImport(cp1251);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as Error).message).toMatch(/Windows-1251/);
    expect(() =>
      parseImport(Buffer.concat([Buffer.from('Hello fictional world,'), Buffer.from([0xff, 0x0a])])),
    ).toThrow(/not valid UTF-8$/);
  });
});

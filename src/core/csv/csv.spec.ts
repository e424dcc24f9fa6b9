import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvParser, parseCsv, readCsv } from './csv-reader';
import { csvCell, csvDocument, csvRow, neutraliseFormula } from './csv-writer';

describe('csv reader', () => {
  it('reads quotes, doubled quotes, embedded newlines and reports the starting line', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nlast,,\r\n';
    const recs = parseCsv(text);
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  it('strips a BOM, accepts LF and a missing final newline, skips blank lines', () => {
    expect(parseCsv('\ufeffh1,h2\n\n1,2')).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('gives the same records however the input is chunked', async () => {
    const text = 'id,name\n1,"Іван ""Тэст""\nрадок"\n2,Ivan\r\n';
    const whole = parseCsv(text);
    const chunks = [...text];
    const streamed = [];
    for await (const r of readCsv(chunks)) streamed.push(r);
    expect(streamed).toEqual(whole);
    expect(whole[2]).toEqual({ line: 4, fields: ['2', 'Ivan'] });
  });

  it('names the line of an unclosed quote and of a stray quote, without the content', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/line 2: a quoted field is not closed/);
    let err: unknown;
    try {
      parseCsv('a,b\n1,2\nsec"ret,3\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(3);
    expect((err as CsvError).message).not.toContain('sec');
    expect(() => parseCsv('"a"b\n')).toThrow(CsvError);
  });

  it('refuses an over-long field', () => {
    const p = new CsvParser({ maxFieldLength: 5 });
    expect(() => p.push('123456')).toThrow(/too long/);
  });
});

describe('csv writer', () => {
  it('neutralises formula-looking cells', () => {
    for (const s of ['=1+1', '+7', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    expect(neutraliseFormula('Ivan')).toBe('Ivan');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', 'b,c', 'd\ne'])).toBe('a,"b,c","d\ne"\r\n');
    expect(csvDocument(['h'], [['x']], { bom: true })).toBe('\ufeffh\r\nx\r\n');
  });

  it('round-trips arbitrary text through writer and reader (apart from neutralising)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = rows.map((r) => csvRow(r)).join('');
          const back = parseCsv(text).map((r) => r.fields);
          expect(back).toEqual(rows.map((r) => r.map(neutraliseFormula)));
        },
      ),
    );
  });
});

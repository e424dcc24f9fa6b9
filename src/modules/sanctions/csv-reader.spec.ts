import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from './csv-reader';
import { SanctionsParseError } from './sanctions.errors';

async function read(chunks: string[], columns?: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsv(chunks, { file: 't.csv', ...(columns ? { columns } : {}) })) out.push(r);
  return out;
}

/** Every split of `text` into chunks, one character at a time — the harshest chunking. */
const chars = (text: string): string[] => [...text];

const serialise = (rows: string[][], eol: string): string =>
  rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join(eol) + eol;

describe('readCsv', () => {
  it('reads quotes, doubled quotes, embedded line breaks, CRLF and empty fields', async () => {
    const text = 'a,"b ""c""",\r\n"multi\r\nline","x,y",-0- \r\n\r\n1,2,3';
    for (const chunks of [[text], chars(text)]) {
      const rows = await read(chunks);
      expect(rows.map((r) => r.fields)).toEqual([
        ['a', 'b "c"', ''],
        ['multi\r\nline', 'x,y', '-0- '],
        ['1', '2', '3'],
      ]);
      expect(rows.map((r) => [r.line, r.record])).toEqual([
        [1, 1],
        [2, 2],
        [5, 3],
      ]);
    }
  });

  it('stops at a trailing SUB (0x1A) byte, but not at one inside the data', async () => {
    expect((await read(['1,"x"\r\n\u001a'])).map((r) => r.fields)).toEqual([['1', 'x']]);
    expect((await read(['1,"a\u001ab"\r\n'])).map((r) => r.fields)).toEqual([['1', 'a\u001ab']]);
    await expect(read(['1,"x"\r\n\u001a2,"y"\r\n'])).rejects.toMatchObject({ code: 'csv-malformed' });
  });

  it('enforces a column count and names the line', async () => {
    const err = await read(['1,2,3\n4,5,6\n7,8\n'], 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SanctionsParseError);
    expect(err).toMatchObject({ code: 'csv-column-count', line: 3, record: 3 });
  });

  it('rejects stray quotes and unterminated quoted fields', async () => {
    await expect(read(['a,b"c,d\n'])).rejects.toMatchObject({ code: 'csv-malformed', line: 1 });
    await expect(read(['"a"b,c\n'])).rejects.toMatchObject({ code: 'csv-malformed' });
    await expect(read(['x\n"never closed,\n\n'])).rejects.toMatchObject({ code: 'csv-malformed', line: 2 });
  });

  it('round-trips arbitrary fields under arbitrary chunking (property)', async () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'б', ',', '"', '\r\n', '\n', ' ', '\u001a', 'z'),
      maxLength: 8,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r\n', '\n'),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (rows, eol, cuts) => {
          const text = serialise(rows, eol);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let prev = 0;
          for (const p of [...points, text.length]) {
            chunks.push(text.slice(prev, p));
            prev = p;
          }
          const back = await read(chunks);
          expect(back.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { CsvError, CsvParser } from '../../core/csv/csv-reader';
import { SanctionsParseError } from './sanctions.errors';

/**
 * The sanctions parsers' view of the shared RFC 4180 reader (src/core/csv): records numbered, an optional
 * exact column count, the DOS end-of-file byte (0x1A) OFAC still writes treated as the end, and every
 * error turned into a SanctionsParseError naming the file, line and record (never the content).
 */

export interface CsvRecord {
  fields: string[];
  /** Physical line on which the record starts (1-based). */
  line: number;
  /** Record number (1-based, blank lines not counted). */
  record: number;
}

export interface CsvOptions {
  /** File name for error messages. */
  file: string;
  /** When set, every record must have exactly this many fields. */
  columns?: number;
}

const SUB = '\u001a';

export async function* readCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CsvOptions,
): AsyncGenerator<CsvRecord> {
  const { file, columns } = options;
  // Sanctions files are read whole: the field bound only guards against a quote never closed.
  const parser = new CsvParser({ endOfFile: SUB, maxFieldLength: 16 * 1024 * 1024 });
  let record = 0;
  const check = (r: { line: number; fields: string[] }): CsvRecord => {
    record++;
    if (columns !== undefined && r.fields.length !== columns)
      throw new SanctionsParseError(
        'csv-column-count',
        file,
        `expected ${columns} columns, found ${r.fields.length}`,
        { line: r.line, record },
      );
    return { fields: r.fields, line: r.line, record };
  };
  const wrap = (err: unknown): unknown =>
    err instanceof CsvError
      ? new SanctionsParseError('csv-malformed', file, err.message.replace(/^line \d+: /, ''), {
          line: err.line,
          record: record + 1,
        })
      : err;
  try {
    for await (const chunk of chunks) for (const r of parser.push(chunk)) yield check(r);
    for (const r of parser.end()) yield check(r);
  } catch (err) {
    throw wrap(err);
  }
}

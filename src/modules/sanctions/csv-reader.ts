import { SanctionsParseError } from './sanctions.errors';

/**
 * Streaming RFC 4180 reader: comma-separated, fields optionally in double quotes, `""` for a quote
 * inside quotes, line breaks allowed inside quotes. Accepts CRLF or LF line ends, skips blank lines
 * and treats a trailing SUB (0x1A, the DOS end-of-file byte OFAC still writes) as the end. A quote
 * inside an unquoted field, or text after a closing quote, is an error rather than a guess.
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

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SUB = 26;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterCr' | 'eof';

export async function* readCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CsvOptions,
): AsyncGenerator<CsvRecord> {
  const { file, columns } = options;
  let state: State = 'fieldStart';
  let field = '';
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let record = 0;
  let recordStarted = false;

  const fail = (detail: string): SanctionsParseError =>
    new SanctionsParseError('csv-malformed', file, detail, { line, record: record + 1 });

  const finishRecord = (): CsvRecord | undefined => {
    fields.push(field);
    field = '';
    const out = fields;
    fields = [];
    const started = recordStarted;
    recordStarted = false;
    // A blank line yields one empty field: skip it rather than report a 1-column record.
    if (!started && out.length === 1 && out[0] === '') return undefined;
    record++;
    if (columns !== undefined && out.length !== columns)
      throw new SanctionsParseError(
        'csv-column-count',
        file,
        `expected ${columns} columns, found ${out.length}`,
        { line: recordLine, record },
      );
    return { fields: out, line: recordLine, record };
  };

  for await (const chunk of chunks) {
    let segment = 0; // start of the not-yet-copied part of `chunk` belonging to `field`
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      switch (state) {
        case 'eof':
          if (c !== SUB && c !== CR && c !== LF) throw fail('data after the end-of-file marker');
          break;
        case 'afterCr':
          state = 'fieldStart';
          if (c === LF) break;
          i--; // a lone CR ends the line too; look at this character again
          break;
        case 'fieldStart':
          if (!recordStarted && fields.length === 0) recordLine = line;
          if (c === QUOTE) {
            state = 'quoted';
            recordStarted = true;
            segment = i + 1;
          } else if (c === COMMA) {
            recordStarted = true;
            fields.push(field);
            field = '';
          } else if (c === CR || c === LF) {
            const rec = finishRecord();
            line++;
            if (c === CR) state = 'afterCr';
            if (rec) yield rec;
          } else if (c === SUB && fields.length === 0 && !recordStarted) {
            state = 'eof';
          } else {
            state = 'unquoted';
            recordStarted = true;
            segment = i;
          }
          break;
        case 'unquoted':
          if (c === COMMA || c === CR || c === LF) {
            field += chunk.slice(segment, i);
            state = 'fieldStart';
            i--; // let fieldStart handle the separator
          } else if (c === QUOTE) {
            throw fail('quote inside an unquoted field');
          }
          break;
        case 'quoted':
          if (c === QUOTE) {
            field += chunk.slice(segment, i);
            state = 'quoteInQuoted';
          } else if (c === LF) {
            line++;
          }
          break;
        case 'quoteInQuoted':
          if (c === QUOTE) {
            field += '"';
            state = 'quoted';
            segment = i + 1;
          } else if (c === COMMA || c === CR || c === LF) {
            state = 'fieldStart';
            i--;
          } else {
            throw fail('text after a closing quote');
          }
          break;
      }
    }
    if (state === 'unquoted' || state === 'quoted') field += chunk.slice(segment);
  }
  const end = state as State; // widened: TypeScript cannot see the loop's assignments here
  if (end === 'quoted')
    throw new SanctionsParseError('csv-malformed', file, 'unterminated quoted field', {
      line: recordLine,
      record: record + 1,
    });
  if (end === 'unquoted' || end === 'quoteInQuoted' || recordStarted || fields.length > 0) {
    const rec = finishRecord();
    if (rec) yield rec;
  }
}

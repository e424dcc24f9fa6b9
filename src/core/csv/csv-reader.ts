/**
 * Streaming RFC 4180 CSV reader: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF,
 * an optional UTF-8 byte-order mark. Each record carries the physical line it starts on, so an importer
 * can point a person at the exact line of a large file. Errors name the line, never the cell's content:
 * cells hold personal data and error messages end up in logs.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvReaderOptions {
  delimiter?: string;
  /** Upper bound on one field, against a missing closing quote swallowing a whole file into memory. */
  maxFieldLength?: number;
  /**
   * A character that, at the start of a record, ends the input (OFAC still writes the DOS end-of-file
   * byte 0x1A). Only line breaks and further copies of it may follow; anything else is an error.
   */
  endOfFile?: string;
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'eof';

/** Incremental parser: feed it text chunks, collect complete records; call end() once at the end. */
export class CsvParser {
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private sawCr = false;
  private started = false;
  private readonly delimiter: string;
  private readonly maxField: number;
  private readonly eof: string | undefined;

  constructor(options: CsvReaderOptions = {}) {
    this.delimiter = options.delimiter ?? ',';
    this.eof = options.endOfFile;
    this.maxField = options.maxFieldLength ?? 1_000_000;
    if (this.delimiter.length !== 1 || this.delimiter === '"' || this.delimiter === '\n')
      throw new Error('delimiter must be one character other than a quote or newline');
  }

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (const ch of text) this.step(ch, out);
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === 'quoted') throw new CsvError(this.recordLine, 'a quoted field is not closed');
    if (this.state === 'eof') return out;
    // A final line without a line break still counts; an empty trailing line does not.
    if (this.fields.length > 0 || this.field.length > 0 || this.state !== 'fieldStart') this.endRecord(out);
    return out;
  }

  private append(ch: string): void {
    if (this.field.length >= this.maxField) throw new CsvError(this.recordLine, 'a field is too long');
    this.field += ch;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    // Blank lines between records are skipped (a lone empty field is not a record).
    if (!(this.fields.length === 1 && this.fields[0] === ''))
      out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
  }

  private step(ch: string, out: CsvRecord[]): void {
    // "\r\n" is one line break; a lone "\r" is one too.
    if (this.sawCr) {
      this.sawCr = false;
      if (ch === '\n') {
        if (this.state === 'quoted') this.append(ch);
        return;
      }
    }
    const isBreak = ch === '\n' || ch === '\r';
    switch (this.state) {
      case 'eof':
        if (isBreak) this.newLine(ch);
        else if (ch !== this.eof) throw new CsvError(this.line, 'data after the end-of-file marker');
        return;
      case 'fieldStart':
        if (this.fields.length === 0 && this.field === '') {
          this.recordLine = this.line;
          if (ch === this.eof) {
            this.state = 'eof';
            return;
          }
        }
        if (ch === '"') {
          this.state = 'quoted';
          return;
        }
        this.state = 'unquoted';
        this.step2(ch, isBreak, out);
        return;
      case 'unquoted':
        this.step2(ch, isBreak, out);
        return;
      case 'quoted':
        if (ch === '"') {
          this.state = 'quoteInQuoted';
          return;
        }
        if (isBreak) this.newLine(ch);
        this.append(ch);
        return;
      case 'quoteInQuoted':
        if (ch === '"') {
          this.append('"');
          this.state = 'quoted';
          return;
        }
        if (ch === this.delimiter) {
          this.endField();
          return;
        }
        if (isBreak) {
          this.newLine(ch);
          this.endRecord(out);
          return;
        }
        throw new CsvError(this.line, 'unexpected character after a closing quote');
    }
  }

  private step2(ch: string, isBreak: boolean, out: CsvRecord[]): void {
    if (ch === this.delimiter) {
      this.endField();
      return;
    }
    if (isBreak) {
      this.newLine(ch);
      this.endRecord(out);
      return;
    }
    if (ch === '"') throw new CsvError(this.line, 'a quote inside an unquoted field');
    this.append(ch);
  }

  private newLine(ch: string): void {
    this.line++;
    if (ch === '\r') this.sawCr = true;
  }
}

/** Reads records from a stream of text chunks (or one string) without holding the whole file. */
export async function* readCsv(
  source: AsyncIterable<string> | Iterable<string> | string,
  options: CsvReaderOptions = {},
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(options);
  const chunks = typeof source === 'string' ? [source] : source;
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/** Whole-text convenience for small inputs and tests. */
export function parseCsv(text: string, options: CsvReaderOptions = {}): CsvRecord[] {
  const parser = new CsvParser(options);
  return [...parser.push(text), ...parser.end()];
}

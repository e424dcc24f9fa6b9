/**
 * One error type for every way a sanctions file can be unreadable. Messages name the file and the
 * position (line, record, byte offset) but never quote file contents: the files hold names of people,
 * and these messages end up in logs.
 */
export type SanctionsParseErrorCode =
  | 'empty-file'
  | 'unknown-format'
  | 'invalid-utf8'
  | 'truncated-gzip'
  | 'corrupt-gzip'
  | 'too-large'
  | 'xml-doctype'
  | 'xml-malformed'
  | 'csv-malformed'
  | 'csv-column-count'
  | 'json-malformed'
  | 'invalid-record'
  | 'source-not-reopenable';

export interface SanctionsErrorPosition {
  line?: number;
  record?: number;
  /** Byte offset in the decompressed stream. */
  offset?: number;
}

export class SanctionsParseError extends Error {
  readonly code: SanctionsParseErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly record: number | undefined;
  readonly offset: number | undefined;

  constructor(
    code: SanctionsParseErrorCode,
    file: string,
    detail: string,
    position: SanctionsErrorPosition = {},
  ) {
    const where = [
      position.line !== undefined ? `line ${position.line}` : undefined,
      position.record !== undefined ? `record ${position.record}` : undefined,
      position.offset !== undefined ? `byte ${position.offset}` : undefined,
    ]
      .filter((p) => p !== undefined)
      .join(', ');
    super(`${file}${where ? ` (${where})` : ''}: ${detail}`);
    this.name = 'SanctionsParseError';
    this.code = code;
    this.file = file;
    this.line = position.line;
    this.record = position.record;
    this.offset = position.offset;
  }
}

import { CsvError, CsvParser } from '../../../core/csv/csv-reader';
import {
  csvRecord,
  detectLayout,
  jsonRecord,
  LayoutError,
  type Layout,
  type LayoutName,
  type RawRecord,
} from './import.layout';
import { toImportRecord, type ImportRecord, type RowIssue } from './import.record';

/**
 * From uploaded bytes to validated records: decoding, format and layout detection, per-row validation.
 * Nothing is written; every problem comes back with its line (for JSON: the record's position, 1-based).
 */
export type ImportEncoding = 'utf-8' | 'windows-1251';

export interface ParsedImport {
  format: 'csv' | 'json';
  layout: LayoutName | 'json';
  encoding: ImportEncoding;
  rowsRead: number;
  records: ImportRecord[];
  errors: RowIssue[];
  warnings: RowIssue[];
}

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const CYRILLIC = /[\u0400-\u04ff]/g;

/**
 * Strict UTF-8. A file that is not UTF-8 but reads as mostly Cyrillic in Windows-1251 (the usual legacy
 * encoding of Belarusian/Russian spreadsheets) is refused with that diagnosis; it is decoded as 1251 only
 * when the importer says so explicitly, because a wrong guess would corrupt every name silently.
 */
export function decode(bytes: Uint8Array, encoding: ImportEncoding = 'utf-8'): string {
  if (bytes.length === 0) throw new ImportFileError('the file is empty');
  if (encoding === 'windows-1251') return new TextDecoder('windows-1251').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const guess = new TextDecoder('windows-1251').decode(bytes.subarray(0, 65536));
    const letters = guess.match(/\p{L}/gu)?.length ?? 0;
    const cyr = guess.match(CYRILLIC)?.length ?? 0;
    if (letters > 0 && cyr / letters > 0.3)
      throw new ImportFileError(
        'the file is not valid UTF-8; it looks like Windows-1251 (Cyrillic). Re-save it as UTF-8, or import it with encoding "windows-1251"',
      );
    throw new ImportFileError('the file is not valid UTF-8');
  }
}

export function detectFormat(filename: string | undefined, text: string): 'csv' | 'json' {
  if (filename && /\.json$/i.test(filename)) return 'json';
  if (filename && /\.(csv|txt)$/i.test(filename)) return 'csv';
  return /^\ufeff?\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseImport(
  bytes: Uint8Array,
  opts: { filename?: string; encoding?: ImportEncoding } = {},
): ParsedImport {
  const encoding = opts.encoding ?? 'utf-8';
  const text = decode(bytes, encoding);
  if (text.replace(/^\ufeff/, '').trim() === '') throw new ImportFileError('the file is empty');
  const format = detectFormat(opts.filename, text);
  const raws: Array<{ line: number; raw: RawRecord | null; error?: string }> = [];
  let layout: ParsedImport['layout'] = 'json';
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\ufeff/, ''));
    } catch {
      throw new ImportFileError('the file is not valid JSON');
    }
    const items = Array.isArray(doc) ? doc : arrayIn(doc);
    if (!items) throw new ImportFileError('the JSON holds no list of records (expected an array)');
    items.forEach((item, i) => {
      try {
        raws.push({ line: i + 1, raw: jsonRecord(item) });
      } catch (e) {
        if (!(e instanceof LayoutError)) throw e;
        raws.push({ line: i + 1, raw: null, error: e.message });
      }
    });
  } else {
    const parser = new CsvParser();
    let records;
    try {
      records = [...parser.push(text), ...parser.end()];
    } catch (e) {
      if (e instanceof CsvError) throw new ImportFileError(`the CSV cannot be read: ${e.message}`, e.line);
      throw e;
    }
    const [header, ...rows] = records;
    if (!header) throw new ImportFileError('the file is empty');
    let found: Layout;
    try {
      found = detectLayout(header.fields);
    } catch (e) {
      if (e instanceof LayoutError) throw new ImportFileError(e.message, header.line);
      throw e;
    }
    layout = found.name;
    for (const r of rows) {
      try {
        raws.push({ line: r.line, raw: csvRecord(found, r.fields) });
      } catch (e) {
        if (!(e instanceof LayoutError)) throw e;
        raws.push({ line: r.line, raw: null, error: e.message });
      }
    }
  }
  if (raws.length === 0) throw new ImportFileError('the file holds a header but no records');

  const out: ParsedImport = {
    format,
    layout,
    encoding,
    rowsRead: raws.length,
    records: [],
    errors: [],
    warnings: [],
  };
  const seenIds = new Map<string, number>();
  for (const { line, raw, error } of raws) {
    if (!raw) {
      out.errors.push({ line, message: error ?? 'unreadable record' });
      continue;
    }
    const { record, errors, warnings } = toImportRecord(raw, line);
    out.errors.push(...errors);
    out.warnings.push(...warnings);
    if (!record) continue;
    if (record.externalId) {
      const first = seenIds.get(record.externalId);
      if (first !== undefined) {
        out.errors.push({ line, column: 'id', message: `the same id as line ${first}` });
        continue;
      }
      seenIds.set(record.externalId, line);
    }
    out.records.push(record);
  }
  return out;
}

function arrayIn(doc: unknown): unknown[] | null {
  if (typeof doc !== 'object' || doc === null) return null;
  for (const key of ['records', 'items', 'data', 'prisoners']) {
    const v = (doc as Record<string, unknown>)[key];
    if (Array.isArray(v)) return v as unknown[];
  }
  return null;
}

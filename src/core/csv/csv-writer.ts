/**
 * RFC 4180 CSV writer with formula-injection neutralising. Exports are opened in spreadsheets; a cell
 * that starts with = + - @ TAB or CR may be run as a formula there (data exfiltration, DDE), so such a
 * cell gets a leading apostrophe. The stored data is untouched; only what leaves the system changes.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell: neutralised, then quoted when it holds a delimiter, quote or line break. */
export function csvCell(value: CsvValue, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans are ours, not user text: a negative number stays a number.
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  if (text.includes(delimiter) || /["\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One record terminated by CRLF, as RFC 4180 asks. */
export function csvRow(values: readonly CsvValue[], delimiter = ','): string {
  return `${values.map((v) => csvCell(v, delimiter)).join(delimiter)}\r\n`;
}

/** A whole document; prefix a BOM when the reader is likely Excel (it otherwise guesses a legacy code page). */
export function csvDocument(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  opts: { bom?: boolean } = {},
): string {
  let out = opts.bom ? '\ufeff' : '';
  out += csvRow(header);
  for (const row of rows) out += csvRow(row);
  return out;
}

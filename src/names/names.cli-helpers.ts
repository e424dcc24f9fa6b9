/**
 * Pure functions behind the name-matching CLI commands (the lead wires them into commander):
 * no I/O here, so they are easy to test and reuse.
 */
import { compareNames, type Schema } from './score';
import { CsvError, parseCsv, writeCsv } from './csv';

export interface CompareCommandResult {
  score: number;
  match: boolean;
  threshold: number;
  explanation: string[];
}

function toSchema(s: string | undefined, where: string): Schema {
  const v = (s ?? '').trim().toLowerCase();
  if (v === '' || v === 'person') return 'Person';
  if (v === 'organization' || v === 'organisation' || v === 'company') return 'Organization';
  throw new CsvError(`${where}: unknown schema "${s}" (use Person or Organization)`);
}

export function compareCommand(nameA: string, nameB: string, schema?: string): CompareCommandResult {
  const r = compareNames(nameA, nameB, { schema: toSchema(schema, 'schema') });
  return { score: r.score, match: r.match, threshold: r.threshold, explanation: r.explanation };
}

/**
 * Scores each row of a CSV with columns name1, name2 and optional schema. The output repeats
 * every input column and adds score and match.
 */
export function scorePairsCsv(inputCsvText: string): string {
  const { rows, lines } = parseCsv(inputCsvText);
  const header = rows[0];
  if (!header) throw new CsvError('line 1: empty input, expected a header with name1,name2');
  const cols = header.map((h) => h.trim().toLowerCase());
  const i1 = cols.indexOf('name1');
  const i2 = cols.indexOf('name2');
  const is = cols.indexOf('schema');
  const missing = [i1 < 0 ? 'name1' : '', i2 < 0 ? 'name2' : ''].filter(Boolean);
  if (missing.length) throw new CsvError(`line 1: missing column ${missing.join(' and ')}`);
  const out: string[][] = [[...header, 'score', 'match']];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const line = lines[r]!;
    if (row.length === 1 && row[0] === '') continue; // blank line
    if (row.length !== header.length)
      throw new CsvError(`line ${line}: expected ${header.length} fields, found ${row.length}`);
    const res = compareNames(row[i1]!, row[i2]!, {
      schema: toSchema(is >= 0 ? row[is] : undefined, `line ${line}`),
    });
    out.push([...row, res.score.toFixed(3), String(res.match)]);
  }
  return writeCsv(out);
}

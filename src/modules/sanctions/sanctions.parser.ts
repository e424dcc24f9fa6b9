import { readCsv } from './csv-reader';
import { parseEuFsf } from './eu-fsf.parser';
import { parseFtm } from './ftm.parser';
import { peekText, toSource, type TextOptions } from './input';
import { OFAC_SDN_COLUMNS, parseOfacSdn } from './ofac-sdn.parser';
import { SanctionsParseError } from './sanctions.errors';
import type { ListFormat, ParsedList, SanctionsInput } from './sanctions.types';

/**
 * Entry point: open a sanctions file (path or source, plain or gzip), sniff its format from the first
 * KB of text and hand it to the right streaming parser.
 */

export interface ParseOptions extends TextOptions {
  /** OFAC companions of sdn.csv: alt.csv (aliases) and add.csv (addresses). */
  ofac?: { alt?: SanctionsInput; add?: SanctionsInput };
}

const FSF_NAMESPACE = 'http://eu.europa.ec/fpi/fsd/export';

async function looksLikeOfac(head: string, file: string): Promise<boolean> {
  const records: string[][] = [];
  try {
    for await (const r of readCsv([head], { file })) {
      records.push(r.fields);
      if (records.length === 2) break;
    }
  } catch {
    // The head may end inside a quoted field; judge on what was read.
  }
  const first = records[0];
  if (!first || !/^\d+$/.test(first[0] ?? '')) return false;
  // A complete first record (another follows it) must have all 12 columns; a cut one cannot have more.
  return records.length > 1
    ? first.length === OFAC_SDN_COLUMNS
    : first.length <= OFAC_SDN_COLUMNS && first.length > 1;
}

/** The format of a file's first KB of text, or undefined. Throws for XML carrying a DOCTYPE. */
export async function detectFormat(head: string, file: string): Promise<ListFormat | undefined> {
  const t = head.trimStart();
  if (t.startsWith('<')) {
    if (/<!DOCTYPE/i.test(head))
      throw new SanctionsParseError(
        'xml-doctype',
        file,
        'DOCTYPE declarations are not accepted (entity expansion / external entities)',
      );
    if (/<(?:[\w.-]+:)?export[\s>/]/.test(head) || head.includes(FSF_NAMESPACE)) return 'eu-fsf-xml';
    return undefined;
  }
  if (t.startsWith('{')) return /"schema"\s*:\s*"[A-Za-z]+"/.test(head) ? 'ftm-jsonl' : undefined;
  if (await looksLikeOfac(t, file)) return 'ofac-sdn-csv';
  return undefined;
}

export async function parseSanctionsFile(
  input: SanctionsInput,
  options: ParseOptions = {},
): Promise<ParsedList> {
  const source = toSource(input);
  const { head, text } = await peekText(source, options);
  const close = async (): Promise<void> => {
    await text.return(undefined);
  };
  if (head.trim().length === 0) {
    await close();
    throw new SanctionsParseError('empty-file', source.name, 'the file is empty');
  }
  let format: ListFormat | undefined;
  try {
    format = await detectFormat(head, source.name);
  } catch (err) {
    await close();
    throw err;
  }
  switch (format) {
    case 'eu-fsf-xml':
      return parseEuFsf(source.name, head, text, options);
    case 'ofac-sdn-csv':
      return parseOfacSdn(source, text, options);
    case 'ftm-jsonl':
      // parseFtm reads the first line up front (for the dataset name); close the file if that fails.
      try {
        return await parseFtm(source, text, options);
      } catch (err) {
        await close();
        throw err;
      }
    default:
      await close();
      throw new SanctionsParseError(
        'unknown-format',
        source.name,
        'not an EU FSF XML, OFAC sdn.csv or FtM JSON-lines file',
      );
  }
}

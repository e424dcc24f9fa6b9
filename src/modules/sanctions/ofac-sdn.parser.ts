import { countryCode } from './countries';
import { readCsv } from './csv-reader';
import { decodeText, toSource, type TextOptions } from './input';
import { applyOfacRemarks } from './ofac-remarks';
import { newSummary, resolveProgramme } from './regimes';
import { SanctionsParseError } from './sanctions.errors';
import type {
  ParsedList,
  SanctionsInput,
  SanctionsSource,
  SanctionTarget,
  TargetSchema,
} from './sanctions.types';
import { TargetBuilder, squash } from './target-builder';

/**
 * OFAC legacy CSV: sdn.csv (12 columns, no header, `-0- ` for empty) streamed row by row, with the
 * optional companions alt.csv (5 columns: ent_num, alt_num, alt_type, alt_name, alt_remarks) and
 * add.csv (6 columns: ent_num, add_num, address, city/state/postal, country, add_remarks).
 *
 * Memory: the companions are keyed by ent_num and OFAC does not promise any order, so they are read
 * into compact maps (a few MB for the full list) before sdn.csv is streamed. sdn.csv itself is never
 * held.
 */

export const OFAC_SDN_COLUMNS = 12;
const ALT_COLUMNS = 5;
const ADD_COLUMNS = 6;

export interface OfacCompanions {
  alt?: SanctionsInput;
  add?: SanctionsInput;
}

const SCHEMAS: Record<string, TargetSchema> = {
  '': 'Organization',
  individual: 'Person',
  vessel: 'Vessel',
  aircraft: 'Airplane',
};

/** OFAC's empty marker is `-0-` followed by a space. */
const cell = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t && t !== '-0-' ? t : undefined;
};

interface Alias {
  name: string;
  weak: boolean;
}
interface Address {
  text: string;
  country?: string;
}

async function readCompanion<T>(
  input: SanctionsInput,
  columns: number,
  options: TextOptions,
  map: (fields: string[]) => T | undefined,
): Promise<Map<string, T[]>> {
  const source: SanctionsSource = toSource(input);
  const out = new Map<string, T[]>();
  for await (const r of readCsv(decodeText(source, options), { file: source.name, columns })) {
    const ent = cell(r.fields[0]);
    if (!ent || !/^\d+$/.test(ent))
      throw new SanctionsParseError('invalid-record', source.name, 'ent_num is not a number', {
        line: r.line,
        record: r.record,
      });
    const value = map(r.fields);
    if (value === undefined) continue;
    const list = out.get(ent);
    if (list) list.push(value);
    else out.set(ent, [value]);
  }
  return out;
}

function readAlt(input: SanctionsInput, options: TextOptions): Promise<Map<string, Alias[]>> {
  return readCompanion(input, ALT_COLUMNS, options, (f) => {
    const name = cell(f[3]);
    if (!name) return undefined;
    // OFAC flags low-quality a.k.a.s as "weak" in the alias remarks.
    return { name, weak: /\bweak\b|low quality/i.test(cell(f[4]) ?? '') };
  });
}

function readAdd(input: SanctionsInput, options: TextOptions): Promise<Map<string, Address[]>> {
  return readCompanion(input, ADD_COLUMNS, options, (f) => {
    const countryName = cell(f[4]);
    const text = [cell(f[2]), cell(f[3]), countryName].filter(Boolean).join(', ');
    if (!text) return undefined;
    const country = countryName ? countryCode(countryName) : undefined;
    return country ? { text, country } : { text };
  });
}

export function parseOfacSdn(
  source: SanctionsSource,
  text: AsyncIterable<string>,
  options: TextOptions & { ofac?: OfacCompanions } = {},
): ParsedList {
  const summary = newSummary();

  async function* targets(): AsyncGenerator<SanctionTarget> {
    const aliases = options.ofac?.alt ? await readAlt(options.ofac.alt, options) : new Map<string, Alias[]>();
    const addresses = options.ofac?.add
      ? await readAdd(options.ofac.add, options)
      : new Map<string, Address[]>();
    for await (const r of readCsv(text, { file: source.name, columns: OFAC_SDN_COLUMNS })) {
      const f = r.fields;
      const ent = cell(f[0]);
      const name = cell(f[1]);
      const type = (cell(f[2]) ?? '').toLowerCase();
      const schema = SCHEMAS[type];
      const where = { line: r.line, record: r.record };
      if (!ent || !/^\d+$/.test(ent))
        throw new SanctionsParseError('invalid-record', source.name, 'ent_num is not a number', where);
      if (!name) throw new SanctionsParseError('invalid-record', source.name, 'SDN_Name is empty', where);
      if (!schema) throw new SanctionsParseError('invalid-record', source.name, 'unknown SDN_Type', where);

      const b = new TargetBuilder();
      b.addName(name, 'primary');
      for (const code of (cell(f[3]) ?? '').split(/\]\s*\[/)) {
        const c = squash(code.replace(/^\[|\]$/g, ''));
        if (c) b.addProgramme(resolveProgramme('US', [c], summary));
      }
      const title = cell(f[4]);
      if (title) b.addRemark(`Title: ${title}`);
      const callSign = cell(f[5]);
      if (callSign) b.addIdentifier('callSign', callSign);
      const flag = cell(f[9]);
      if (flag) b.addCountry(countryCode(flag));
      const owner = cell(f[10]);
      if (owner) b.addRemark(`Vessel owner: ${owner}`);
      const remarks = cell(f[11]);
      if (remarks) {
        applyOfacRemarks(b, remarks);
        b.addRemark(remarks);
      }
      for (const a of aliases.get(ent) ?? []) b.addName(a.name, a.weak ? 'weak' : 'alias');
      for (const a of addresses.get(ent) ?? []) b.addAddress(a.text, a.country);
      summary.targets++;
      yield b.build(ent, schema);
    }
  }

  return { dataset: 'us_ofac_sdn', format: 'ofac-sdn-csv', targets: targets(), summary };
}

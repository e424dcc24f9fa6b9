import { countryOfPlace } from './countries';
import { decodeText, splitLines, type TextOptions } from './input';
import { countSkipped, jurisdictionOf, newSummary, resolveProgramme } from './regimes';
import { SanctionsParseError } from './sanctions.errors';
import {
  TARGET_SCHEMAS,
  type Jurisdiction,
  type ParsedList,
  type SanctionsSource,
  type SanctionTarget,
  type TargetSchema,
} from './sanctions.types';
import { TargetBuilder } from './target-builder';

/**
 * FollowTheMoney entity JSON lines (OpenSanctions layout). Targets and the `Sanction` entities that
 * carry their programmes are separate lines, in any order, so programmes must be joined by id.
 *
 * Memory trade-off: when the source can be reopened (a file), pass 1 keeps only the compact Sanction
 * and Identification facts (a few strings per designation) and pass 2 streams the targets, yielding
 * each as soon as it is read: memory grows with the number of sanctions, not with target size, which
 * still works for OpenSanctions' full collection. A one-shot stream cannot be re-read, so there we
 * keep the target lines of the one pass in memory and yield them at the end (fine for the ~6k-target
 * national lists; use a file for anything large).
 */

type Props = Record<string, string[]>;
interface Entity {
  id: string;
  schema: string;
  caption?: string;
  properties: Props;
  datasets: string[];
  target?: boolean;
}
interface SanctionFacts {
  jurisdiction: Jurisdiction;
  names: string[];
  listedOn?: string;
}
interface IdFacts {
  type: string;
  value: string;
  country?: string;
}
interface Joins {
  sanctions: Map<string, SanctionFacts[]>;
  identifications: Map<string, IdFacts[]>;
  used: Set<string>;
}

const SCHEMA_MAP: Record<string, TargetSchema> = { PublicBody: 'Organization' };
for (const s of TARGET_SCHEMAS) SCHEMA_MAP[s] = s;

const ID_PROPS: [string, string][] = [
  ['passportNumber', 'passport'],
  ['idNumber', 'nationalId'],
  ['registrationNumber', 'registrationNumber'],
  ['ogrnCode', 'registrationNumber'],
  ['taxNumber', 'taxId'],
  ['innCode', 'taxId'],
  ['vatCode', 'taxId'],
  ['imoNumber', 'imo'],
  ['mmsi', 'mmsi'],
  ['callSign', 'callSign'],
  ['swiftBic', 'swiftBic'],
];

function jurisdictionOfDataset(dataset: string | undefined): Jurisdiction {
  const prefix = dataset?.split('_')[0];
  return jurisdictionOf(prefix) ?? 'other';
}

function parseEntity(file: string, text: string, line: number): Entity {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SanctionsParseError('json-malformed', file, 'the line is not valid JSON', { line });
  }
  const o = value as Partial<Entity> | null;
  const props = o?.properties;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    typeof o.id === 'string' &&
    typeof o.schema === 'string' &&
    typeof props === 'object' &&
    props !== null &&
    Object.values(props).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (!ok)
    throw new SanctionsParseError('invalid-record', file, 'not an FtM entity (id, schema, properties)', {
      line,
    });
  return { ...(o as Entity), datasets: Array.isArray(o.datasets) ? o.datasets : [] };
}

const first = (p: Props, key: string): string | undefined => p[key]?.[0];

/** Pass-1 work: remember what Sanction / Identification entities say about other entities. */
function collectJoin(e: Entity, joins: Joins): boolean {
  const p = e.properties;
  if (e.schema === 'Sanction') {
    const facts: SanctionFacts = {
      jurisdiction: jurisdictionOf(first(p, 'country')) ?? jurisdictionOfDataset(e.datasets[0]),
      names: [...(p.programId ?? []), ...(p.program ?? [])],
    };
    const listed = first(p, 'listingDate') ?? first(p, 'startDate');
    if (listed) facts.listedOn = listed.slice(0, 10);
    for (const target of p.entity ?? []) {
      const list = joins.sanctions.get(target);
      if (list) list.push(facts);
      else joins.sanctions.set(target, [facts]);
    }
    return true;
  }
  if (e.schema === 'Identification' || e.schema === 'Passport') {
    const value = first(p, 'number');
    if (!value) return true;
    const type =
      e.schema === 'Passport' || /passport/i.test(first(p, 'type') ?? '') ? 'passport' : 'nationalId';
    const country = first(p, 'country');
    for (const holder of p.holder ?? []) {
      const list = joins.identifications.get(holder) ?? [];
      list.push(country ? { type, value, country } : { type, value });
      joins.identifications.set(holder, list);
    }
    return true;
  }
  return false;
}

function buildTarget(
  e: Entity,
  schema: TargetSchema,
  joins: Joins,
  summary: ParsedList['summary'],
): SanctionTarget {
  const p = e.properties;
  const b = new TargetBuilder();
  (p.name ?? []).forEach((n, i) => b.addName(n, i === 0 ? 'primary' : 'alias'));
  if (!b.hasPrimaryName()) b.addName(e.caption, 'primary');
  for (const n of [...(p.alias ?? []), ...(p.previousName ?? [])]) b.addName(n, 'alias');
  for (const n of p.weakAlias ?? []) b.addName(n, 'weak');
  for (const d of p.birthDate ?? []) b.addBirthDate(d);
  for (const c of [...(p.nationality ?? []), ...(p.citizenship ?? [])]) b.addNationality(c);
  for (const c of [
    ...(p.country ?? []),
    ...(p.jurisdiction ?? []),
    ...(p.mainCountry ?? []),
    ...(p.flag ?? []),
  ])
    b.addCountry(c);
  for (const [prop, type] of ID_PROPS) for (const v of p[prop] ?? []) b.addIdentifier(type, v);
  for (const id of joins.identifications.get(e.id) ?? []) b.addIdentifier(id.type, id.value, id.country);
  for (const a of p.address ?? []) b.addAddress(a, countryOfPlace(a));
  for (const g of p.gender ?? []) b.setGender(g);
  for (const pos of p.position ?? []) b.addRemark(`Position: ${pos}`);
  for (const n of p.notes ?? []) b.addRemark(n);

  for (const s of joins.sanctions.get(e.id) ?? [])
    b.addProgramme(resolveProgramme(s.jurisdiction, s.names, summary, s.listedOn));
  joins.used.add(e.id);
  // Some exports put the programme on the target itself.
  const own = [...(p.programId ?? []), ...(p.program ?? [])];
  if (own.length > 0) b.addProgramme(resolveProgramme(jurisdictionOfDataset(e.datasets[0]), own, summary));
  summary.targets++;
  return b.build(e.id, schema);
}

/** Whether a non-Sanction entity is yielded; counts the ones that are not. */
function targetSchema(e: Entity, joins: Joins, summary: ParsedList['summary']): TargetSchema | undefined {
  const schema = SCHEMA_MAP[e.schema];
  if (!schema) {
    countSkipped(summary, `schema:${e.schema}`);
    return undefined;
  }
  // Relatives and associates appear as non-target Persons: they are not designated.
  if (e.target !== true && !joins.sanctions.has(e.id)) {
    countSkipped(summary, 'non-target-entity');
    return undefined;
  }
  return schema;
}

export async function parseFtm(
  source: SanctionsSource,
  text: AsyncGenerator<string>,
  options: TextOptions = {},
): Promise<ParsedList> {
  const summary = newSummary();
  const file = source.name;
  const lines = splitLines(text, file, options.maxTokenChars);
  const firstLine = await lines.next();
  const firstEntity = firstLine.done
    ? undefined
    : parseEntity(file, firstLine.value.text, firstLine.value.line);
  const twoPass = source.reopenable;

  async function* entities(
    it: AsyncIterable<{ text: string; line: number }>,
    lead?: Entity,
  ): AsyncGenerator<{ entity: Entity; line: number }> {
    if (lead) yield { entity: lead, line: 1 };
    for await (const l of it)
      if (l.text.trim()) yield { entity: parseEntity(file, l.text, l.line), line: l.line };
  }

  async function* targets(): AsyncGenerator<SanctionTarget> {
    const joins: Joins = { sanctions: new Map(), identifications: new Map(), used: new Set() };
    const buffered: Entity[] = [];
    for await (const { entity } of entities(lines, firstEntity)) {
      if (!collectJoin(entity, joins) && !twoPass) buffered.push(entity);
    }
    const second = twoPass
      ? entities(splitLines(decodeText(source, options), file, options.maxTokenChars))
      : undefined;
    const pass2: AsyncIterable<{ entity: Entity }> | Iterable<{ entity: Entity }> =
      second ?? buffered.splice(0).map((entity) => ({ entity }));
    for await (const { entity } of pass2) {
      if (entity.schema === 'Sanction' || entity.schema === 'Identification' || entity.schema === 'Passport')
        continue;
      const schema = targetSchema(entity, joins, summary);
      if (schema) yield buildTarget(entity, schema, joins, summary);
    }
    for (const id of joins.sanctions.keys())
      if (!joins.used.has(id)) countSkipped(summary, 'sanction-without-target');
  }

  return {
    dataset: firstEntity?.datasets[0] ?? 'unknown',
    format: 'ftm-jsonl',
    targets: targets(),
    summary,
  };
}

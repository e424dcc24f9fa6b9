import { SaxesParser } from 'saxes';
import { DEFAULT_MAX_TOKEN_CHARS, tooLongToken, type TextOptions } from './input';
import { newSummary, resolveProgramme } from './regimes';
import { SanctionsParseError } from './sanctions.errors';
import type { ParsedList, ParseSummary, SanctionTarget } from './sanctions.types';
import { TargetBuilder } from './target-builder';

/**
 * EU Financial Sanctions Files XML (`<export>` / `<sanctionEntity>`), read with saxes events: one
 * entity's facts are held until its closing tag, then yielded. No DTD processing exists at all: saxes
 * never loads external entities, and we reject any DOCTYPE outright (the FSF file has none), so
 * billion-laughs and XXE payloads fail before a single entity is expanded. Unknown entity references
 * (`&xxe;`) are malformed XML to saxes. An endless attribute value or text node is refused once it
 * passes options.maxTokenChars (saxes would otherwise hold it whole).
 */

const IDENTIFIER_TYPES: Record<string, string> = {
  passport: 'passport',
  id: 'nationalId',
  regnumber: 'registrationNumber',
  taxid: 'taxId',
  fiscalcode: 'taxId',
  euvat: 'taxId',
  imo: 'imo',
  swiftbic: 'swiftBic',
  other: 'other',
};

interface RawAlias {
  name: string;
  lang?: string;
  strong: boolean;
}

interface EntityState {
  ref: string;
  subject?: string;
  listedOn?: string;
  builder: TargetBuilder;
  aliases: RawAlias[];
}

const localName = (name: string): string => {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
};

const isoDate = (year?: string, month?: string, day?: string): string | undefined => {
  if (!year || !/^\d{4}$/.test(year)) return undefined;
  if (!month || !/^\d{1,2}$/.test(month)) return year;
  const mm = month.padStart(2, '0');
  if (!day || !/^\d{1,2}$/.test(day)) return `${year}-${mm}`;
  return `${year}-${mm}-${day.padStart(2, '0')}`;
};

function addressText(a: Record<string, string>): string {
  const country =
    a.countryDescription && a.countryDescription !== 'UNKNOWN' ? a.countryDescription : undefined;
  return [a.street, a.poBox, a.city, a.zipCode, a.region, a.place, country]
    .filter((p) => p && p.trim())
    .join(', ');
}

function finishEntity(e: EntityState, summary: ParseSummary): SanctionTarget {
  // The FSF marks no primary name: take the first English (or untagged) form, as the Commission's own
  // listing text does; forms in other languages are transliterations of the same names.
  const primaryIndex = Math.max(
    0,
    e.aliases.findIndex((a) => a.strong && (a.lang === undefined || a.lang === 'EN')),
  );
  // Primary first, so that a same-text form elsewhere in the list cannot displace it.
  const primary = e.aliases[primaryIndex];
  if (primary) e.builder.addName(primary.name, 'primary', primary.lang);
  e.aliases.forEach((a, i) => {
    if (i === primaryIndex) return;
    const kind = !a.strong ? 'weak' : a.lang && a.lang !== 'EN' ? 'transliteration' : 'alias';
    e.builder.addName(a.name, kind, a.lang);
  });
  summary.targets++;
  return e.builder.build(e.ref, e.subject === 'person' ? 'Person' : 'Organization');
}

export function parseEuFsf(
  file: string,
  head: string,
  text: AsyncIterable<string> | Iterable<string>,
  options: TextOptions = {},
): ParsedList {
  const maxToken = options.maxTokenChars ?? DEFAULT_MAX_TOKEN_CHARS;
  const summary = newSummary();
  const snapshot = /<(?:\w+:)?export\b[^>]*\bgenerationDate="(\d{4}-\d{2}-\d{2})/.exec(head)?.[1];

  async function* targets(): AsyncGenerator<SanctionTarget> {
    const parser = new SaxesParser({ xmlns: false, position: true });
    const queue: SanctionTarget[] = [];
    let depth = 0;
    let entity: EntityState | undefined;
    let entities = 0;
    let capture: 'remark' | undefined;
    let captured = '';
    // Character position of the parser's last event: what lies beyond it is one token saxes holds.
    let lastEvent = 0;
    const seen = (): void => {
      lastEvent = parser.position;
    };
    const fail = (
      code: 'xml-doctype' | 'xml-malformed' | 'unknown-format',
      detail: string,
    ): SanctionsParseError =>
      new SanctionsParseError(code, file, detail, { line: parser.line, record: entities || undefined });

    parser.on('error', (err) => {
      // saxes messages carry only position and a grammar complaint, never document text beyond a name.
      throw fail('xml-malformed', err.message.replace(/^.*?:\d+:\d+: /, ''));
    });
    parser.on('doctype', () => {
      throw fail(
        'xml-doctype',
        'DOCTYPE declarations are not accepted (entity expansion / external entities)',
      );
    });
    parser.on('opentag', (tag) => {
      seen();
      depth++;
      const name = localName(tag.name);
      const a = tag.attributes;
      if (depth === 1) {
        if (name !== 'export') throw fail('unknown-format', 'the root element is not an FSF <export>');
        return;
      }
      if (name === 'sanctionEntity' && depth === 2) {
        entities++;
        const ref = a.euReferenceNumber || (a.logicalId ? `EU-logical-${a.logicalId}` : '');
        if (!ref)
          throw new SanctionsParseError('invalid-record', file, 'sanctionEntity without an id', {
            line: parser.line,
            record: entities,
          });
        entity = { ref, builder: new TargetBuilder(), aliases: [] };
        const designated = a.designationDate?.slice(0, 10);
        if (designated) entity.listedOn = designated;
        return;
      }
      if (!entity || depth !== 3) return;
      const b = entity.builder;
      switch (name) {
        case 'subjectType':
          entity.subject = a.code;
          break;
        case 'regulation':
          if (!a.programme) break;
          b.addProgramme(resolveProgramme('EU', [a.programme], summary, entity.listedOn));
          break;
        case 'nameAlias': {
          const whole = a.wholeName || [a.firstName, a.middleName, a.lastName].filter(Boolean).join(' ');
          if (whole)
            entity.aliases.push({
              name: whole,
              ...(a.nameLanguage ? { lang: a.nameLanguage } : {}),
              strong: a.strong !== 'false',
            });
          b.setGender(a.gender);
          if (a.function) b.addRemark(`Function: ${a.function}`);
          break;
        }
        case 'birthdate':
          b.addBirthDate(a.birthdate || isoDate(a.year, a.monthOfYear, a.dayOfMonth));
          b.addCountry(a.countryIso2Code);
          break;
        case 'citizenship':
          b.addNationality(a.countryIso2Code);
          break;
        case 'identification': {
          const code = (a.identificationTypeCode ?? 'other').toLowerCase();
          b.addIdentifier(IDENTIFIER_TYPES[code] ?? code, a.number, a.countryIso2Code);
          break;
        }
        case 'address':
          b.addAddress(addressText(a), a.countryIso2Code);
          break;
        case 'remark':
          capture = 'remark';
          captured = '';
          break;
      }
    });
    const addText = (t: string): void => {
      seen();
      if (!capture) return;
      captured += t;
      if (captured.length > maxToken) throw tooLongToken(file, parser.line, maxToken);
    };
    parser.on('text', addText);
    parser.on('cdata', addText);
    parser.on('comment', seen);
    parser.on('processinginstruction', seen);
    parser.on('closetag', (tag) => {
      seen();
      depth--;
      const name = localName(tag.name);
      if (capture && name === 'remark') {
        entity?.builder.addRemark(captured);
        capture = undefined;
      } else if (name === 'sanctionEntity' && depth === 1 && entity) {
        queue.push(finishEntity(entity, summary));
        entity = undefined;
      }
    });

    for await (const chunk of text) {
      parser.write(chunk);
      if (parser.position - lastEvent > maxToken) throw tooLongToken(file, parser.line, maxToken);
      // Hand over what this chunk completed; only a chunk's worth of entities is ever buffered.
      for (const t of queue.splice(0)) yield t;
    }
    parser.close();
    for (const t of queue.splice(0)) yield t;
  }

  return {
    dataset: 'eu_fsf',
    format: 'eu-fsf-xml',
    ...(snapshot ? { snapshotDate: snapshot } : {}),
    targets: targets(),
    summary,
  };
}

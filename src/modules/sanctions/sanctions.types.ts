/**
 * The normalised shape every sanctions-list parser yields, whatever the source format. The DB layer
 * (next step) stores these; the name matcher compares against `names`.
 *
 * Conventions:
 * - Country codes (`nationalities`, `countries`, `identifiers[].country`, `addresses[].country`) are
 *   ISO 3166-1 alpha-2 in UPPER case (`BY`, `RU`), the standard's own form. FtM's lower-case codes are
 *   upper-cased; the EU's placeholder `00` ("unknown") is dropped. Kosovo is `XK` as in all four lists.
 * - Dates are ISO prefixes: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, never invented precision.
 * - `countries` is every country linked to the target other than citizenship: addresses, place of
 *   birth, issuing country of identifiers, vessel flag.
 * - Name languages (`lang`) are lower-case ISO 639-1 (`ru`, `be`, `uk` = Ukrainian).
 */

export const TARGET_SCHEMAS = [
  'Person',
  'Organization',
  'Company',
  'LegalEntity',
  'Vessel',
  'Airplane',
] as const;
export type TargetSchema = (typeof TARGET_SCHEMAS)[number];

/**
 * primary: the list's main name; alias: a.k.a./f.k.a. or another name the list gives;
 * weak: a low-quality alias the list itself flags (OFAC/UK "weak"/"low quality", EU strong="false");
 * transliteration: the same name written in another language or script (EU language variants).
 */
export type NameKind = 'primary' | 'alias' | 'weak' | 'transliteration';

export interface TargetName {
  value: string;
  lang?: string;
  kind: NameKind;
}

/** Normalised identifier types; anything else keeps the source's own label (lower-cased). */
export type IdentifierType =
  | 'passport'
  | 'nationalId'
  | 'taxId'
  | 'registrationNumber'
  | 'imo'
  | 'mmsi'
  | 'callSign'
  | 'swiftBic'
  | 'email'
  | 'other'
  | (string & {});

export interface TargetIdentifier {
  type: IdentifierType;
  value: string;
  country?: string;
}

export interface TargetAddress {
  text: string;
  country?: string;
}

export type Jurisdiction = 'EU' | 'US' | 'UK' | 'CA' | 'CH' | 'UN' | (string & {});
export type Regime = 'Belarus' | 'Russia' | 'other';

export interface TargetProgramme {
  /** Short programme code: EU `BLR`, OFAC tag `BELARUS-EO14038`, UK `BEL`, Canada `BELARUS`. */
  code: string;
  jurisdiction: Jurisdiction;
  regime: Regime;
  legalBasis?: string;
  /** Date of listing when the source states it; never guessed from amendment dates. */
  listedOn?: string;
}

export interface SanctionTarget {
  /** The list's own id: EU euReferenceNumber, OFAC ent_num, FtM entity id. */
  sourceId: string;
  schema: TargetSchema;
  names: TargetName[];
  birthDates: string[];
  nationalities: string[];
  countries: string[];
  identifiers: TargetIdentifier[];
  addresses: TargetAddress[];
  programmes: TargetProgramme[];
  gender?: 'male' | 'female';
  remarks?: string;
}

export type ListFormat = 'eu-fsf-xml' | 'ofac-sdn-csv' | 'ftm-jsonl';

/** Filled in while `targets` is iterated; complete once iteration ends. */
export interface ParseSummary {
  targets: number;
  /** `jurisdiction:code` → number of targets carrying a programme missing from regimes.data.ts. */
  unknownProgrammes: Record<string, number>;
  /** Entities the parser read but did not yield (FtM schemas we do not model, dangling sanctions). */
  skipped: Record<string, number>;
}

export interface ParsedList {
  /** Dataset name: `eu_fsf`, `us_ofac_sdn`, or the FtM `datasets[0]`. */
  dataset: string;
  format: ListFormat;
  snapshotDate?: string;
  /** Single-use stream of targets, one at a time. */
  targets: AsyncIterable<SanctionTarget>;
  summary: ParseSummary;
}

/** A source that can be opened (more than once where a parser needs two passes). */
export interface SanctionsSource {
  /** Used in errors and summaries only; the base name, never file contents. */
  name: string;
  open(): AsyncIterable<Uint8Array>;
  /** False for one-shot streams: parsers that want two passes fall back to buffering. */
  reopenable: boolean;
}

export type SanctionsInput = string | SanctionsSource;

import { normaliseCode } from './countries';
import type {
  NameKind,
  SanctionTarget,
  TargetAddress,
  TargetIdentifier,
  TargetName,
  TargetProgramme,
  TargetSchema,
} from './sanctions.types';

/**
 * Accumulates one target's facts with de-duplication, so each parser only says what it read.
 * Whitespace runs are squashed (lists pad names inconsistently: "Mikhailovich  ROGASHCHUK").
 */

export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export class TargetBuilder {
  private readonly names: TargetName[] = [];
  private readonly nameKeys = new Set<string>();
  private readonly birthDates = new Set<string>();
  private readonly nationalities = new Set<string>();
  private readonly countries = new Set<string>();
  private readonly identifiers: TargetIdentifier[] = [];
  private readonly identifierKeys = new Set<string>();
  private readonly addresses: TargetAddress[] = [];
  private readonly addressKeys = new Set<string>();
  private readonly programmes: TargetProgramme[] = [];
  private readonly remarks: string[] = [];
  private gender: 'male' | 'female' | undefined;

  addName(value: string | undefined, kind: NameKind, lang?: string): void {
    const v = value ? squash(value) : '';
    if (!v) return;
    // Case-insensitive: "ROGASHCHUK" and "Rogashchuk" are one name for matching purposes.
    const k = v.toLowerCase();
    if (this.nameKeys.has(k)) return;
    this.nameKeys.add(k);
    const l = lang?.trim().toLowerCase();
    this.names.push(l ? { value: v, lang: l, kind } : { value: v, kind });
  }

  hasPrimaryName(): boolean {
    return this.names.some((n) => n.kind === 'primary');
  }

  /** Accepts YYYY, YYYY-MM, YYYY-MM-DD or a longer ISO timestamp (cut to the date). */
  addBirthDate(date: string | undefined): void {
    const d = date?.trim().slice(0, 10);
    if (d && DATE.test(d)) this.birthDates.add(d);
  }

  addNationality(code: string | undefined): void {
    const c = normaliseCode(code);
    if (c) this.nationalities.add(c);
  }

  addCountry(code: string | undefined): void {
    const c = normaliseCode(code);
    if (c) this.countries.add(c);
  }

  addIdentifier(type: string, value: string | undefined, country?: string): void {
    let v = value ? squash(value) : '';
    // IMO numbers are written "IMO 1234567", "IMO1234567" or bare: keep the 7 digits only.
    if (type === 'imo') v = /\d{7}/.exec(v)?.[0] ?? v;
    if (!v) return;
    const c = normaliseCode(country);
    const k = `${type}\u0000${v}\u0000${c ?? ''}`;
    if (this.identifierKeys.has(k)) return;
    this.identifierKeys.add(k);
    this.identifiers.push(c ? { type, value: v, country: c } : { type, value: v });
    this.addCountry(c);
  }

  addAddress(text: string | undefined, country?: string): void {
    const t = text ? squash(text) : '';
    const c = normaliseCode(country);
    if (!t) return;
    const k = `${t}\u0000${c ?? ''}`;
    if (this.addressKeys.has(k)) return;
    this.addressKeys.add(k);
    this.addresses.push(c ? { text: t, country: c } : { text: t });
    this.addCountry(c);
  }

  addProgramme(p: TargetProgramme): void {
    if (this.programmes.some((x) => x.jurisdiction === p.jurisdiction && x.code === p.code)) return;
    this.programmes.push(p);
  }

  setGender(value: string | undefined): void {
    const g = value?.trim().toLowerCase();
    if (this.gender) return;
    if (g === 'm' || g === 'male') this.gender = 'male';
    else if (g === 'f' || g === 'female') this.gender = 'female';
  }

  addRemark(text: string | undefined): void {
    const t = text?.trim();
    if (t && !this.remarks.includes(t)) this.remarks.push(t);
  }

  build(sourceId: string, schema: TargetSchema): SanctionTarget {
    return {
      sourceId,
      schema,
      names: this.names,
      birthDates: [...this.birthDates],
      nationalities: [...this.nationalities],
      countries: [...this.countries],
      identifiers: this.identifiers,
      addresses: this.addresses,
      programmes: this.programmes,
      ...(this.gender ? { gender: this.gender } : {}),
      ...(this.remarks.length > 0 ? { remarks: this.remarks.join('\n') } : {}),
    };
  }
}

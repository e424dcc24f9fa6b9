import { countryCode, countryOfPlace } from './countries';
import type { TargetBuilder } from './target-builder';

/**
 * OFAC sdn.csv packs most facts into the Remarks column as "; "-separated phrases:
 * `DOB 30 Aug 1954; alt. DOB 31 Aug 1954; POB Kopys, Vitebsk oblast, Belarus; nationality Belarus;
 * Gender Male; Passport 1084010 (Egypt); a.k.a. 'BNC'.` We read the phrases we can use and leave the
 * whole text in `remarks` as well, so nothing is lost when a phrase is not understood.
 */

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

function parseDate(s: string): string | undefined {
  let m = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[(m[2] as string).toLowerCase()];
    return month ? `${m[3]}-${month}-${(m[1] as string).padStart(2, '0')}` : undefined;
  }
  m = /^([A-Za-z]{3}) (\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[(m[1] as string).toLowerCase()];
    return month ? `${m[2]}-${month}` : undefined;
  }
  return /^\d{4}$/.test(s) ? s : undefined;
}

/** "10 Dec 1948", "Dec 1948", "1946", "circa 1958", "1961 to 1963", "circa 1958-1960". */
export function parseOfacDates(text: string): string[] {
  const s = text.replace(/^circa /i, '').trim();
  const range = /^(.+?)(?: to |-)(.+)$/.exec(s);
  if (!range) {
    const d = parseDate(s);
    return d ? [d] : [];
  }
  const from = parseDate((range[1] as string).trim());
  const to = parseDate((range[2] as string).trim());
  if (!from || !to) return [];
  // A span of years stands for "born in one of these years": list them, if the span is short.
  if (/^\d{4}$/.test(from) && /^\d{4}$/.test(to)) {
    const a = Number(from);
    const b = Number(to);
    if (b >= a && b - a <= 10) return Array.from({ length: b - a + 1 }, (_, i) => String(a + i));
  }
  return from === to ? [from] : [from, to];
}

/** Remark label → normalised identifier type. Order matters: longer labels first. */
const IDENTIFIER_LABELS: [string, string][] = [
  ['Vessel Registration Identification', 'imo'],
  ['Diplomatic Passport', 'passport'],
  ['Passport', 'passport'],
  ['National ID No.', 'nationalId'],
  ['Cedula No.', 'nationalId'],
  ['C.U.R.P.', 'nationalId'],
  ['D.N.I.', 'nationalId'],
  ['Identification Number', 'other'],
  ['Business Registration Number', 'registrationNumber'],
  ['Company Number', 'registrationNumber'],
  ['Registration Number', 'registrationNumber'],
  ['Registration ID', 'registrationNumber'],
  ['Unified Social Credit Code (USCC)', 'registrationNumber'],
  ['Tax ID No.', 'taxId'],
  ['R.F.C.', 'taxId'],
  ['V.A.T. Number', 'taxId'],
  ['SWIFT/BIC', 'swiftBic'],
  ['MMSI', 'mmsi'],
  ['Email Address', 'email'],
];

function splitCountry(rest: string): { value: string; country?: string } {
  // "AO 2879097 (Italy) expires 30 Oct 2012" → value "AO 2879097", country IT
  const m = /^(.+?)(?: \(([^)]*)\))?(?: (?:expires|issued|alt\.) .*)?$/.exec(rest);
  const value = (m?.[1] ?? rest).trim();
  const country = m?.[2] ? countryCode(m[2]) : undefined;
  return country ? { value, country } : { value };
}

function applyPhrase(b: TargetBuilder, phrase: string): void {
  const p = phrase.replace(/^alt\. /, '');
  let m = /^DOB (.+)$/.exec(p);
  if (m) {
    for (const d of parseOfacDates(m[1] as string)) b.addBirthDate(d);
    return;
  }
  m = /^POB (.+)$/.exec(p);
  if (m) {
    b.addCountry(countryOfPlace(m[1] as string));
    return;
  }
  m = /^(?:nationality|citizen) (.+)$/.exec(p);
  if (m) {
    b.addNationality(countryCode(m[1] as string));
    return;
  }
  m = /^Gender (Male|Female)$/i.exec(p);
  if (m) {
    b.setGender(m[1]);
    return;
  }
  m = /^[afn]\.k\.a\.,? '(.+)'$/.exec(p);
  if (m) {
    b.addName(m[1], 'alias');
    return;
  }
  for (const [label, type] of IDENTIFIER_LABELS) {
    if (p.startsWith(`${label} `)) {
      const { value, country } = splitCountry(p.slice(label.length + 1));
      b.addIdentifier(type, value, country);
      return;
    }
  }
}

export function applyOfacRemarks(b: TargetBuilder, remarks: string): void {
  for (const raw of remarks.split(';')) {
    const phrase = raw.trim().replace(/\.$/, '');
    if (phrase) applyPhrase(b, phrase);
  }
}

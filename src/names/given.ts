/**
 * Lookup over the given-name table: token key → name groups, and patronymic → the father's
 * name group (Рыгоравіч / Григорьевич → grigori).
 */
import { GIVEN_NAME_LINES } from './data/given-names';
import { tokenKeys } from './key';

export type Gender = 'm' | 'f';
export interface GivenHit {
  group: string;
  gender: Gender;
  /** Diminutives (Sasha, Aleś) are weaker evidence than formal names. */
  weak: boolean;
}

const byKey = new Map<string, GivenHit[]>();
const stemToGroup = new Map<string, Set<string>>();

function addHit(key: string, hit: GivenHit): void {
  const list = byKey.get(key) ?? [];
  if (!list.some((h) => h.group === hit.group && h.weak === hit.weak)) list.push(hit);
  byKey.set(key, list);
}
function addStem(stem: string, group: string): void {
  if (stem.length < 2) return;
  const set = stemToGroup.get(stem) ?? new Set<string>();
  set.add(group);
  stemToGroup.set(stem, set);
}

/** Stems a patronymic can be built on: the key, without a final i (-ий, -ей), without final vowels. */
function givenStems(key: string): string[] {
  const out = [key, key.replace(/i$/, ''), key.replace(/[aeiu]+$/, '')];
  // Павел → Павлович, Лев → Львович: the e before the last consonant drops.
  const m = /^(.*[^aeiu])e([^aeiu])$/.exec(key);
  if (m) out.push(`${m[1]}${m[2]}`);
  return out;
}

for (const line of GIVEN_NAME_LINES) {
  const [group = '', g = 'm', formal = '', dims = '', pats = ''] = line.split('|');
  const gender: Gender = g === 'f' ? 'f' : 'm';
  const split = (s: string): string[] =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  for (const form of split(formal))
    for (const k of tokenKeys(form)) {
      addHit(k, { group, gender, weak: false });
      if (gender === 'm') for (const st of givenStems(k)) addStem(st, group);
    }
  for (const form of split(dims)) for (const k of tokenKeys(form)) addHit(k, { group, gender, weak: true });
  for (const form of split(pats)) for (const k of tokenKeys(form)) addStem(k, group);
}

export function givenHits(keys: readonly string[]): GivenHit[] {
  const out: GivenHit[] = [];
  for (const k of keys) for (const h of byKey.get(k) ?? []) out.push(h);
  // A formal hit makes a diminutive hit of the same group redundant (Юля/Юлия share a key).
  return out.filter(
    (h, i) =>
      out.findIndex((o) => o.group === h.group && o.weak === h.weak) === i &&
      !(h.weak && out.some((o) => o.group === h.group && !o.weak)),
  );
}

const MALE_PAT = /(a|e|i)?viC$|iC$/;
const FEMALE_PAT = /(a|e|i)?vna$|(in)?iCna$/;

export interface Patronymic {
  gender: Gender;
  /** Key with the suffix removed. */
  stem: string;
  groups: string[];
}

/** Reads a token key as a patronymic, if its ending is one. */
export function asPatronymic(key: string): Patronymic | undefined {
  const male = MALE_PAT.test(key);
  const female = !male && FEMALE_PAT.test(key);
  if (!male && !female) return undefined;
  if (key.length < 4) return undefined;
  const cuts = male
    ? [/aviC$|eviC$|iviC$/, /viC$/, /iC$/]
    : [/avna$|evna$|ivna$/, /vna$/, /iniCna$/, /iCna$/];
  const groups = new Set<string>();
  let stem = key;
  for (const re of cuts) {
    const s = key.replace(re, '');
    if (s === key) continue;
    if (stem === key) stem = s;
    for (const g of stemToGroup.get(s) ?? []) groups.add(g);
  }
  return { gender: male ? 'm' : 'f', stem, groups: [...groups].sort() };
}

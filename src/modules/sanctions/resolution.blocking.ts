import { asPatronymic, givenHits, tokenKeys } from '../../names';

/**
 * Preparation and blocking for cross-list resolution (resolution.ts): which records are worth comparing.
 * Identifiers are reduced to comparable class keys; names are split into parts whose cross-language keys
 * and name groups become numeric block keys, with a cheap pre-filter before the full name comparison.
 * Everything is cached per name and per part for one run; clearBlockingCaches() ends the run.
 */
const ID_CLASS: Record<string, string> = {
  passport: 'doc',
  nationalId: 'doc',
  taxId: 'reg',
  registrationNumber: 'reg',
  imo: 'imo',
  mmsi: 'mmsi',
  swiftBic: 'swift',
};

export function identifierClassKey(type: string, key: string): string | undefined {
  const cls = ID_CLASS[type];
  if (!cls) return undefined;
  const k = cls === 'imo' ? key.replace(/^IMO/, '') : key;
  if (k.length < 5 || (cls !== 'swift' && !/\d/.test(k))) return undefined;
  return `${cls}:${k}`;
}

/** Person, body (Organization/Company/LegalEntity), Vessel, Airplane: only like with like. */
export function kindOf(schema: string): string {
  if (schema === 'Person' || schema === 'Vessel' || schema === 'Airplane') return schema;
  return 'Body';
}

export const NAME_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{M}\s\p{P}\p{N}]+$/u;
/** Per token: the numeric ids of its first three classes (keys, given-name and father's-name groups). */
const tokenCache = new Map<string, number[]>();

const classIds = new Map<string, number>();
const classId = (c: string): number => {
  let id = classIds.get(c);
  if (id === undefined) classIds.set(c, (id = classIds.size + 1));
  return id;
};

function tokenClasses(token: string): number[] {
  let out = tokenCache.get(token);
  if (out) return out;
  const keys = tokenKeys(token).filter((k) => k.length >= 2);
  const set = new Set(keys.map((k) => `k:${k}`));
  for (const g of givenHits(keys)) set.add(`g:${g.group}`);
  for (const k of keys) for (const g of asPatronymic(k)?.groups ?? []) set.add(`p:${g}`);
  out = [...set].slice(0, 3).map(classId);
  tokenCache.set(token, out);
  return out;
}

interface PreparedName {
  name: string;
  /** Its first six words of two letters or more, lower-cased. */
  words: string[];
  /** Per word of the first three (all that blocking needs): the ids of its keys and groups. */
  head: number[][];
  /** The ids of every word's keys and groups, computed when a candidate pair needs them. */
  all?: Set<number>;
  /** Its words, lower-cased and sorted (two names with the same words in another order), when needed. */
  sorted?: string;
}

/** Every name is prepared once (not per pair) and kept until the end of the run. */
const nameCache = new Map<string, PreparedName>();

export const sortedWords = (p: PreparedName): string =>
  (p.sorted ??= p.name
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' '));

export function prepare(name: string): PreparedName {
  let p = nameCache.get(name);
  if (p) return p;
  const words = name
    .toLowerCase()
    .split(/[^\p{L}\p{M}]+/u)
    .filter((t) => t.length >= 2)
    .slice(0, 6);
  p = { name, words, head: words.slice(0, 3).map(tokenClasses) };
  nameCache.set(name, p);
  return p;
}

function allClasses(p: PreparedName): Set<number> {
  return (p.all ??= new Set(p.words.flatMap(tokenClasses)));
}

/**
 * Cheap pre-filter before compareNames: whether every part of the shorter name finds a part of the other
 * name with a key, given-name group or father's-name group in common. Most blocked pairs share one pair
 * of common parts and nothing else; they are dropped here without the full comparison.
 */
export function covered(a: PreparedName, b: PreparedName): boolean {
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  if (short.words.length === 0) return false;
  const all = allClasses(long);
  // Every part of the shorter name must be found in the longer one (by key, given-name or father's-name
  // group): names that share one pair of common parts and differ in a third are different people.
  for (const word of short.words) if (!tokenClasses(word).some((c) => all.has(c))) return false;
  return true;
}

const KINDS: Record<string, number> = { Person: 1, Body: 2, Vessel: 3, Airplane: 4 };

/**
 * Block keys as numbers (kind, class, class): cheaper to hash and to keep than strings at ~150,000 keys.
 * Class ids stay below 2^22, so kind·2^44 + x·2^22 + y is exact in a double.
 */
export function blockKeys(p: PreparedName, kind: string): number[] {
  // Three parts are enough to block on: two names sharing a surname and a given name or patronymic
  // share a pair among them, whatever the order the list writes them in.
  const classes = p.head;
  if (classes.length === 0) return [];
  const k = (KINDS[kind] ?? 5) * 2 ** 44;
  const out = new Set<number>();
  if (classes.length === 1) for (const c of classes[0]!) out.add(k + c);
  for (let i = 0; i < classes.length; i++)
    for (let j = i + 1; j < classes.length; j++)
      for (const x of classes[i]!)
        for (const y of classes[j]!) out.add(k + (x < y ? x * 2 ** 22 + y : y * 2 ** 22 + x));
  return [...out];
}

/** Drops every per-run cache of this file (the caller also clears the name matcher's). */
export function clearBlockingCaches(): void {
  nameCache.clear();
  tokenCache.clear();
  classIds.clear();
}

import { createHmac } from 'node:crypto';
import type { Keyring } from '../../core/crypto/keyring';
import { tokenKeys } from '../../names';

/**
 * Keyed blind index for person names. The database holds only HMACs of normalised name parts, their
 * prefixes and their cross-language keys (Siarhei/Sergei/Сяргей/Сергей share a key), never the names.
 * This is the one place tokens are made: creation, update, import and merge all call indexTokens, and
 * search calls queryTokenGroups, so both sides always agree.
 */

const PURPOSE = 'person-name-blind-index';
/** Hex characters kept of each HMAC: 80 bits, plenty against accidental collisions, smaller index. */
const TOKEN_HEX = 20;
const MIN_PREFIX = 2;
const MIN_KEY_PREFIX = 3;
/** Longer parts are indexed by their first MAX_PREFIX letters only (names are rarely longer). */
const MAX_PREFIX = 24;

const keyCache = new WeakMap<Keyring, Buffer>();

export function blindIndexKey(keyring: Keyring): Buffer {
  let key = keyCache.get(keyring);
  if (!key) {
    key = keyring.deriveKey(PURPOSE);
    keyCache.set(keyring, key);
  }
  return key;
}

/** Lower-case, NFKC, diacritics folded (ё→е, ł→l, š→s), apostrophes dropped; split into parts. */
export function nameParts(name: string): string[] {
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .replace(/['’ʼ`´]/g, '');
  return folded.split(/[^\p{L}\p{N}]+/u).filter((p) => p.length > 0);
}

/** Cross-language keys of one part, taken from the original spelling (diacritics carry meaning there). */
function crossKeys(original: string): string[] {
  try {
    return tokenKeys(original).filter((k) => k.length > 0);
  } catch {
    return [];
  }
}

function originalParts(name: string): string[] {
  return name
    .normalize('NFKC')
    .replace(/['’ʼ`´]/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((p) => p.length > 0);
}

function prefixes(word: string, min: number): string[] {
  const chars = [...word].slice(0, MAX_PREFIX);
  const out: string[] = [];
  for (let n = Math.min(min, chars.length); n <= chars.length; n++) out.push(chars.slice(0, n).join(''));
  return out;
}

function hmac(key: Buffer, plain: string): string {
  return createHmac('sha256', key).update(plain).digest('hex').slice(0, TOKEN_HEX);
}

/** Plain (un-hashed) tokens of a set of names; exported for tests only — never store or log them. */
export function plainIndexTokens(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    for (const part of nameParts(name)) for (const p of prefixes(part, MIN_PREFIX)) out.add(`p:${p}`);
    for (const part of originalParts(name)) {
      for (const k of crossKeys(part)) for (const p of prefixes(k, MIN_KEY_PREFIX)) out.add(`k:${p}`);
    }
  }
  return out;
}

/** HMAC tokens to store in person_name_tokens for a person with these names (deduplicated). */
export function indexTokens(key: Buffer, names: readonly string[]): string[] {
  return [...plainIndexTokens(names)].map((t) => hmac(key, t));
}

/**
 * One group of tokens per query part; a person matches when, for every group, one of its tokens is in
 * the person's index. Each part matches as a prefix of a name part, literally or by cross-language key.
 * Returns [] for a query with no letters (the caller then applies no name filter or returns nothing).
 */
export function queryTokenGroups(key: Buffer, query: string): string[][] {
  const groups: string[][] = [];
  const folded = nameParts(query);
  const originals = originalParts(query);
  folded.forEach((part, i) => {
    const plain = new Set<string>();
    if ([...part].length >= MIN_PREFIX) plain.add(`p:${[...part].slice(0, MAX_PREFIX).join('')}`);
    const original = originals[i] ?? part;
    for (const k of crossKeys(original)) {
      if (k.length >= MIN_KEY_PREFIX) plain.add(`k:${[...k].slice(0, MAX_PREFIX).join('')}`);
    }
    if (plain.size > 0) groups.push([...plain].map((t) => hmac(key, t)));
  });
  return groups;
}

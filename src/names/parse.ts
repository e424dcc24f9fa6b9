/**
 * Splits a person's name into tokens and guesses each token's role (surname, given name,
 * patronymic, initial) from the given-name table and the patronymic endings, in any order.
 */
import { asPatronymic, givenHits, type Gender, type GivenHit, type Patronymic } from './given';
import { clearKeyCache, skeleton, tokenKeys } from './key';
import { asCyrillicLookalike } from './lookalike';
import { detectScript, habitOf, HAS_CYRILLIC, type ScriptResult } from './script';
import { transliterate } from './transliterate';
import { clearOrgCache } from './org';

export type Role = 'surname' | 'given' | 'patronymic' | 'initial';

export interface NameToken {
  raw: string;
  /** Lower-case, accents kept: equality here means "spelt the same". */
  norm: string;
  keys: string[];
  role: Role;
  given: GivenHit[];
  patronymic?: Patronymic;
  /** For surnames: grammatical gender of the form (-ов/-ова, -скі/-ская) and the shared stem. */
  gender?: Gender;
  stem: string;
  /** Possible first letters, for matching initials. */
  initials: string[];
  /** Part of a hyphenated or double surname. */
  hyphenated: boolean;
}

export interface ParsedName {
  raw: string;
  script: ScriptResult;
  tokens: NameToken[];
}

const PLAIN_WORD = /^[A-Za-z\u0400-\u04ff]{2,}$/;
/** Titles and ranks written into list names (Plukovník Oleksandr Fedorko, Viceadmirál Arkadij Romanov). */
const NOISE = new Set(
  (
    'mr mrs ms dr gen col prof sir г-н г-жа general colonel admiral plukovník plukovnik generál ' +
    'viceadmirál kontradmirál podplukovník generálmajor generálporučík генерал полковник адмирал'
  ).split(' '),
);
const ARTICLE = new Set([
  'al',
  'el',
  'ul',
  'ad',
  'ar',
  'as',
  'ash',
  'at',
  'az',
  'an',
  'ad-',
  'аль',
  'эль',
  'ал',
]);

/** Surname gender by ending, on the key (see key.ts for the alphabet). */
export function surnameGender(key: string): { gender?: Gender; stem: string } {
  let m: RegExpExecArray | null;
  // -ская/-скі, and the Ukrainian/Polish -ська/-цька/-ska beside -ський/-цький/-ski (ць keys as t).
  if ((m = /^(.{3,}[sctk]k)ae$/.exec(key))) return { gender: 'f', stem: m[1]! };
  if ((m = /^(.{3,}[sctk]k)a$/.exec(key))) return { gender: 'f', stem: m[1]! };
  if ((m = /^(.{3,}[sctk]k)i$/.exec(key))) return { gender: 'm', stem: m[1]! };
  if ((m = /^(.{2,}(?:av|ev|in|n))a$/.exec(key))) return { gender: 'f', stem: m[1]! };
  if ((m = /^(.{2,}(?:av|ev|in))$/.exec(key))) return { gender: 'm', stem: m[1]! };
  if ((m = /^(.{3,}[^aeiu])ae$/.exec(key))) return { gender: 'f', stem: m[1]! };
  if ((m = /^(.{3,}[^aeiu])ai$/.exec(key))) return { gender: 'm', stem: m[1]! };
  return { stem: key };
}

function firstLetters(raw: string, keys: readonly string[]): string[] {
  const set = new Set<string>();
  for (const k of keys) if (k) set.add(k.charAt(0).toLowerCase());
  const lat = HAS_CYRILLIC.test(raw) ? transliterate(raw, 'ru-icao-9303') : raw;
  const f = lat
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .charAt(0)
    .toLowerCase();
  if (f) set.add(f);
  return [...set];
}

const cache = new Map<string, Omit<NameToken, 'role' | 'hyphenated'>>();

function analyse(raw: string, habit: ReturnType<typeof habitOf>) {
  const ck = `${habit}\u0000${raw}`;
  const hit = cache.get(ck);
  if (hit) return hit;
  const keys = tokenKeys(raw, habit).filter((k) => k.length > 0);
  const key0 = keys[0] ?? '';
  const info = {
    raw,
    norm: raw.normalize('NFC').toLowerCase(),
    keys,
    given: givenHits(keys),
    patronymic: asPatronymic(key0) ?? keys.map(asPatronymic).find((x) => x !== undefined),
    ...surnameGender(key0),
    initials: firstLetters(raw, keys),
  };
  if (cache.size > 100_000) cache.clear(); // bounded: screening sees many distinct tokens
  cache.set(ck, info);
  return info;
}

const nameCache = new Map<string, ParsedName>();

/** Drops the memo tables (token and name); for benchmarks and long-running processes. */
export function clearNameCaches(): void {
  cache.clear();
  nameCache.clear();
  clearOrgCache();
  clearKeyCache();
}

export function parseName(name: string): ParsedName {
  const hit = nameCache.get(name);
  if (hit) return hit;
  const parsed = parseUncached(name);
  if (nameCache.size > 50_000) nameCache.clear();
  nameCache.set(name, parsed);
  return parsed;
}

function parseUncached(name: string): ParsedName {
  const cleaned = name
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[«»"“”„]/g, ' ')
    .trim();
  const script = detectScript(cleaned);
  const habit = habitOf(script);
  const commaAt = cleaned.indexOf(',');
  const raws: { raw: string; hyph: boolean; beforeComma: boolean }[] = [];
  let pos = 0;
  for (const word of cleaned.split(/[\s,]+/)) {
    const at = cleaned.indexOf(word, pos);
    pos = at + word.length;
    // Fast path: a plain word of Latin or Cyrillic letters (most parts) needs none of the regexes below.
    if (PLAIN_WORD.test(word)) {
      if (!NOISE.has(word.toLowerCase()))
        raws.push({ raw: word, hyph: false, beforeComma: commaAt >= 0 && at < commaAt });
      continue;
    }
    // The Arabic article in AL-ABDULLAH / El-Atou is not a name part.
    const parts = word
      .split(/[-‐‑–]/)
      .filter(Boolean)
      .filter((p, i, all) => !(all.length > 1 && i < all.length - 1 && ARTICLE.has(p.toLowerCase())));
    for (const p of parts) {
      // "A.G." gives two initials; "Lukashenka." loses its dot.
      const pieces = /^(\p{L}\.)+\p{L}?\.?$/u.test(p) ? p.split('.').filter(Boolean) : [p];
      for (const piece of pieces) {
        const raw = piece.replace(/[^\p{L}\p{M}'’ʼ]/gu, '');
        if (!raw || NOISE.has(raw.toLowerCase())) continue;
        raws.push({ raw, hyph: parts.length > 1, beforeComma: commaAt >= 0 && at < commaAt });
      }
    }
  }
  // At most 30 parts: the aligner keeps its bookkeeping in 32-bit masks.
  if (raws.length > 30) raws.length = 30;
  // In a name whose other words are Cyrillic, a Latin word of look-alike letters is a typo.
  const cyrWords = raws.filter((r) => HAS_CYRILLIC.test(r.raw)).length;
  const tokens: NameToken[] = raws.map(({ raw, hyph }) => {
    const look = cyrWords >= 2 && !HAS_CYRILLIC.test(raw) ? asCyrillicLookalike(raw) : undefined;
    const a = look
      ? { ...analyse(look, 'unknown'), raw, norm: raw.normalize('NFC').toLowerCase() }
      : analyse(raw, habit);
    let role: Role = 'surname';
    if (raw.length <= 2 && [...raw.replace(/['’ʼ]/g, '')].length === 1) role = 'initial';
    else if (a.patronymic && a.patronymic.groups.length > 0 && a.given.length === 0) role = 'patronymic';
    else if (a.given.length > 0 && !hyph) role = 'given';
    return { ...a, role, hyphenated: hyph };
  });
  // A -віч/-вич token after a given name is a patronymic even if its stem is not in the table.
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    // The middle one of three parts with a patronymic ending is one too (Армен Меружанович Саркисян).
    const middle = tokens.length === 3 && i === 1;
    if (t.role === 'surname' && t.patronymic && (tokens[i - 1]!.role === 'given' || middle)) {
      const others = tokens.filter((o, j) => j !== i && o.role === 'surname');
      if (others.length > 0) t.role = 'patronymic';
    }
  }
  // Every person has a surname: if all tokens look like given names, pick one.
  if (tokens.length > 1 && !tokens.some((t) => t.role === 'surname')) {
    const idx = raws.findIndex((r) => r.beforeComma);
    const fallback = idx >= 0 ? idx : tokens.findIndex((t) => t.role === 'given' && t !== tokens[0]);
    const chosen = tokens[fallback >= 0 ? fallback : tokens.length - 1];
    if (chosen && chosen.role !== 'initial') chosen.role = 'surname';
  }
  return { raw: name, script, tokens };
}

/** Blocking keys for one token: its keys, their consonant skeletons, its name groups. */
export function blockingKeys(t: NameToken): string[] {
  const out = new Set<string>();
  if (t.role === 'initial') return [];
  for (const k of t.keys) {
    if (k.length < 2) continue;
    out.add(`k:${k}`);
    const sk = skeleton(t.role === 'surname' ? t.stem : k);
    if (sk.length >= 2) out.add(`s:${sk}`);
  }
  for (const g of t.given) out.add(`g:${g.group}`);
  for (const g of t.patronymic?.groups ?? []) out.add(`p:${g}`);
  return [...out];
}

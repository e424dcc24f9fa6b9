/**
 * The synthetic screening index of bench/names.bench.ts: names assembled from the real name-part
 * distributions of the Belarus/Russia persons in the lists, and query variants (other
 * transliteration, order, dropped patronymic, one typo).
 */
import { detectScript, listSystems, parseName, transliterate } from '../src/names/index';
import type { ListedEntity } from './names-data';
import { CYR, rng } from './names-labelled';

const rand = rng(7);
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
export const random = rand;

const LATIN = /[A-Za-z]/;
/** Name parts left out of the pools because they mix scripts (reported by the benchmark). */
export const mixedScriptParts = new Set<string>();

export function namePools(entities: ListedEntity[]) {
  const pools = {
    lat: { m: [] as string[][], f: [] as string[][] },
    cyr: { m: [] as string[][], f: [] as string[][] },
  };
  const given = {
    lat: { m: new Set<string>(), f: new Set<string>() },
    cyr: { m: new Set<string>(), f: new Set<string>() },
  };
  const pat = {
    lat: { m: new Set<string>(), f: new Set<string>() },
    cyr: { m: new Set<string>(), f: new Set<string>() },
  };
  const sur = {
    lat: { m: new Set<string>(), f: new Set<string>(), n: new Set<string>() },
    cyr: { m: new Set<string>(), f: new Set<string>(), n: new Set<string>() },
  };
  for (const e of entities) {
    if (e.schema !== 'Person' || e.program === 'other') continue;
    for (const n of e.names) {
      const sc = CYR.test(n) ? 'cyr' : 'lat';
      const cap = (w: string) => w.charAt(0) + w.slice(1).toLowerCase();
      for (const t of parseName(n).tokens) {
        const w = cap(t.raw);
        // A part mixing Latin and Cyrillic letters (Cергей with a Latin C, Haумец with Latin H = Н)
        // is a data-entry error in the list, not a spelling: romanised by a system it yields strings
        // no one types. Latin i for і (Сергiй) reads the same and stays.
        if (sc === 'cyr' ? LATIN.test(w.replace(/[iI]/g, '')) : CYR.test(w)) {
          mixedScriptParts.add(w);
          continue;
        }
        if (t.role === 'given' && t.given[0]) given[sc][t.given[0].gender].add(w);
        else if (t.role === 'patronymic' && t.patronymic) pat[sc][t.patronymic.gender].add(w);
        else if (t.role === 'surname' && !t.hyphenated) sur[sc][t.gender ?? 'n'].add(w);
      }
    }
  }
  void pools;
  const arr = <T>(s: Set<T>) => [...s];
  return {
    lat: {
      given: { m: arr(given.lat.m), f: arr(given.lat.f) },
      pat: { m: arr(pat.lat.m), f: arr(pat.lat.f) },
      sur: { m: [...sur.lat.m, ...sur.lat.n], f: [...sur.lat.f, ...sur.lat.n] },
    },
    cyr: {
      given: { m: arr(given.cyr.m), f: arr(given.cyr.f) },
      pat: { m: arr(pat.cyr.m), f: arr(pat.cyr.f) },
      sur: { m: [...sur.cyr.m, ...sur.cyr.n], f: [...sur.cyr.f, ...sur.cyr.n] },
    },
  };
}

/** Systems a real document uses (ISO 9 / GOST 7.79-B are library systems, rare in the lists). */
const TRANSLIT_SYSTEMS = listSystems().filter(
  (s) => s.id !== 'be-iso9' && s.id !== 'be-gost-7.79' && s.id !== 'ru-gost-7.79',
);

function respell(name: string): string {
  if (CYR.test(name)) {
    // A Belarusian-spelt name is romanised by a Belarusian system (passport, national, BGN…), a
    // Russian-spelt one by a Russian system; only a name the letters do not tell apart may get either.
    const s = detectScript(name);
    const lang = s.script === 'cyrillic' || s.script === 'mixed' ? s.lang : 'unknown';
    const sys = pick(
      TRANSLIT_SYSTEMS.filter((x) => (lang !== 'be' && lang !== 'ru' ? true : x.lang === lang)),
    ).id;
    return transliterate(name, sys);
  }
  const subs: [RegExp, string][] = [
    [/sh/g, 'sch'],
    [/ch/g, 'tsch'],
    [/y/g, 'j'],
    [/v/g, 'w'],
    [/kh/g, 'ch'],
    [/ts/g, 'c'],
    [/ou/g, 'ow'],
    [/ei/g, 'ey'],
    [/ia/g, 'ya'],
    [/a$/g, 'o'],
  ];
  let out = name;
  for (const [re, rep] of subs) if (rand() < 0.3) out = out.replace(re, rep);
  return out;
}

export function variant(name: string): string {
  let toks = name.split(' ');
  if (toks.length === 3 && rand() < 0.3) toks = [toks[0]!, toks[2]!]; // drop the patronymic
  if (rand() < 0.3) toks = [toks[toks.length - 1]!.toUpperCase() + ',', ...toks.slice(0, -1)];
  let q = respell(toks.join(' '));
  if (rand() < 0.15) {
    // one typo in the longest word
    const words = q.split(' ');
    const i = words.reduce((b, w, k) => (w.length > words[b]!.length ? k : b), 0);
    const w = words[i]!;
    const p = 1 + Math.floor(rand() * (w.length - 2));
    words[i] = w.slice(0, p) + w.slice(p + 1);
    q = words.join(' ');
  }
  return q;
}

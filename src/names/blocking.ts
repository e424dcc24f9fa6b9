/**
 * Blocking keys for the screening index, each with the weight of its kind. A true match must share
 * at least one key with its query even after another transliteration, a dropped patronymic, other
 * part order or one typo; the weights rank candidates before the full scorer sees them.
 *
 *   k:  a cross-language key of a part (several for ambiguous Latin spellings)        weight 3
 *   s:  consonant skeleton of a surname stem / of the key (vowel spelling forgiven)   weight 1.5
 *   d:  the part's key and its single-deletion neighbours (symmetric delete: any one
 *       typo — deletion, insertion or substitution — leaves one neighbour in common)  weight 0.6
 *   t:  the same for the consonant skeleton of a surname stem                          weight 0.6
 *   g:/p: given-name group / father's-name group                                       weight 1
 *   P:  a pair of parts of the same name (their groups or skeletons), so that common
 *       surnames with common given names still block narrowly                         weight 3
 *   I:  the first letter of one part with the skeleton of another (initials, typos)   weight 1
 */
import { skeleton } from './key';
import type { OrgName } from './org';
import type { NameToken } from './parse';

/**
 * Key, weight of its kind and, for query keys, an optional group (see personBlockingKeys) and the
 * bit of the query part the key comes from (0 for pair keys).
 */
export type BlockingKeys = [key: string, weight: number, group?: number, part?: number][];

const tokenCache = new WeakMap<NameToken, BlockingKeys>();
const MIN_DELETE_LEN = 4;

/** A part's coarse class: its given-name group if it has one, else the skeleton of its stem. */
function partClass(t: NameToken): string {
  const g = t.given[0]?.group ?? t.patronymic?.groups[0];
  if (g) return `=${g}`;
  return skeleton(t.role === 'surname' ? t.stem : (t.keys[0] ?? '')) || (t.keys[0] ?? '');
}

/** The key and its single-deletion neighbours, doubled letters collapsed again as in key.ts. */
function deletions(key: string, out: Set<string>, min = MIN_DELETE_LEN): void {
  out.add(key);
  if (key.length < min) return;
  for (let i = 0; i < key.length; i++) out.add((key.slice(0, i) + key.slice(i + 1)).replace(/(.)\1+/g, '$1'));
}

export function tokenBlockingKeys(t: NameToken): BlockingKeys {
  const hit = tokenCache.get(t);
  if (hit) return hit;
  const out: BlockingKeys = [];
  if (t.role !== 'initial') {
    const del = new Set<string>();
    for (const k of t.keys) if (k.length >= 2) out.push([`k:${k}`, 3]);
    // Typos matter in surnames; given names and patronymics are caught by their groups and the
    // pair keys, and their deletion neighbours would double the postings.
    // Skeleton neighbours catch a typo on top of a spelling difference (Mkrtchev ~ Mkrtychev).
    const skDel = new Set<string>();
    if (t.role === 'surname' && t.keys[0]) {
      deletions(t.keys[0], del);
      deletions(skeleton(t.stem), skDel, 3);
    }
    const sks = new Set(t.keys.map((k) => skeleton(t.role === 'surname' && k === t.keys[0] ? t.stem : k)));
    for (const sk of sks) if (sk.length >= 2) out.push([`s:${sk}`, 1.5]);
    for (const d of del) if (d.length >= 3) out.push([`d:${d}`, 0.6]);
    for (const d of skDel) if (d.length >= 2) out.push([`t:${d}`, 0.6]);
    for (const g of t.given) out.push([`g:${g.group}`, 1]);
    for (const g of t.patronymic?.groups ?? []) out.push([`p:${g}`, 1]);
  }
  tokenCache.set(t, out);
  return out;
}

/**
 * The query's keys. A part's keys of one kind (its readings k:, their skeletons s:, deletion
 * neighbours d:, skeleton neighbours t:) form a group (third element, > 0) that counts once per row:
 * a Latin row spelt with four readings must not outweigh a Cyrillic row with one, nor a row sharing
 * ten deletion neighbours (the same spelling) one sharing the one a typo leaves. The fourth element
 * marks the part, so that rows agreeing on more parts of the name rank higher (name-index.ts). The query also takes neighbours of
 * every reading of an ambiguous Latin part, not only the first (Pawlitschenko: ч, not х), which the
 * index, holding one neighbour set per part to stay small, cannot afford.
 */
export function personBlockingKeys(tokens: readonly NameToken[]): BlockingKeys {
  const seen = new Set<string>();
  const out: BlockingKeys = [];
  const push = (k: string, w: number, group = 0, part = 0): void => {
    if (seen.has(k)) return;
    seen.add(k);
    out.push(group || part ? [k, w, group, part] : [k, w]);
  };
  tokens.forEach((t, i) => {
    const groupOf = (k: string): number => {
      const kind = 'ksdt'.indexOf(k.charAt(0));
      return kind < 0 ? 0 : 4 * i + kind + 1;
    };
    const part = 1 << Math.min(i, 30);
    for (const [k, w] of tokenBlockingKeys(t)) push(k, w, groupOf(k), part);
    if (t.role === 'surname' && t.keys.length > 1) {
      for (const key of t.keys.slice(1)) {
        const del = new Set<string>();
        const skDel = new Set<string>();
        deletions(key, del);
        deletions(skeleton(key), skDel, 3);
        for (const d of del) if (d.length >= 3) push(`d:${d}`, 0.6, groupOf('d:'), part);
        for (const d of skDel) if (d.length >= 2) push(`t:${d}`, 0.6, groupOf('t:'), part);
      }
    }
  });
  for (const [k, w] of pairBlockingKeys(tokens)) push(k, w);
  return out;
}

/**
 * The P: keys of one name (one per pair of its parts' classes) and the I: keys (the first letter of
 * one part with the skeleton of another, both ways round since roles are guesses): a typo in a
 * given name still leaves "its initial + the surname" to single the row out among namesakes.
 */
export function pairBlockingKeys(tokens: readonly NameToken[]): BlockingKeys {
  const out: BlockingKeys = [];
  const parts = tokens.filter((t) => t.role !== 'initial');
  const seen = new Set<string>();
  for (const a of tokens)
    for (const b of parts) {
      if (a === b) continue;
      const initial = (a.keys[0] ?? '').charAt(0);
      const sk = skeleton(b.role === 'surname' ? b.stem : (b.keys[0] ?? ''));
      const k = `I:${initial}|${sk}`;
      if (initial && sk.length >= 2 && !seen.has(k)) {
        seen.add(k);
        out.push([k, 1]);
      }
    }
  const classes = [...new Set(parts.map(partClass).filter((c) => c.length >= 2))].sort();
  for (let i = 0; i < classes.length; i++)
    for (let j = i + 1; j < classes.length; j++) out.push([`P:${classes[i]}|${classes[j]}`, 3]);
  return out;
}

export function orgBlockingKeys(o: OrgName): BlockingKeys {
  const seen = new Set<string>();
  const out: BlockingKeys = [];
  const push = (k: string, w: number): void => {
    if (seen.has(k)) return;
    seen.add(k);
    out.push([k, w]);
  };
  for (const t of o.tokens)
    for (const k of t)
      if (k.length >= 2) {
        push(`k:${k}`, 3);
        if (k.length >= 5) push(`s:${skeleton(k)}`, 1.5);
      }
  if (o.joined.length >= 3) push(`j:${o.joined}`, 3);
  return out;
}

/**
 * In-memory screening index over all names and aliases. Blocking: every name token yields
 * cross-language keys (exact key, consonant skeleton of the stem, given-name group, father's
 * name group); a query gathers candidates by IDF-weighted shared keys, keeps the best few
 * hundred and scores only those with compareNames. Serialisable without touching the disk.
 */
import { parseName, blockingKeys } from './parse';
import { parseOrg } from './org';
import { compareNames, type Schema } from './score';

export interface EntryMeta {
  schema?: Schema;
  birthDate?: string;
  country?: string;
  gender?: 'male' | 'female' | 'm' | 'f';
  [k: string]: unknown;
}

export interface SearchOptions {
  top?: number;
  /** How many blocking candidates are fully scored (default 200). */
  candidates?: number;
  schema?: Schema;
  meta?: EntryMeta;
}

export interface Candidate {
  id: string;
  name: string;
  score: number;
  match: boolean;
  explanation: string[];
}

export interface IndexJSON {
  version: 1;
  entries: [id: string, names: string[], meta: EntryMeta][];
}

function orgKeys(name: string): string[] {
  const o = parseOrg(name);
  const out = new Set<string>();
  for (const t of o.tokens) for (const k of t) if (k.length >= 2) out.add(`k:${k}`);
  if (o.joined.length >= 3) out.add(`j:${o.joined}`);
  return [...out];
}

function keysFor(name: string, schema: Schema): string[] {
  if (schema === 'Organization') return orgKeys(name);
  const out = new Set<string>();
  for (const t of parseName(name).tokens) for (const k of blockingKeys(t)) out.add(k);
  return [...out];
}

export class NameIndex {
  private ids: string[] = [];
  private metas: EntryMeta[] = [];
  private names: string[] = [];
  private owner: number[] = []; // name row → entry number
  private lists = new Map<string, number[]>();
  private frozen = new Map<string, Int32Array>();
  private scores = new Float32Array(0);

  get size(): number {
    return this.ids.length;
  }
  get nameCount(): number {
    return this.names.length;
  }

  add(id: string, names: readonly string[], meta: EntryMeta = {}): void {
    const entry = this.ids.length;
    this.ids.push(id);
    this.metas.push(meta);
    const schema = meta.schema ?? 'Person';
    for (const name of new Set(names)) {
      const row = this.names.length;
      this.names.push(name);
      this.owner.push(entry);
      for (const k of keysFor(name, schema)) {
        let list = this.lists.get(k);
        if (!list) {
          const f = this.frozen.get(k);
          list = f ? Array.from(f) : [];
          this.frozen.delete(k);
          this.lists.set(k, list);
        }
        list.push(row);
      }
    }
  }

  /** Packs postings into typed arrays (called lazily by search; saves memory and time). */
  freeze(): void {
    for (const [k, list] of this.lists) this.frozen.set(k, Int32Array.from(list));
    this.lists.clear();
  }

  search(name: string, opts: SearchOptions = {}): Candidate[] {
    if (this.lists.size > 0) this.freeze();
    const top = opts.top ?? 10;
    const limit = opts.candidates ?? 200;
    const schema = opts.schema ?? 'Person';
    if (this.scores.length < this.names.length) this.scores = new Float32Array(this.names.length);
    const scores = this.scores;
    const touched: number[] = [];
    const n = this.names.length;
    for (const k of keysFor(name, schema)) {
      const list = this.frozen.get(k);
      if (!list) continue;
      const w = Math.log(1 + n / list.length);
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (scores[r] === 0) touched.push(r);
        scores[r]! += w;
      }
    }
    // Keep the `limit` best-blocked rows (ties by row for determinism).
    let rows = touched;
    if (rows.length > limit) {
      const sorted = Float32Array.from(rows, (r) => scores[r]!).sort();
      const cut = sorted[sorted.length - limit]!;
      rows = rows.filter((r) => scores[r]! >= cut);
      if (rows.length > limit * 2)
        rows = rows.sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, limit);
    }
    for (const r of touched) scores[r] = 0;
    const best = new Map<number, Candidate>();
    for (const r of rows) {
      const entry = this.owner[r]!;
      const meta = this.metas[entry]!;
      const res = compareNames(name, this.names[r]!, {
        schema: meta.schema ?? schema,
        a: opts.meta,
        b: meta,
      });
      const prev = best.get(entry);
      if (!prev || res.score > prev.score)
        best.set(entry, { id: this.ids[entry]!, name: this.names[r]!, ...res });
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, top)
      .map(({ id, name: nm, score, match, explanation }) => ({ id, name: nm, score, match, explanation }));
  }

  toJSON(): IndexJSON {
    const byEntry: string[][] = this.ids.map(() => []);
    this.names.forEach((nm, r) => byEntry[this.owner[r]!]!.push(nm));
    return { version: 1, entries: this.ids.map((id, e) => [id, byEntry[e]!, this.metas[e]!]) };
  }

  static fromJSON(data: IndexJSON): NameIndex {
    if (data.version !== 1) throw new Error(`unsupported NameIndex version ${String(data.version)}`);
    const idx = new NameIndex();
    for (const [id, names, meta] of data.entries) idx.add(id, names, meta);
    return idx;
  }

  serialize(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.toJSON()));
  }

  static deserialize(buf: Uint8Array): NameIndex {
    return NameIndex.fromJSON(JSON.parse(new TextDecoder().decode(buf)) as IndexJSON);
  }
}

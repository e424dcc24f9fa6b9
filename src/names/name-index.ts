/**
 * In-memory screening index over all names and aliases.
 *
 * Blocking: every name part yields several keys (blocking.ts): its cross-language keys, the
 * consonant skeleton of its stem, its single-deletion neighbours (one typo), its given-name and
 * father's-name groups, and one key per pair of parts of the same name. Postings are packed into
 * one Int32Array (CSR) on first search. A query ranks rows by IDF-weighted shared keys
 * (candidates.ts), keeps the best `candidates` rows (default 300) and reranks them with the full
 * scorer on pre-analysed tokens (no explanation); equal scores go by blocking weight, then id.
 * Only the `top` results are explained.
 *
 * Serialises to plain JSON (rebuilt on load) or to a compact binary form (index-codec.ts) that
 * keeps keys and postings; no fs inside.
 */
import { alignTokens, type PairMemo } from './align';
import {
  type BlockingKeys,
  orgBlockingKeys,
  pairBlockingKeys,
  personBlockingKeys,
  tokenBlockingKeys,
} from './blocking';
import { CandidateRanker } from './candidates';
import { decodeIndex, encodeIndex, type IndexParts } from './index-codec';
import { compareOrgs, parseOrg, type OrgName } from './org';
import { parseName, type NameToken } from './parse';
import { DEFAULT_THRESHOLD, finishScore, type Evidence, type Schema } from './score';

export interface EntryMeta extends Evidence {
  schema?: Schema;
  [k: string]: unknown;
}

export interface SearchOptions {
  top?: number;
  /** How many blocking candidates are fully scored (default 300). */
  candidates?: number;
  schema?: Schema;
  meta?: EntryMeta;
  threshold?: number;
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

export class NameIndex {
  private ids: string[] = [];
  private metas: EntryMeta[] = [];
  private names: string[] = [];
  private owner: number[] = []; // name row → entry number
  /** Per row: pre-analysed person tokens (interned, shared between rows) or a parsed organisation. */
  private analysed: (readonly NameToken[] | OrgName)[] = [];
  private tokenIntern = new Map<string, NameToken>();
  private tokenIds = new Map<NameToken, Int32Array>();
  private keyIds = new Map<string, number>();
  private keyWeightKind: number[] = []; // key id → weight of its kind
  // Building: one growable list per key. Frozen: CSR (offsets into one postings array).
  private building: (Int32Array | undefined)[] = [];
  private lens: number[] = [];
  private offsets: Int32Array | undefined;
  private postings: Int32Array | undefined;
  private readonly ranker = new CandidateRanker();

  get size(): number {
    return this.ids.length;
  }
  get nameCount(): number {
    return this.names.length;
  }
  get keyCount(): number {
    return this.keyIds.size;
  }

  /** Shares one NameToken object between all rows that spell a part alike in the same role. */
  private internTokens(tokens: readonly NameToken[]): NameToken[] {
    return tokens.map((t) => {
      const k = `${t.role}${t.hyphenated ? '-' : ' '}${t.keys[0] ?? ''}\u0000${t.raw}`;
      let hit = this.tokenIntern.get(k);
      if (!hit) {
        hit = t;
        this.tokenIntern.set(k, t);
      }
      return hit;
    });
  }

  /** Key ids of one interned token's own blocking keys (cached: tokens repeat across rows). */
  private tokenKeyIds(t: NameToken): Int32Array {
    let ids = this.tokenIds.get(t);
    if (!ids) {
      const keys = tokenBlockingKeys(t);
      ids = new Int32Array(keys.length);
      keys.forEach(([k, w], i) => (ids![i] = this.keyId(k, w)));
      this.tokenIds.set(t, ids);
    }
    return ids;
  }

  private keyId(key: string, weight: number): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keyIds.size;
      this.keyIds.set(key, id);
      this.keyWeightKind.push(weight);
      this.building.push(undefined);
      this.lens.push(0);
    }
    return id;
  }

  private post(keyId: number, row: number): void {
    let list = this.building[keyId];
    const n = this.lens[keyId]!;
    if (n > 0 && list![n - 1] === row) return; // one posting per row and key
    if (!list || n === list.length) {
      const grown = new Int32Array(Math.max(4, n * 2));
      if (list) grown.set(list);
      list = grown;
      this.building[keyId] = list;
    }
    list[n] = row;
    this.lens[keyId] = n + 1;
  }

  add(id: string, names: readonly string[], meta: EntryMeta = {}): void {
    if (this.postings) this.thaw();
    const entry = this.ids.length;
    this.ids.push(id);
    this.metas.push(meta);
    const schema = meta.schema ?? 'Person';
    for (const name of new Set(names)) {
      if (!name.trim()) continue;
      const row = this.names.length;
      this.names.push(name);
      this.owner.push(entry);
      let keys: BlockingKeys;
      if (schema === 'Organization') {
        const org = parseOrg(name);
        this.analysed.push(org);
        keys = orgBlockingKeys(org);
      } else {
        const tokens = this.internTokens(parseName(name).tokens);
        this.analysed.push(tokens);
        for (const t of tokens) for (const id of this.tokenKeyIds(t)) this.post(id, row);
        keys = pairBlockingKeys(tokens);
      }
      for (const [k, w] of keys) this.post(this.keyId(k, w), row);
    }
  }

  /** Packs the postings into one typed array (done lazily by search; saves memory and time). */
  freeze(): void {
    if (this.postings) return;
    const n = this.building.length;
    const offsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) offsets[k + 1] = offsets[k]! + this.lens[k]!;
    const postings = new Int32Array(offsets[n]!);
    for (let k = 0; k < n; k++) {
      const list = this.building[k];
      if (list) postings.set(list.subarray(0, this.lens[k]), offsets[k]);
    }
    this.offsets = offsets;
    this.postings = postings;
    this.building = [];
    this.lens = [];
  }

  private thaw(): void {
    const offsets = this.offsets!;
    const postings = this.postings!;
    const n = offsets.length - 1;
    this.building = [];
    this.lens = [];
    for (let k = 0; k < n; k++) {
      const len = offsets[k + 1]! - offsets[k]!;
      this.building.push(len > 0 ? postings.slice(offsets[k], offsets[k + 1]) : undefined);
      this.lens.push(len);
    }
    this.offsets = undefined;
    this.postings = undefined;
  }

  /** The best `limit` rows for the query keys, with their blocking weights (candidates.ts). */
  private block(keys: BlockingKeys, limit: number): { rows: number[]; weights: Float32Array } {
    this.freeze();
    return this.ranker.rank(
      { offsets: this.offsets!, postings: this.postings!, keyIds: this.keyIds, rows: this.names.length },
      keys,
      limit,
    );
  }

  search(name: string, opts: SearchOptions = {}): Candidate[] {
    const top = opts.top ?? 10;
    const limit = Math.max(opts.candidates ?? 300, top);
    const schema = opts.schema ?? 'Person';
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const qOrg = schema === 'Organization' ? parseOrg(name) : undefined;
    const qTokens = qOrg ? undefined : parseName(name).tokens;
    const keys = qOrg ? orgBlockingKeys(qOrg) : personBlockingKeys(qTokens!);
    const { rows, weights } = this.block(keys, limit);
    // Rerank: name score on pre-analysed rows; best row per entry. Equal scores are common on a
    // large index (a surname-only agreement caps at the same value for every namesake): the row
    // sharing more blocking evidence with the query (given-name group, initials, pairs) goes first.
    const best = new Map<number, { row: number; score: number; weight: number }>();
    const memo: PairMemo | undefined = qTokens?.map(() => new Map());
    rows.forEach((r, i) => {
      const entry = this.owner[r]!;
      const s = this.scoreRow(r, qTokens, qOrg, opts.meta, threshold, false, memo).score;
      const w = weights[i]!;
      const prev = best.get(entry);
      if (
        !prev ||
        s > prev.score ||
        (s === prev.score && (w > prev.weight || (w === prev.weight && r < prev.row)))
      )
        best.set(entry, { row: r, score: s, weight: w });
    });
    const ranked = [...best.entries()]
      .sort(
        ([ea, a], [eb, b]) =>
          b.score - a.score ||
          b.weight - a.weight ||
          (this.ids[ea]! < this.ids[eb]! ? -1 : this.ids[ea]! > this.ids[eb]! ? 1 : 0),
      )
      .slice(0, top);
    return ranked.map(([entry, { row }]) => {
      const res = this.scoreRow(row, qTokens, qOrg, opts.meta, threshold, true);
      return { id: this.ids[entry]!, name: this.names[row]!, ...res };
    });
  }

  private scoreRow(
    row: number,
    qTokens: readonly NameToken[] | undefined,
    qOrg: OrgName | undefined,
    qMeta: EntryMeta | undefined,
    threshold: number,
    explain: boolean,
    memo?: PairMemo,
  ) {
    const meta = this.metas[this.owner[row]!]!;
    const a = this.analysed[row]!;
    const explanation: string[] = [];
    let score = 0;
    if (Array.isArray(a) !== (qTokens !== undefined)) {
      // Person query against an organisation row or the reverse: compare as organisations.
      const other = Array.isArray(a) ? parseOrg(this.names[row]!) : (a as OrgName);
      const q = qOrg ?? parseOrg(qTokens!.map((t) => t.raw).join(' '));
      const r = compareOrgs(q, other);
      score = r.score;
      if (explain) explanation.push('schema Organization', ...r.explanation);
    } else if (qTokens) {
      const r = alignTokens(qTokens, a as readonly NameToken[], explain, memo);
      score = r.score;
      if (explain) explanation.push('schema Person', ...r.explanation);
    } else {
      const r = compareOrgs(qOrg!, a as OrgName);
      score = r.score;
      if (explain) explanation.push('schema Organization', ...r.explanation);
    }
    return finishScore(score, threshold, { a: qMeta, b: meta }, explanation, explain);
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

  /** Compact binary form (index-codec.ts): keys and postings included, nothing is re-parsed on load. */
  serialize(shared = false): Uint8Array {
    return encodeIndex(this.toParts(), shared);
  }

  /** Reads serialize()'s output; throws IndexFileError on a wrong, old or corrupt buffer. */
  static deserialize(buf: Uint8Array): NameIndex {
    return NameIndex.fromParts(decodeIndex(buf));
  }

  private toParts(): IndexParts {
    this.freeze();
    const tokenNo = new Map<NameToken, number>();
    const tokens: NameToken[] = [];
    const rowTokOffsets = new Int32Array(this.names.length + 1);
    const orgRows = new Uint8Array(this.names.length);
    const rowToks: number[] = [];
    this.analysed.forEach((a, r) => {
      if (Array.isArray(a)) {
        for (const t of a as readonly NameToken[]) {
          let no = tokenNo.get(t);
          if (no === undefined) {
            no = tokens.push(t) - 1;
            tokenNo.set(t, no);
          }
          rowToks.push(no);
        }
      } else orgRows[r] = 1;
      rowTokOffsets[r + 1] = rowToks.length;
    });
    return {
      ids: this.ids,
      metas: this.metas,
      names: this.names,
      owner: Int32Array.from(this.owner),
      tokens,
      rowTokOffsets,
      rowToks: Int32Array.from(rowToks),
      orgRows,
      keys: [...this.keyIds.keys()],
      keyWeights: Float64Array.from(this.keyWeightKind),
      offsets: this.offsets!,
      postings: this.postings!,
    };
  }

  private static fromParts(p: IndexParts): NameIndex {
    const idx = new NameIndex();
    idx.ids = p.ids;
    idx.metas = p.metas;
    idx.names = p.names;
    idx.owner = Array.from(p.owner);
    const tokens = p.tokens.map((t) => idx.internTokens([t])[0]!);
    idx.analysed = p.names.map((name, r) =>
      p.orgRows[r]
        ? parseOrg(name)
        : Array.from(p.rowToks.subarray(p.rowTokOffsets[r], p.rowTokOffsets[r + 1]), (n) => tokens[n]!),
    );
    p.keys.forEach((k, i) => idx.keyIds.set(k, i));
    idx.keyWeightKind = Array.from(p.keyWeights);
    idx.offsets = p.offsets;
    idx.postings = p.postings;
    return idx;
  }
}

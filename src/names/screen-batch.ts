/**
 * Batch screening over worker threads (node:worker_threads only). The index goes to the workers
 * once, in its binary form (index-codec.ts) inside a SharedArrayBuffer: no JSON, no re-parsing,
 * and the postings are shared, not copied. A pool stays open for a streamed input (supolka screen).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { NameIndex, type Candidate, type EntryMeta, type IndexJSON, type SearchOptions } from './name-index';
import type { Schema } from './score';

export interface BatchOptions extends SearchOptions {
  threads?: number;
}

/**
 * One query with its own schema, evidence and candidate count (they differ per input row). A
 * field given here wins over the same field of the batch's SearchOptions, so a query object built
 * for NameIndex.search (ScreeningIndex.queryOf) gives the same candidates in a worker as in-process.
 */
export interface BatchQuery {
  name: string;
  schema?: Schema;
  meta?: EntryMeta;
  top?: number;
}

export interface WorkerRequest {
  id: number;
  queries: (string | BatchQuery)[];
  search: SearchOptions;
}
export type WorkerReply = { id: number; results: Candidate[][] } | { id: number; error: string };

/** A view of the encoded index on a SharedArrayBuffer (copied once if it is not on one). */
function sharedBytes(index: NameIndex | IndexJSON | Uint8Array): Uint8Array {
  if (index instanceof Uint8Array) {
    if (index.buffer instanceof SharedArrayBuffer) return index;
    const out = new Uint8Array(new SharedArrayBuffer(index.byteLength));
    out.set(index);
    return out;
  }
  const idx = index instanceof NameIndex ? index : NameIndex.fromJSON(index);
  return idx.serialize(true);
}

interface Pending {
  resolve: (r: Candidate[][]) => void;
  reject: (e: Error) => void;
}

export class ScreenPool {
  private next = 0;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private failed: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: WorkerReply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if ('error' in m) p.reject(new Error(`screening worker: ${m.error}`));
        else p.resolve(m.results);
      });
      const fail = (e: Error): void => {
        this.failed ??= e;
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      };
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0) fail(new Error(`screening worker exited with code ${code}`));
      });
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Starts `threads` workers (default: one per core), each loading the index from shared memory. */
  static open(index: NameIndex | IndexJSON | Uint8Array, threads = availableParallelism()): ScreenPool {
    const buf = sharedBytes(index);
    const url = new URL(`./screen.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
    // Run from TypeScript sources (tsx, vitest), the worker must register tsx's loader before
    // importing the .ts worker; a build to .js needs nothing of the sort.
    const isTs = url.pathname.endsWith('.ts');
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
    const workerData = { buf };
    const workers = Array.from({ length: Math.max(1, threads) }, () =>
      isTs ? new Worker(boot, { eval: true, workerData }) : new Worker(url, { workerData }),
    );
    return new ScreenPool(workers);
  }

  /** Screens the queries on one worker (round robin); results in query order. */
  private send(queries: (string | BatchQuery)[], search: SearchOptions): Promise<Candidate[][]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.seq++;
    const w = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, queries, search } satisfies WorkerRequest);
    });
  }

  /** Splits the queries into chunks over all workers; results in query order. */
  async run(queries: readonly (string | BatchQuery)[], search: SearchOptions = {}): Promise<Candidate[][]> {
    const chunk = Math.max(1, Math.min(256, Math.ceil(queries.length / this.workers.length)));
    const parts: Promise<Candidate[][]>[] = [];
    for (let i = 0; i < queries.length; i += chunk)
      parts.push(this.send(queries.slice(i, i + chunk), search));
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export async function screenBatch(
  index: NameIndex | IndexJSON | Uint8Array,
  queries: readonly (string | BatchQuery)[],
  opts: BatchOptions = {},
): Promise<Candidate[][]> {
  const { threads, ...search } = opts;
  const pool = ScreenPool.open(
    index,
    Math.max(1, Math.min(threads ?? availableParallelism(), queries.length || 1)),
  );
  try {
    return await pool.run(queries, search);
  } finally {
    await pool.close();
  }
}

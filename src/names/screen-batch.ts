/**
 * Batch screening over worker threads (node:worker_threads only). Each worker rebuilds the
 * index from its JSON form once and screens its share of the queries.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { NameIndex, type Candidate, type IndexJSON, type SearchOptions } from './name-index';

export interface BatchOptions extends SearchOptions {
  threads?: number;
}

export async function screenBatch(
  index: NameIndex | IndexJSON,
  queries: readonly string[],
  opts: BatchOptions = {},
): Promise<Candidate[][]> {
  const data = index instanceof NameIndex ? index.toJSON() : index;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), queries.length || 1));
  const { threads: _t, ...search } = opts;
  const url = new URL(`./screen.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  // Run from TypeScript sources (tsx, vitest), the worker must register tsx's loader before
  // importing the .ts worker; a build to .js needs nothing of the sort.
  const isTs = url.pathname.endsWith('.ts');
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  const chunk = Math.ceil(queries.length / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const slice = queries.slice(i * chunk, (i + 1) * chunk);
      return new Promise<Candidate[][]>((resolve, reject) => {
        const workerData = { data, queries: slice, search };
        const w = isTs ? new Worker(boot, { eval: true, workerData }) : new Worker(url, { workerData });
        w.once('message', (m: Candidate[][]) => resolve(m));
        w.once('error', reject);
        w.once('exit', (code) => {
          if (code !== 0) reject(new Error(`screening worker exited with code ${code}`));
        });
      });
    }),
  );
  return parts.flat();
}

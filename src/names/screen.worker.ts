/** Worker side of ScreenPool: load the index from shared memory once, then screen each request. */
import { parentPort, workerData } from 'node:worker_threads';
import { NameIndex } from './name-index';
import type { WorkerReply, WorkerRequest } from './screen-batch';

const { buf } = workerData as { buf: Uint8Array };
let index: NameIndex | undefined;
let loadError: string | undefined;
try {
  index = NameIndex.deserialize(buf);
} catch (e) {
  loadError = e instanceof Error ? e.message : String(e);
}

parentPort?.on('message', (m: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    if (!index) throw new Error(loadError ?? 'index not loaded');
    const idx = index;
    const results = m.queries.map((q) =>
      typeof q === 'string'
        ? idx.search(q, m.search)
        : idx.search(q.name, {
            ...m.search,
            ...(q.schema ? { schema: q.schema } : {}),
            ...(q.meta ? { meta: q.meta } : {}),
            ...(q.top !== undefined ? { top: q.top } : {}),
          }),
    );
    reply = { id: m.id, results };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});

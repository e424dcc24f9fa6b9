/** Worker side of screenBatch: rebuild the index, screen the queries, post the results. */
import { parentPort, workerData } from 'node:worker_threads';
import { NameIndex, type IndexJSON, type SearchOptions } from './name-index';

const { data, queries, search } = workerData as {
  data: IndexJSON;
  queries: string[];
  search: SearchOptions;
};
const index = NameIndex.fromJSON(data);
parentPort?.postMessage(queries.map((q) => index.search(q, search)));

import { createReadStream, createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import type { Command } from 'commander';
import { readCsv } from '../core/csv/csv-reader';
import {
  DEFAULT_MIN_SCORE,
  DEFAULT_TOP,
  MAX_TOP,
  ScreeningIndex,
} from '../modules/screening/screening.engine';
import { targetsFromFiles } from '../modules/screening/screening.targets';
import type { ScreenInput, ScreenResult } from '../modules/screening/screening.types';
import { ScreenPool } from '../names/screen-batch';

/**
 * `supolka screen --against FILE… --input names.csv --top N --output results.jsonl` (issue 4, exact shape):
 * builds an in-memory index over every name and alias in the sanctions-list files, then writes one JSON
 * line per input row: {"input":{…},"candidates":[{"id","name","score","datasets","explanation"}]}.
 * Progress and counts go to stderr; names never do (they may be personal data).
 */

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOP)
    throw new Error(`--top must be an integer from 1 to ${MAX_TOP}`);
  return n;
}
function score(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error('--min-score must be a number from 0 to 1');
  return n;
}

function threadCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error('--threads must be an integer from 1 to 64');
  return n;
}

/** Rows per batch, and the batch size from which worker threads pay for their start-up. */
const BATCH_ROWS = 2000;
const WORKER_MIN_ROWS = 500;

export function registerScreenCommands(program: Command): void {
  program
    .command('screen')
    .description(
      'screen the names in a CSV file against sanctions-list files (any format the sanctions import reads)',
    )
    .requiredOption(
      '--against <files...>',
      'EU FSF XML, OFAC sdn.csv [+ alt.csv/add.csv], FtM JSON lines; plain or .gz',
    )
    .requiredOption(
      '--input <file>',
      'CSV with a header: name (required), schema, birthDate, country (optional)',
    )
    .requiredOption('--output <file>', 'JSON lines to write, one per input row')
    .option('--top <n>', `candidates per row (1–${MAX_TOP})`, positiveInt, DEFAULT_TOP)
    .option('--min-score <s>', 'leave out candidates scoring below this', score, DEFAULT_MIN_SCORE)
    .option('--threads <n>', 'worker threads for large inputs (default: one per core; 1 = none)', threadCount)
    .action(
      async (opts: {
        against: string[];
        input: string;
        output: string;
        top: number;
        minScore: number;
        threads?: number;
      }) => {
        // The header is checked before the (slow) index build, so a wrong file fails at once.
        const records = readCsv(createReadStream(opts.input, { encoding: 'utf8' }));
        const first = await records.next();
        if (first.done) throw new Error(`${opts.input}: empty input, expected a header with a name column`);
        const header = first.value.fields.map((h) => h.trim());
        if (!header.includes('name')) throw new Error(`${opts.input}: line 1: missing column name`);
        const t0 = Date.now();
        const index = await ScreeningIndex.build(targetsFromFiles(opts.against));
        process.stderr.write(
          `index: ${index.size} targets, ${index.index.nameCount} names in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
        );
        const out = createWriteStream(opts.output);
        let rows = 0;
        let matched = 0;
        // Rows are screened in batches; once the input proves large, the batches go to a pool of
        // worker threads that share the index in binary form (a small file stays in-process: starting
        // workers costs more than it saves).
        let pool: ScreenPool | undefined;
        const threads = opts.threads ?? availableParallelism();
        const flush = async (batch: ScreenInput[]): Promise<void> => {
          if (!pool && threads > 1 && batch.length >= WORKER_MIN_ROWS)
            pool = ScreenPool.open(index.index, threads);
          let results: ScreenResult[];
          if (pool) {
            const queries = batch.map((input) => index.queryOf(input, opts.top));
            const asked = queries.filter((q) => q !== undefined);
            // Each query carries its own top (queryOf), as on the single-threaded path.
            const found = await pool.run(asked);
            let k = 0;
            results = batch.map((input, i) =>
              queries[i] ? index.finish(input, found[k++]!, opts.minScore) : { input, candidates: [] },
            );
          } else
            results = batch.map((input) => index.screen(input, { top: opts.top, minScore: opts.minScore }));
          for (const result of results) {
            rows++;
            if (result.candidates.length > 0) matched++;
            if (!out.write(`${JSON.stringify(result)}\n`)) await once(out, 'drain');
          }
        };
        try {
          let batch: ScreenInput[] = [];
          for await (const rec of records) {
            if (rec.fields.length === 1 && rec.fields[0] === '') continue; // blank line
            if (rec.fields.length !== header.length)
              throw new Error(
                `${opts.input}: line ${rec.line}: expected ${header.length} fields, found ${rec.fields.length}`,
              );
            const input: ScreenInput = { name: '' };
            header.forEach((h, i) => (input[h] = rec.fields[i] ?? ''));
            batch.push(input);
            if (batch.length >= BATCH_ROWS) {
              await flush(batch);
              batch = [];
            }
          }
          await flush(batch);
        } finally {
          await pool?.close();
        }
        out.end();
        await once(out, 'finish');
        if (pool) process.stderr.write(`screened on ${pool.threads} worker threads\n`);
        process.stderr.write(`screened ${rows} rows, ${matched} with candidates\n`);
      },
    );
}

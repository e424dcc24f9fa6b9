/**
 * Registry benchmark: a synthetic, clearly FICTIONAL registry of 100,000 persons on SQLite (names built
 * from invented syllables; no real people), then name-search p50/p95 with and without filters, list
 * filters, and statistics time (median of several runs).
 *
 *   npm run bench -- registry                      100,000 persons (about 3 to 6 minutes)
 *   REGISTRY_BENCH_PERSONS=10000 npm run bench -- registry   smaller, for development
 *   npx tsx bench/registry.bench.ts [--persons N] [--keep | --reuse DIR]
 *
 * Only a full-size run (100,000 persons) writes bench/results/registry.json; smaller runs write their
 * result to the temporary directory and say where.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Actor } from '../src/core/access';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import { PersonsService } from '../src/modules/registry/persons.service';
import { REGIONS, type ListPersonsQuery } from '../src/modules/registry/registry.schema';
import { StatisticsRepository } from '../src/modules/registry/statistics.repository';
import { StatisticsService } from '../src/modules/registry/statistics.service';
import { ARTICLES, FACILITIES, generateRegistry, type GenerateTimings } from './registry-data';

const arg = process.argv.indexOf('--persons');
const FULL = 100_000;
const N = arg > 0 ? Number(process.argv[arg + 1]) : Number(process.env.REGISTRY_BENCH_PERSONS ?? FULL);
if (!Number.isInteger(N) || N < 1000) throw new Error('persons must be an integer of at least 1000');
// --reuse DIR: measure an existing bench data folder (kept by --keep) without generating again.
const reuseArg = process.argv.indexOf('--reuse');
const REUSE = reuseArg > 0 ? process.argv[reuseArg + 1] : undefined;
const KEEP = process.argv.includes('--keep');

async function main(): Promise<void> {
  const dataDir = REUSE ?? fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-bench-registry-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SUPOLKA_DATA_DIR: dataDir, SUPOLKA_LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const config = loadConfig(env);
  const opened = await openContext(config, createLogger('silent'));
  const { ctx } = opened;
  const editor: Actor = { id: 'bench-editor', role: 'editor', username: 'bench' };
  const queries: string[] = [];
  let generateTimings: GenerateTimings | null = null;
  const t0 = performance.now();
  try {
    if (!REUSE) {
      const generated = await generateRegistry(ctx, N);
      queries.push(...generated.queries);
      generateTimings = generated.timings;
    }
    const generateSeconds = (performance.now() - t0) / 1000;
    await sql`analyze`.execute(ctx.db);
    const tokenCount = Number(
      (
        await ctx.db
          .selectFrom('person_name_tokens')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    if (REUSE) {
      const rows = await ctx.db
        .selectFrom('person_names')
        .select('value')
        .where('value', 'is not', null)
        .limit(200)
        .execute();
      queries.push(...rows.map((r, i) => (i % 3 === 0 ? r.value!.slice(0, 6) : r.value!)));
    }
    const svc = new PersonsService(ctx);
    const time = async (label: string, runs: Array<Partial<ListPersonsQuery>>) => {
      const ms: number[] = [];
      let hits = 0;
      for (const q of [...runs.slice(0, 5), ...runs]) {
        const s = performance.now();
        const r = await svc.list(editor, { limit: 50, offset: 0, ...q });
        ms.push(performance.now() - s);
        hits += r.total;
      }
      const measured = ms.slice(Math.min(5, runs.length)).sort((a, b) => a - b);
      const at = (p: number) =>
        Math.round(measured[Math.min(measured.length - 1, Math.floor(p * measured.length))]! * 100) / 100;
      const out = {
        label,
        runs: measured.length,
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        meanHits: Math.round(hits / ms.length),
      };
      process.stderr.write(`${JSON.stringify(out)}\n`);
      return out;
    };
    const search = [
      await time(
        'name search',
        queries.map((q) => ({ q })),
      ),
      await time(
        'name search + region filter',
        queries.map((q, i) => ({ q, region: REGIONS[i % REGIONS.length] })),
      ),
      await time(
        'name search + article + status',
        queries.map((q, i) => ({ q, article: ARTICLES[i % ARTICLES.length], status: 'sentenced' as const })),
      ),
      await time(
        'name prefix (4 letters)',
        queries.map((q) => ({ q: q.slice(0, 4) })),
      ),
      await time(
        'list, no name, article filter',
        ARTICLES.map((article) => ({ article })),
      ),
      await time(
        'list, facility + detained range',
        FACILITIES.map((facility) => ({ facility, detainedFrom: '2022-01-01', detainedTo: '2023-12-31' })),
      ),
    ];
    const stats = new StatisticsService(ctx);
    const today = new Date().toISOString().slice(0, 10);
    const timeRuns = async (f: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = performance.now();
        await f();
        ms.push(performance.now() - s);
      }
      return ms.sort((a, b) => a - b);
    };
    // Cold: every run straight from the database (the maintained cells), no cache. "Page": what the
    // statistics page asks for (statistics of one scope and the published figures), cold.
    // Warm: a page view while the registry is unchanged (cached until the audit head moves).
    const statMs = await timeRuns(() => stats.computeFresh('current', today));
    const statAllMs = await timeRuns(() => stats.computeFresh('all', today));
    const figures = new StatisticsRepository();
    const pageMs = await timeRuns(() =>
      Promise.all([stats.computeFresh('current', today), figures.listFigures(ctx.db)]),
    );
    await stats.compute('current', today);
    const warmMs = await timeRuns(() => stats.compute('current', today));
    const cells = Number(
      (
        await ctx.db
          .selectFrom('registry_stat_cells')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const med = (xs: number[], digits = 10) => Math.round(xs[2]! * digits) / digits;
    const result = {
      generatedAt: new Date().toISOString(),
      engine: config.database.engine,
      persons: N,
      nameTokens: tokenCount,
      generateSeconds: Math.round(generateSeconds),
      generateTimings,
      reusedData: Boolean(REUSE),
      machine: { cpus: os.cpus().length, node: process.version },
      search,
      statistics: {
        statCells: cells,
        runs: statMs.length,
        coldMedianMs: med(statMs),
        coldAllMs: statMs.map((x) => Math.round(x * 10) / 10),
        coldAllScopeMedianMs: med(statAllMs),
        pageColdMedianMs: med(pageMs),
        warmMedianMs: med(warmMs, 100),
      },
      loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
      targets: { filteredNameSearchP95Ms: 50, statisticsMs: 300 },
    };
    const out =
      N === FULL && !REUSE
        ? path.join(import.meta.dirname, 'results', 'registry.json')
        : path.join(os.tmpdir(), `supolka-bench-registry-${N}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\nwrote ${out}\n`);
  } finally {
    await opened.close();
    if (KEEP || REUSE) process.stderr.write(`data kept in ${dataDir}\n`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

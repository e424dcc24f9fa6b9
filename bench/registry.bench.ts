/**
 * Registry benchmark: a synthetic, clearly FICTIONAL registry of 100,000 persons on SQLite (names built
 * from invented syllables; no real people), then name-search p50/p95 with and without filters, list
 * filters, and statistics time (median of several runs). Writes bench/results/registry.json.
 *
 *   npx tsx bench/registry.bench.ts [--persons N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Actor } from '../src/core/access';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import type { Consent, PersonStatus, PersonsTable, StatusEventsTable } from '../src/core/db/schema-registry';
import { createLogger } from '../src/core/logging';
import { tiersForConsent } from '../src/modules/registry/consent';
import { blindIndexKey, indexTokens } from '../src/modules/registry/name-index';
import { PersonsService } from '../src/modules/registry/persons.service';
import { caseRows, nameRows, newRefCode } from '../src/modules/registry/persons.writer';
import { caseInput, GROUPS, REGIONS, type ListPersonsQuery } from '../src/modules/registry/registry.schema';
import { StatisticsService } from '../src/modules/registry/statistics.service';

const arg = process.argv.indexOf('--persons');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const BATCH = 1000;
// --reuse DIR: measure an existing bench data folder (kept by --keep) without generating again.
const reuseArg = process.argv.indexOf('--reuse');
const REUSE = reuseArg > 0 ? process.argv[reuseArg + 1] : undefined;
const KEEP = process.argv.includes('--keep');

// Deterministic PRNG so runs are comparable.
let seed = 0x5eed;
const rnd = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Invented syllables as [Belarusian, Russian, Latin] spellings. */
const SYL: Array<[string, string, string]> = [
  ['ка', 'ка', 'ka'],
  ['ло', 'ло', 'lo'],
  ['ві', 'ви', 'vi'],
  ['ран', 'ран', 'ran'],
  ['жы', 'жи', 'zhy'],
  ['ту', 'ту', 'tu'],
  ['мэ', 'ме', 'me'],
  ['да', 'да', 'da'],
  ['шу', 'шу', 'shu'],
  ['зо', 'зо', 'zo'],
  ['пі', 'пи', 'pi'],
  ['гру', 'гру', 'hru'],
  ['бэ', 'бе', 'be'],
  ['ну', 'ну', 'nu'],
  ['сты', 'сты', 'sty'],
];
const SUFFIX: Array<[string, string, string]> = [
  ['віч', 'вич', 'vich'],
  ['ёнак', 'ёнок', 'ionak'],
  ['скі', 'ский', 'ski'],
  ['ка', 'ко', 'ka'],
];
const GIVEN: Array<[string, string, string]> = [
  ['Зорыс', 'Зорис', 'Zorys'],
  ['Вітал', 'Витал', 'Vital'],
  ['Ларэм', 'Ларем', 'Larem'],
  ['Мірон', 'Мирон', 'Miron'],
  ['Тавіла', 'Тавила', 'Tavila'],
  ['Нарэса', 'Нареса', 'Naresa'],
  ['Брыль', 'Брыль', 'Bryl'],
  ['Елаш', 'Елаш', 'Jelash'],
  ['Кудар', 'Кудар', 'Kudar'],
  ['Санта', 'Санта', 'Santa'],
  ['Рэміна', 'Ремина', 'Remina'],
  ['Фалей', 'Фалей', 'Falej'],
];
const FACILITIES = Array.from({ length: 40 }, (_, i) => `Synthetic Colony No. ${i + 1}`);
const COURTS = Array.from({ length: 60 }, (_, i) => `Synthetic Court ${i + 1}`);
const ARTICLES = ['342', '361-1', '130-3', '369', '368', '361-4', '293-2', '364', '370', '411', '356', '357'];
const CONSENT_MIX: Consent[] = [
  'public',
  'public',
  'public',
  'anonymised',
  'anonymised',
  'anonymised',
  'anonymised',
  'confidential',
  'confidential',
  'sealed',
];

function fictionalName(): { be: string; ru: string; latn: string } {
  const n = 2 + Math.floor(rnd() * 2);
  const parts = Array.from({ length: n }, () => pick(SYL));
  const suf = pick(SUFFIX);
  const given = pick(GIVEN);
  const surname = (i: 0 | 1 | 2) => {
    const s = parts.map((p) => p[i]).join('') + suf[i];
    return s[0]!.toUpperCase() + s.slice(1);
  };
  return {
    be: `${surname(0)} ${given[0]}`,
    ru: `${surname(1)} ${given[1]}`,
    latn: `${surname(2)} ${given[2]}`,
  };
}
const date = (fromYear: number, years: number): string => {
  const d = new Date(Date.UTC(fromYear, 0, 1) + Math.floor(rnd() * years * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
};

async function main(): Promise<void> {
  const dataDir = REUSE ?? fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-bench-registry-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SUPOLKA_DATA_DIR: dataDir, SUPOLKA_LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const config = loadConfig(env);
  const opened = await openContext(config, createLogger('silent'));
  const { ctx } = opened;
  const key = blindIndexKey(ctx.keyring);
  const editor: Actor = { id: 'bench-editor', role: 'editor', username: 'bench' };
  const queries: string[] = [];
  const t0 = performance.now();
  try {
    for (let start = 0; start < (REUSE ? 0 : N); start += BATCH) {
      const persons: PersonsTable[] = [];
      const names: ReturnType<typeof nameRows> = [];
      const tokens: Array<{ person_id: string; token: string }> = [];
      const cases: Array<ReturnType<typeof caseRows>['row']> = [];
      const articles: Array<ReturnType<typeof caseRows>['articles'][number]> = [];
      const events: StatusEventsTable[] = [];
      const now = new Date().toISOString();
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const consent = pick(CONSENT_MIX);
        const { tier, identityTier } = tiersForConsent(consent);
        const id = crypto.randomUUID();
        const nm = fictionalName();
        const spellings = [
          { script: 'ru' as const, kind: 'primary' as const, value: nm.ru },
          ...(rnd() < 0.6 ? [{ script: 'be' as const, kind: 'primary' as const, value: nm.be }] : []),
          ...(rnd() < 0.5 ? [{ script: 'latn' as const, kind: 'primary' as const, value: nm.latn }] : []),
        ];
        if (i % 500 === 0 && identityTier !== 'sealed')
          queries.push(pick([nm.latn, nm.ru, nm.be.split(' ')[0]!, nm.latn.slice(0, 6)]));
        const detained = date(2020, 5);
        const released = rnd() < 0.4;
        const status: PersonStatus = released
          ? pick(['released_pardon', 'released_end_of_term', 'released_exchange'] as const)
          : rnd() < 0.7
            ? 'sentenced'
            : 'detained';
        const statusOn = released ? date(2024, 2) : detained;
        persons.push({
          id,
          consent,
          tier,
          identity_tier: identityTier,
          ref_code: newRefCode(),
          birth_year: 1950 + Math.floor(rnd() * 55),
          birth_date_enc: null,
          gender: rnd() < 0.8 ? 'male' : 'female',
          region: pick(REGIONS),
          groups: JSON.stringify([pick(GROUPS)]),
          description_enc: null,
          health_notes_enc: null,
          photo_file: null,
          current_status: status,
          current_status_on: statusOn,
          recognised_on: rnd() < 0.9 ? date(2020, 6) : null,
          merged_into: null,
          external_ids: '{}',
          is_demo: 0,
          created_by: null,
          created_at: now,
          updated_at: new Date(Date.parse(now) + i).toISOString(),
          version: 1,
        });
        names.push(...nameRows(ctx, id, identityTier, spellings));
        for (const token of indexTokens(
          key,
          spellings.map((s) => s.value),
        ))
          tokens.push({ person_id: id, token });
        const c = caseRows(
          ctx,
          id,
          tier,
          caseInput.parse({
            articles: [{ article: pick(ARTICLES) }, ...(rnd() < 0.3 ? [{ article: pick(ARTICLES) }] : [])],
            detainedOn: detained,
            court: pick(COURTS),
            judge: `Synthetic Judge ${Math.floor(rnd() * 200)}`,
            verdictOn: date(2021, 4),
            sentenceMonths: 12 + Math.floor(rnd() * 120),
            facility: pick(FACILITIES),
          }),
          now,
        );
        cases.push(c.row);
        articles.push(...c.articles);
        events.push({
          id: crypto.randomUUID(),
          person_id: id,
          case_id: c.row.id,
          status,
          occurred_on: statusOn,
          release_event_id: null,
          note: null,
          created_at: now,
        });
      }
      await ctx.db.transaction().execute(async (trx) => {
        const ins = async <T extends object>(
          table:
            'persons' | 'person_names' | 'person_name_tokens' | 'cases' | 'case_articles' | 'status_events',
          rows: T[],
          size: number,
        ) => {
          for (let i = 0; i < rows.length; i += size)
            await trx
              .insertInto(table)
              .values(rows.slice(i, i + size))
              .execute();
        };
        await ins('persons', persons, 400);
        await ins('person_names', names, 1000);
        await ins('person_name_tokens', tokens, 5000);
        await ins('cases', cases, 400);
        await ins('case_articles', articles, 2000);
        await ins('status_events', events, 1000);
      });
      if ((start / BATCH) % 10 === 0) process.stderr.write(`\r${start + BATCH} / ${N}`);
    }
    process.stderr.write('\n');
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
    // Cold: every run straight from SQL. Warm: what a page view costs while the registry is unchanged.
    const statMs = await timeRuns(() => stats.computeFresh('current', today));
    await stats.compute('current', today);
    const warmMs = await timeRuns(() => stats.compute('current', today));
    const result = {
      generatedAt: new Date().toISOString(),
      engine: config.database.engine,
      persons: N,
      nameTokens: tokenCount,
      generateSeconds: Math.round(generateSeconds),
      reusedData: Boolean(REUSE),
      machine: { cpus: os.cpus().length, node: process.version },
      search,
      statistics: {
        runs: statMs.length,
        coldMedianMs: Math.round(statMs[2]! * 10) / 10,
        coldAllMs: statMs.map((x) => Math.round(x)),
        warmMedianMs: Math.round(warmMs[2]! * 100) / 100,
      },
      loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
      targets: { filteredNameSearchP95Ms: 50, statisticsMs: 300 },
    };
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(import.meta.dirname, 'results', 'registry.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await opened.close();
    if (KEEP || REUSE) process.stderr.write(`data kept in ${dataDir}\n`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

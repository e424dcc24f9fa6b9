/**
 * The synthetic, clearly FICTIONAL registry used by the registry and load benchmarks: names built from
 * invented syllables (no real people), cases in invented courts and colonies, a realistic consent mix
 * (a tenth sealed). Rows are built by the registry's own row builders and bulk-inserted in one
 * transaction, so 100,000 persons take a few minutes rather than hours of API calls. Deterministic for a given seed.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { AppContext } from '../src/core/context';
import type {
  CaseArticlesTable,
  CasesTable,
  Consent,
  PersonNamesTable,
  PersonStatus,
  PersonsTable,
  StatusEventsTable,
} from '../src/core/db/schema-registry';
import { tiersForConsent } from '../src/modules/registry/consent';
import { blindIndexKey, indexTokens } from '../src/modules/registry/name-index';
import { caseRows, nameRows, newRefCode } from '../src/modules/registry/persons.writer';
import { caseInput, GROUPS, REGIONS } from '../src/modules/registry/registry.schema';
import {
  addContributions,
  nonZero,
  type CellCounts,
  type PersonStatState,
} from '../src/modules/registry/stat-cells';

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
export const FACILITIES = Array.from({ length: 40 }, (_, i) => `Synthetic Colony No. ${i + 1}`);
const COURTS = Array.from({ length: 60 }, (_, i) => `Synthetic Court ${i + 1}`);
export const ARTICLES = [
  '342',
  '361-1',
  '130-3',
  '369',
  '368',
  '361-4',
  '293-2',
  '364',
  '370',
  '411',
  '356',
  '357',
];
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

/** Persons built and written per chunk (the whole load is still one transaction). */
const CHUNK = 10_000;
/** Rows per multi-row INSERT, kept under SQLite's bound-parameter limit for the widest table. */
const ROWS_PER_INSERT: Record<LoadTable, number> = {
  persons: 1000,
  person_names: 3000,
  person_name_tokens: 10_000,
  cases: 1000,
  case_articles: 5000,
  status_events: 3000,
  registry_stat_cells: 2000,
};
type LoadTable =
  | 'persons'
  | 'person_names'
  | 'person_name_tokens'
  | 'cases'
  | 'case_articles'
  | 'status_events'
  | 'registry_stat_cells';

/** Seconds spent building rows (names, blind-index HMACs, encryption) and writing them, per table. */
export interface GenerateTimings {
  buildSeconds: number;
  insertSeconds: Record<string, number>;
  /** SQLite: rebuilding the secondary indexes dropped for the load. */
  indexSeconds: number;
  commitSeconds: number;
}

/**
 * Inserts n fictional persons (with names, search tokens, a case and a status event each) and returns
 * sample name queries (one per 500 persons, never from a sealed identity) for search benchmarks.
 *
 * Everything goes in ONE transaction with large multi-row inserts. On SQLite, for the load only, the page
 * cache is enlarged (the blind index gets ~32 random-keyed rows per person), foreign-key checks are off
 * and secondary indexes are built after the rows; all of it is put back afterwards, so the searches
 * measured next run against the normal schema and cache. The statistics cells are summed in memory from the
 * same contributions the services maintain (stat-cells.ts) and written once; test/registry/
 * statistics-cells.spec.ts checks those contributions against a from-scratch recount.
 */
export async function generateRegistry(
  ctx: AppContext,
  n: number,
): Promise<{ queries: string[]; timings: GenerateTimings }> {
  const key = blindIndexKey(ctx.keyring);
  const queries: string[] = [];
  const cells: CellCounts = new Map();
  const timings: GenerateTimings = { buildSeconds: 0, insertSeconds: {}, indexSeconds: 0, commitSeconds: 0 };
  const sqlite = ctx.config.database.engine === 'sqlite';
  const cacheBefore = sqlite
    ? Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(ctx.db)).rows[0]?.cache_size)
    : 0;
  if (sqlite) {
    await sql`pragma cache_size = -524288`.execute(ctx.db);
    // Only outside a transaction does this pragma take effect. The rows are built consistent.
    await sql`pragma foreign_keys = off`.execute(ctx.db);
  }
  let committing = 0;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // SQLite: the loaded tables' secondary indexes are dropped and built again at the end, which is far
      // quicker than inserting ~3 million random keys one by one. DDL is transactional there, so a failed
      // load leaves the schema as it was. (Unique and primary-key indexes stay.)
      const indexes = sqlite
        ? (
            await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
              where type = 'index' and sql is not null and tbl_name in ('person_names', 'person_name_tokens',
                'cases', 'case_articles', 'status_events')`.execute(trx)
          ).rows
        : [];
      for (const ix of indexes) await sql`drop index ${sql.id(ix.name)}`.execute(trx);
      const ins = async <T extends object>(table: LoadTable, rows: readonly T[]) => {
        const s = performance.now();
        const size = ROWS_PER_INSERT[table];
        for (let i = 0; i < rows.length; i += size)
          await trx
            .insertInto(table)
            .values(rows.slice(i, i + size))
            .execute();
        timings.insertSeconds[table] = (timings.insertSeconds[table] ?? 0) + (performance.now() - s) / 1000;
      };
      for (let start = 0; start < n; start += CHUNK) {
        const s = performance.now();
        const rows = buildChunk(ctx, key, start, Math.min(n, start + CHUNK), queries, cells);
        timings.buildSeconds += (performance.now() - s) / 1000;
        await ins('persons', rows.persons);
        await ins('person_names', rows.names);
        // In key order: the blind index's B-tree then takes each chunk in one sweep, not at random.
        await ins(
          'person_name_tokens',
          rows.tokens.sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0)),
        );
        await ins('cases', rows.cases);
        await ins('case_articles', rows.articles);
        await ins('status_events', rows.events);
        process.stderr.write(`\rgenerated ${Math.min(n, start + CHUNK)} / ${n}`);
      }
      const s = performance.now();
      for (const ix of indexes) await sql.raw(ix.sql).execute(trx);
      timings.indexSeconds = (performance.now() - s) / 1000;
      await trx.deleteFrom('registry_stat_cells').execute();
      await ins(
        'registry_stat_cells',
        nonZero(cells).map((c) => ({
          dimension: c.dimension,
          key: c.key,
          persons: c.persons,
          public_persons: c.publicPersons,
        })),
      );
      committing = performance.now();
    });
    timings.commitSeconds = (performance.now() - committing) / 1000;
  } finally {
    if (sqlite) {
      await sql`pragma foreign_keys = on`.execute(ctx.db);
      await sql`pragma cache_size = ${sql.raw(String(Math.trunc(cacheBefore) || -2000))}`.execute(ctx.db);
    }
  }
  process.stderr.write('\n');
  const round = (x: number) => Math.round(x * 10) / 10;
  timings.buildSeconds = round(timings.buildSeconds);
  timings.commitSeconds = round(timings.commitSeconds);
  timings.indexSeconds = round(timings.indexSeconds);
  for (const k of Object.keys(timings.insertSeconds))
    timings.insertSeconds[k] = round(timings.insertSeconds[k]!);
  return { queries, timings };
}

interface ChunkRows {
  persons: PersonsTable[];
  names: PersonNamesTable[];
  tokens: Array<{ person_id: string; token: string }>;
  cases: CasesTable[];
  articles: CaseArticlesTable[];
  events: StatusEventsTable[];
}

/** Rows of persons [from, to), through the registry's own row builders; adds their statistics cells. */
function buildChunk(
  ctx: AppContext,
  key: Buffer,
  from: number,
  to: number,
  queries: string[],
  cells: CellCounts,
): ChunkRows {
  const out: ChunkRows = { persons: [], names: [], tokens: [], cases: [], articles: [], events: [] };
  const now = new Date().toISOString();
  const states: PersonStatState[] = [];
  for (let i = from; i < to; i++) {
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
    const person: PersonsTable = {
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
    };
    out.persons.push(person);
    out.names.push(...nameRows(ctx, id, identityTier, spellings));
    for (const token of indexTokens(
      key,
      spellings.map((s) => s.value),
    ))
      out.tokens.push({ person_id: id, token });
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
    out.cases.push(c.row);
    out.articles.push(...c.articles);
    out.events.push({
      id: crypto.randomUUID(),
      person_id: id,
      case_id: c.row.id,
      status,
      occurred_on: statusOn,
      release_event_id: null,
      note_enc: null,
      created_at: now,
    });
    states.push({
      ...person,
      detained: [detained],
      facilities: c.row.facility === null ? [] : [c.row.facility],
      articles: c.articles.map((a) => a.article),
      releases: status.startsWith('released') ? [{ status, occurred_on: statusOn }] : [],
    });
  }
  addContributions(cells, states, 1);
  return out;
}

/**
 * The synthetic, clearly FICTIONAL registry used by the registry and load benchmarks: names built from
 * invented syllables (no real people), cases in invented courts and colonies, a realistic consent mix
 * (a tenth sealed). Rows are written straight through the registry's own row builders, in batches, so
 * 100,000 persons take about a minute rather than an hour of API calls. Deterministic for a given seed.
 */
import type { AppContext } from '../src/core/context';
import type { Consent, PersonStatus, PersonsTable, StatusEventsTable } from '../src/core/db/schema-registry';
import { tiersForConsent } from '../src/modules/registry/consent';
import { blindIndexKey, indexTokens } from '../src/modules/registry/name-index';
import { caseRows, nameRows, newRefCode } from '../src/modules/registry/persons.writer';
import { caseInput, GROUPS, REGIONS } from '../src/modules/registry/registry.schema';
import { StatCellsRepository } from '../src/modules/registry/stat-cells.repository';

const BATCH = 1000;

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

/**
 * Inserts n fictional persons (with names, search tokens, a case and a status event each) and returns
 * sample name queries (one per 500 persons, never from a sealed identity) for search benchmarks.
 */
export async function generateRegistry(ctx: AppContext, n: number): Promise<{ queries: string[] }> {
  const key = blindIndexKey(ctx.keyring);
  const queries: string[] = [];
  for (let start = 0; start < n; start += BATCH) {
    const persons: PersonsTable[] = [];
    const names: ReturnType<typeof nameRows> = [];
    const tokens: Array<{ person_id: string; token: string }> = [];
    const cases: Array<ReturnType<typeof caseRows>['row']> = [];
    const articles: Array<ReturnType<typeof caseRows>['articles'][number]> = [];
    const events: StatusEventsTable[] = [];
    const now = new Date().toISOString();
    for (let i = start; i < Math.min(n, start + BATCH); i++) {
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
        note_enc: null,
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
    if ((start / BATCH) % 10 === 0) process.stderr.write(`\r${start + BATCH} / ${n}`);
  }
  process.stderr.write('\n');
  // The rows went in directly, past the services that keep the statistics cells: compute those once.
  await ctx.db.transaction().execute((trx) => new StatCellsRepository().rebuild(trx));
  return { queries };
}

import { sql, type Kysely } from 'kysely';
import type { Keyring } from '../../crypto/keyring';
import type { Engine } from '../database';
import type { MigrationDeps } from '../migrate';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Registry statistics and search at 100,000 persons, and status notes at rest.
 *
 * 1. registry_stat_cells: the statistics kept up to date by every registry write (src/modules/registry/
 *    stat-cells.ts documents dimensions and keys), backfilled here from the existing rows with plain
 *    aggregate SQL, independent of the application code that maintains them afterwards.
 * 2. Composite indexes so that list filters start from the selective side (court, judge, facility and
 *    detention date, article) and reach the person without reading the case rows; they replace the
 *    single-column indexes they begin with.
 * 3. status_events.note (clear text) becomes note_enc, encrypted with the keyring under the context
 *    "status_events:<id>:note". Needs the keyring (MigrationDeps) only when notes exist.
 */
const CURRENT = ['detained', 'sentenced'];
const noteContext = (id: string): string => `status_events:${id}:note`;

type Row = { dimension: string; key: string; persons: number; public_persons: number };

export async function up(db: Kysely<any>, engine: Engine, deps: MigrationDeps = {}): Promise<void> {
  // First, before any change: without a keyring for existing notes the migration stops with nothing done
  // (DDL is not transactional on every engine).
  const notes = (await db
    .selectFrom('status_events')
    .select(['id', 'note'])
    .where('note', 'is not', null)
    .execute()) as Array<{ id: string; note: string }>;
  const keyring = notes.length > 0 ? await needKeyring(db, deps, 'encrypt status notes') : undefined;

  await db.schema
    .createTable('registry_stat_cells')
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('persons', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('public_persons', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('registry_stat_cells_pk', ['dimension', 'key'])
    .execute();
  await backfillCells(db);

  for (const name of ['cases_court', 'cases_judge', 'cases_facility', 'case_articles_article'])
    await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('cases_court_person').on('cases').columns(['court', 'person_id']).execute();
  await db.schema.createIndex('cases_judge_person').on('cases').columns(['judge', 'person_id']).execute();
  await db.schema
    .createIndex('cases_facility_detained')
    .on('cases')
    .columns(['facility', 'detained_on', 'person_id'])
    .execute();
  await db.schema.createIndex('cases_id_person').on('cases').columns(['id', 'person_id']).execute();
  await db.schema
    .createIndex('case_articles_article_case')
    .on('case_articles')
    .columns(['article', 'case_id'])
    .execute();

  await db.schema.alterTable('status_events').addColumn('note_enc', 'text').execute();
  for (const n of notes)
    await db
      .updateTable('status_events')
      .set({ note_enc: keyring!.encrypt(n.note, noteContext(n.id)), note: null })
      .where('id', '=', n.id)
      .execute();
  await db.schema.alterTable('status_events').dropColumn('note').execute();
  void engine;
}

export async function down(db: Kysely<any>, engine: Engine, deps: MigrationDeps = {}): Promise<void> {
  const notes = (await db
    .selectFrom('status_events')
    .select(['id', 'note_enc'])
    .where('note_enc', 'is not', null)
    .execute()) as Array<{ id: string; note_enc: string }>;
  const keyring = notes.length > 0 ? await needKeyring(db, deps, 'decrypt status notes') : undefined;
  await db.schema.alterTable('status_events').addColumn('note', 'text').execute();
  for (const n of notes)
    await db
      .updateTable('status_events')
      .set({ note: keyring!.decrypt(n.note_enc, noteContext(n.id)) })
      .where('id', '=', n.id)
      .execute();
  await db.schema.alterTable('status_events').dropColumn('note_enc').execute();
  for (const name of [
    'cases_court_person',
    'cases_judge_person',
    'cases_facility_detained',
    'cases_id_person',
    'case_articles_article_case',
  ])
    await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('cases_court').on('cases').column('court').execute();
  await db.schema.createIndex('cases_judge').on('cases').column('judge').execute();
  await db.schema.createIndex('cases_facility').on('cases').column('facility').execute();
  await db.schema.createIndex('case_articles_article').on('case_articles').column('article').execute();
  await db.schema.dropTable('registry_stat_cells').execute();
  void engine;
}

async function needKeyring(db: Kysely<any>, deps: MigrationDeps, what: string): Promise<Keyring> {
  if (!deps.keyring)
    throw new Error(`This migration must ${what} and needs the keyring; run it through \`supolka migrate\`.`);
  return deps.keyring(db);
}

/** Whole months from `from` to `to`, counted like a birthday, in SQL valid on both engines. */
function monthsBetween(from: string, to: string) {
  const part = (d: string, start: number, len: number) =>
    sql`cast(substr(${sql.ref(d)}, ${sql.lit(start)}, ${sql.lit(len)}) as integer)`;
  return sql<number>`((${part(to, 1, 4)} - ${part(from, 1, 4)}) * 12 + (${part(to, 6, 2)} - ${part(from, 6, 2)})
    - case when substr(${sql.ref(to)}, 9, 2) < substr(${sql.ref(from)}, 9, 2) then 1 else 0 end)`;
}

/** The statistics as aggregate queries over the existing rows (the way they were computed before). */
async function backfillCells(db: Kysely<any>): Promise<void> {
  const rows: Row[] = [];
  const pub = sql<number>`sum(case when p.tier = 'public' then 1 else 0 end)`;
  const distinctPub = sql<number>`count(distinct case when p.tier = 'public' then p.id end)`;
  const push = (
    dimension: string,
    found: Array<{ key: string | number | null; n: unknown; pub: unknown }>,
  ) => {
    for (const r of found)
      rows.push({
        dimension,
        key: r.key === null ? 'unknown' : String(r.key),
        persons: Number(r.n),
        public_persons: Number(r.pub ?? 0),
      });
  };
  const q = async (query: ReturnType<typeof sql>) =>
    (await query.execute(db)).rows as Array<{ key: string | number | null; n: unknown; pub: unknown }>;
  const scopes: Array<[string, ReturnType<typeof sql>]> = [
    ['all', sql`p.merged_into is null`],
    ['current', sql`p.merged_into is null and p.current_status in (${sql.join(CURRENT)})`],
  ];

  push(
    'status',
    await q(sql`select p.current_status as key, count(*) as n, ${pub} as pub
    from persons p where p.merged_into is null group by p.current_status`),
  );
  for (const [scope, where] of scopes) {
    for (const column of ['region', 'gender'])
      push(
        `${column}:${scope}`,
        await q(sql`select ${sql.ref(`p.${column}`)} as key, count(*) as n, ${pub} as pub
          from persons p where ${where} group by ${sql.ref(`p.${column}`)}`),
      );
    // Groups are a JSON array per person: the few distinct combinations are exploded here.
    const groups = new Map<string, Row>();
    for (const r of await q(sql`select p.groups as key, count(*) as n, ${pub} as pub
      from persons p where ${where} group by p.groups`)) {
      let codes: string[] = [];
      try {
        const parsed = JSON.parse(String(r.key)) as unknown;
        codes = Array.isArray(parsed) ? [...new Set(parsed.map(String))] : [];
      } catch {
        codes = [];
      }
      for (const code of codes.length > 0 ? codes : ['none']) {
        const g = groups.get(code) ?? {
          dimension: `group:${scope}`,
          key: code,
          persons: 0,
          public_persons: 0,
        };
        g.persons += Number(r.n);
        g.public_persons += Number(r.pub ?? 0);
        groups.set(code, g);
      }
    }
    rows.push(...groups.values());
    push(
      `article:${scope}`,
      await q(sql`select a.article as key, count(distinct p.id) as n, ${distinctPub} as pub
        from persons p join cases c on c.person_id = p.id join case_articles a on a.case_id = c.id
        where ${where} group by a.article`),
    );
    push(
      `facility:${scope}`,
      await q(sql`select c.facility as key, count(distinct p.id) as n, ${distinctPub} as pub
        from persons p join cases c on c.person_id = p.id
        where ${where} and c.facility is not null group by c.facility`),
    );
  }
  push(
    'recognised',
    await q(sql`select substr(p.recognised_on, 1, 7) as key, count(*) as n, ${pub} as pub
    from persons p where p.merged_into is null and p.recognised_on is not null
    group by substr(p.recognised_on, 1, 7)`),
  );
  const released = await q(sql`select substr(e.occurred_on, 1, 7) || '|' || e.status as key,
      count(distinct p.id) as n, ${distinctPub} as pub
    from status_events e join persons p on p.id = e.person_id
    where p.merged_into is null and e.status like 'released%'
    group by substr(e.occurred_on, 1, 7) || '|' || e.status`);
  push('released', released);
  push(
    'served:current',
    await q(sql`select t.since as key, count(*) as n, sum(t.pub) as pub from (
      select min(c.detained_on) as since, case when p.tier = 'public' then 1 else 0 end as pub
      from persons p join cases c on c.person_id = p.id
      where p.merged_into is null and p.current_status in (${sql.join(CURRENT)}) and c.detained_on is not null
      group by p.id, p.tier
    ) t group by t.since`),
  );
  push(
    'served:released',
    await q(sql`select t.months as key, count(*) as n, sum(t.pub) as pub from (
      select ${monthsBetween('t0.since', 't0.until')} as months, t0.pub as pub from (
        select min(c.detained_on) as since, p.current_status_on as until,
          case when p.tier = 'public' then 1 else 0 end as pub
        from persons p join cases c on c.person_id = p.id
        where p.merged_into is null and p.current_status like 'released%'
          and p.current_status_on is not null and c.detained_on is not null
        group by p.id, p.tier, p.current_status_on
      ) t0
    ) t group by t.months`),
  );

  // A missing value and the literal code "unknown" (a region) share the cell "unknown".
  const merged = new Map<string, Row>();
  for (const r of rows) {
    const id = `${r.dimension}\u0000${r.key}`;
    const m = merged.get(id);
    if (m) {
      m.persons += r.persons;
      m.public_persons += r.public_persons;
    } else merged.set(id, { ...r });
  }
  const all = [...merged.values()];
  for (let i = 0; i < all.length; i += 200)
    await db
      .insertInto('registry_stat_cells')
      .values(all.slice(i, i + 200))
      .execute();
}

import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/core/access';
import type { AppContext } from '../../src/core/context';
import type { Consent } from '../../src/core/db/schema-registry';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { createPersonBody, type PersonView } from '../../src/modules/registry/registry.schema';
import type { z } from 'zod';

/** A unique, clearly fictional marker usable as a name part (letters only, so it survives tokenising). */
export function nameMarker(prefix = 'Zqx'): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return prefix + [...randomBytes(10)].map((b) => letters[b % letters.length]).join('');
}

export type PersonInputOverrides = Partial<z.input<typeof createPersonBody>>;

/** Creates a fictional person through the service (so encryption, tokens and audit are real). */
export async function makePerson(
  ctx: AppContext,
  author: Actor,
  consent: Consent,
  overrides: PersonInputOverrides = {},
): Promise<PersonView> {
  const input = createPersonBody.parse({
    consent,
    names: [{ script: 'latn', kind: 'primary', value: `${nameMarker()} Testovich` }],
    gender: 'male',
    region: 'minsk_city',
    groups: ['activist'],
    cases: [
      { articles: [{ article: '342' }], detainedOn: '2021-03-01', facility: 'Fictional Colony No. 99' },
    ],
    statusEvents: [{ status: 'sentenced', occurredOn: '2021-09-01' }],
    ...overrides,
  });
  return new PersonsService(ctx).create(author, input);
}

// ---- registry import/export/merge helpers (appended by the import engineer) ----
import { createHash } from 'node:crypto';
import type { DB } from '../../src/core/db/database';

const REGISTRY_TABLES = [
  'persons',
  'person_names',
  'person_name_tokens',
  'cases',
  'case_articles',
  'status_events',
  'recognitions',
  'fact_sources',
  'release_events',
  'saved_filters',
  'person_merges',
  'duplicate_decisions',
  'person_humanitarian',
] as const;

/** Row count of every registry table: a write anywhere changes this. */
export async function registryRowCounts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of REGISTRY_TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** A hash over everything stored about the given persons (rows, names, tokens, dependants, sources). */
export async function personsStateHash(db: DB, ids: readonly string[]): Promise<string> {
  const sorted = [...ids].sort();
  const byJson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  const cases = await db.selectFrom('cases').selectAll().where('person_id', 'in', sorted).execute();
  const caseIds = cases.map((c) => c.id);
  const events = await db.selectFrom('status_events').selectAll().where('person_id', 'in', sorted).execute();
  const recs = await db.selectFrom('recognitions').selectAll().where('person_id', 'in', sorted).execute();
  const state = {
    persons: byJson(await db.selectFrom('persons').selectAll().where('id', 'in', sorted).execute()),
    names: byJson(await db.selectFrom('person_names').selectAll().where('person_id', 'in', sorted).execute()),
    tokens: byJson(
      await db.selectFrom('person_name_tokens').selectAll().where('person_id', 'in', sorted).execute(),
    ),
    cases: byJson(cases),
    articles: caseIds.length
      ? byJson(await db.selectFrom('case_articles').selectAll().where('case_id', 'in', caseIds).execute())
      : [],
    events: byJson(events),
    recognitions: byJson(recs),
    sources: byJson(
      await db
        .selectFrom('fact_sources')
        .selectAll()
        .where('entity_id', 'in', [
          ...sorted,
          ...caseIds,
          ...events.map((e) => e.id),
          ...recs.map((r) => r.id),
        ])
        .execute(),
    ),
    humanitarian: byJson(
      await db.selectFrom('person_humanitarian').selectAll().where('person_id', 'in', sorted).execute(),
    ),
    decisions: byJson(
      await db
        .selectFrom('duplicate_decisions')
        .selectAll()
        .where((eb) => eb.or([eb('person_a', 'in', sorted), eb('person_b', 'in', sorted)]))
        .execute(),
    ),
  };
  return createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

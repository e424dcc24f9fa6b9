import { afterAll, describe, expect, it } from 'vitest';
import { migrationDeps } from '../../src/core/bootstrap';
import { openDatabase } from '../../src/core/db/database';
import { migrateToLatest } from '../../src/core/db/migrate';
import { MergeService } from '../../src/modules/registry/merge.service';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { listPersonsQuery } from '../../src/modules/registry/registry.schema';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { migrateTo, type AnyDb } from '../support/migrations';

/**
 * Migration 20261207T2000_case_articles_person on an installation with registry rows (fictional): every
 * article row gets its case's person, new rows and moved cases keep it exact (triggers), the article
 * filter reads it, and the way down removes it.
 */
const BEFORE = '20261207T1700_registry_covering';
const MIGRATION = '20261207T2000_case_articles_person';
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

async function seedOldRows(db: AnyDb): Promise<void> {
  const now = '2026-12-01T00:00:00.000Z';
  const person = (id: string, ref: string) => ({
    id,
    consent: 'public',
    tier: 'public',
    identity_tier: 'public',
    ref_code: ref,
    groups: '[]',
    external_ids: '{}',
    created_at: now,
    updated_at: now,
  });
  await db
    .insertInto('persons')
    .values([person(P1, 'PP-FICTION1'), person(P2, 'PP-FICTION2')])
    .execute();
  const kase = (id: string, personId: string) => ({
    id,
    person_id: personId,
    tier: 'public',
    incommunicado: '[]',
    created_at: now,
    updated_at: now,
  });
  await db
    .insertInto('cases')
    .values([kase('c1', P1), kase('c2', P1), kase('c3', P2)])
    .execute();
  await db
    .insertInto('case_articles')
    .values([
      { case_id: 'c1', article: '342', position: 0 },
      { case_id: 'c1', article: '130-3', position: 1 },
      { case_id: 'c2', article: '342', position: 0 },
      { case_id: 'c3', article: '369', position: 0 },
    ])
    .execute();
}

const personsOf = async (db: AnyDb) =>
  (
    (await db
      .selectFrom('case_articles')
      .select(['case_id', 'article', 'person_id'])
      .orderBy('case_id')
      .orderBy('article')
      .execute()) as Array<{ case_id: string; article: string; person_id: string | null }>
  ).map(
    (r) => `${r.case_id}/${r.article}:${r.person_id === P1 ? 'p1' : r.person_id === P2 ? 'p2' : r.person_id}`,
  );

for (const engine of ENGINES) {
  describe(`case_articles.person_id migration (${engine})`, () => {
    const envs: TestEnv[] = [];
    afterAll(async () => {
      await Promise.all(envs.map((e) => e.destroy()));
    });

    it('backfills, follows inserts and moved cases, serves the article filter, and goes down again', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const handle = openDatabase(env.config.database);
      try {
        const db = handle.db as AnyDb;
        await migrateTo(db, engine, BEFORE, migrationDeps(env.config));
        await seedOldRows(db);
        expect(await migrateToLatest(handle.db, engine, migrationDeps(env.config))).toContain(MIGRATION);
        expect(await personsOf(db)).toEqual(['c1/130-3:p1', 'c1/342:p1', 'c2/342:p1', 'c3/369:p2']);

        // A new article row takes its case's person; a case moved to another person takes its rows along.
        await db.insertInto('case_articles').values({ case_id: 'c3', article: '342', position: 1 }).execute();
        expect(await personsOf(db)).toContain('c3/342:p2');
        await db.updateTable('cases').set({ person_id: P1 }).where('id', '=', 'c3').execute();
        expect(await personsOf(db)).toEqual([
          'c1/130-3:p1',
          'c1/342:p1',
          'c2/342:p1',
          'c3/342:p1',
          'c3/369:p1',
        ]);
        await db.updateTable('cases').set({ person_id: P2 }).where('id', '=', 'c3').execute();
      } finally {
        await handle.close();
      }

      // The application: the article filter (count and page) through person_id, and a merge moving cases.
      const opened = await openTestContext(env);
      try {
        const editor = await makeUser(opened.ctx, 'editor');
        const persons = new PersonsService(opened.ctx);
        const byArticle = async (article: string) => {
          const found = await persons.list(editor, listPersonsQuery.parse({ article }));
          return { ids: found.items.map((i) => i.id).sort(), total: found.total };
        };
        expect(await byArticle('342')).toEqual({ ids: [P1, P2], total: 2 });
        expect(await byArticle('369')).toEqual({ ids: [P2], total: 1 });
        const merges = new MergeService(opened.ctx);
        const merged = await merges.merge(editor, P1, P2);
        expect(await byArticle('369')).toEqual({ ids: [P1], total: 1 });
        await merges.revert(editor, merged.mergeId);
        expect(await byArticle('369')).toEqual({ ids: [P2], total: 1 });
      } finally {
        await opened.close();
      }

      const again = openDatabase(env.config.database);
      try {
        const db = again.db as AnyDb;
        await migrateTo(db, engine, BEFORE, migrationDeps(env.config));
        const columns = (await again.db.introspection.getTables()).find(
          (t) => t.name === 'case_articles',
        )!.columns;
        expect(columns.map((c) => c.name)).not.toContain('person_id');
        // Without the triggers, the old schema accepts rows as before.
        await db.insertInto('case_articles').values({ case_id: 'c2', article: '369', position: 1 }).execute();
        expect(await migrateToLatest(again.db, engine, migrationDeps(env.config))).toContain(MIGRATION);
        expect(await personsOf(db)).toContain('c2/369:p1');
      } finally {
        await again.close();
      }
    }, 60_000);
  });
}

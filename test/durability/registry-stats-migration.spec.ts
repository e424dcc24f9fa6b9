import { afterAll, describe, expect, it } from 'vitest';
import { migrationDeps } from '../../src/core/bootstrap';
import { Keyring } from '../../src/core/crypto/keyring';
import { masterKeySource } from '../../src/core/crypto/master-key';
import { openDatabase } from '../../src/core/db/database';
import { migrateToLatest } from '../../src/core/db/migrate';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { StatisticsService } from '../../src/modules/registry/statistics.service';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { migrateTo, type AnyDb } from '../support/migrations';
import { recomputeStatistics, statisticsShape } from '../support/registry-stats';

/**
 * Migration 20261125T1300_registry_stats on an installation that already holds registry rows (written
 * with the previous schema, all fictional): the statistics cells are backfilled to exactly what the rows
 * say, and clear status notes end up encrypted under "status_events:<id>:note" (and back on the way down).
 */
const BEFORE = '20261125T1200_humanitarian';
const TODAY = '2026-11-25';
const NOTES = {
  e1: 'Fictional note: moved to another fictional colony',
  e2: 'Fictional note: released at dawn',
};

async function seedOldRows(db: AnyDb): Promise<void> {
  const now = '2026-11-01T00:00:00.000Z';
  const person = (id: string, over: Record<string, unknown>) => ({
    id,
    consent: 'public',
    tier: 'public',
    identity_tier: 'public',
    ref_code: `PP-${id.slice(0, 8).toUpperCase()}`,
    groups: '[]',
    external_ids: '{}',
    created_at: now,
    updated_at: now,
    ...over,
  });
  const ids = {
    p1: '11111111-1111-4111-8111-111111111111',
    p2: '22222222-2222-4222-8222-222222222222',
    p3: '33333333-3333-4333-8333-333333333333',
  };
  await db
    .insertInto('persons')
    .values([
      person(ids.p1, {
        current_status: 'sentenced',
        current_status_on: '2021-06-01',
        region: 'brest',
        gender: 'female',
        groups: '["journalist","cultural_worker"]',
        recognised_on: '2021-02-01',
      }),
      person(ids.p2, {
        consent: 'sealed',
        tier: 'sealed',
        identity_tier: 'sealed',
        ref_code: 'PP-SEALED22',
        current_status: 'released_pardon',
        current_status_on: '2024-05-01',
      }),
      person(ids.p3, {
        consent: 'anonymised',
        tier: 'internal',
        identity_tier: 'confidential',
        ref_code: 'PP-MERGED33',
        current_status: 'detained',
        merged_into: ids.p1,
      }),
    ])
    .execute();
  const kase = (id: string, personId: string, over: Record<string, unknown>) => ({
    id,
    person_id: personId,
    tier: 'public',
    incommunicado: '[]',
    created_at: now,
    updated_at: now,
    ...over,
  });
  await db
    .insertInto('cases')
    .values([
      kase('c1', ids.p1, { detained_on: '2021-01-10', facility: 'Fictional Colony A', court: 'Court A' }),
      kase('c2', ids.p1, { detained_on: '2020-12-01', facility: 'Fictional Colony B' }),
      kase('c3', ids.p2, { tier: 'sealed', detained_on: '2021-06-15', facility: 'Fictional Colony A' }),
      kase('c4', ids.p3, { tier: 'internal', detained_on: '2022-01-01', facility: 'Fictional Colony C' }),
    ])
    .execute();
  await db
    .insertInto('case_articles')
    .values([
      { case_id: 'c1', article: '342', position: 0 },
      { case_id: 'c1', article: '130-3', position: 1 },
      { case_id: 'c2', article: '342', position: 0 },
      { case_id: 'c3', article: '342', position: 0 },
      { case_id: 'c4', article: '369', position: 0 },
    ])
    .execute();
  await db
    .insertInto('recognitions')
    .values({
      id: 'r1',
      person_id: ids.p1,
      recognised_by: 'Fictional HRC',
      recognised_on: '2021-02-01',
      created_at: now,
    })
    .execute();
  const ev = (id: string, personId: string, status: string, on: string, note: string | null) => ({
    id,
    person_id: personId,
    status,
    occurred_on: on,
    note,
    created_at: now,
  });
  await db
    .insertInto('status_events')
    .values([
      ev('e1', ids.p1, 'sentenced', '2021-06-01', NOTES.e1),
      ev('e2', ids.p2, 'released_pardon', '2024-05-01', NOTES.e2),
      ev('e3', ids.p2, 'detained', '2021-06-15', null),
    ])
    .execute();
}

for (const engine of ENGINES) {
  describe(`registry statistics migration (${engine})`, () => {
    const envs: TestEnv[] = [];
    afterAll(async () => {
      await Promise.all(envs.map((e) => e.destroy()));
    });

    it('backfills the statistics cells and encrypts status notes, and back down again', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const handle = openDatabase(env.config.database);
      let keyring: Keyring;
      try {
        const db = handle.db as AnyDb;
        await migrateTo(db, engine, BEFORE);
        keyring = (await Keyring.open(handle.db, masterKeySource(env.config.masterKey))).keyring;
        await seedOldRows(db);

        // Clear notes need the keyring: without it the migration stops before changing anything.
        await expect(migrateToLatest(handle.db, engine)).rejects.toThrow(/needs the keyring/);
        const tables = async () => (await handle.db.introspection.getTables()).map((t) => t.name);
        expect(await tables()).not.toContain('registry_stat_cells');

        expect(await migrateToLatest(handle.db, engine, migrationDeps(env.config))).toContain(
          '20261125T1300_registry_stats',
        );
        const events = (await db.selectFrom('status_events').selectAll().orderBy('id').execute()) as Array<
          Record<string, string | null>
        >;
        expect(events.map((e) => Object.keys(e).includes('note'))).toEqual([false, false, false]);
        expect(events.map((e) => e.note_enc === null)).toEqual([false, false, true]);
        for (const e of events.slice(0, 2)) {
          expect(e.note_enc).not.toContain('Fictional');
          expect(keyring.decrypt(e.note_enc!, `status_events:${e.id}:note`)).toBe(
            NOTES[e.id as keyof typeof NOTES],
          );
          // Bound to its row: the same ciphertext does not open as another row's note.
          expect(() => keyring.decrypt(e.note_enc!, 'status_events:e3:note')).toThrow();
        }
      } finally {
        await handle.close();
      }

      // The application on the migrated installation: statistics and notes as the rows say.
      const opened = await openTestContext(env);
      try {
        const ctx = opened.ctx;
        for (const scope of ['current', 'all'] as const)
          expect(statisticsShape(await new StatisticsService(ctx).computeFresh(scope, TODAY))).toEqual(
            await recomputeStatistics(ctx.db, scope, TODAY),
          );
        const all = await new StatisticsService(ctx).computeFresh('all', TODAY);
        // Two unmerged persons, the sealed one included; the merged one counts nowhere.
        expect(all.byStatus.reduce((s, c) => s + c.count, 0)).toBe(2);
        expect(all.byArticle).toEqual([
          { key: '342', count: 2, publicCount: 1 },
          { key: '130-3', count: 1, publicCount: 1 },
        ]);
        expect(all.byGroup.map((c) => c.key).sort()).toEqual(['cultural_worker', 'journalist', 'none']);
        expect(all.timeServed.released).toMatchObject({ persons: 1, medianMonths: 34 });
        const editor = await makeUser(ctx, 'editor');
        const view = await new PersonsService(ctx).get(editor, '11111111-1111-4111-8111-111111111111');
        expect(view.statusEvents.map((e) => e.note)).toEqual([NOTES.e1]);
      } finally {
        await opened.close();
      }

      const again = openDatabase(env.config.database);
      try {
        const db = again.db as AnyDb;
        await migrateTo(db, engine, BEFORE, migrationDeps(env.config));
        const events = (await db
          .selectFrom('status_events')
          .select(['id', 'note'])
          .orderBy('id')
          .execute()) as Array<{
          id: string;
          note: string | null;
        }>;
        expect(events.map((e) => e.note)).toEqual([NOTES.e1, NOTES.e2, null]);
        expect(await migrateToLatest(again.db, engine, migrationDeps(env.config))).toContain(
          '20261125T1300_registry_stats',
        );
        const cells = await again.db.selectFrom('registry_stat_cells').selectAll().execute();
        expect(cells.length).toBeGreaterThan(0);
      } finally {
        await again.close();
      }
    }, 60_000);
  });
}

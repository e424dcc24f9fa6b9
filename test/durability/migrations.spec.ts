import { afterAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/core/db/database';
import { openDatabase } from '../../src/core/db/database';
import { migrateDown, migrateToLatest, migrations } from '../../src/core/db/migrate';
import { cliJson, runCli } from '../support/cli';
import { createTestEnv, ENGINES, type TestEnv } from '../support/context';

/**
 * The schema as the foundation migration must create it, written out by hand: a migration edited by
 * mistake (a dropped or renamed column) disagrees with this list on both engines.
 */
const EXPECTED: Record<string, string[]> = {
  users: [
    'id',
    'username',
    'display_name',
    'role',
    'password_hash',
    'totp_secret_enc',
    'totp_enabled',
    'totp_last_step',
    'disabled',
    'failed_logins',
    'locked_until',
    'created_at',
    'updated_at',
  ],
  sessions: ['id', 'user_id', 'csrf_token', 'created_at', 'expires_at', 'last_seen_at'],
  data_keys: ['id', 'wrapped_key', 'master_key_id', 'active', 'created_at'],
  audit_log: [
    'seq',
    'at',
    'actor_id',
    'action',
    'entity_type',
    'entity_id',
    'tier',
    'outcome',
    'detail',
    'prev_hash',
    'hash',
  ],
  audit_head: ['id', 'seq', 'hash'],
  record_grants: ['entity_type', 'entity_id', 'user_id', 'granted_by', 'created_at'],
  sources: [
    'id',
    'tier',
    'title',
    'url',
    'publisher',
    'published_on',
    'language',
    'notes_enc',
    'notes_tier',
    'is_demo',
    'created_by',
    'created_at',
    'updated_at',
    'version',
  ],
};

async function tables(db: DB): Promise<Map<string, string[]>> {
  const found = await db.introspection.getTables();
  return new Map(found.map((t) => [t.name, t.columns.map((c) => c.name)]));
}

/** Later migrations add tables; these checks are about the foundation ones, which must always be there. */
function expectFoundation(found: Map<string, string[]>): void {
  for (const [table, columns] of Object.entries(EXPECTED)) {
    expect(found.get(table), table).toBeDefined();
    expect(new Set(found.get(table)), table).toEqual(new Set(columns));
  }
}

for (const engine of ENGINES) {
  describe(`migrations (${engine})`, () => {
    const envs: TestEnv[] = [];
    afterAll(async () => {
      await Promise.all(envs.map((e) => e.destroy()));
    });

    it('up creates every table, down removes them all, up again restores them', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const handle = openDatabase(env.config.database);
      try {
        const { db } = handle;
        expect((await tables(db)).size).toBe(0);
        const applied = await migrateToLatest(db, engine);
        expect(applied).toEqual(Object.keys(migrations));
        expectFoundation(await tables(db));
        expect(await migrateToLatest(db, engine)).toEqual([]);

        // Down one step at a time until nothing is left to undo.
        const undone: string[] = [];
        for (let i = 0; i <= applied.length; i++) {
          const step = await migrateDown(db, engine);
          if (step.length === 0) break;
          undone.push(...step);
        }
        expect(undone).toEqual([...applied].reverse());
        // Kysely's own bookkeeping tables stay; no application table may survive.
        expect([...(await tables(db)).keys()].filter((t) => !t.startsWith('kysely_'))).toEqual([]);

        expect(await migrateToLatest(db, engine)).toEqual(applied);
        expectFoundation(await tables(db));
        // The schema is usable after the round trip, not only present.
        await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: 'x' }).execute();
        expect(await db.selectFrom('audit_head').selectAll().execute()).toEqual([
          { id: 1, seq: 0, hash: 'x' },
        ]);
      } finally {
        await handle.close();
      }
    });

    it('`supolka migrate` applies everything once, then nothing', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const first = await runCli(env.env, ['migrate']);
      expect(first.code, first.stderr).toBe(0);
      expect(cliJson<{ engine: string; applied: string[] }>(first)).toEqual({
        engine,
        applied: Object.keys(migrations),
      });
      const second = await runCli(env.env, ['migrate']);
      expect(second.code, second.stderr).toBe(0);
      expect(cliJson<{ applied: string[] }>(second).applied).toEqual([]);

      const handle = openDatabase(env.config.database);
      try {
        expectFoundation(await tables(handle.db));
      } finally {
        await handle.close();
      }
    });
  });
}

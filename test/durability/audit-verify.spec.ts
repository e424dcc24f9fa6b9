import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/core/audit/audit.chain';
import { verifyAuditChain } from '../../src/core/audit/audit.verify';
import type { AuditRow } from '../../src/core/db/schema';
import { AuthService } from '../../src/core/auth/auth.service';
import { SourcesService } from '../../src/modules/sources/sources.service';
import { cliJson, runCli, withRawDb } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser, TEST_PASSWORD } from '../support/factories';

/**
 * The audit log is the record of who read and changed what. These tests tamper with the stored rows the way
 * someone with database access would (bypassing the application) and check that `supolka audit verify`,
 * run as the real CLI, notices and names the damaged row.
 */
type Verify =
  | { ok: true; rows: number; headSeq: number }
  | { ok: false; rows: number; firstBadSeq: number; reason: string };

const verifyCli = async (env: TestEnv): Promise<{ code: number | null; result: Verify }> => {
  const run = await runCli(env.env, ['audit', 'verify']);
  return { code: run.code, result: cliJson<Verify>(run) };
};

const verifyIn = async (env: TestEnv): Promise<Verify> => {
  const opened = await openTestContext(env);
  try {
    return await verifyAuditChain(opened.ctx.db, opened.ctx.audit);
  } finally {
    await opened.close();
  }
};

const rowsOf = (env: TestEnv): Promise<AuditRow[]> =>
  withRawDb(env, (db) => db.selectFrom('audit_log').selectAll().orderBy('seq').execute());

for (const engine of ENGINES) {
  describe(`audit chain verification (${engine})`, () => {
    const envs: TestEnv[] = [];
    afterAll(async () => {
      await Promise.all(envs.splice(0).map((e) => e.destroy()));
    });

    /** A fresh installation whose log holds rows from users, sources and reads (at least 8 rows). */
    async function populated(): Promise<TestEnv> {
      const env = await createTestEnv(engine);
      envs.push(env);
      const opened = await openTestContext(env);
      try {
        const { ctx } = opened;
        const editor = await makeUser(ctx, 'editor');
        await makeUser(ctx, 'viewer');
        const sources = new SourcesService(ctx);
        for (const tier of ['public', 'internal', 'confidential', 'sealed'] as const) {
          const s = await makeSource(ctx, editor, tier);
          if (tier !== 'public') await sources.get(editor, s.id);
        }
      } finally {
        await opened.close();
      }
      expect((await rowsOf(env)).length).toBeGreaterThanOrEqual(8);
      return env;
    }

    it('an untouched log passes, through the CLI and in process', async () => {
      const env = await populated();
      const { code, result } = await verifyCli(env);
      expect(result).toMatchObject({ ok: true });
      expect(code).toBe(0);
      const rows = await rowsOf(env);
      expect(result.rows).toBe(rows.length);
      expect(result.ok && result.headSeq).toBe(rows[rows.length - 1]!.seq);
    });

    it('an UPDATE of one row is caught and that row is named', async () => {
      const env = await populated();
      const target = (await rowsOf(env))[3]!;
      await withRawDb(env, (db) =>
        sql`update audit_log set detail = ${'{"forged":true}'} where seq = ${target.seq}`.execute(db),
      );
      const { code, result } = await verifyCli(env);
      expect(code).toBe(1);
      expect(result).toMatchObject({ ok: false, firstBadSeq: target.seq });
    });

    it('an UPDATE of the action with a recomputed hash is caught at the next row', async () => {
      const env = await populated();
      const rows = await rowsOf(env);
      const target = rows[2]!;
      // A careful forger recomputes this row's hash; the following row still links to the old one.
      const forged = chainHash(target.prev_hash, { ...target, action: 'source.delete' });
      await withRawDb(env, (db) =>
        sql`update audit_log set action = ${'source.delete'}, hash = ${forged} where seq = ${target.seq}`.execute(
          db,
        ),
      );
      // In process: the CLI path for an UPDATE is covered above, and each CLI start costs more than a second.
      const result = await verifyIn(env);
      expect(result).toMatchObject({ ok: false, firstBadSeq: target.seq + 1 });
    });

    it('a DELETE of a middle row is caught and the gap is named', async () => {
      const env = await populated();
      const rows = await rowsOf(env);
      const gone = rows[Math.floor(rows.length / 2)]!.seq;
      await withRawDb(env, (db) => sql`delete from audit_log where seq = ${gone}`.execute(db));
      const { code, result } = await verifyCli(env);
      expect(code).toBe(1);
      expect(result).toMatchObject({ ok: false, firstBadSeq: gone });
      expect(!result.ok && result.reason).toContain(String(gone));
    });

    it('a forged row put in place of a real one, with a plausible but wrong hash, is caught', async () => {
      const env = await populated();
      const target = (await rowsOf(env))[4]!;
      const plausible = chainHash(target.prev_hash, {
        ...target,
        detail: '{}',
        at: '2000-01-01T00:00:00.000Z',
      });
      await withRawDb(env, async (db) => {
        await sql`delete from audit_log where seq = ${target.seq}`.execute(db);
        await sql`insert into audit_log (seq, at, actor_id, action, entity_type, entity_id, tier, outcome, detail, prev_hash, hash)
          values (${target.seq}, ${target.at}, ${null}, ${'user.login'}, ${null}, ${null}, ${null}, ${'ok'}, ${'{}'}, ${target.prev_hash}, ${plausible})`.execute(
          db,
        );
      });
      const { code, result } = await verifyCli(env);
      expect(code).toBe(1);
      expect(result).toMatchObject({ ok: false, firstBadSeq: target.seq });
    });

    it('a row appended after the head, even with a correctly computed hash, is caught', async () => {
      const env = await populated();
      const rows = await rowsOf(env);
      const last = rows[rows.length - 1]!;
      const fields = { ...last, seq: last.seq + 1, action: 'user.create', detail: '{}' };
      const hash = chainHash(last.hash, fields);
      await withRawDb(env, (db) =>
        db
          .insertInto('audit_log')
          .values({ ...fields, prev_hash: last.hash, hash })
          .execute(),
      );
      const { code, result } = await verifyCli(env);
      expect(code).toBe(1);
      expect(result).toMatchObject({ ok: false, firstBadSeq: last.seq + 1 });
    });

    it('a DELETE of the newest row is caught by the head record', async () => {
      const env = await populated();
      const rows = await rowsOf(env);
      const newest = rows[rows.length - 1]!.seq;
      await withRawDb(env, (db) => sql`delete from audit_log where seq = ${newest}`.execute(db));
      const { code, result } = await verifyCli(env);
      expect(code).toBe(1);
      expect(result).toMatchObject({ ok: false, firstBadSeq: newest });
    });

    it('50 parallel writes through the services leave one unbroken chain', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const opened = await openTestContext(env);
      try {
        const { ctx } = opened;
        const editor = await makeUser(ctx, 'editor');
        const auth = new AuthService(ctx);
        const before = (await ctx.audit.head(ctx.db))?.seq ?? 0;
        const writes = Array.from({ length: 50 }, (_, i) =>
          i % 10 === 0
            ? auth.createUser(null, {
                username: `parallel-${i}`,
                displayName: 'p',
                role: 'viewer',
                password: TEST_PASSWORD,
              })
            : makeSource(ctx, editor, i % 2 ? 'confidential' : 'public'),
        );
        await Promise.all(writes);
        const result = await verifyAuditChain(ctx.db, ctx.audit);
        expect(result).toEqual({ ok: true, rows: before + 50, headSeq: before + 50 });
      } finally {
        await opened.close();
      }
    });
  });
}

import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditBatch } from '../../src/core/audit/audit.batch';
import { verifyAuditChain } from '../../src/core/audit/audit.verify';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { DB } from '../../src/core/db/database';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { createPersonBody, listPersonsQuery } from '../../src/modules/registry/registry.schema';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';

/**
 * Audited reads share commits (AuditBatch): each request still gets its own audit row, committed before
 * the call returns, and the hash chain stays unbroken when many reads and writes interleave.
 *
 * "Committed" is checked from a connection of the test's own (a second better-sqlite3 connection on the
 * same file, or a second PostgreSQL client): the application's connection would also see rows of a
 * transaction that has not committed yet.
 */

/** Counts audit rows as another process would see them: committed rows only. */
interface OutsideView {
  count(column: 'action' | 'entity_id', values: string[]): Promise<number>;
  close(): Promise<void>;
}

function openOutsideView(env: TestEnv, opened: OpenedContext): OutsideView {
  if (env.engine === 'sqlite') {
    const file = opened.handle.file;
    if (!file) throw new Error('the SQLite test database has no file');
    const conn = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    return {
      // better-sqlite3 answers synchronously, so the count is taken the moment it is asked for.
      count: (column, values) => {
        const marks = values.map(() => '?').join(', ');
        const row = conn
          .prepare(`select count(*) as n from audit_log where ${column} in (${marks})`)
          .get(...values) as { n: number };
        return Promise.resolve(row.n);
      },
      close: () => {
        conn.close();
        return Promise.resolve();
      },
    };
  }
  // One connection, with the pool queueing the concurrent counts on it.
  const pool = new pg.Pool({ connectionString: env.env.DATABASE_URL, max: 1 });
  return {
    count: async (column, values) => {
      const res = await pool.query<{ n: number }>(
        `select count(*)::int as n from audit_log where ${column} = any($1)`,
        [values],
      );
      return res.rows[0]!.n;
    },
    close: () => pool.end(),
  };
}

const REFUSED_ACTION = 'test.refused';

/**
 * Makes any transaction that writes an audit row with REFUSED_ACTION fail at COMMIT, for real: a trigger
 * adds a row that breaks a deferred foreign key, which both engines check only when the transaction
 * commits. So the inserts succeed and the commit itself is what fails.
 */
async function refuseCommitsOf(db: DB, engine: TestEnv['engine']): Promise<void> {
  await sql`create table audit_refuse_parent (id integer primary key)`.execute(db);
  await sql`create table audit_refuse_child (
    ref integer references audit_refuse_parent (id) deferrable initially deferred
  )`.execute(db);
  if (engine === 'sqlite') {
    await sql`create trigger audit_refuse after insert on audit_log
      when new.action = ${sql.lit(REFUSED_ACTION)}
      begin insert into audit_refuse_child (ref) values (-1); end`.execute(db);
    return;
  }
  await sql`create function audit_refuse() returns trigger language plpgsql as $$
    begin
      if new.action = ${sql.lit(REFUSED_ACTION)} then
        insert into audit_refuse_child (ref) values (-1);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_refuse after insert on audit_log
    for each row execute function audit_refuse()`.execute(db);
}

for (const engine of ENGINES) {
  describe(`group-committed read audit (${engine})`, () => {
    const envs: TestEnv[] = [];
    afterAll(async () => {
      await Promise.all(envs.splice(0).map((e) => e.destroy()));
    });
    /** A fresh installation and a view of it from outside the application, both closed afterwards. */
    const withInstallation = async (
      test: (opened: OpenedContext, outside: OutsideView) => Promise<void>,
    ): Promise<void> => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const opened = await openTestContext(env);
      const outside = openOutsideView(env, opened);
      try {
        await test(opened, outside);
      } finally {
        await outside.close();
        await opened.close();
      }
    };

    it('30 concurrent confidential reads: 30 rows, each committed before its call returns', () =>
      withInstallation(async (opened, outside) => {
        const { ctx } = opened;
        const editor = await makeUser(ctx, 'editor');
        const persons = new PersonsService(ctx);
        const p = await persons.create(
          editor,
          createPersonBody.parse({
            consent: 'confidential',
            names: [{ script: 'latn', kind: 'primary', value: 'Fictional Batchtest' }],
          }),
        );
        const reads = ['person.read', 'person.list'];
        const before = await outside.count('action', reads);
        let returned = 0;
        const shortfalls: string[] = [];
        await Promise.all(
          Array.from({ length: 30 }, async (_, i) => {
            if (i % 2 === 0) await persons.get(editor, p.id);
            else await persons.list(editor, listPersonsQuery.parse({}));
            // This call and every one that returned before it have their rows committed by now.
            const mustSee = before + ++returned;
            const seen = await outside.count('action', reads);
            if (seen < mustSee) shortfalls.push(`saw ${seen} committed rows, needed ${mustSee}`);
          }),
        );
        expect(shortfalls).toEqual([]);
        expect(await outside.count('action', reads)).toBe(before + 30);
        const verified = await verifyAuditChain(ctx.db, ctx.audit);
        expect(verified.ok).toBe(true);
      }));

    it('append resolves only after its own row is visible to another connection', () =>
      withInstallation(async (opened, outside) => {
        const batch = new AuditBatch(opened.ctx.db, opened.ctx.audit);
        const missing: string[] = [];
        await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const entityId = `batch-probe-${i}`;
            await batch.append({ actorId: null, action: 'person.read', entityType: 'person', entityId });
            if ((await outside.count('entity_id', [entityId])) !== 1) missing.push(entityId);
          }),
        );
        expect(missing).toEqual([]);
      }));

    it('a failed commit rejects every request of the batch (no silent loss of audit rows)', () =>
      withInstallation(async (opened, outside) => {
        const { ctx } = opened;
        await refuseCommitsOf(ctx.db, engine);
        const headBefore = await ctx.audit.head(ctx.db);
        const batch = new AuditBatch(ctx.db, ctx.audit);
        // Appended in the same turn, so all three share one transaction, whose commit is refused.
        const results = await Promise.allSettled([
          batch.append({ actorId: null, action: 'person.read', entityId: 'batch-a' }),
          batch.append({ actorId: null, action: REFUSED_ACTION }),
          batch.append({ actorId: null, action: 'person.read', entityId: 'batch-b' }),
        ]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
        // The deferred check, i.e. the COMMIT, is what failed (not one of the inserts).
        for (const r of results) {
          expect(r.status === 'rejected' && String(r.reason)).toMatch(/foreign key/i);
        }
        // Nothing of the failed transaction stays behind, and the chain head did not move.
        expect(await outside.count('action', ['person.read', REFUSED_ACTION])).toBe(0);
        expect(await ctx.audit.head(ctx.db)).toEqual(headBefore);
        // The same batch recovers: a later entry is committed and chains onto the unchanged head.
        await batch.append({ actorId: null, action: 'person.read', entityId: 'batch-c' });
        expect(await outside.count('entity_id', ['batch-a', 'batch-b', 'batch-c'])).toBe(1);
        expect(await outside.count('entity_id', ['batch-c'])).toBe(1);
        const verified = await verifyAuditChain(ctx.db, ctx.audit);
        expect(verified.ok).toBe(true);
      }));
  });
}

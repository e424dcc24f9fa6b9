import { afterAll, describe, expect, it } from 'vitest';
import { AuditBatch } from '../../src/core/audit/audit.batch';
import { verifyAuditChain } from '../../src/core/audit/audit.verify';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { createPersonBody, listPersonsQuery } from '../../src/modules/registry/registry.schema';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';

/**
 * Audited reads share commits (AuditBatch): each request still gets its own audit row, committed before
 * the call returns, and the hash chain stays unbroken when many reads and writes interleave.
 */
for (const engine of ENGINES) {
  describe(`group-committed read audit (${engine})`, () => {
    const envs: TestEnv[] = [];
    afterAll(async () => {
      await Promise.all(envs.splice(0).map((e) => e.destroy()));
    });

    it('30 concurrent confidential reads: 30 rows, each committed before its call returns', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const opened = await openTestContext(env);
      try {
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
        const countReads = async (): Promise<number> =>
          (
            await ctx.db
              .selectFrom('audit_log')
              .select('seq')
              .where('action', 'in', ['person.read', 'person.list'])
              .execute()
          ).length;
        const before = await countReads();
        const seen: number[] = [];
        await Promise.all(
          Array.from({ length: 30 }, async (_, i) => {
            if (i % 2 === 0) await persons.get(editor, p.id);
            else await persons.list(editor, listPersonsQuery.parse({}));
            // Committed by the time the read returns: a separate query already sees at least this many.
            seen.push(await countReads());
          }),
        );
        expect(await countReads()).toBe(before + 30);
        expect(Math.min(...seen)).toBeGreaterThan(before);
        const verified = await verifyAuditChain(ctx.db, ctx.audit);
        expect(verified.ok).toBe(true);
      } finally {
        await opened.close();
      }
    });

    it('a failed commit rejects every request of the batch (no silent loss of audit rows)', async () => {
      const env = await createTestEnv(engine);
      envs.push(env);
      const opened = await openTestContext(env);
      try {
        const { ctx } = opened;
        const failing = new AuditBatch(ctx.db, {
          append: () => Promise.reject(new Error('disk full')),
        } as unknown as typeof ctx.audit);
        const results = await Promise.allSettled(
          [1, 2, 3].map(() => failing.append({ actorId: null, action: 'person.read' })),
        );
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
        // The batch recovers: a later entry through a working repository is written.
        const ok = new AuditBatch(ctx.db, ctx.audit);
        await ok.append({ actorId: null, action: 'person.read', tier: 'confidential' });
        const rows = await ctx.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'person.read')
          .execute();
        expect(rows).toHaveLength(1);
      } finally {
        await opened.close();
      }
    });
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { PersonView } from '../../src/modules/registry/registry.schema';
import { cliJson, runCli } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/**
 * `supolka registry search|export|stats|merge|unmerge` as real child processes, acting as named accounts:
 * the same access rules as the API (tiers, sealed only by grant, analyst aggregates only) and the audit.
 * All persons are fictional.
 */
const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; displayName: string; identityHidden: boolean });

for (const engine of ENGINES) {
  describe(`registry CLI (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    const u = {} as Record<'editor' | 'viewer' | 'analyst', Actor>;
    const surname = nameMarker('Cli');
    const p = {} as Record<'pub' | 'anon' | 'conf' | 'seal' | 'twin', PersonView>;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      const ctx = opened.ctx;
      for (const role of ['editor', 'viewer', 'analyst'] as const) u[role] = await makeUser(ctx, role);
      const person = (
        consent: 'public' | 'anonymised' | 'confidential' | 'sealed',
        given: string,
        article = '369',
      ) =>
        makePerson(ctx, u.editor, consent, {
          names: [{ script: 'latn', kind: 'primary', value: `${surname} ${given}` }],
          cases: [{ articles: [{ article }], detainedOn: '2022-02-02', facility: 'Fictional Colony CLI' }],
        });
      p.pub = await person('public', 'Publichny');
      p.anon = await person('anonymised', 'Anonimny');
      p.conf = await person('confidential', 'Kanfidentsyjny');
      p.seal = await person('sealed', 'Zapiachatany');
      p.twin = await person('public', 'Publichnyj', '342');
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    it('search prints the records the account may see, as the API presents them', async () => {
      const asEditor = await runCli(env.env, ['registry', 'search', surname, '--as', u.editor.username]);
      expect(asEditor.code, asEditor.stderr).toBe(0);
      // The editor reads every tier up to confidential; sealed only with a grant, held here as the author.
      const seen = lines(asEditor.stdout);
      expect(new Set(seen.map((r) => r.id))).toEqual(
        new Set([p.pub.id, p.twin.id, p.anon.id, p.conf.id, p.seal.id]),
      );
      const filtered = await runCli(env.env, [
        'registry',
        'search',
        '--article',
        '369',
        '--status',
        'sentenced',
        '--facility',
        'Fictional Colony CLI',
        '--as',
        u.viewer.username,
      ]);
      expect(filtered.code, filtered.stderr).toBe(0);
      const viewer = lines(filtered.stdout);
      expect(new Set(viewer.map((r) => r.id))).toEqual(new Set([p.pub.id, p.anon.id]));
      // The anonymised record is listed without its identity.
      const anon = viewer.find((r) => r.id === p.anon.id)!;
      expect(anon.identityHidden).toBe(true);
      expect(filtered.stdout).not.toContain('Anonimny');

      const analyst = await runCli(env.env, ['registry', 'search', surname, '--as', u.analyst.username]);
      expect(analyst.code).toBe(1);
      expect(analyst.stdout).toBe('');
      expect(analyst.stderr).toMatch(/You may not do this/);
      const bad = await runCli(env.env, [
        'registry',
        'search',
        '--status',
        'nonsense',
        '--as',
        u.editor.username,
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/Invalid option\(s\): status/);
    }, 180_000);

    it('export writes a new file of visible records, sealed ones only counted, and is audited', async () => {
      const csv = path.join(env.dataDir, 'export.csv');
      const res = await runCli(env.env, [
        'registry',
        'export',
        '--format',
        'csv',
        '--output',
        csv,
        '--as',
        u.editor.username,
        '--article',
        '369',
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(cliJson(res)).toEqual({ format: 'csv', count: 3, sealedCount: 1 });
      const body = fs.readFileSync(csv, 'utf8');
      expect(body).toContain(`${surname} Publichny`);
      expect(body).toContain(p.anon.refCode);
      expect(body).not.toContain('Zapiachatany');
      expect(fs.statSync(csv).mode & 0o077).toBe(0);
      // Never overwrites.
      const again = await runCli(env.env, [
        'registry',
        'export',
        '--format',
        'ftm',
        '--output',
        csv,
        '--as',
        u.editor.username,
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
      expect(fs.readFileSync(csv, 'utf8')).toBe(body);
      const ftm = path.join(env.dataDir, 'export.ftm.jsonl');
      const asViewer = await runCli(env.env, [
        'registry',
        'export',
        '--format',
        'ftm',
        '--output',
        ftm,
        '--as',
        u.viewer.username,
      ]);
      expect(asViewer.code, asViewer.stderr).toBe(0);
      const entities = fs
        .readFileSync(ftm, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { schema: string });
      expect(entities.some((e) => e.schema === 'Person')).toBe(true);
      expect(fs.readFileSync(ftm, 'utf8')).not.toContain('Kanfidentsyjny');
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action'])
        .where('action', '=', 'registry.export')
        .execute();
      expect(audit.map((a) => a.actor_id).sort()).toEqual([u.editor.id, u.viewer.id].sort());
    }, 180_000);

    it('stats prints the aggregates (every tier) as JSON or CSV, for the analyst too', async () => {
      const json = await runCli(env.env, ['registry', 'stats', '--as', u.analyst.username]);
      expect(json.code, json.stderr).toBe(0);
      const stats = cliJson<{ currentCount: number; byArticle: Array<{ key: string; count: number }> }>(json);
      // Five sentenced persons, the sealed one included.
      expect(stats.currentCount).toBe(5);
      expect(stats.byArticle).toEqual([
        { key: '369', count: 4 },
        { key: '342', count: 1 },
      ]);
      const csv = await runCli(env.env, ['registry', 'stats', '--format', 'csv', '--as', u.analyst.username]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.split('\r\n')).toEqual(
        expect.arrayContaining(['section,key,kind,value', 'current_count,current,,5', 'by_article,369,,4']),
      );
      expect(csv.stdout).not.toContain(surname);
    }, 120_000);

    it('merge and unmerge act as the named editor, with the audit trail; a viewer may not', async () => {
      const refused = await runCli(env.env, [
        'registry',
        'merge',
        p.pub.id,
        p.twin.id,
        '--as',
        u.viewer.username,
      ]);
      expect(refused.code).toBe(1);
      const merged = await runCli(env.env, [
        'registry',
        'merge',
        p.pub.id,
        p.twin.id,
        '--as',
        u.editor.username,
      ]);
      expect(merged.code, merged.stderr).toBe(0);
      const result = cliJson<{ mergeId: string; survivorId: string; mergedId: string }>(merged);
      expect(result).toMatchObject({ survivorId: p.pub.id, mergedId: p.twin.id });
      const row = () =>
        opened.ctx.db
          .selectFrom('persons')
          .select('merged_into')
          .where('id', '=', p.twin.id)
          .executeTakeFirstOrThrow();
      expect((await row()).merged_into).toBe(p.pub.id);

      const undone = await runCli(env.env, [
        'registry',
        'unmerge',
        result.mergeId,
        '--as',
        u.editor.username,
      ]);
      expect(undone.code, undone.stderr).toBe(0);
      expect(cliJson(undone)).toEqual(result);
      expect((await row()).merged_into).toBeNull();
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action'])
        .where('action', 'in', ['person.merge', 'person.merge_revert'])
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { actor_id: u.editor.id, action: 'person.merge' },
        { actor_id: u.editor.id, action: 'person.merge_revert' },
      ]);
    }, 180_000);
  });
}

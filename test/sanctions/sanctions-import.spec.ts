import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import { alignmentReport } from '../../src/modules/sanctions/alignment.service';
import { runResolution } from '../../src/modules/sanctions/resolution.service';
import { SanctionsParseError } from '../../src/modules/sanctions/sanctions.errors';
import { importSanctionsFile } from '../../src/modules/sanctions/sanctions.import';
import { listSnapshots } from '../../src/modules/sanctions/sanctions.repository';
import {
  loadScreeningTargets,
  screeningTargetsVersion,
} from '../../src/modules/sanctions/sanctions.screening-source';
import { SanctionsService } from '../../src/modules/sanctions/sanctions.service';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { CA_BELARUS, ftmLines, LIST_A, LIST_B, tempDir, writeList } from './fictional-lists';

/**
 * Import, delta, failure atomicity, resolution with review decisions, screening source and alignment, on
 * FICTIONAL lists (fictional-lists.ts). The real lists are covered by sanctions-real-*.spec.ts.
 */

const TABLES = [
  'sanctions_datasets',
  'sanctions_snapshots',
  'sanctions_targets',
  'sanctions_names',
  'sanctions_identifiers',
  'sanctions_birth_dates',
  'sanctions_countries',
  'sanctions_addresses',
  'sanctions_listings',
] as const;

for (const engine of ENGINES) {
  describe(`sanctions import and resolution (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let dir: string;
    const db = () => opened.ctx.db;
    const memberOf = async (sourceId: string) => {
      const row = await db()
        .selectFrom('sanctions_cluster_members')
        .select('cluster_id')
        .where('source_id', '=', sourceId)
        .executeTakeFirstOrThrow();
      return row.cluster_id;
    };
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const t of TABLES) {
        const r = await db()
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        out[t] = Number(r.n);
      }
      return out;
    };
    const latest = async () =>
      (
        await db()
          .selectFrom('sanctions_datasets')
          .select(['name', 'latest_snapshot_id'])
          .orderBy('name')
          .execute()
      ).map((r) => `${r.name}=${r.latest_snapshot_id}`);

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      dir = tempDir();
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('imports a gzip FtM list as a dated snapshot with per-regime counts', async () => {
      const file = writeList(dir, 'fict-ca-2026-01-02.ftm.jsonl.gz', 'test_fictional_ca', LIST_A, true);
      const s = await importSanctionsFile(db(), engine, file);
      expect(s).toMatchObject({
        dataset: 'test_fictional_ca',
        format: 'ftm-jsonl',
        snapshotDate: '2026-01-02',
        snapshotDateSource: 'file-name',
        targets: 5,
        byRegime: { Belarus: 3, Russia: 1, other: 1 },
        delta: { previousSnapshotDate: null, added: 5, removed: 0, changedNames: 0 },
      });
      expect((await counts()).sanctions_targets).toBe(5);
    });

    it('re-importing a modified snapshot reports additions, delistings and changed names', async () => {
      const modified = LIST_A.filter((t) => t.id !== 'ca-fict-5').map((t) =>
        t.id === 'ca-fict-3' ? { ...t, aliases: ['Ganna Probnaya Vymyslennaya'] } : t,
      );
      modified.push({
        id: 'ca-fict-6',
        schema: 'Person',
        name: 'Newly Listed Fictionperson',
        program: CA_BELARUS,
        listed: '2026-01-20',
      });
      const file = writeList(dir, 'fict-ca-2026-02-01.ftm.jsonl', 'test_fictional_ca', modified);
      const s = await importSanctionsFile(db(), engine, file);
      expect(s.delta).toEqual({ previousSnapshotDate: '2026-01-02', added: 1, removed: 1, changedNames: 1 });
      expect(s.byRegime).toEqual({ Belarus: 4, Russia: 1, other: 0 });
      const snaps = await listSnapshots(db(), 'test_fictional_ca');
      expect(snaps.map((x) => [x.snapshotDate, x.latest])).toEqual([
        ['2026-02-01', true],
        ['2026-01-02', false],
      ]);
    });

    const hostile: Array<[string, string | Buffer, string, boolean]> = [
      [
        'external-entity.xml',
        '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export">&x;</export>\n',
        'xml-doctype',
        false,
      ],
      [
        'entity-bomb.xml',
        `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n<export>&lol9;</export>\n`,
        'xml-doctype',
        false,
      ],
      [
        'truncated.ftm.jsonl.gz',
        gzipSync(Buffer.from(ftmLines('test_fictional_ca', LIST_A).repeat(50))).subarray(0, 900),
        'truncated-gzip',
        false,
      ],
      [
        'wrong-columns.csv',
        '101,"FICTIONAL, Person",individual,"BELARUS",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n102,"FICTIONAL, Other",individual,"BELARUS",-0- \r\n',
        'csv-column-count',
        true,
      ],
      ['empty.csv', '', 'empty-file', false],
      ['unknown.txt', 'this is not a sanctions list\nat all\n', 'unknown-format', false],
      [
        'broken-midway.ftm.jsonl',
        `${ftmLines('test_fictional_ca', LIST_A)}{"id": "ca-fict-9", "schema": "Person", broken\n`,
        'json-malformed',
        true,
      ],
    ];
    for (const [name, content, code, hasLine] of hostile)
      it(`a failed import (${code}: ${name}) names the file, writes nothing and keeps the previous snapshot`, async () => {
        const before = await counts();
        const latestBefore = await latest();
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        const err = await importSanctionsFile(db(), engine, file, { dataset: 'test_fictional_ca' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(SanctionsParseError);
        const e = err as SanctionsParseError;
        expect(e.code).toBe(code);
        expect(e.message).toContain(name);
        if (hasLine) expect(e.line).toBeGreaterThan(0);
        expect(e.message).not.toMatch(/Fiktyun|FICTIONAL|passwd/);
        expect(await counts()).toEqual(before);
        expect(await latest()).toEqual(latestBefore);
      });

    it('resolves one person across lists, queues uncertain pairs and reuses review decisions', async () => {
      const file = writeList(dir, 'fict-gb-2026-02-02.ftm.jsonl', 'test_fictional_gb', LIST_B);
      await importSanctionsFile(db(), engine, file);
      const stats = await runResolution(db(), engine);
      expect(stats.targets).toBe(9);
      expect(await memberOf('ca-fict-1')).toBe(await memberOf('gb-fict-1'));
      expect(await memberOf('ca-fict-2')).not.toBe(await memberOf('gb-fict-3'));

      const service = new SanctionsService(opened.ctx);
      const queue = await service.reviewQueue('pending', 50, 0);
      const pairOf = (a: string, b: string) =>
        queue.items.find((p) => [p.a.sourceId, p.b.sourceId].sort().join() === [a, b].sort().join());
      const hanna = pairOf('ca-fict-3', 'gb-fict-2');
      const pyotr = pairOf('ca-fict-4', 'gb-fict-4');
      expect(hanna).toBeDefined();
      expect(pyotr).toBeDefined();
      expect(await memberOf('ca-fict-4')).not.toBe(await memberOf('gb-fict-4'));

      const editor = await makeUser(opened.ctx, 'editor');
      const accepted = await service.decide(editor, pyotr!.id, 'accept');
      expect(accepted.clusterId).toBe(await memberOf('ca-fict-4'));
      expect(await memberOf('ca-fict-4')).toBe(await memberOf('gb-fict-4'));
      await service.decide(editor, hanna!.id, 'reject');
      const audit = await db()
        .selectFrom('audit_log')
        .select(['action', 'entity_id'])
        .where('action', '=', 'sanctions.review.decide')
        .execute();
      expect(audit.map((a) => a.entity_id).sort()).toEqual([hanna!.id, pyotr!.id].sort());

      // The next run reads the stored decisions: the accepted pair stays joined, neither pair comes back.
      await runResolution(db(), engine);
      expect(await memberOf('ca-fict-4')).toBe(await memberOf('gb-fict-4'));
      expect(await memberOf('ca-fict-3')).not.toBe(await memberOf('gb-fict-2'));
      const after = await service.reviewQueue('all', 50, 0);
      expect(after.items.map((p) => p.id)).not.toContain(hanna!.id);
      expect(
        after.items.filter(
          (p) =>
            [p.a.sourceId, p.b.sourceId].includes('gb-fict-2') ||
            [p.a.sourceId, p.b.sourceId].includes('gb-fict-4'),
        ),
      ).toEqual([]);
    });

    it('screening source: one target per cluster with every name; version follows imports', async () => {
      const targets = [];
      for await (const t of loadScreeningTargets(db())) targets.push(t);
      const clusters = await db().selectFrom('sanctions_clusters').select('id').execute();
      expect(targets.map((t) => t.id).sort()).toEqual(clusters.map((c) => c.id).sort());
      const cross = targets.find((t) => t.names.includes('Dmitry Fiktyunovich Testovets'))!;
      expect(cross.names).toContain('Zmitser Fiktyunavich Testavets');
      expect(cross.datasets.sort()).toEqual(['test_fictional_ca', 'test_fictional_gb']);
      expect(cross.birthDates).toEqual(['1970-02-03']);
      expect(cross.countries).toEqual(['BY']);
      const v1 = await screeningTargetsVersion(db());
      expect(await screeningTargetsVersion(db())).toBe(v1);
      await importSanctionsFile(
        db(),
        engine,
        writeList(dir, 'fict-gb-2026-03-01.ftm.jsonl', 'test_fictional_gb', LIST_B),
      );
      expect(await screeningTargetsVersion(db())).not.toBe(v1);
    });

    it('alignment: cross-jurisdiction and within-jurisdiction gaps with both sides cited', async () => {
      await runResolution(db(), engine);
      const report = await alignmentReport(db());
      expect(report.jurisdictions).toEqual(['CA', 'UK']);
      const person = await memberOf('ca-fict-1');
      const gapsOf = (id: string) =>
        report.gaps.filter((g) => g.clusterId === id).map((g) => `${g.kind}:${g.jurisdiction}`);
      expect(gapsOf(person).sort()).toEqual(['belarus-only:CA', 'russia-only:UK']);
      const works = await memberOf('ca-fict-2');
      const cross = report.gaps.find((g) => g.clusterId === works && g.kind === 'cross-jurisdiction')!;
      expect(cross.notListedBy).toEqual(['UK']);
      expect(cross.listedBy).toEqual([
        expect.objectContaining({
          jurisdiction: 'CA',
          programmes: [expect.objectContaining({ regime: 'Belarus', listedOn: '2022-03-01' })],
        }),
      ]);
      const row = report.matrix.find((m) => m.jurisdiction === 'UK' && m.regime === 'Russia')!;
      expect(row).toMatchObject({ persons: 2, entities: 1 });
    });
  });
}

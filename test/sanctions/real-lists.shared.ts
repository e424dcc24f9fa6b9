import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { Engine } from '../../src/core/db/database';
import { alignmentReport } from '../../src/modules/sanctions/alignment.service';
import { runResolution, type ResolutionStats } from '../../src/modules/sanctions/resolution.service';
import { importSanctionsFile, type ImportSummary } from '../../src/modules/sanctions/sanctions.import';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';

/**
 * Imports every real list of data/sanctions once per engine (beforeAll) and checks the counts its README
 * states, then resolves and aligns them. Targets are referred to by their list ids only (test names and
 * output carry no personal names). Skips with a message when ../shared is absent.
 */

export const DATA_DIR = '/work/shared/data/sanctions';
const FILES = {
  eu: 'eu-fsf-2026-05-01.xml.gz',
  us: 'us-ofac-sdn-2024-05-03.csv',
  uk: 'gb-sanctions-2026-08-22.ftm.jsonl.gz',
  ca: 'ca-sema-2026-08-22.ftm.jsonl.gz',
} as const;

/** README "Counts per regime" (Belarus and Russia include the targets in both). */
const README = {
  eu: { dataset: 'eu_fsf', targets: 5860, byRegime: { Belarus: 369, Russia: 2735, other: 2756 } },
  us: { dataset: 'us_ofac_sdn', targets: 14965, byRegime: { Belarus: 232, Russia: 4882, other: 9852 } },
  uk: { dataset: 'gb_fcdo_sanctions', targets: 6349, byRegime: { Belarus: 167, Russia: 3474, other: 2708 } },
  ca: {
    dataset: 'ca_dfatd_sema_sanctions',
    targets: 5690,
    byRegime: { Belarus: 320, Russia: 3325, other: 2045 },
  },
};

export function describeRealLists(engine: Engine): void {
  const present = fs.existsSync(path.join(DATA_DIR, FILES.eu));
  if (!present) console.warn(`sanctions real-list tests skipped: ${DATA_DIR} is absent`);
  describe.skipIf(!present || !ENGINES.includes(engine))(`real sanctions lists (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    const summaries: Record<string, ImportSummary> = {};
    let stats: ResolutionStats;
    const db = () => opened.ctx.db;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      for (const [k, f] of Object.entries(FILES))
        summaries[k] = await importSanctionsFile(db(), engine, path.join(DATA_DIR, f));
      stats = await runResolution(db(), engine);
    }, 180_000);
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    for (const key of Object.keys(README) as (keyof typeof README)[])
      it(`${FILES[key]}: README totals and per-regime counts, as imported and as stored`, async () => {
        const want = README[key];
        expect(summaries[key]).toMatchObject({ ...want, delta: { added: want.targets, removed: 0 } });
        const rows = await db()
          .selectFrom('sanctions_listings as l')
          .innerJoin('sanctions_targets as t', 't.id', 'l.target_id')
          .innerJoin('sanctions_snapshots as s', 's.id', 't.snapshot_id')
          .where('s.id', '=', summaries[key]!.snapshotId)
          .select(['l.regime', (eb) => eb.fn.count<number>('t.id').distinct().as('n')])
          .groupBy('l.regime')
          .execute();
        const stored = Object.fromEntries(rows.map((r) => [r.regime, Number(r.n)]));
        expect(stored.Belarus).toBe(want.byRegime.Belarus);
        expect(stored.Russia).toBe(want.byRegime.Russia);
      });

    it('marks Belarus links inside the Russia group as the README counts them (EU 79, UK 11)', async () => {
      const linkedRussia = async (key: 'eu' | 'uk') => {
        const r = await db()
          .selectFrom('sanctions_targets as t')
          .where('t.snapshot_id', '=', summaries[key]!.snapshotId)
          .where('t.belarus_linked', '=', 1)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('sanctions_listings as l')
                .select('l.target_id')
                .whereRef('l.target_id', '=', 't.id')
                .where('l.regime', '=', 'Russia'),
            ),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(r.n);
      };
      expect(await linkedRussia('eu')).toBe(79);
      expect(await linkedRussia('uk')).toBe(11);
    });

    it('resolves known targets across lists and regimes into one cluster', async () => {
      expect(stats.targets).toBe(5860 + 14965 + 6349 + 5690);
      const clusterOf = async (dataset: string, sourceId: string) => {
        const r = await db()
          .selectFrom('sanctions_cluster_members as m')
          .innerJoin('sanctions_datasets as d', 'd.id', 'm.dataset_id')
          .where('d.name', '=', dataset)
          .where('m.source_id', '=', sourceId)
          .select('m.cluster_id')
          .executeTakeFirstOrThrow();
        return r.cluster_id;
      };
      // One person on the EU, UK and US lists under three different transliterations.
      const eu = await clusterOf('eu_fsf', 'EU.5812.65');
      expect(await clusterOf('gb_fcdo_sanctions', 'gb-fcdo-bel0038')).toBe(eu);
      expect(await clusterOf('us_ofac_sdn', '31913')).toBe(eu);
      // README: the same person and the same enterprise listed by the EU under BLR and under UKR.
      expect(await clusterOf('eu_fsf', 'EU.7504.43')).toBe(await clusterOf('eu_fsf', 'EU.12907.84'));
      expect(await clusterOf('eu_fsf', 'EU.12740.46')).toBe(await clusterOf('eu_fsf', 'EU.12933.92'));
      expect(stats.crossListClusters).toBeGreaterThan(3000);
    });

    it('aligns the four lists: per jurisdiction × regime counts and Belarus gaps', async () => {
      const report = await alignmentReport(db());
      expect(report.lists.map((l) => [l.dataset, l.jurisdiction, l.targets])).toEqual([
        ['ca_dfatd_sema_sanctions', 'CA', 5690],
        ['eu_fsf', 'EU', 5860],
        ['gb_fcdo_sanctions', 'UK', 6349],
        ['us_ofac_sdn', 'US', 14965],
      ]);
      expect(report.jurisdictions).toEqual(['CA', 'EU', 'UK', 'US']);
      const euBelarus = report.matrix.find((m) => m.jurisdiction === 'EU' && m.regime === 'Belarus')!;
      // 369 EU Belarus listings; a person listed twice under BLR would count once.
      expect(euBelarus.total).toBeLessThanOrEqual(369);
      expect(euBelarus.total).toBeGreaterThan(350);
      for (const kind of ['cross-jurisdiction', 'russia-only', 'belarus-only'] as const)
        expect(report.gapCounts[kind]).toBeGreaterThan(0);
      const gap = report.gaps.find((g) => g.kind === 'cross-jurisdiction')!;
      expect(gap.notListedBy.length).toBeGreaterThan(0);
      expect(gap.listedBy[0]!.programmes[0]).toHaveProperty('legalBasis');
    });
  });
}

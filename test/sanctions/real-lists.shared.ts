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

/**
 * README "Counts per regime" (Belarus and Russia include the targets in both), the persons / entities /
 * vessels / aircraft of each group, "records in both", the totals by kind, and the per-programme figures it
 * quotes (EU UKR/RUS/RUSDA and largest programmes, OFAC tag counts, UK and Canada largest regimes, number
 * of programmes). Kinds are our schema names: EU "enterprises" and OFAC "entities" are Organization.
 */
const README = {
  eu: {
    dataset: 'eu_fsf',
    targets: 5860,
    byRegime: { Belarus: 369, Russia: 2735, other: 2756 },
    inBoth: 0,
    bySchema: { Person: 4341, Organization: 1519 },
    regimeBySchema: {
      Belarus: { Person: 312, Organization: 57 },
      Russia: { Person: 2040, Organization: 695 },
    },
    programmes: { BLR: 369, UKR: 2596, RUS: 63, RUSDA: 76, IRN: 732, SYR: 380, TAQA: 344 },
    programmeCount: 34,
  },
  us: {
    dataset: 'us_ofac_sdn',
    targets: 14965,
    byRegime: { Belarus: 232, Russia: 4882, other: 9852 },
    inBoth: 1,
    bySchema: { Person: 6854, Organization: 6884, Vessel: 851, Airplane: 376 },
    regimeBySchema: {
      Belarus: { Person: 128, Organization: 99, Airplane: 5 },
      Russia: { Person: 1762, Organization: 2792, Vessel: 233, Airplane: 95 },
    },
    programmes: {
      BELARUS: 73,
      'BELARUS-EO14038': 160,
      'RUSSIA-EO14024': 4439,
      'RUSSIA-EO14065': 8,
      'UKRAINE-EO13660': 154,
      'UKRAINE-EO13661': 197,
      'UKRAINE-EO13662': 79,
      'UKRAINE-EO13685': 101,
      'CAATSA - RUSSIA': 54,
      'BPI-RUSSIA-EO14024': 1,
    },
    programmeCount: undefined,
  },
  uk: {
    dataset: 'gb_fcdo_sanctions',
    targets: 6349,
    byRegime: { Belarus: 167, Russia: 3474, other: 2708 },
    inBoth: 0,
    bySchema: { Person: 4036, Organization: 1647, Vessel: 666 },
    regimeBySchema: {
      Belarus: { Person: 135, Organization: 32 },
      Russia: { Person: 1931, Organization: 915, Vessel: 628 },
    },
    // Sanction programmeId (first letters of the UK unique id): SYR Syria, AQD ISIL/Al-Qaeda, INU Iran (Nuclear).
    programmes: { BEL: 167, RUS: 3474, SYR: 353, AQD: 344, INU: 303 },
    programmeCount: 31,
  },
  ca: {
    dataset: 'ca_dfatd_sema_sanctions',
    targets: 5690,
    byRegime: { Belarus: 320, Russia: 3325, other: 2045 },
    inBoth: 0,
    bySchema: { Person: 3514, LegalEntity: 1445, Vessel: 731 },
    regimeBySchema: {
      Belarus: { Person: 231, LegalEntity: 89 },
      Russia: { Person: 1717, LegalEntity: 877, Vessel: 731 },
    },
    programmes: { BELARUS: 320, RUSSIA: 3325, UKRAINE: 553, IRAN: 485 },
    programmeCount: 19,
  },
};

/** Every file of DATA_DIR must be one of FILES: a list added there without a test fails here. */
export function listedFiles(): string[] {
  return fs
    .readdirSync(DATA_DIR)
    .filter((f) => f !== 'README.md')
    .sort();
}

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

    it('covers every file in the data folder', () => {
      expect(listedFiles()).toEqual(Object.values(FILES).sort());
    });

    for (const key of Object.keys(README) as (keyof typeof README)[])
      it(`${FILES[key]}: README totals and per-regime counts, as imported and as stored`, async () => {
        const want = README[key];
        expect(summaries[key]).toMatchObject({
          dataset: want.dataset,
          targets: want.targets,
          byRegime: want.byRegime,
          bySchema: want.bySchema,
          delta: { added: want.targets, removed: 0 },
        });
        const snapshotId = summaries[key]!.snapshotId;
        const rows = await db()
          .selectFrom('sanctions_listings as l')
          .innerJoin('sanctions_targets as t', 't.id', 'l.target_id')
          .where('t.snapshot_id', '=', snapshotId)
          .select(['l.regime', 't.schema', (eb) => eb.fn.count<number>('t.id').distinct().as('n')])
          .groupBy(['l.regime', 't.schema'])
          .execute();
        const stored = (regime: string) =>
          Object.fromEntries(rows.filter((r) => r.regime === regime).map((r) => [r.schema, Number(r.n)]));
        expect(stored('Belarus')).toEqual(want.regimeBySchema.Belarus);
        expect(stored('Russia')).toEqual(want.regimeBySchema.Russia);
        const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
        expect(sum(stored('Belarus'))).toBe(want.byRegime.Belarus);
        expect(sum(stored('Russia'))).toBe(want.byRegime.Russia);

        const both = await db()
          .selectFrom('sanctions_targets as t')
          .where('t.snapshot_id', '=', snapshotId)
          .where((eb) => {
            const inRegime = (regime: 'Belarus' | 'Russia') =>
              eb.exists(
                eb
                  .selectFrom('sanctions_listings as l')
                  .select('l.target_id')
                  .whereRef('l.target_id', '=', 't.id')
                  .where('l.regime', '=', regime),
              );
            return eb.and([inRegime('Belarus'), inRegime('Russia')]);
          })
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(both.n)).toBe(want.inBoth);

        const programmes = await db()
          .selectFrom('sanctions_listings as l')
          .innerJoin('sanctions_targets as t', 't.id', 'l.target_id')
          .where('t.snapshot_id', '=', snapshotId)
          .select(['l.programme', (eb) => eb.fn.count<number>('t.id').distinct().as('n')])
          .groupBy('l.programme')
          .execute();
        const byProgramme = Object.fromEntries(programmes.map((r) => [r.programme, Number(r.n)]));
        for (const [code, n] of Object.entries(want.programmes))
          expect([code, byProgramme[code]]).toEqual([code, n]);
        if (want.programmeCount !== undefined) expect(programmes).toHaveLength(want.programmeCount);
      });

    it('OFAC: ent_num 34992 is the one row in both groups; 44805 (BPI) is "other"', async () => {
      const regimesOf = async (sourceId: string) => {
        const rows = await db()
          .selectFrom('sanctions_listings as l')
          .innerJoin('sanctions_targets as t', 't.id', 'l.target_id')
          .where('t.snapshot_id', '=', summaries.us!.snapshotId)
          .where('t.source_id', '=', sourceId)
          .select('l.regime')
          .execute();
        return [...new Set(rows.map((r) => r.regime))].sort();
      };
      expect(await regimesOf('34992')).toEqual(['Belarus', 'Russia']);
      expect(await regimesOf('44805')).toEqual(['other']);
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

      // Every within-jurisdiction gap is what its kind says, on the listings it cites.
      for (const g of report.gaps.filter((x) => x.kind !== 'cross-jurisdiction')) {
        const regimes = g.listedBy
          .filter((l) => l.jurisdiction === g.jurisdiction)
          .flatMap((l) => l.programmes.map((p) => p.regime));
        const [has, lacks] =
          g.kind === 'russia-only' ? (['Russia', 'Belarus'] as const) : (['Belarus', 'Russia'] as const);
        expect([g.clusterId, regimes.includes(has), regimes.includes(lacks)]).toEqual([
          g.clusterId,
          true,
          false,
        ]);
      }
      // Cross-jurisdiction gaps: listed by some jurisdictions, and notListedBy names exactly the others.
      for (const g of report.gaps.filter((x) => x.kind === 'cross-jurisdiction')) {
        const listedIn = new Set(g.listedBy.map((l) => l.jurisdiction));
        expect(g.notListedBy.some((j) => listedIn.has(j))).toBe(false);
        expect(listedIn.size + g.notListedBy.length).toBe(4);
      }
      // README: targets listed under both groups by one jurisdiction have no within gap there.
      const clusterOf = async (dataset: string, sourceId: string) =>
        (
          await db()
            .selectFrom('sanctions_cluster_members as m')
            .innerJoin('sanctions_datasets as d', 'd.id', 'm.dataset_id')
            .where('d.name', '=', dataset)
            .where('m.source_id', '=', sourceId)
            .select('m.cluster_id')
            .executeTakeFirstOrThrow()
        ).cluster_id;
      for (const [dataset, sourceId, j] of [
        ['eu_fsf', 'EU.7504.43', 'EU'],
        ['eu_fsf', 'EU.12740.46', 'EU'],
        ['us_ofac_sdn', '34992', 'US'],
      ] as const) {
        const id = await clusterOf(dataset, sourceId);
        const within = report.gaps.filter((g) => g.clusterId === id && g.jurisdiction === j);
        expect([sourceId, within.length]).toEqual([sourceId, 0]);
      }
      // A Belarus-programme EU person listed only under BLR is a belarus-only EU gap.
      const eu = report.gaps.filter((g) => g.jurisdiction === 'EU');
      expect(eu.some((g) => g.kind === 'belarus-only')).toBe(true);
    });
  });
}

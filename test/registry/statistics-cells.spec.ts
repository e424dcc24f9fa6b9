import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { Consent } from '../../src/core/db/schema-registry';
import { MACHINE_COLUMNS } from '../../src/modules/registry/import/import.layout';
import { digestOf, ImportService } from '../../src/modules/registry/import/import.service';
import { MergeService, type MergeResult } from '../../src/modules/registry/merge.service';
import { PersonFactsService } from '../../src/modules/registry/person-facts.service';
import { PersonsService } from '../../src/modules/registry/persons.service';
import {
  caseInput,
  GROUPS,
  recognitionInput,
  REGIONS,
  statusEventInput,
  STATUSES,
  updateCaseBody,
  type PersonView,
} from '../../src/modules/registry/registry.schema';
import { StatCellsRepository } from '../../src/modules/registry/stat-cells.repository';
import { StatisticsService } from '../../src/modules/registry/statistics.service';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';
import { recomputeStatistics, statisticsShape } from '../support/registry-stats';

/**
 * The statistics are read from cells maintained by every write (stat-cells.ts). This test drives a
 * random mix of every kind of registry write through the services, then checks the statistics against a
 * recomputation written the plain way, straight from the rows (every tier counted, merged persons not).
 * All persons are fictional.
 */
const TODAY = '2026-11-25';
const ARTICLES = ['342', '361-1', '130-3', '369'];
const FACILITIES = ['Fictional Colony A', 'Fictional Colony B', 'Fictional Prison C'];

function prng(seed: number) {
  let s = seed;
  const next = (): number => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  return {
    next,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    maybe: <T>(p: number, v: () => T): T | null => (next() < p ? v() : null),
    date: (from: number, years: number): string =>
      new Date(Date.UTC(from, 0, 1) + Math.floor(next() * years * 365) * 86_400_000)
        .toISOString()
        .slice(0, 10),
  };
}

function machineCsv(rows: Array<Partial<Record<(typeof MACHINE_COLUMNS)[number], string>>>): string {
  return (
    [MACHINE_COLUMNS.join(','), ...rows.map((r) => MACHINE_COLUMNS.map((c) => r[c] ?? '').join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

for (const engine of ENGINES) {
  describe(`registry statistics cells (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let editor: Actor;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      editor = await makeUser(opened.ctx, 'editor');
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    it('match a plain recomputation after a random mix of every kind of write', async () => {
      const ctx = opened.ctx;
      const r = prng(engine === 'sqlite' ? 11 : 23);
      const persons = new PersonsService(ctx);
      const facts = new PersonFactsService(ctx);
      const merges = new MergeService(ctx);
      const stats = new StatisticsService(ctx);
      const consents: Consent[] = ['public', 'public', 'anonymised', 'confidential', 'sealed'];
      const newCase = () =>
        caseInput.parse({
          articles: ARTICLES.filter(() => r.next() < 0.35).map((article) => ({ article })),
          detainedOn: r.maybe(0.8, () => r.date(2020, 5)),
          facility: r.maybe(0.7, () => r.pick(FACILITIES)),
        });
      const newEvent = () =>
        statusEventInput.parse({
          status: r.pick(STATUSES),
          occurredOn: r.date(2021, 5),
          note: 'Fictional note',
        });

      const live: PersonView[] = [];
      for (let i = 0; i < 30; i++) {
        live.push(
          await makePerson(ctx, editor, r.pick(consents), {
            names: [{ script: 'latn', kind: 'primary', value: `${nameMarker()} Statistych` }],
            region: r.maybe(0.8, () => r.pick(REGIONS)),
            gender: r.maybe(0.8, () => r.pick(['male', 'female', 'other'] as const)),
            groups: GROUPS.filter(() => r.next() < 0.2),
            cases: Array.from({ length: Math.floor(r.next() * 3) }, newCase),
            statusEvents: Array.from({ length: Math.floor(r.next() * 3) }, newEvent),
            recognitions: Array.from({ length: Math.floor(r.next() * 2) }, () =>
              recognitionInput.parse({ recognisedBy: 'Fictional HRC', recognisedOn: r.date(2020, 5) }),
            ),
          }),
        );
      }
      const fresh = async (id: string) => persons.get(editor, id);
      const done: MergeResult[] = [];
      // Persons ever merged stay: person_merges keeps pointing at them.
      const mergedOnce = new Set<string>();
      for (let step = 0; step < 60; step++) {
        const p = await fresh(r.pick(live).id);
        const op = Math.floor(r.next() * 9);
        if (op === 0)
          await persons.update(editor, p.id, {
            version: p.version,
            consent: r.pick(consents),
            region: r.maybe(0.8, () => r.pick(REGIONS)),
            groups: GROUPS.filter(() => r.next() < 0.3),
          });
        else if (op === 1) await facts.addCase(editor, p.id, newCase());
        else if (op === 2 && p.cases.length > 0) {
          const c = r.pick(p.cases);
          await facts.updateCase(
            editor,
            p.id,
            c.id,
            updateCaseBody.parse({
              version: c.version,
              articles: [{ article: r.pick(ARTICLES) }],
              facility: r.maybe(0.7, () => r.pick(FACILITIES)),
              detainedOn: r.maybe(0.8, () => r.date(2019, 6)),
            }),
          );
        } else if (op === 3 && p.cases.length > 0) await facts.deleteCase(editor, p.id, r.pick(p.cases).id);
        else if (op === 4) await facts.addStatusEvent(editor, p.id, newEvent());
        else if (op === 5)
          await facts.addRecognition(
            editor,
            p.id,
            recognitionInput.parse({ recognisedBy: 'Fictional HRC', recognisedOn: r.date(2020, 5) }),
          );
        else if (op === 6 && live.length > 10) {
          const o = await fresh(r.pick(live.filter((x) => x.id !== p.id)).id);
          const order = ['public', 'anonymised', 'confidential', 'sealed'];
          const [s, m] = order.indexOf(p.consent) >= order.indexOf(o.consent) ? [p, o] : [o, p];
          done.push(await merges.merge(editor, s.id, m.id));
          mergedOnce.add(s.id).add(m.id);
          live.splice(
            live.findIndex((x) => x.id === m.id),
            1,
          );
        } else if (op === 7 && done.length > 0) {
          const m = done.pop()!;
          try {
            await merges.revert(editor, m.mergeId);
            live.push(await fresh(m.mergedId));
          } catch {
            // The survivor changed since the merge: a refused revert must change nothing either.
          }
        } else if (op === 8 && live.length > 10 && !mergedOnce.has(p.id)) {
          await persons.remove(editor, p.id);
          live.splice(
            live.findIndex((x) => x.id === p.id),
            1,
          );
        }
      }
      // An import creates persons and (on a second run) updates them, with statuses stated without dates.
      const csv = machineCsv([
        { id: '990001', name: 'Fictional Importovich Pershy', status: 'active', arrested: '2022-02-02' },
        { id: '990002', name: 'Fictional Importovich Druhi', status: 'former', prison: 'released' },
      ]);
      const importer = new ImportService(ctx);
      for (let i = 0; i < 2; i++)
        await importer.commit(editor, { bytes: Buffer.from(csv), digest: digestOf(Buffer.from(csv)) });

      for (const scope of ['current', 'all'] as const) {
        const got = statisticsShape(await stats.computeFresh(scope, TODAY));
        expect(got).toEqual(await recomputeStatistics(ctx.db, scope, TODAY));
      }
      // A rebuild from scratch finds exactly the maintained cells.
      const repo = new StatCellsRepository();
      const sortCells = <T extends { dimension: string; key: string }>(rows: T[]) =>
        [...rows].sort((a, b) => `${a.dimension}|${a.key}`.localeCompare(`${b.dimension}|${b.key}`));
      const maintained = sortCells(await repo.read(ctx.db)).map((c) => ({
        ...c,
        persons: Number(c.persons),
        public_persons: Number(c.public_persons),
      }));
      await ctx.db.transaction().execute((trx) => repo.rebuild(trx));
      const rebuilt = sortCells(await repo.read(ctx.db)).map((c) => ({
        ...c,
        persons: Number(c.persons),
        public_persons: Number(c.public_persons),
      }));
      expect(rebuilt).toEqual(maintained);
      // Sealed persons are counted: the fixture has some, and the totals include them.
      const sealed = await ctx.db
        .selectFrom('persons')
        .select('id')
        .where('tier', '=', 'sealed')
        .where('merged_into', 'is', null)
        .execute();
      expect(sealed.length).toBeGreaterThan(0);
      const all = await stats.computeFresh('all', TODAY);
      const live2 = await ctx.db
        .selectFrom('persons')
        .select('id')
        .where('merged_into', 'is', null)
        .execute();
      expect(all.byStatus.reduce((s, c) => s + c.count, 0)).toBe(live2.length);
    }, 120_000);
  });
}

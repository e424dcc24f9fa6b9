import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PerpetratorsService } from '../../src/modules/accountability/perpetrators.service';
import { UnsanctionedService } from '../../src/modules/accountability/unsanctioned.service';
import { importSanctionsFile } from '../../src/modules/sanctions/sanctions.import';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makeEvidence, makePerpetrator, makeViolation } from '../evidence/evidence-fixtures';

/**
 * The unsanctioned-perpetrators report against sanctions lists imported through the real parser and
 * import (FtM JSON lines). All names are invented for this test and belong to no real person.
 */
const ftmLine = (id: string, names: string[], dataset: string): string =>
  JSON.stringify({
    id,
    schema: 'Person',
    properties: { name: names.slice(0, 1), alias: names.slice(1) },
    datasets: [dataset],
    target: true,
  });

for (const engine of ENGINES) {
  describe(`unsanctioned perpetrators report (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let editor: Actor;
    let viewer: Actor;
    let tmp: string;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      editor = await makeUser(opened.ctx, 'editor');
      viewer = await makeUser(opened.ctx, 'viewer');
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-sanc-'));
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('finds a perpetrator listed under a Russian-based Latin spelling, ranks the unlisted, and rescreens on a new list', async () => {
      const ctx = opened.ctx;
      const eu = path.join(tmp, 'eu-test.jsonl');
      fs.writeFileSync(
        eu,
        `${ftmLine('eu-t-1', ['Sergei Nikolaevich ZHVIRBLEVICH'], 'eu_test')}\n${ftmLine('eu-t-2', ['Unrelated Fictional PERSONOV'], 'eu_test')}\n`,
      );
      await importSanctionsFile(ctx.db, ctx.engine, eu, { dataset: 'eu_test' });

      // Registry side: Belarusian Cyrillic only.
      const listed = await makePerpetrator(ctx, editor, 'internal', {
        names: [{ script: 'be', kind: 'primary', value: 'Сяргей Мікалаевіч Жвірблевіч' }],
      });
      const unlisted = await makePerpetrator(ctx, editor, 'internal', {
        category: 'prison_head',
        names: [{ script: 'be', kind: 'primary', value: 'Ганна Крапівіцкая' }],
      });
      const hidden = await makePerpetrator(ctx, editor, 'confidential', {
        names: [{ script: 'be', kind: 'primary', value: 'Пятро Схаваны' }],
      });
      const perps = new PerpetratorsService(ctx);
      for (let i = 0; i < 2; i++) {
        const v = await makeViolation(ctx, editor, 'internal');
        await perps.addLink(editor, unlisted.id, {
          targetType: 'violation',
          targetId: v.id,
          role: 'head_of_facility',
          sourceIds: [],
        });
      }
      const v1 = await makeViolation(ctx, editor, 'internal');
      await perps.addLink(editor, listed.id, {
        targetType: 'violation',
        targetId: v1.id,
        role: 'judge',
        sourceIds: [],
      });
      // A confidential violation is not counted for a caller who cannot see it.
      for (let i = 0; i < 3; i++) {
        const hv = await makeViolation(ctx, editor, 'confidential');
        await perps.addLink(editor, listed.id, {
          targetType: 'violation',
          targetId: hv.id,
          role: 'judge',
          sourceIds: [],
        });
      }

      const service = new UnsanctionedService(ctx);
      const report = await service.report(viewer);
      const byId = new Map(report.items.map((r) => [r.perpetratorId, r]));
      expect(byId.get(listed.id)!.listedBy).toEqual(['EU']);
      expect(byId.get(listed.id)!.listings[0]).toMatchObject({
        jurisdiction: 'EU',
        datasets: ['eu_test'],
        targetName: 'Sergei Nikolaevich ZHVIRBLEVICH',
      });
      expect(byId.get(unlisted.id)!.listedBy).toEqual([]);
      expect(byId.has(hidden.id)).toBe(false);
      expect(byId.get(listed.id)!.violations).toBe(1);
      expect(report.items[0]!.perpetratorId).toBe(unlisted.id);
      // The editor sees the confidential violations, so the ranking changes for them.
      expect((await service.report(editor)).items[0]!.perpetratorId).toBe(listed.id);

      const notEu = await service.report(viewer, { jurisdiction: 'EU' });
      expect(notEu.items.map((r) => r.perpetratorId)).toContain(unlisted.id);
      expect(notEu.items.map((r) => r.perpetratorId)).not.toContain(listed.id);

      // A second list naming the other perpetrator: the next report sees it without any manual step.
      const uk = path.join(tmp, 'gb-test.jsonl');
      fs.writeFileSync(uk, `${ftmLine('gb-t-1', ['Anna KRAPIVITSKAYA'], 'gb_test')}\n`);
      await importSanctionsFile(ctx.db, ctx.engine, uk, { dataset: 'gb_test' });
      const again = await service.report(viewer);
      expect(again.listsVersion).not.toBe(report.listsVersion);
      expect(again.items.find((r) => r.perpetratorId === unlisted.id)!.listedBy).toEqual(['UK']);
      expect(
        (await service.report(viewer, { unlistedOnly: true })).items.map((r) => r.perpetratorId),
      ).not.toContain(unlisted.id);
    });

    it('builds a listing-proposal dossier for a jurisdiction as JSON and PDF', async () => {
      const ctx = opened.ctx;
      const p = await makePerpetrator(ctx, editor, 'internal', {
        names: [
          { script: 'be', kind: 'primary', value: 'Сяргей Мікалаевіч Жвірблевіч' },
          { script: 'ru', kind: 'alias', value: 'Сергей Николаевич Жвирблевич' },
        ],
      });
      const v = await makeViolation(ctx, editor, 'internal');
      await new PerpetratorsService(ctx).addLink(editor, p.id, {
        targetType: 'violation',
        targetId: v.id,
        role: 'judge',
        sourceIds: [],
      });
      const e = await makeEvidence(ctx, editor, 'internal', {
        consent: ['courts'],
        links: [{ entityType: 'violation', entityId: v.id }],
      });
      const service = new UnsanctionedService(ctx);
      const d = await service.dossier(viewer, p.id, 'US');
      expect(d.alreadyListedByJurisdiction).toBe(false);
      expect(d.identity.names.map((n) => n.script)).toEqual(['be', 'ru']);
      expect(d.positions).toHaveLength(1);
      expect(d.violations.map((x) => x.violationId)).toEqual([v.id]);
      expect(d.evidence.map((x) => x.sha256)).toEqual([e.view.sha256]);
      expect(d.listingsElsewhere.map((l) => l.jurisdiction)).toEqual(['EU']);
      expect((await service.dossier(viewer, p.id, 'EU')).alreadyListedByJurisdiction).toBe(true);
      const { dossierPdf } = await import('../../src/modules/accountability/unsanctioned.pdf');
      const pdf = await dossierPdf(d);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const hidden = await makePerpetrator(ctx, editor, 'confidential');
      await expect(service.dossier(viewer, hidden.id, 'US')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}

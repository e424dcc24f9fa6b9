import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PerpetratorDuplicates } from '../../src/modules/accountability/perpetrators.duplicates';
import { PerpetratorsService } from '../../src/modules/accountability/perpetrators.service';
import { ViolationsService } from '../../src/modules/accountability/violations.service';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';
import { makePerpetrator, makeViolation } from '../evidence/evidence-fixtures';

/** Perpetrators, positions, links and violations: model, tiers, name search and duplicates. Fictional data. */
for (const engine of ENGINES) {
  describe(`accountability model (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let editor: Actor;
    let otherEditor: Actor;
    let viewer: Actor;
    let analyst: Actor;
    let perps: PerpetratorsService;
    let violations: ViolationsService;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      editor = await makeUser(opened.ctx, 'editor');
      otherEditor = await makeUser(opened.ctx, 'editor');
      viewer = await makeUser(opened.ctx, 'viewer');
      analyst = await makeUser(opened.ctx, 'analyst');
      perps = new PerpetratorsService(opened.ctx);
      violations = new ViolationsService(opened.ctx);
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    it('stores names in every script, encrypted unless the record is public, with positions over time', async () => {
      const marker = nameMarker('Prk');
      const p = await makePerpetrator(opened.ctx, editor, 'internal', {
        category: 'prosecutor',
        names: [
          { script: 'be', kind: 'primary', value: `Сяргей ${marker}` },
          { script: 'latn', kind: 'alias', value: `Siarhei ${marker}` },
        ],
        positions: [
          {
            institution: 'Fictional Regional Prosecutor’s Office',
            title: 'Deputy prosecutor',
            from: '2015-01-01',
            to: '2019-12-31',
          },
          {
            institution: 'Fictional City Prosecutor’s Office',
            title: 'Prosecutor',
            from: '2020-01-01',
            to: null,
          },
        ],
      });
      expect(p.names.map((n) => n.value)).toEqual([`Сяргей ${marker}`, `Siarhei ${marker}`]);
      expect(p.positions.map((x) => [x.title, x.from, x.to])).toEqual([
        ['Deputy prosecutor', '2015-01-01', '2019-12-31'],
        ['Prosecutor', '2020-01-01', null],
      ]);
      const rows = await opened.ctx.db
        .selectFrom('perpetrator_names')
        .selectAll()
        .where('perpetrator_id', '=', p.id)
        .execute();
      expect(rows.every((r) => r.value === null && r.value_enc?.startsWith('v1.'))).toBe(true);
      const tokens = await opened.ctx.db
        .selectFrom('perpetrator_name_tokens')
        .select('token')
        .where('perpetrator_id', '=', p.id)
        .execute();
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.some((t) => t.token.toLowerCase().includes(marker.toLowerCase().slice(0, 6)))).toBe(
        false,
      );
      const pub = await makePerpetrator(opened.ctx, editor, 'public');
      const pubRows = await opened.ctx.db
        .selectFrom('perpetrator_names')
        .selectAll()
        .where('perpetrator_id', '=', pub.id)
        .execute();
      expect(pubRows.every((r) => r.value !== null && r.value_enc === null)).toBe(true);
    });

    it('finds a perpetrator by a spelling in another script through the blind index', async () => {
      const p = await makePerpetrator(opened.ctx, editor, 'internal', {
        names: [{ script: 'be', kind: 'primary', value: 'Сяргей Жвірблевіч' }],
      });
      const hit = await perps.list(viewer, { q: 'Sergei Zhvirblevich', limit: 50, offset: 0 });
      expect(hit.items.map((i) => i.id)).toContain(p.id);
      const miss = await perps.list(viewer, { q: 'Kanstancin Zhvirblevich', limit: 50, offset: 0 });
      expect(miss.items.map((i) => i.id)).not.toContain(p.id);
    });

    it('proposes a duplicate written in another script through the matcher', async () => {
      const a = await makePerpetrator(opened.ctx, editor, 'internal', {
        names: [{ script: 'be', kind: 'primary', value: 'Алесь Дзюбалевіч' }],
      });
      const b = await makePerpetrator(opened.ctx, editor, 'internal', {
        names: [{ script: 'latn', kind: 'primary', value: 'Aleksandr Dzyubalevich' }],
      });
      const c = await makePerpetrator(opened.ctx, editor, 'internal', {
        names: [{ script: 'latn', kind: 'primary', value: 'Aleksandra Dzyubalevich' }],
      });
      const duplicates = new PerpetratorDuplicates(opened.ctx);
      const { items } = await duplicates.find(editor, a.id);
      expect(items.map((i) => i.perpetratorId)).toContain(b.id);
      expect(items.map((i) => i.perpetratorId)).not.toContain(c.id);
      // A duplicate the caller cannot see is never proposed.
      const hidden = await makePerpetrator(opened.ctx, editor, 'confidential', {
        names: [{ script: 'ru', kind: 'primary', value: 'Александр Дзюбалевич' }],
      });
      expect((await duplicates.find(viewer, a.id)).items.map((i) => i.perpetratorId)).not.toContain(
        hidden.id,
      );
      const auditedBefore = await duplicatesAudits();
      expect((await duplicates.find(editor, a.id)).items.map((i) => i.perpetratorId)).toContain(hidden.id);
      // Showing a confidential perpetrator's name is an audited read, as opening the record is.
      expect(await duplicatesAudits()).toBe(auditedBefore + 1);
      await duplicates.find(viewer, a.id);
      expect(await duplicatesAudits()).toBe(auditedBefore + 1);
    });

    const duplicatesAudits = async (): Promise<number> =>
      (
        await opened.ctx.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'perpetrator.duplicates')
          .execute()
      ).length;

    it('applies tiers: hidden is missing, sealed only for named readers, analysts read no records', async () => {
      const conf = await makePerpetrator(opened.ctx, editor, 'confidential');
      const sealed = await makePerpetrator(opened.ctx, editor, 'sealed');
      await expect(perps.get(viewer, conf.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(perps.get(otherEditor, sealed.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await perps.get(editor, sealed.id)).id).toBe(sealed.id);
      await expect(perps.get(analyst, conf.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const list = await perps.list(viewer, { limit: 200, offset: 0 });
      expect(list.items.map((i) => i.id)).not.toContain(conf.id);
      expect(list.items.map((i) => i.id)).not.toContain(sealed.id);
      await expect(
        perps.create(viewer, {
          tier: 'internal',
          category: 'judge',
          names: [{ script: 'latn', kind: 'primary', value: 'X Y' }],
          positions: [],
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        perps.update(otherEditor, sealed.id, { category: 'other', version: 1 }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', sealed.id)
        .execute();
      expect(audit.map((a) => a.action)).toContain('perpetrator.create');
      expect(audit.map((a) => a.action)).toContain('perpetrator.read');
    });

    it('links a perpetrator to cases and violations with a role and sources; hidden targets stay hidden', async () => {
      const person = await makePerson(opened.ctx, editor, 'public');
      const sealedPerson = await makePerson(opened.ctx, otherEditor, 'sealed');
      const p = await makePerpetrator(opened.ctx, editor, 'internal');
      const { SourcesService } = await import('../../src/modules/sources/sources.service');
      const source = await new SourcesService(opened.ctx).create(editor, {
        tier: 'internal',
        title: 'Fictional court record',
        notesTier: 'internal',
      });
      const withLink = await perps.addLink(editor, p.id, {
        targetType: 'case',
        targetId: person.cases[0]!.id,
        role: 'judge',
        sourceIds: [source.id],
      });
      expect(withLink.links).toHaveLength(1);
      expect(withLink.links[0]).toMatchObject({
        role: 'judge',
        targetType: 'case',
        sources: [{ sourceId: source.id }],
      });
      // The label's parts come as codes, for the client to word in the reader's language.
      const caseTarget = withLink.links[0]!.target;
      expect(caseTarget).toMatchObject({ type: 'case', refCode: person.refCode });
      expect(withLink.links[0]!.targetLabel).toContain(person.refCode);
      // A case of a person the editor cannot see is treated as missing.
      await expect(
        perps.addLink(editor, p.id, {
          targetType: 'case',
          targetId: sealedPerson.cases[0]!.id,
          role: 'judge',
          sourceIds: [],
        }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const confViolation = await makeViolation(opened.ctx, editor, 'confidential');
      await perps.addLink(editor, p.id, {
        targetType: 'violation',
        targetId: confViolation.id,
        role: 'commander',
        sourceIds: [],
      });
      const both = (await perps.get(editor, p.id)).links;
      expect(both).toHaveLength(2);
      expect(both.find((l) => l.targetType === 'violation')!.target).toEqual({
        type: 'violation',
        violationType: confViolation.type,
        occurredOn: confViolation.occurredOn,
      });
      // The viewer sees the perpetrator but not the confidential violation, nor that a link to it exists.
      const seen = await perps.get(viewer, p.id);
      expect(seen.links.map((l) => l.targetId)).toEqual([person.cases[0]!.id]);
      expect(JSON.stringify(seen)).not.toContain(confViolation.id);
      await perps.removeLink(editor, p.id, withLink.links[0]!.id);
      expect((await perps.get(editor, p.id)).links.map((l) => l.targetType)).toEqual(['violation']);
    });

    it('records violations with victims from the registry, showing only victims the caller may see', async () => {
      const visible = await makePerson(opened.ctx, editor, 'public');
      const anonymised = await makePerson(opened.ctx, editor, 'anonymised');
      const hidden = await makePerson(opened.ctx, editor, 'confidential');
      const v = await makeViolation(opened.ctx, editor, 'internal', [visible.id, anonymised.id, hidden.id]);
      expect(v.victims).toHaveLength(3);
      const asViewer = await violations.get(viewer, v.id);
      expect(asViewer.victims.map((x) => x.personId).sort()).toEqual([visible.id, anonymised.id].sort());
      // An anonymised victim shows as a reference code to a viewer, never by name.
      const anon = asViewer.victims.find((x) => x.personId === anonymised.id)!;
      expect(anon.displayName).toBe(anon.refCode);
      expect(JSON.stringify(asViewer)).not.toContain(hidden.id);
      // An editor who cannot see a victim cannot remove it by replacing the list.
      const sealedVictim = await makePerson(opened.ctx, otherEditor, 'sealed');
      const w = await makeViolation(opened.ctx, otherEditor, 'internal', [visible.id, sealedVictim.id]);
      const updated = await violations.update(editor, w.id, {
        victimIds: [anonymised.id],
        version: w.version,
      });
      expect(updated.victims.map((x) => x.personId)).toEqual([anonymised.id]);
      const stored = await opened.ctx.db
        .selectFrom('violation_victims')
        .select('person_id')
        .where('violation_id', '=', w.id)
        .execute();
      expect(stored.map((r) => r.person_id).sort()).toEqual([anonymised.id, sealedVictim.id].sort());
      const types = [
        'torture_ill_treatment',
        'incommunicado_detention',
        'search',
        'property_seizure',
        'preventive_interview',
        'dismissal',
        'deportation',
        'cso_liquidation',
      ] as const;
      for (const type of types)
        expect(
          (await violations.create(editor, { tier: 'internal', type, victimIds: [], sourceIds: [] })).type,
        ).toBe(type);
      await expect(
        violations.get(viewer, (await makeViolation(opened.ctx, editor, 'confidential')).id),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PerpetratorsService } from '../../src/modules/accountability/perpetrators.service';
import { RECIPIENTS, type Recipient } from '../../src/modules/evidence/evidence.schema';
import { PackageService } from '../../src/modules/evidence/package.service';
import { verifyPackage } from '../../src/modules/evidence/package.verify';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makeEvidence, makePerpetrator, makeViolation } from './evidence-fixtures';
import { entries, type Manifest } from './package-files';

/** Case-file packages for each recipient: what consent and the exporter's access let into the file. */
for (const engine of ENGINES) {
  describe(`case-file packages per recipient (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let author: Actor;
    let exporter: Actor;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      author = await makeUser(opened.ctx, 'editor');
      // A viewer reads public and internal records only: confidential ones are hidden from them.
      exporter = await makeUser(opened.ctx, 'viewer');
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    it('for the public, only public records and items consented for the public', async () => {
      const ctx = opened.ctx;
      const perp = await makePerpetrator(ctx, author, 'public');
      const internalViolation = await makeViolation(ctx, author, 'internal');
      await new PerpetratorsService(ctx).addLink(author, perp.id, {
        targetType: 'violation',
        targetId: internalViolation.id,
        role: 'commander',
        sourceIds: [],
      });
      const forCourts = await makeEvidence(ctx, author, 'public', {
        consent: ['courts'],
        links: [{ entityType: 'perpetrator', entityId: perp.id }],
      });
      const forAll = await makeEvidence(ctx, author, 'public', {
        consent: ['public'],
        links: [{ entityType: 'perpetrator', entityId: perp.id }],
      });
      const pkg = new PackageService(ctx);
      const view = await pkg.create(author, {
        recipient: 'public',
        title: 'Public',
        perpetratorIds: [perp.id],
        violationIds: [],
        caseIds: [],
        evidenceIds: [],
      });
      const manifest = JSON.parse(
        (await entries((await pkg.file(author, view.id)).file)).get('manifest.json')!.toString(),
      ) as Manifest;
      expect(manifest.evidence.map((e) => e.id)).toEqual([forAll.view.id]);
      expect(manifest.evidence.map((e) => e.id)).not.toContain(forCourts.view.id);
      expect(manifest.entities.map((e) => e.id)).not.toContain(`violation-${internalViolation.id}`);
      // Another user cannot fetch someone else's package: same answer as a missing one.
      await expect(pkg.file(exporter, view.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // Naming a record the author cannot see is refused like a missing one.
      const hidden = await makeViolation(ctx, author, 'confidential');
      await expect(
        pkg.create(exporter, {
          recipient: 'courts',
          title: 'x',
          perpetratorIds: [],
          violationIds: [hidden.id],
          caseIds: [],
          evidenceIds: [],
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('for every recipient, only items whose consent allows it, and no trace of records the author cannot see', async () => {
      const ctx = opened.ctx;
      const perp = await makePerpetrator(ctx, author, 'public');
      // Confidential: the author of the export (a viewer) cannot see it.
      const hiddenViolation = await makeViolation(ctx, author, 'confidential');
      const toPerp = [{ entityType: 'perpetrator', entityId: perp.id }];
      const consents: Recipient[][] = [
        [],
        ['partner_investigators'],
        ['courts'],
        ['un_osce'],
        ['public'],
        ['courts', 'un_osce'],
      ];
      const items: Array<{ id: string; consent: Recipient[]; tier: 'public' | 'internal' }> = [];
      for (const consent of consents)
        items.push({
          id: (await makeEvidence(ctx, author, 'public', { consent, links: toPerp })).view.id,
          consent,
          tier: 'public',
        });
      // Consented for the public, but the item itself is internal: never in a public package.
      const internalPublic = await makeEvidence(ctx, author, 'internal', {
        consent: ['public'],
        links: toPerp,
      });
      items.push({ id: internalPublic.view.id, consent: ['public'], tier: 'internal' });
      // Linked to the perpetrator and to the hidden violation: may go out, but the hidden link may not.
      const twoLinks = await makeEvidence(ctx, author, 'public', {
        consent: ['courts'],
        links: [...toPerp, { entityType: 'violation', entityId: hiddenViolation.id }],
      });
      items.push({ id: twoLinks.view.id, consent: ['courts'], tier: 'public' });

      const pkg = new PackageService(ctx);
      for (const recipient of RECIPIENTS) {
        const view = await pkg.create(exporter, {
          recipient,
          title: `Fictional matrix ${recipient}`,
          perpetratorIds: [perp.id],
          violationIds: [],
          caseIds: [],
          // Choosing items by id does not get round consent either.
          evidenceIds: items.map((i) => i.id),
        });
        const expected = items
          .filter((i) => i.consent.includes(recipient) || i.consent.includes('public'))
          .filter((i) => recipient !== 'public' || i.tier === 'public')
          .map((i) => i.id)
          .sort();
        const { file } = await pkg.file(exporter, view.id);
        const files = await entries(file);
        const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
        expect(manifest.evidence.map((e) => e.id).sort(), recipient).toEqual(expected);
        expect(view.evidenceIncluded).toBe(expected.length);
        const withheldIds = items.map((i) => i.id).filter((id) => !expected.includes(id));
        const zipBytes = fs.readFileSync(file);
        for (const id of withheldIds)
          expect(
            manifest.files.some((f) => f.path.includes(id)),
            id,
          ).toBe(false);
        expect(zipBytes.includes(Buffer.from(hiddenViolation.id)), recipient).toBe(false);
        for (const b of files.values()) expect(b.includes(Buffer.from(hiddenViolation.id))).toBe(false);
        const two = manifest.evidence.find((e) => e.id === twoLinks.view.id);
        if (two) expect(two.linkedTo).toEqual(toPerp);
        expect((await verifyPackage(file)).ok).toBe(true);
      }
    }, 120_000);
  });
}

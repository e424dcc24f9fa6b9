import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PersonsService } from '../../src/modules/registry/persons.service';
import type { ListPersonsQuery } from '../../src/modules/registry/registry.schema';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/**
 * Bounded list totals: exact up to the cap (or the end of the requested page), "more than" beyond. A
 * small cap stands in for the production 1,000 so that a handful of persons exceed it.
 */
const CAP = 3;

for (const engine of ENGINES) {
  describe(`registry list totals are bounded (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let capped: PersonsService;
    let exact: PersonsService;
    let editor: Actor;
    let viewer: Actor;
    const surname = nameMarker('Capped');
    const made: string[] = [];

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      capped = new PersonsService(opened.ctx, { totalCap: CAP });
      exact = new PersonsService(opened.ctx);
      editor = await makeUser(opened.ctx, 'editor');
      viewer = await makeUser(opened.ctx, 'viewer');
      // Six visible persons in Hrodna under article 342 in one colony; one with two such cases (counted once).
      for (const given of ['Ala', 'Bela', 'Cyra', 'Dana', 'Ela', 'Fina']) {
        const facility = 'Fictional Colony Cap';
        const cases = [{ articles: [{ article: '342' }], detainedOn: '2021-03-01', facility }];
        if (given === 'Bela')
          cases.push({ articles: [{ article: '342' }], detainedOn: '2022-03-01', facility });
        const p = await makePerson(opened.ctx, editor, 'public', {
          names: [{ script: 'latn', kind: 'primary', value: `${surname} ${given}` }],
          region: 'grodno',
          cases,
        });
        made.push(p.id);
      }
      // Hidden from a viewer: never counted for them.
      await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: `${surname} Hidden` }],
        region: 'grodno',
      });
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    const filters: Array<Partial<ListPersonsQuery>> = [
      {},
      { region: 'grodno' },
      { region: 'grodno', status: 'sentenced' },
      { article: '342' },
      { article: '342', region: 'grodno' },
      { facility: 'Fictional Colony Cap', detainedFrom: '2021-01-01' },
      { q: surname },
    ];

    it('counts at most the cap: more matches give total = cap and totalCapped', async () => {
      for (const f of filters) {
        const first = await capped.list(viewer, { ...f, limit: 2, offset: 0 });
        expect([first.total, first.totalCapped, first.items.length], JSON.stringify(f)).toEqual([
          CAP,
          true,
          2,
        ]);
      }
      // With the default cap the same lists are exact.
      for (const f of filters) {
        const all = await exact.list(viewer, { ...f, limit: 2, offset: 0 });
        expect([all.total, all.totalCapped], JSON.stringify(f)).toEqual([6, false]);
      }
      // Counts never include what the actor may not see.
      const forEditor = await exact.list(editor, { region: 'grodno', limit: 2, offset: 0 });
      expect([forEditor.total, forEditor.totalCapped]).toEqual([7, false]);
      // At or under the cap nothing is capped.
      const few = await capped.list(viewer, { q: `${surname} Ala`, limit: 2, offset: 0 });
      expect([few.total, few.totalCapped, few.items.length]).toEqual([1, false, 1]);
    });

    it('pages past the cap in the same newest-first order, exact once the end is in reach', async () => {
      for (const f of filters) {
        const want = (await exact.list(viewer, { ...f, limit: 50, offset: 0 })).items.map((i) => i.id);
        expect([...want].sort(), JSON.stringify(f)).toEqual([...made].sort());
        const seen: string[] = [];
        const totals: Array<[number, boolean]> = [];
        for (let offset = 0; offset < 8; offset += 2) {
          const pg = await capped.list(viewer, { ...f, limit: 2, offset });
          seen.push(...pg.items.map((i) => i.id));
          totals.push([pg.total, pg.totalCapped]);
        }
        expect(seen, JSON.stringify(f)).toEqual(want);
        // The bound is max(cap, offset + limit): a capped total always means there is a next page.
        expect(totals, JSON.stringify(f)).toEqual([
          [3, true],
          [4, true],
          [6, false],
          [6, false],
        ]);
      }
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/**
 * What a list row shows of a person's cases (fictional persons): the articles of every case in detention
 * order without repeats, the facility of the latest case, and the first detention date.
 */
for (const engine of ENGINES) {
  describe(`registry list rows (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let editor: Actor;
    const marker = nameMarker('Summary');

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      editor = await makeUser(opened.ctx, 'editor');
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    it('summarises every case of a person, and a person without cases, on one page', async () => {
      const ctx = opened.ctx;
      const twoCases = await makePerson(ctx, editor, 'public', {
        names: [{ script: 'latn', kind: 'primary', value: `${marker} Twocases` }],
        // Given out of order: the later case first.
        cases: [
          {
            articles: [{ article: '369' }, { article: '342' }],
            detainedOn: '2023-02-01',
            facility: 'Colony 2',
          },
          {
            articles: [{ article: '342' }, { article: '130-3' }],
            detainedOn: '2020-08-10',
            facility: 'SIZO 1',
          },
        ],
      });
      const noCases = await makePerson(ctx, editor, 'public', {
        names: [{ script: 'latn', kind: 'primary', value: `${marker} Nocases` }],
        cases: [],
      });
      const { items } = await new PersonsService(ctx).list(editor, { q: marker, limit: 50, offset: 0 });
      const byId = new Map(items.map((i) => [i.id, i]));
      expect(byId.get(twoCases.id)).toMatchObject({
        articles: ['342', '130-3', '369'],
        facility: 'Colony 2',
        detainedOn: '2020-08-10',
      });
      expect(byId.get(noCases.id)).toMatchObject({ articles: [], facility: null, detainedOn: null });
    });
  });
}

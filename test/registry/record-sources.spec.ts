import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PersonsService } from '../../src/modules/registry/persons.service';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/**
 * The record page shows each source under the fact it supports (the person, a case, a status event, a
 * recognition), and never a source the reader may not see. Fictional persons and sources.
 */
for (const engine of ENGINES) {
  describe(`registry record page sources (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let editor: Actor;
    let viewer: Actor;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      editor = await makeUser(opened.ctx, 'editor');
      viewer = await makeUser(opened.ctx, 'viewer');
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
    });

    it('places every source under its own fact and leaves out hidden ones', async () => {
      const ctx = opened.ctx;
      const [onPerson, onCase, onEvent, onRecognition, sealed] = await Promise.all([
        makeSource(ctx, editor, 'public', { title: 'Fictional source on the person' }),
        makeSource(ctx, editor, 'public', { title: 'Fictional source on the case' }),
        makeSource(ctx, editor, 'public', { title: 'Fictional source on the event' }),
        makeSource(ctx, editor, 'public', { title: 'Fictional source on the recognition' }),
        makeSource(ctx, editor, 'sealed', { title: 'Fictional sealed source' }),
      ]);
      const person = await makePerson(ctx, editor, 'public', {
        names: [{ script: 'latn', kind: 'primary', value: `${nameMarker('Sources')} Fourfacts` }],
        sources: [
          { sourceId: onPerson.id, field: 'names' },
          { sourceId: sealed.id, field: 'names' },
        ],
        cases: [{ articles: [{ article: '342' }], sources: [{ sourceId: onCase.id, field: 'verdict' }] }],
        statusEvents: [
          { status: 'detained', occurredOn: '2021-03-01', sources: [{ sourceId: onEvent.id, field: '' }] },
        ],
        recognitions: [
          {
            recognisedBy: 'Fictional rights group',
            recognisedOn: '2021-04-01',
            sources: [{ sourceId: onRecognition.id, field: '' }],
          },
        ],
      });
      const ids = (refs: ReadonlyArray<{ sourceId: string }>) => refs.map((r) => r.sourceId).sort();

      const seen = await new PersonsService(ctx).get(viewer, person.id);
      expect(ids(seen.sources)).toEqual([onPerson.id]);
      expect(seen.cases.map((c) => ids(c.sources))).toEqual([[onCase.id]]);
      expect(seen.cases[0]!.sources[0]).toMatchObject({ field: 'verdict', title: onCase.title });
      expect(seen.statusEvents.map((e) => ids(e.sources))).toEqual([[onEvent.id]]);
      expect(seen.recognitions.map((r) => ids(r.sources))).toEqual([[onRecognition.id]]);

      // The sealed source's author holds its grant, so the same page shows it to them, on the person only.
      const own = await new PersonsService(ctx).get(editor, person.id);
      expect(ids(own.sources)).toEqual([onPerson.id, sealed.id].sort());
      expect(own.cases.map((c) => ids(c.sources))).toEqual([[onCase.id]]);
    });
  });
}

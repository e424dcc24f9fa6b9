import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { buildTestApp, signIn, type Client } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { makePerson, personsStateHash } from '../support/registry-factories';

/** Duplicate candidates, "not a duplicate", merge and exact revert — on invented people. */
for (const engine of ENGINES) {
  describe(`registry duplicates and merge (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    const c = {} as Record<'editor' | 'viewer' | 'researcher', Client>;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      c.editor = await signIn(app, editor.username);
      c.viewer = await signIn(app, (await makeUser(opened.ctx, 'viewer')).username);
      c.researcher = await signIn(app, (await makeUser(opened.ctx, 'researcher')).username);
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    const candidates = async (client: Client, id: string) => {
      const res = await client.request('GET', `/api/v1/persons/${id}/duplicates`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: Array<{ personId: string; score: number }> }>().items;
    };

    it('finds cross-script duplicates with a score, raised by birth-year agreement; respects decisions', async () => {
      const a = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: 'Siarhei Fiktyunovich Zhdanovich' }],
        birthYear: 1971,
      });
      const b = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'ru', kind: 'primary', value: 'Сергей Фиктюнович Жданович' }],
        birthYear: 1971,
      });
      const other = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: 'Siarhei Fiktyunovich Zhdanovich' }],
        birthYear: 1990,
      });
      const unrelated = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: 'Volha Prydumanaja Kastsiuk' }],
        gender: 'female',
      });
      const items = await candidates(c.editor, a.id);
      const ids = items.map((i) => i.personId);
      expect(ids).toContain(b.id);
      expect(ids).toContain(other.id);
      expect(ids).not.toContain(unrelated.id);
      expect(ids).not.toContain(a.id);
      const score = (id: string) => items.find((i) => i.personId === id)!.score;
      // Same name, same birth year beats same name, birth years 19 years apart.
      expect(score(other.id)).toBeLessThan(1);
      expect(score(b.id)).toBeGreaterThan(score(other.id));
      // A viewer cannot see confidential persons at all.
      expect((await c.viewer.request('GET', `/api/v1/persons/${a.id}/duplicates`)).statusCode).toBe(404);
      expect(
        (await c.researcher.request('POST', `/api/v1/persons/${a.id}/not-duplicate`, { otherId: other.id }))
          .statusCode,
      ).toBe(403);
      const decided = await c.editor.request('POST', `/api/v1/persons/${a.id}/not-duplicate`, {
        otherId: other.id,
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect((await candidates(c.editor, a.id)).map((i) => i.personId)).not.toContain(other.id);
      expect((await candidates(c.editor, other.id)).map((i) => i.personId)).not.toContain(a.id);
    });

    it('merges everything into the survivor, hides the merged record, and a revert restores the exact state', async () => {
      const source = await makeSource(opened.ctx, editor, 'internal');
      const survivor = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: 'Ales Fiktyvich Merzhevich' }],
        birthYear: null,
        sources: [{ sourceId: source.id, field: '' }],
      });
      const merged = await makePerson(opened.ctx, editor, 'anonymised', {
        names: [{ script: 'be', kind: 'primary', value: 'Алесь Фіктывіч Мержэвіч' }],
        birthYear: 1982,
        description: 'Invented biography',
        cases: [
          { articles: [{ article: '130-3' }], detainedOn: '2022-04-04', facility: 'Fictional SIZO No. 7' },
        ],
        statusEvents: [{ status: 'released_pardon', occurredOn: '2024-07-03' }],
        recognitions: [{ recognisedBy: 'Fictional Centre', recognisedOn: '2022-05-01' }],
        sources: [{ sourceId: source.id, field: 'birthYear' }],
      });
      const ids = [survivor.id, merged.id];
      const before = await personsStateHash(opened.ctx.db, ids);

      // Merging into the less protected record would expose the other's identity: refused.
      expect(
        (await c.editor.request('POST', `/api/v1/persons/${merged.id}/merge`, { otherId: survivor.id }))
          .statusCode,
      ).toBe(409);
      expect(
        (await c.viewer.request('POST', `/api/v1/persons/${survivor.id}/merge`, { otherId: merged.id }))
          .statusCode,
      ).toBe(403);
      const res = await c.editor.request('POST', `/api/v1/persons/${survivor.id}/merge`, {
        otherId: merged.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      const { mergeId } = res.json<{ mergeId: string }>();
      expect(await personsStateHash(opened.ctx.db, ids)).not.toBe(before);

      const view = (await c.editor.request('GET', `/api/v1/persons/${survivor.id}`)).json<{
        names: Array<{ value: string; kind: string }>;
        cases: unknown[];
        statusEvents: unknown[];
        recognitions: unknown[];
        birthYear: number;
        description: string;
        currentStatus: string;
        sources: Array<{ field: string }>;
      }>();
      expect(view.names.map((n) => [n.value, n.kind])).toEqual([
        ['Ales Fiktyvich Merzhevich', 'primary'],
        ['Алесь Фіктывіч Мержэвіч', 'alias'],
      ]);
      expect(view.cases).toHaveLength(2);
      expect(view.statusEvents).toHaveLength(2);
      expect(view.recognitions).toHaveLength(1);
      expect(view).toMatchObject({
        birthYear: 1982,
        description: 'Invented biography',
        currentStatus: 'released_pardon',
      });
      expect(view.sources.map((s) => s.field).sort()).toEqual(['', 'birthYear']);
      expect((await c.editor.request('GET', `/api/v1/persons/${merged.id}`)).statusCode).toBe(404);
      const search = (
        await c.editor.request('GET', `/api/v1/persons?q=${encodeURIComponent('Мержэвіч')}`)
      ).json<{ items: Array<{ id: string }> }>();
      expect(search.items.map((i) => i.id)).toEqual([survivor.id]);
      const snap = await opened.ctx.db
        .selectFrom('person_merges')
        .selectAll()
        .where('id', '=', mergeId)
        .executeTakeFirstOrThrow();
      expect(snap.snapshot_enc).not.toMatch(/Ales|Алесь|Invented/);

      const reverted = await c.editor.request('POST', `/api/v1/registry/merges/${mergeId}/revert`);
      expect(reverted.statusCode, reverted.body).toBe(200);
      expect(await personsStateHash(opened.ctx.db, ids)).toBe(before);
      expect((await c.editor.request('GET', `/api/v1/persons/${merged.id}`)).statusCode).toBe(200);
      expect((await c.editor.request('POST', `/api/v1/registry/merges/${mergeId}/revert`)).statusCode).toBe(
        409,
      );
      const actions = await opened.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('action', 'like', 'person.merge%')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['person.merge', 'person.merge_revert']);
      expect(actions.map((a) => a.detail).join()).not.toMatch(/Ales|Алесь/);
    });

    it('refuses to revert once the survivor changed after the merge', async () => {
      const s = await makePerson(opened.ctx, editor, 'confidential');
      const o = await makePerson(opened.ctx, editor, 'confidential');
      const { mergeId } = (
        await c.editor.request('POST', `/api/v1/persons/${s.id}/merge`, { otherId: o.id })
      ).json<{ mergeId: string }>();
      const current = (await c.editor.request('GET', `/api/v1/persons/${s.id}`)).json<{ version: number }>();
      const patched = await c.editor.request('PATCH', `/api/v1/persons/${s.id}`, {
        version: current.version,
        region: 'gomel',
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect((await c.editor.request('POST', `/api/v1/registry/merges/${mergeId}/revert`)).statusCode).toBe(
        409,
      );
    });
  });
}

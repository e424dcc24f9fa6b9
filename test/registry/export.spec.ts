import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { parseCsv } from '../../src/core/csv/csv-reader';
import type { App } from '../../src/core/http/types';
import { buildTestApp, signIn, type Client } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/** Exports never leak: per role, only visible records, identity only where readable, sealed only counted. */
for (const engine of ENGINES) {
  describe(`registry export (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    const c = {} as Record<'editor' | 'viewer' | 'analyst' | 'grantee', Client>;
    const marks = {
      public: nameMarker('Pub'),
      anonymised: nameMarker('Ano'),
      confidential: nameMarker('Con'),
      sealed: nameMarker('Sea'),
    };
    const refs = {} as Record<keyof typeof marks, string>;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      c.editor = await signIn(app, editor.username);
      c.viewer = await signIn(app, (await makeUser(opened.ctx, 'viewer')).username);
      c.analyst = await signIn(app, (await makeUser(opened.ctx, 'analyst')).username);
      for (const consent of ['public', 'anonymised', 'confidential', 'sealed'] as const) {
        const p = await makePerson(opened.ctx, editor, consent, {
          names: [
            { script: 'latn', kind: 'primary', value: `${marks[consent]} Fictional` },
            { script: 'be', kind: 'alias', value: 'Іван Выдуманы' },
          ],
          birthYear: 1970,
          cases: [
            {
              articles: [{ article: '342' }],
              detainedOn: '2021-03-01',
              facility: '=HYPERLINK("http://evil")',
              judge: '+Judge Fictional',
            },
          ],
        });
        refs[consent] = p.refCode;
      }
      // A grantee of the sealed person still gets it only as a count: exports never list sealed records.
      const grantee = await makeUser(opened.ctx, 'researcher');
      const sealedId = (
        await opened.ctx.db
          .selectFrom('persons')
          .select('id')
          .where('consent', '=', 'sealed')
          .executeTakeFirstOrThrow()
      ).id;
      expect(
        (await c.editor.request('POST', `/api/v1/persons/${sealedId}/grants`, { userId: grantee.id }))
          .statusCode,
      ).toBe(200);
      c.grantee = await signIn(app, grantee.username);
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    const csv = async (client: Client, query = '') => {
      const res = await client.request('GET', `/api/v1/registry/export.csv${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const [header, ...rows] = parseCsv(res.body).map((r) => r.fields);
      return { res, header: header!, rows };
    };

    it('a viewer’s CSV lacks confidential persons and anonymised names; sealed only counted; formulas neutralised', async () => {
      const { res, header, rows } = await csv(c.viewer);
      expect(res.body.charCodeAt(0)).toBe(0xfeff);
      expect(res.headers['x-sealed-count']).toBe('1');
      expect(rows.map((r) => r[0]).sort()).toEqual([refs.public, refs.anonymised].sort());
      expect(res.body).toContain(marks.public);
      for (const hidden of [
        marks.anonymised,
        marks.confidential,
        marks.sealed,
        refs.confidential,
        refs.sealed,
      ])
        expect(res.body).not.toContain(hidden);
      const anon = rows.find((r) => r[0] === refs.anonymised)!;
      expect(anon[header.indexOf('name_latn')]).toBe('');
      expect(anon[header.indexOf('birth_year')]).toBe('');
      expect(anon[header.indexOf('articles')]).toBe('342');
      const pub = rows.find((r) => r[0] === refs.public)!;
      expect(pub[header.indexOf('name_be')]).toBe('Іван Выдуманы');
      expect(pub[header.indexOf('facility')]).toBe(`'=HYPERLINK("http://evil")`);
      expect(pub[header.indexOf('judge')]).toBe(`'+Judge Fictional`);
    });

    it('an editor gets all three non-sealed tiers with names; a grantee still sees sealed only as a count', async () => {
      const { res, rows } = await csv(c.editor);
      expect(rows).toHaveLength(3);
      expect(res.body).toContain(marks.confidential);
      expect(res.body).not.toContain(marks.sealed);
      const g = await csv(c.grantee);
      expect(g.res.body).not.toContain(marks.sealed);
      expect(g.res.headers['x-sealed-count']).toBe('1');
      expect((await c.analyst.request('GET', '/api/v1/registry/export.csv')).statusCode).toBe(403);
    });

    it('filters like the list; a name search withholds the sealed count', async () => {
      const { rows, res } = await csv(c.editor, `?q=${marks.confidential}`);
      expect(rows.map((r) => r[0])).toEqual([refs.confidential]);
      expect(res.headers['x-sealed-count']).toBe('withheld');
      expect((await csv(c.editor, '?consent=public')).rows.map((r) => r[0])).toEqual([refs.public]);
      expect((await csv(c.editor, '?article=130-3')).rows).toHaveLength(0);
    });

    it('JSON and FollowTheMoney exports follow the same rules', async () => {
      const json = (await c.viewer.request('GET', '/api/v1/registry/export.json')).json<{
        count: number;
        sealedCount: number;
        generatedBy: string;
        items: Array<{ refCode: string; identityHidden: boolean; names: unknown[] }>;
      }>();
      expect(json).toMatchObject({ count: 2, sealedCount: 1 });
      expect(json.items.find((i) => i.refCode === refs.anonymised)).toMatchObject({
        identityHidden: true,
        names: [],
      });
      const ftm = await c.editor.request('GET', '/api/v1/registry/export.ftm.jsonl');
      expect(ftm.statusCode).toBe(200);
      const entities = ftm.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
      expect(entities.filter((e) => e.schema === 'Person')).toHaveLength(3);
      expect(entities.filter((e) => e.schema === 'CourtCase')).toHaveLength(3);
      const party = entities.find((e) => e.schema === 'CourtCaseParty')!;
      expect(entities.map((e) => e.id)).toEqual(
        expect.arrayContaining([party.properties.case![0], party.properties.party![0]]),
      );
      const person = entities.find(
        (e) => e.schema === 'Person' && e.properties.name![0]!.startsWith(marks.public),
      )!;
      expect(person.properties).toMatchObject({
        alias: ['Іван Выдуманы'],
        birthDate: ['1970'],
        gender: ['male'],
      });
      expect(ftm.body).not.toContain(marks.sealed);
    });

    it('every export is audited with format and count, never names', async () => {
      const rows = await opened.ctx.db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('action', '=', 'registry.export')
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(7);
      const details = rows.map((r) => JSON.parse(r.detail) as { format: string; count: number });
      expect(details.map((d) => d.format)).toEqual(expect.arrayContaining(['csv', 'json', 'ftm']));
      expect(rows.map((r) => r.detail).join()).not.toMatch(new RegExp(Object.values(marks).join('|')));
    });
  });
}

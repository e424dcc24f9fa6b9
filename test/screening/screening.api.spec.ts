import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { anonymous, buildTestApp, signIn, type Client } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { importScreenList, SCREEN_LIST } from './screening-fixtures';

/** POST /api/v1/screen against FICTIONAL lists imported through the sanctions import service. */

interface Body {
  version: string;
  targets: number;
  results: {
    input: Record<string, string>;
    candidates: { id: string; name: string; score: number; datasets: string[]; explanation: string[] }[];
  }[];
}

for (const engine of ENGINES) {
  describe(`POST /api/v1/screen (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let analyst: Client;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      const user = await makeUser(opened.ctx, 'analyst');
      analyst = await signIn(app, user.username);
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    it('answers with no candidates while no list is imported', async () => {
      const res = await analyst.request('POST', '/api/v1/screen', {
        names: [{ name: 'Sviatlana Vydumkouskaya' }],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<Body>()).toMatchObject({ targets: 0, results: [{ candidates: [] }] });
    });

    it('finds a listed name written in another script, and echoes the input row', async () => {
      await importScreenList(opened.ctx.db, engine);
      const res = await analyst.request('POST', '/api/v1/screen', {
        names: [
          { name: 'НІБЫШЭВІЧ, Уладзімір Прыдуманавіч', birthDate: '1961-02-03', ref: 'row-1' },
          { name: 'Светлана Выдумковская', country: 'BY' },
        ],
        top: 5,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<Body>();
      expect(body.targets).toBe(SCREEN_LIST.length);
      const [first, second] = body.results;
      expect(first!.input).toEqual({
        name: 'НІБЫШЭВІЧ, Уладзімір Прыдуманавіч',
        birthDate: '1961-02-03',
        ref: 'row-1',
      });
      const top = first!.candidates[0]!;
      expect(top.id).toMatch(/scr-fict-1$/);
      expect(top.datasets).toEqual(['test_fictional_screen']);
      expect(top.score).toBeGreaterThanOrEqual(0.9);
      expect(top.explanation.join('\n')).toMatch(/birth dates agree/);
      expect(second!.candidates[0]?.id).toMatch(/scr-fict-2$/);
    });

    it('keeps a male form, a fictional name and a near organisation apart', async () => {
      const res = await analyst.request('POST', '/api/v1/screen', {
        names: [
          { name: 'Siarhei Vydumkouski' },
          { name: 'Zorvanek Plimmutsky' },
          { name: 'Imaginary Potash Kvazikali', schema: 'Organization' },
          { name: 'Imaginary Potato Farm', schema: 'Organization' },
        ],
      });
      const [male, fictional, org, otherOrg] = res.json<Body>().results;
      expect(male!.candidates.every((c) => c.score < 0.7)).toBe(true);
      expect(fictional!.candidates).toEqual([]);
      expect(org!.candidates[0]?.id).toMatch(/scr-fict-3$/);
      expect(otherOrg!.candidates.every((c) => c.score < 0.7)).toBe(true);
    });

    it('rebuilds its index when a new snapshot is imported', async () => {
      const before = (
        await analyst.request('POST', '/api/v1/screen', { names: [{ name: 'Kanstantsin Novyfiktsyk' }] })
      ).json<Body>();
      expect(before.results[0]!.candidates).toEqual([]);
      await importScreenList(
        opened.ctx.db,
        engine,
        [
          ...SCREEN_LIST,
          {
            id: 'scr-fict-4',
            schema: 'Person',
            name: 'Константин Новыфикцык',
            program: SCREEN_LIST[0]!.program,
            listed: '2026-04-01',
          },
        ],
        '2026-04-02',
      );
      const after = (
        await analyst.request('POST', '/api/v1/screen', { names: [{ name: 'Kanstantsin Novyfiktsyk' }] })
      ).json<Body>();
      expect(after.version).not.toBe(before.version);
      expect(after.results[0]!.candidates[0]?.id).toMatch(/scr-fict-4$/);
    });

    it('refuses anonymous callers and malformed bodies', async () => {
      const anon = await anonymous(app).request('POST', '/api/v1/screen', { names: [{ name: 'x' }] });
      expect(anon.statusCode).toBe(401);
      for (const body of [
        { names: [] },
        { names: [{ name: '' }] },
        { names: [{ name: 'A B' }], top: 0 },
        {},
      ]) {
        const res = await analyst.request('POST', '/api/v1/screen', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      const tooMany = Array.from({ length: 1001 }, () => ({ name: 'A B' }));
      expect((await analyst.request('POST', '/api/v1/screen', { names: tooMany })).statusCode).toBe(400);
    });
  });
}

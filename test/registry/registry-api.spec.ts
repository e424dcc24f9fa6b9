import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { parseCsv } from '../../src/names/csv';
import { DEFAULT_FIGURES_FILE } from '../../src/modules/registry/registry.cli';
import { anonymous, buildTestApp, signIn, type Client } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { nameMarker } from '../support/registry-factories';

const ROOT = path.resolve(import.meta.dirname, '../..');

for (const engine of ENGINES) {
  describe(`registry API (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    const c = {} as Record<'editor' | 'viewer' | 'analyst' | 'admin', Client>;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      for (const role of ['editor', 'viewer', 'analyst', 'admin'] as const) {
        const u = await makeUser(opened.ctx, role);
        c[role] = await signIn(app, u.username);
      }
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    it('creates, finds, edits and deletes a person with cases, status history and recognitions', async () => {
      const m = nameMarker('Api');
      const created = await c.editor.request('POST', '/api/v1/persons', {
        consent: 'confidential',
        names: [
          { script: 'be', kind: 'primary', value: `${m} Сяргей` },
          { script: 'latn', kind: 'primary', value: `${m} Siarhei` },
        ],
        birthYear: 1975,
        gender: 'male',
        region: 'grodno',
        groups: ['lawyer'],
        cases: [
          {
            articles: [{ article: '361-1' }],
            court: 'Fictional court',
            detainedOn: '2022-02-02',
            facility: '=HYPERLINK("x")',
          },
        ],
        statusEvents: [{ status: 'detained', occurredOn: '2022-02-02' }],
      });
      expect(created.statusCode, created.body).toBe(201);
      const person = created.json<{
        id: string;
        version: number;
        cases: Array<{ id: string; version: number }>;
      }>();
      const found = await c.editor.request(
        'GET',
        `/api/v1/persons?q=${encodeURIComponent('Sergei')}&region=grodno`,
      );
      expect(found.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toEqual([person.id]);
      expect((await c.viewer.request('GET', `/api/v1/persons/${person.id}`)).statusCode).toBe(404);
      expect((await c.analyst.request('GET', `/api/v1/persons/${person.id}`)).statusCode).toBe(403);
      expect((await c.analyst.request('GET', '/api/v1/persons')).statusCode).toBe(403);
      expect(
        (
          await c.viewer.request('POST', '/api/v1/persons', {
            consent: 'public',
            names: [{ script: 'latn', value: 'X' }],
          })
        ).statusCode,
      ).toBe(403);

      const patched = await c.editor.request('PATCH', `/api/v1/persons/${person.id}`, {
        region: 'brest',
        version: person.version,
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(
        (
          await c.editor.request('PATCH', `/api/v1/persons/${person.id}`, {
            region: 'gomel',
            version: person.version,
          })
        ).statusCode,
      ).toBe(409);

      const withCase = await c.editor.request('POST', `/api/v1/persons/${person.id}/cases`, {
        articles: [{ article: '369' }],
        facility: 'Colony 2',
      });
      expect(withCase.statusCode, withCase.body).toBe(201);
      const ev = await c.editor.request('POST', `/api/v1/persons/${person.id}/status-events`, {
        status: 'released_exchange',
        occurredOn: '2025-09-11',
      });
      expect(ev.json<{ currentStatus: string }>().currentStatus).toBe('released_exchange');
      const rec = await c.editor.request('POST', `/api/v1/persons/${person.id}/recognitions`, {
        recognisedBy: 'Fictional HRC',
        recognisedOn: '2022-03-01',
      });
      expect(rec.json<{ recognisedOn: string }>().recognisedOn).toBe('2022-03-01');
      const firstCase = person.cases[0]!;
      const caseEdit = await c.editor.request('PATCH', `/api/v1/persons/${person.id}/cases/${firstCase.id}`, {
        judge: 'Judge Fictional',
        version: firstCase.version,
      });
      expect(caseEdit.statusCode, caseEdit.body).toBe(200);
      expect(
        (
          await c.editor.request('PATCH', `/api/v1/persons/${person.id}/cases/${firstCase.id}`, {
            judge: 'x',
            version: firstCase.version,
          })
        ).statusCode,
      ).toBe(409);
      const byJudge = await c.editor.request(
        'GET',
        `/api/v1/persons?judge=${encodeURIComponent('Judge Fictional')}`,
      );
      expect(byJudge.json<{ total: number; totalCapped: boolean }>()).toMatchObject({
        total: 1,
        totalCapped: false,
      });

      const bad = await c.editor.request('POST', `/api/v1/persons/${person.id}/cases`, {
        articles: [{ article: 'DROP TABLE' }],
      });
      expect(bad.statusCode).toBe(400);

      // Statistics: exact for staff, the analyst included; CSV neutralises formula-looking cells.
      const stats = await c.analyst.request('GET', '/api/v1/registry/statistics?scope=all');
      expect(stats.statusCode).toBe(200);
      expect(stats.json<{ byRegion: Array<{ key: string; count: number }> }>().byRegion).toContainEqual({
        key: 'brest',
        count: 1,
      });
      const csv = await c.analyst.request('GET', '/api/v1/registry/statistics.csv?scope=all');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.body).toContain(`by_facility,"'=HYPERLINK(""x"")",,1`);
      expect(csv.body.split('\r\n').some((line) => /,=/.test(line) || line.startsWith('='))).toBe(false);
      expect((await anonymous(app).request('GET', '/api/v1/registry/statistics')).statusCode).toBe(401);

      const removed = await c.editor.request('DELETE', `/api/v1/persons/${person.id}`);
      expect(removed.statusCode).toBe(200);
      expect((await c.editor.request('GET', `/api/v1/persons/${person.id}`)).statusCode).toBe(404);
    });

    it('sealed persons: listed for nobody but the author until a grant is given', async () => {
      const m = nameMarker('Sealapi');
      const created = await c.editor.request('POST', '/api/v1/persons', {
        consent: 'sealed',
        names: [{ script: 'latn', value: m }],
      });
      const { id } = created.json<{ id: string }>();
      expect((await c.admin.request('GET', `/api/v1/persons/${id}`)).statusCode).toBe(404);
      const viewerUser = await makeUser(opened.ctx, 'viewer');
      const viewer = await signIn(app, viewerUser.username);
      expect((await viewer.request('GET', `/api/v1/persons?q=${m}`)).json<{ total: number }>().total).toBe(0);
      const granted = await c.editor.request('POST', `/api/v1/persons/${id}/grants`, {
        userId: viewerUser.id,
      });
      expect(granted.statusCode, granted.body).toBe(200);
      expect((await viewer.request('GET', `/api/v1/persons?q=${m}`)).json<{ total: number }>().total).toBe(1);
      expect(
        (await viewer.request('GET', `/api/v1/persons/${id}`)).json<{ displayName: string }>().displayName,
      ).toBe(m);
    });

    it('CLI import-figures loads every row of the real timeline CSV, with sources', async () => {
      const file = DEFAULT_FIGURES_FILE;
      const dataRows = parseCsv(fs.readFileSync(file, 'utf8'))
        .rows.slice(1)
        .filter((r) => r.some((x) => x !== ''));
      expect(dataRows.length).toBeGreaterThan(40);
      const run = () =>
        JSON.parse(
          execFileSync('node', ['bin/supolka.js', 'registry', 'import-figures'], {
            cwd: ROOT,
            env: { ...process.env, ...env.env },
            encoding: 'utf8',
          }),
        ) as { rows: number; inserted: number; updated: number };
      const first = run();
      expect(first).toEqual({ rows: dataRows.length, inserted: dataRows.length, updated: 0 });
      // Idempotent: a second run updates the same rows.
      expect(run()).toEqual({ rows: dataRows.length, inserted: 0, updated: dataRows.length });
      const res = await c.analyst.request('GET', '/api/v1/registry/published-figures');
      const items = res.json<{
        items: Array<{ valueText: string; value: number | null; sourceUrl: string; sourceOrg: string }>;
      }>().items;
      expect(items.length).toBe(dataRows.length);
      expect(items.every((i) => i.sourceUrl.startsWith('http') && i.sourceOrg.length > 0)).toBe(true);
      expect(items.find((i) => i.valueText === '>=1348')?.value).toBe(1348);
      expect(items.find((i) => i.valueText === '>1200')?.value).toBe(1200);
    }, 60_000);
  });
}

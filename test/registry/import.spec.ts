import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { MACHINE_COLUMNS } from '../../src/modules/registry/import/import.layout';
import { ImportService, digestOf } from '../../src/modules/registry/import/import.service';
import { PersonFactsRepository } from '../../src/modules/registry/person-facts.repository';
import { buildTestApp, signIn, type Client } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import { openSession } from '../support/session';
import fs from 'node:fs';
import path from 'node:path';
import { cliJson, runCli } from '../support/cli';
import { registryRowCounts } from '../support/registry-factories';

/** Invented people only. Each row is written with the published headers of the list exports. */
function machineCsv(rows: Array<Partial<Record<(typeof MACHINE_COLUMNS)[number], string>>>): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [
      MACHINE_COLUMNS.join(','),
      ...rows.map((r) => MACHINE_COLUMNS.map((c) => cell(r[c] ?? '')).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
const EN = machineCsv([
  {
    id: '910001',
    url: 'https://prisoners.spring96.org/en/person/ivan-testovich-vydumanski',
    name: 'Ivan Testovich Vydumanski',
    status: 'active',
    gender: 'male',
    birthday: '1979-04-02',
    arrested: '2021-03-05',
    articles: 'Art. 342 of the Criminal Code — Organising actions;361-4',
    prison: 'Fictional Colony No. 98',
    decision: '4 1/2 years',
    verdict_date: '2021-09-01',
    clusters: 'Protests in Brest;Fictional case',
  },
  {
    id: '910002',
    name: 'Hanna Fictionava Prydumanaja',
    status: 'former',
    gender: 'female',
    prison: 'released',
    clusters: 'Pardon / amnesty',
  },
  { id: '910003', name: '=cmd|calc', status: 'np', gender: 'male', arrested: '2023-01' },
]);
const RU = machineCsv([
  { id: '910001', name: 'Иван Тестович Выдуманский', status: 'active' },
  { id: '910002', name: 'Анна Фикционовна Придуманная', status: 'former' },
]);
const b64 = (s: string) => Buffer.from(s).toString('base64');

for (const engine of ENGINES) {
  describe(`registry import (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    const c = {} as Record<'editor' | 'viewer', Client>;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      c.editor = await signIn(app, editor.username);
      c.viewer = await signIn(app, (await makeUser(opened.ctx, 'viewer')).username);
    });
    afterAll(async () => {
      vi.restoreAllMocks();
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    it('a dry run reports and writes no registry row; only viewers are refused', async () => {
      const before = await registryRowCounts(opened.ctx.db);
      const res = await c.editor.request('POST', '/api/v1/registry/imports/dry-run', {
        filename: 'en.csv',
        contentBase64: b64(EN),
      });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json<{
        digest: string;
        rowsRead: number;
        toCreate: number;
        toUpdate: number;
        consent: string;
        layout: string;
        warnings: unknown[];
      }>();
      expect(report).toMatchObject({
        rowsRead: 3,
        toCreate: 3,
        toUpdate: 0,
        consent: 'confidential',
        layout: 'machine',
        digest: digestOf(Buffer.from(EN)),
      });
      expect(report.warnings).toEqual([expect.objectContaining({ line: 4, column: 'name' })]);
      expect(await registryRowCounts(opened.ctx.db)).toEqual(before);
      expect(
        (await c.viewer.request('POST', '/api/v1/registry/imports/dry-run', { contentBase64: b64(EN) }))
          .statusCode,
      ).toBe(403);
    });

    it('commit needs the digest of the same bytes, then writes everything confidentially and audited', async () => {
      const wrong = await c.editor.request('POST', '/api/v1/registry/imports/commit', {
        contentBase64: b64(EN),
        digest: '0'.repeat(64),
      });
      expect(wrong.statusCode).toBe(409);
      const res = await c.editor.request('POST', '/api/v1/registry/imports/commit', {
        filename: 'en.csv',
        contentBase64: b64(EN),
        digest: digestOf(Buffer.from(EN)),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ created: 3, updated: 0, skippedLines: [] });
      const persons = await opened.ctx.db.selectFrom('persons').selectAll().execute();
      expect(persons.map((p) => p.consent)).toEqual(['confidential', 'confidential', 'confidential']);
      // Names and the list id are never stored in clear for a confidential identity.
      const names = await opened.ctx.db.selectFrom('person_names').selectAll().execute();
      expect(names.every((n) => n.value === null && n.value_enc)).toBe(true);
      expect(persons.some((p) => p.external_ids.includes('910001'))).toBe(false);
      const ivan = (await c.editor.request('GET', `/api/v1/persons?q=Vydumanski`)).json<{
        items: Array<{ id: string }>;
      }>().items;
      expect(ivan).toHaveLength(1);
      const view = (await c.editor.request('GET', `/api/v1/persons/${ivan[0]!.id}`)).json<{
        birthYear: number;
        currentStatus: string;
        region: string;
        names: Array<{ value: string }>;
        cases: Array<{ sentenceMonths: number; articles: Array<{ article: string }>; notes: string }>;
      }>();
      expect(view).toMatchObject({ birthYear: 1979, currentStatus: 'sentenced', region: 'brest' });
      expect(view.names.map((n) => n.value)).toEqual(['Ivan Testovich Vydumanski']);
      expect(view.cases[0]!.sentenceMonths).toBe(54);
      expect(view.cases[0]!.articles.map((a) => a.article)).toEqual(['342', '361-4']);
      expect(view.cases[0]!.notes).toContain('Fictional case');
      // Released without a date: status set, no invented event.
      const hanna = persons.find((p) => p.gender === 'female')!;
      expect(hanna.current_status).toBe('released_pardon');
      expect((await c.viewer.request('GET', '/api/v1/persons')).json<{ total: number }>().total).toBe(0);
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'registry.import')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail)).toMatchObject({ created: 3, updated: 0, rowsRead: 3 });
      expect(audit[0]!.detail).not.toMatch(/Ivan|Vydumanski/);
    });

    it('a re-import of the Russian export matches by list id and adds the names', async () => {
      const dry = (
        await c.editor.request('POST', '/api/v1/registry/imports/dry-run', { contentBase64: b64(RU) })
      ).json<{ toUpdate: number; toCreate: number }>();
      expect(dry).toMatchObject({ toUpdate: 2, toCreate: 0 });
      const res = await c.editor.request('POST', '/api/v1/registry/imports/commit', {
        contentBase64: b64(RU),
        digest: digestOf(Buffer.from(RU)),
      });
      expect(res.json()).toMatchObject({ created: 0, updated: 2 });
      // The Russian name now finds the same person, and so does the cross-language form.
      const found = (
        await c.editor.request('GET', `/api/v1/persons?q=${encodeURIComponent('Выдуманский')}`)
      ).json<{ items: Array<{ names: Array<{ script: string }> }> }>();
      expect(found.items).toHaveLength(1);
      expect(found.items[0]!.names.map((n) => n.script).sort()).toEqual(['latn', 'ru']);
      expect(await opened.ctx.db.selectFrom('persons').select('id').execute()).toHaveLength(3);
    });

    it('refuses a commit with bad rows unless told to skip them, then lists the skipped lines', async () => {
      const text = machineCsv([
        { id: '920001', name: 'Piotr Fictional Adzin', status: 'active', arrested: '2022-02-30' },
        { id: '920002', name: 'Piotr Fictional Dva', status: 'active' },
        { id: '920003', name: '', status: 'active' },
      ]);
      const body = { contentBase64: b64(text), digest: digestOf(Buffer.from(text)), consent: 'anonymised' };
      const refused = await c.editor.request('POST', '/api/v1/registry/imports/commit', body);
      expect(refused.statusCode).toBe(400);
      expect(
        refused.json<{ error: { details: Array<{ path: string }> } }>().error.details.map((d) => d.path),
      ).toEqual(['line 2.arrested', 'line 4.name']);
      const ok = await c.editor.request('POST', '/api/v1/registry/imports/commit', {
        ...body,
        skipInvalidRows: true,
      });
      expect(ok.json()).toMatchObject({ created: 1, skippedLines: [2, 4] });
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'registry.import')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.detail)).toMatchObject({ skippedLines: [2, 4], consent: 'anonymised' });
    });

    it('accepts a raw text/csv body with query parameters and reports file-level errors clearly', async () => {
      const s = await openSession(app, editor.username);
      const text =
        'Name and surname,Status,Date of birth,Gender,Date of detention,Charges indicted,Date of verdict,Sentence,Penalty,Judge,Prosecutor,Prison\nMikola Fictional Tekst,Political prisoner,1990,male,2024-05-05,ст. 130-3,,,,,,unknown\n';
      const send = (url: string, payload: string | Buffer) =>
        app.inject({
          method: 'POST',
          url,
          payload,
          cookies: { [SESSION_COOKIE]: s.cookie },
          headers: { 'x-csrf-token': s.csrfToken, 'content-type': 'text/csv' },
        });
      const dry = await send('/api/v1/registry/imports/dry-run?consent=sealed', text);
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ layout: 'table-en', toCreate: 1, consent: 'sealed' });
      const commit = await send(
        `/api/v1/registry/imports/commit?consent=sealed&digest=${digestOf(Buffer.from(text))}`,
        text,
      );
      expect(commit.json()).toMatchObject({ created: 1 });
      const cp1251 = Buffer.from([
        0xc8, 0xec, 0xff, 0x20, 0xe8, 0x20, 0xf4, 0xe0, 0xec, 0xe8, 0xeb, 0xe8, 0xff, 0x0a,
      ]);
      const bad = await send('/api/v1/registry/imports/dry-run', cp1251);
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/Windows-1251/);
      const empty = await send('/api/v1/registry/imports/dry-run', Buffer.alloc(0));
      expect(empty.statusCode).toBe(400);
      const cols = await send('/api/v1/registry/imports/dry-run', 'id,name,favourite colour\n1,X,red\n');
      expect(cols.json<{ error: { message: string } }>().error.message).toMatch(
        /unknown column.*favourite colour/,
      );
    });

    it('a commit is all or nothing: a failure mid-way leaves no row behind', async () => {
      const text = machineCsv([
        { id: '930001', name: 'Atam Fictional Pershy', status: 'active', arrested: '2022-01-01' },
        { id: '930002', name: 'Atam Fictional Druhi', status: 'active', arrested: '2022-01-02' },
        { id: '930003', name: 'Atam Fictional Treci', status: 'active', arrested: '2022-01-03' },
      ]);
      const before = await registryRowCounts(opened.ctx.db);
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this, …)
      const original = PersonFactsRepository.prototype.insertCase;
      let calls = 0;
      // The third case violates a real constraint (a tier outside the check): the database refuses it.
      const spy = vi.spyOn(PersonFactsRepository.prototype, 'insertCase').mockImplementation(async function (
        this: PersonFactsRepository,
        db,
        row,
        articles,
      ) {
        calls++;
        return original.call(this, db, calls === 3 ? { ...row, tier: 'bogus' as never } : row, articles);
      });
      await expect(
        new ImportService(opened.ctx).commit(editor, {
          bytes: Buffer.from(text),
          digest: digestOf(Buffer.from(text)),
        }),
      ).rejects.toThrow();
      spy.mockRestore();
      expect(calls).toBe(3);
      expect(await registryRowCounts(opened.ctx.db)).toEqual(before);
    });

    it('the CLI checks, refuses a file with errors, and commits with --skip-invalid-rows', async () => {
      const file = path.join(env.dataDir, 'cli-import.csv');
      fs.writeFileSync(
        file,
        machineCsv([
          { id: '950001', name: 'Kastus Fictional Cli', status: 'active' },
          { id: '950002', name: 'Bad Status Fictional', status: 'weird' },
        ]),
      );
      const dry = await runCli(env.env, [
        'registry',
        'import',
        file,
        '--as',
        editor.username,
        '--dry-run',
        '--consent',
        'anonymised',
      ]);
      expect(cliJson(dry)).toMatchObject({
        toCreate: 1,
        consent: 'anonymised',
        errors: [{ line: 3, column: 'status' }],
      });
      const refused = await runCli(env.env, ['registry', 'import', file, '--as', editor.username]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/nothing was written/);
      const ok = await runCli(env.env, [
        'registry',
        'import',
        file,
        '--as',
        editor.username,
        '--skip-invalid-rows',
      ]);
      expect(cliJson(ok)).toMatchObject({ created: 1, skippedLines: [3] });
      expect(ok.stdout + ok.stderr).not.toMatch(/Kastus/);
      // Three real child processes: on a loaded machine each start takes seconds.
    }, 120_000);

    it('the dry run proposes existing look-alikes as duplicates with a score', async () => {
      const existing = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: 'Zmitser Testavich Kalyadkevich' }],
        birthYear: 1966,
      });
      const text = machineCsv([
        { id: '940001', name: 'Zmitser Kalyadkevich', birthday: '1966', status: 'active' },
      ]);
      const report = (
        await c.editor.request('POST', '/api/v1/registry/imports/dry-run', { contentBase64: b64(text) })
      ).json<{
        duplicates: Array<{ line: number; candidates: Array<{ personId: string; score: number }> }>;
      }>();
      expect(report.duplicates).toHaveLength(1);
      expect(report.duplicates[0]!.line).toBe(2);
      expect(report.duplicates[0]!.candidates[0]!.personId).toBe(existing.id);
      expect(report.duplicates[0]!.candidates[0]!.score).toBeGreaterThanOrEqual(0.6);
    });
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/core/access';
import { importPublishedFigures } from '../../src/modules/registry/published-figures';
import { repoRoot } from '../../src/server';
import { ENGINES } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import {
  assertWebBuilt,
  expectStayedOnOrigin,
  launchBrowser,
  openWatchedPage,
  screenshotPath,
  serveTestEnv,
  signIn,
  type Served,
  type Watched,
} from './browser';

/**
 * The registry UI in a real browser: an editor imports a list export through the wizard (dry run, then
 * commit), finds the duplicate it created, merges it (and undoes and redoes the merge), and reads the
 * statistics page's count before and after each step. All people are invented (test/fixtures/registry).
 */
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'registry', 'fictional-list-machine.csv');
// Published counts with their public sources (../shared/data/prisoners/README.md), charted on the page.
const TIMELINE = path.join(repoRoot, '..', 'shared', 'data', 'prisoners', 'political-prisoners-timeline.csv');
const EXISTING = 'Siarhei Fiktyunovich Zhdanovich';

let browser: Browser;
beforeAll(async () => {
  assertWebBuilt();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

for (const engine of ENGINES) {
  // The import-merge-statistics flow runs on every engine; the screens that only read and write through
  // the same API run on the first engine alone, to keep this file's run time reasonable.
  const everyEngine = it;
  const firstEngineOnly = it.runIf(engine === ENGINES[0]);
  describe(`registry UI in a real browser (${engine})`, () => {
    let served: Served;
    let editor: Actor;
    let existingId: string;
    let viewer: Actor;
    let analyst: Actor;
    let anonymisedRef: string;
    let figureRows = 0;

    beforeAll(async () => {
      served = await serveTestEnv(engine, async ({ ctx }) => {
        editor = await makeUser(ctx, 'editor');
        // Held now (sentenced), confidential: the Cyrillic row of the fixture is the same invented person.
        const existing = await makePerson(ctx, editor, 'confidential', {
          names: [{ script: 'latn', kind: 'primary', value: EXISTING }],
          birthYear: 1971,
        });
        existingId = existing.id;
        viewer = await makeUser(ctx, 'viewer');
        analyst = await makeUser(ctx, 'analyst');
        anonymisedRef = (
          await makePerson(ctx, editor, 'anonymised', {
            names: [{ script: 'latn', kind: 'primary', value: 'Mikhas Anonimny Prydumany' }],
          })
        ).refCode;
        if (fs.existsSync(TIMELINE)) {
          figureRows = (await importPublishedFigures(ctx, fs.readFileSync(TIMELINE, 'utf8'))).rows;
        }
      });
    });

    afterAll(async () => {
      await served?.close();
    });

    const signInAs = (page: Page, who: Actor = editor): Promise<void> =>
      signIn(page, served.origin, who.username, 'Sources');

    /** Opens the statistics page from the navigation and reads the "held now" figure. */
    async function currentCount(page: Page): Promise<number> {
      await page.getByRole('navigation').getByRole('link', { name: 'Statistics' }).click();
      await page.getByRole('heading', { level: 1, name: 'Registry statistics' }).waitFor();
      const text = (await page.getByTestId('stat-current-count').textContent()) ?? '';
      return Number(text.trim());
    }

    everyEngine('imports a CSV with a dry run, merges the duplicate, and the statistics follow', async () => {
      const w: Watched = await openWatchedPage(browser);
      const { page } = w;
      await signInAs(page);

      // Before: the two people created above are held.
      expect(await currentCount(page)).toBe(2);
      // The published figures are charted beside the registry's count, with a table behind the chart.
      if (figureRows > 0) {
        await page.getByText('Show the numbers as a table').first().click();
        const cells = page.getByRole('cell', { name: 'This registry today' });
        expect(await cells.count()).toBe(1);
      }
      await page.screenshot({ path: screenshotPath(`registry-stats-before-${engine}`), fullPage: true });

      // Import wizard, step 1: choose the file.
      await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import a list' }).waitFor();
      await page.getByLabel('File', { exact: true }).setInputFiles(FIXTURE);
      await page.getByRole('button', { name: 'Check the file' }).click();

      // Step 2: the dry-run report, nothing written yet.
      await page.getByRole('heading', { level: 2, name: 'Dry-run report' }).waitFor();
      expect(await page.getByTestId('dry-rows').textContent()).toBe('4');
      expect(await page.getByTestId('dry-create').textContent()).toBe('3');
      expect(await page.getByTestId('dry-update').textContent()).toBe('0');
      expect(await page.getByTestId('dry-duplicates').textContent()).toBe('1');
      expect(await page.getByTestId('dry-errors').textContent()).toBe('1');
      const errors = page.getByRole('table', { name: /Errors/ });
      await errors.getByRole('cell', { name: '5', exact: true }).waitFor();
      await errors.getByRole('cell', { name: 'the name is empty' }).waitFor();
      const duplicates = page.getByRole('table', { name: 'Rows that resemble existing records' });
      await duplicates.getByRole('cell', { name: '2', exact: true }).waitFor();
      await page.screenshot({ path: screenshotPath(`registry-dry-run-${engine}`), fullPage: true });
      // A file with errors cannot be committed until the editor chooses to skip those rows.
      const commit = page.getByRole('button', { name: 'Import 3 records' });
      expect(await commit.isDisabled()).toBe(true);
      // The dry run wrote nothing (asked from the page itself, so the wizard keeps its state).
      const apiCount = (): Promise<number> =>
        page.evaluate(async () => {
          const res = await fetch('/api/v1/registry/statistics');
          return ((await res.json()) as { currentCount: number }).currentCount;
        });
      expect(await apiCount()).toBe(2);

      // Commit, skipping the bad row.
      await page.getByLabel('Import the other rows and skip the 1 row with errors').check();
      await commit.click();
      await page.getByRole('heading', { level: 2, name: 'Import finished' }).waitFor();
      expect(await page.getByTestId('import-created').textContent()).toBe('3');
      expect(await apiCount()).toBe(4);

      // Step 3 links to the review of the record the imported row resembled.
      await page.getByRole('link', { name: 'Review possible duplicates' }).click();
      await page.getByRole('heading', { level: 1, name: 'Possible duplicates' }).waitFor();
      const panel = page.getByRole('region', { name: `Possible duplicates of ${EXISTING}` });
      const candidate = panel.getByRole('listitem', { name: /^Candidate PP-/ });
      await candidate.waitFor();
      expect(await candidate.count()).toBe(1);
      const label = (await candidate.getAttribute('aria-label')) ?? '';
      const score = Number(/score (\d+)%/.exec(label)?.[1] ?? '0');
      expect(score).toBeGreaterThanOrEqual(60);
      expect(score).toBeLessThanOrEqual(100);
      await candidate.getByRole('link', { name: 'Сергей Фиктюнович Жданович' }).waitFor();
      await candidate.getByText('Why this candidate').click();
      await candidate
        .getByText(/Zhdanovich|Жданович/)
        .first()
        .waitFor();

      // After the import, two more people are held (the third row was released).
      expect(await currentCount(page)).toBe(4);
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Possible duplicates' }).waitFor();

      // Merge, undo, merge again.
      await candidate.getByRole('button', { name: /^Merge PP-.* into this record$/ }).click();
      await panel
        .getByRole('status')
        .filter({ hasText: /^Merged PP-/ })
        .waitFor();
      await panel.getByText('No likely duplicates.').waitFor();
      await panel.getByRole('button', { name: 'Undo the merge' }).click();
      await panel.getByRole('status').filter({ hasText: 'The merge was undone' }).waitFor();
      await candidate.getByRole('button', { name: /^Merge PP-.* into this record$/ }).click();
      await panel
        .getByRole('status')
        .filter({ hasText: /^Merged PP-/ })
        .waitFor();
      await page.screenshot({ path: screenshotPath(`registry-merged-${engine}`), fullPage: true });

      // After the merge the same person is counted once.
      expect(await currentCount(page)).toBe(3);

      // The surviving record carries both spellings and both cases; a search by the Cyrillic spelling finds it.
      await page.getByRole('navigation').getByRole('link', { name: 'Registry' }).click();
      await page.getByLabel('Name (any spelling)').fill('Жданович');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('Showing 1–1 of 1 record').waitFor();
      await page.screenshot({ path: screenshotPath(`registry-list-${engine}`), fullPage: true });
      // The list's CSV export: the name stays out of the URL (personal data never in URLs), so it exports
      // the other filters; the merged pair is one record there, with both spellings.
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'CSV', exact: true }).click();
      const file = await download;
      expect(decodeURIComponent(file.url())).not.toMatch(/Жданович|q=/);
      const exported = fs.readFileSync(await file.path(), 'utf8');
      expect(exported.split(/\r?\n/).filter((l) => l.includes('Жданович'))).toHaveLength(1);
      expect(exported.split(/\r?\n/).find((l) => l.includes('Жданович'))).toContain('Zhdanovich');
      await page.getByRole('link', { name: EXISTING }).click();
      await page.getByRole('heading', { level: 1, name: EXISTING }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/registry/persons/${existingId}`);
      await page.getByRole('cell', { name: 'Сергей Фиктюнович Жданович' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Criminal cases (2)' }).waitFor();
      await page.getByText('Fictional Judge A').waitFor();
      await page.screenshot({ path: screenshotPath(`registry-record-${engine}`), fullPage: true });

      await expectStayedOnOrigin(w, served.origin);
      await w.context.close();
    });

    firstEngineOnly(
      'creates and edits a record through the forms, with errors shown beside the fields',
      async () => {
        const w = await openWatchedPage(browser);
        const { page } = w;
        await signInAs(page);
        await page.getByRole('navigation').getByRole('link', { name: 'Registry' }).click();
        await page.getByRole('link', { name: 'New record' }).click();
        await page.getByRole('heading', { level: 1, name: 'New registry record' }).waitFor();

        // Nothing filled in: the client refuses and says why, beside each field, focusing the first one.
        await page.getByRole('button', { name: 'Create record' }).click();
        await page.locator('#reg-consent-error').filter({ hasText: 'This field is required.' }).waitFor();
        await page
          .locator('#reg-names-0-value-error')
          .filter({ hasText: 'This field is required.' })
          .waitFor();
        expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('consent');

        await page.getByRole('radio', { name: /^Anonymised/ }).check();
        await page.getByLabel('Name 1').fill('Алесь Выдуманы Тэставы');
        await page.getByLabel('Name 3').fill('Ales Vydumany Testavy');
        await page.getByLabel('Birth year', { exact: true }).fill('1850');
        await page.getByLabel('Articles', { exact: true }).fill('342-1, abc');
        await page.getByRole('button', { name: 'Create record' }).click();
        await page.locator('#reg-birthYear-error').filter({ hasText: 'between 1900 and 2100' }).waitFor();
        await page
          .locator('#reg-cases-0-articles-error')
          .filter({ hasText: 'article codes like 342' })
          .waitFor();
        expect(await page.locator('#reg-consent-error').count()).toBe(0);

        await page.getByLabel('Birth year', { exact: true }).fill('1985');
        await page.getByLabel('Articles', { exact: true }).fill('342-1, 361-1');
        await page.getByLabel('Detained on', { exact: true }).fill('2023-04-05');
        await page.getByLabel('Status', { exact: true }).selectOption('detained');
        await page.getByLabel('Date', { exact: true }).fill('2023-04-05');
        // A refusal only the server can make is shown beside the field it names (answered here once by a
        // stand-in with the server's error shape, since the client already checks everything zod does).
        await page.route(
          `${served.origin}/api/v1/persons`,
          (route) =>
            route.fulfill({
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({
                error: {
                  code: 'VALIDATION_FAILED',
                  message: 'Invalid request',
                  correlationId: 'test-correlation',
                  details: [
                    { path: 'body.names.0.value', message: 'Too big: expected at most 300 characters' },
                  ],
                },
              }),
            }),
          { times: 1 },
        );
        await page.getByRole('button', { name: 'Create record' }).click();
        await page
          .locator('#reg-names-0-value-error')
          .filter({ hasText: 'The server refused this value: Too big' })
          .waitFor();
        expect(await page.locator('#reg-names-0-value').getAttribute('aria-invalid')).toBe('true');
        await page.getByRole('alert').filter({ hasText: 'test-correlation' }).waitFor();
        await page.getByRole('button', { name: 'Create record' }).click();
        await page.getByRole('heading', { level: 1, name: 'Алесь Выдуманы Тэставы' }).waitFor();
        await page.getByText('Consent: Anonymised').waitFor();
        await page.getByText('Art. 361-1').waitFor();
        await page.getByRole('cell', { name: 'Ales Vydumany Testavy' }).waitFor();

        await page.getByRole('link', { name: 'Edit' }).click();
        await page.getByRole('heading', { level: 1, name: /^Edit / }).waitFor();
        await page.getByLabel('Region', { exact: true }).selectOption('grodno');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByRole('heading', { level: 1, name: 'Алесь Выдуманы Тэставы' }).waitFor();
        await page.getByText('Grodno region').waitFor();
        await page.screenshot({ path: screenshotPath(`registry-created-${engine}`), fullPage: true });

        // The same record in Belarusian and Russian.
        await page.locator('#language-select').selectOption('be');
        await page.getByRole('heading', { level: 2, name: 'Крымінальная справа' }).waitFor();
        await page.getByText('Згода: Ананімізаваны').waitFor();
        await page.getByRole('navigation').getByRole('link', { name: 'Статыстыка' }).waitFor();
        await page.locator('#language-select').selectOption('ru');
        await page.getByRole('heading', { level: 2, name: 'Уголовное дело' }).waitFor();
        await page.getByText('Гродненская область').waitFor();
        expect(w.pageErrors).toEqual([]);
        await w.context.close();
      },
    );

    firstEngineOnly(
      'lists for a viewer only what a viewer may see; anonymised records by reference code',
      async () => {
        const w = await openWatchedPage(browser);
        const { page } = w;
        await signInAs(page, viewer);
        await page.getByRole('navigation').getByRole('link', { name: 'Registry' }).click();
        await page.getByRole('heading', { level: 1, name: 'Political prisoners' }).waitFor();
        const table = page.getByRole('table', { name: 'Registry records' });
        await table.getByRole('link', { name: anonymisedRef, exact: true }).waitFor();
        const text = (await table.textContent()) ?? '';
        expect(text).toContain('Anonymised');
        expect(text).not.toContain('Anonimny');
        // The confidential record (and the confidential imports) are simply not there.
        expect(text).not.toContain('Zhdanovich');
        await w.context.close();

        // An analyst reads aggregates only: no registry list in the navigation, the statistics page works.
        const a = await openWatchedPage(browser);
        await signInAs(a.page, analyst);
        const nav = a.page.getByRole('navigation');
        expect(await nav.getByRole('link', { name: 'Registry' }).count()).toBe(0);
        await nav.getByRole('link', { name: 'Statistics' }).click();
        await a.page.getByRole('heading', { level: 1, name: 'Registry statistics' }).waitFor();
        expect(Number(await a.page.getByTestId('stat-current-count').textContent())).toBeGreaterThan(0);
        await a.context.close();
      },
    );

    firstEngineOnly(
      'records a release event and builds a humanitarian list with CSV and PDF exports',
      async () => {
        const w = await openWatchedPage(browser);
        const { page } = w;
        await signInAs(page);
        await page.getByRole('navigation').getByRole('link', { name: 'Releases' }).click();
        await page.getByRole('heading', { level: 1, name: 'Releases and humanitarian lists' }).waitFor();
        await page.getByText('No release events recorded.').waitFor();
        await page.getByLabel('Kind', { exact: true }).selectOption('pardon');
        await page.getByLabel('Date', { exact: true }).fill('2025-09-11');
        await page.getByLabel('Title', { exact: true }).fill('Fictional pardon wave');
        await page.getByLabel('Reported number released').fill('52');
        await page.getByRole('button', { name: 'Add the event' }).click();
        const row = page.getByRole('row', { name: /Fictional pardon wave/ });
        await row.getByRole('cell', { name: '52', exact: true }).waitFor();

        await page.getByLabel('Name of the list').fill('Women still held (fictional test list)');
        await page.getByLabel('women', { exact: true }).check();
        await page.getByRole('button', { name: 'Save the list' }).click();
        const item = page.getByRole('listitem').filter({ hasText: 'Women still held (fictional test list)' });
        await item.getByRole('button', { name: 'Show the list' }).click();
        await item.getByText(/on the list\./).waitFor();
        for (const [name, type] of [
          ['CSV', 'text/csv'],
          ['PDF', 'application/pdf'],
        ] as const) {
          const href = (await item.getByRole('link', { name, exact: true }).getAttribute('href')) ?? '';
          expect(href).toMatch(/^\/api\/v1\/registry\/saved-filters\/[0-9a-f-]{36}\/list\.(csv|pdf)$/);
          const got = await page.evaluate(async (url) => {
            const res = await fetch(url);
            return { status: res.status, type: res.headers.get('content-type') ?? '' };
          }, href);
          expect(got.status).toBe(200);
          expect(got.type).toContain(type);
        }
        await page.screenshot({ path: screenshotPath(`registry-releases-${engine}`), fullPage: true });
        expect(w.pageErrors).toEqual([]);
        await w.context.close();
      },
    );
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { importPublishedFigures } from '../../src/modules/registry/published-figures';
import { repoRoot } from '../../src/server';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser, TEST_PASSWORD } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import {
  assertWebBuilt,
  launchBrowser,
  openWatchedPage,
  screenshotPath,
  startServer,
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

for (const engine of ENGINES) {
  describe(`registry UI in a real browser (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let origin: string;
    let browser: Browser;
    let editor: Actor;
    let existingId: string;
    let figureRows = 0;

    beforeAll(async () => {
      assertWebBuilt();
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      editor = await makeUser(opened.ctx, 'editor');
      // Held now (sentenced), confidential: the Cyrillic row of the fixture is the same invented person.
      const existing = await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', kind: 'primary', value: EXISTING }],
        birthYear: 1971,
      });
      existingId = existing.id;
      if (fs.existsSync(TIMELINE)) {
        figureRows = (await importPublishedFigures(opened.ctx, fs.readFileSync(TIMELINE, 'utf8'))).rows;
      }
      ({ app, origin } = await startServer(opened));
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    async function signIn(page: Page): Promise<void> {
      await page.goto(`${origin}/`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Username').fill(editor.username);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sources' }).waitFor();
    }

    /** Opens the statistics page from the navigation and reads the "held now" figure. */
    async function currentCount(page: Page): Promise<number> {
      await page.getByRole('navigation').getByRole('link', { name: 'Statistics' }).click();
      await page.getByRole('heading', { level: 1, name: 'Registry statistics' }).waitFor();
      const text = (await page.getByTestId('stat-current-count').textContent()) ?? '';
      return Number(text.trim());
    }

    it('imports a CSV with a dry run, merges the duplicate, and the statistics follow', async () => {
      const w: Watched = await openWatchedPage(browser);
      const { page } = w;
      await signIn(page);

      // Before: only the one person created above is held.
      expect(await currentCount(page)).toBe(1);
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
      // The dry run wrote nothing.
      expect(await currentCount(page)).toBe(1);

      // Run it again (the wizard was left) and commit, skipping the bad row.
      await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
      await page.getByLabel('File', { exact: true }).setInputFiles(FIXTURE);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByRole('heading', { level: 2, name: 'Dry-run report' }).waitFor();
      await page.getByLabel('Import the other rows and skip the 1 row with errors').check();
      await commit.click();
      await page.getByRole('heading', { level: 2, name: 'Import finished' }).waitFor();
      expect(await page.getByTestId('import-created').textContent()).toBe('3');

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
      expect(await currentCount(page)).toBe(3);
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
      expect(await currentCount(page)).toBe(2);

      // The surviving record carries both spellings and both cases; a search by the Cyrillic spelling finds it.
      await page.getByRole('navigation').getByRole('link', { name: 'Registry' }).click();
      await page.getByLabel('Name (any spelling)').fill('Жданович');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('Showing 1–1 of 1 record').waitFor();
      await page.screenshot({ path: screenshotPath(`registry-list-${engine}`), fullPage: true });
      await page.getByRole('link', { name: EXISTING }).click();
      await page.getByRole('heading', { level: 1, name: EXISTING }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/registry/persons/${existingId}`);
      await page.getByRole('cell', { name: 'Сергей Фиктюнович Жданович' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Criminal cases (2)' }).waitFor();
      await page.getByText('Fictional Judge A').waitFor();
      await page.screenshot({ path: screenshotPath(`registry-record-${engine}`), fullPage: true });

      const foreign = w.requests.filter((u) => new URL(u).origin !== origin);
      expect(foreign).toEqual([]);
      expect(w.cspViolations).toEqual([]);
      expect(await w.domViolations()).toEqual([]);
      expect(w.pageErrors).toEqual([]);
      await w.context.close();
    });

    it('creates and edits a record through the forms, with errors shown beside the fields', async () => {
      const w = await openWatchedPage(browser);
      const { page } = w;
      await signIn(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Registry' }).click();
      await page.getByRole('link', { name: 'New record' }).click();
      await page.getByRole('heading', { level: 1, name: 'New registry record' }).waitFor();

      // Nothing filled in: the client refuses and says why, beside each field, focusing the first one.
      await page.getByRole('button', { name: 'Create record' }).click();
      await page.locator('#reg-consent-error').filter({ hasText: 'This field is required.' }).waitFor();
      await page.locator('#reg-names-0-value-error').filter({ hasText: 'This field is required.' }).waitFor();
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
      expect(w.pageErrors).toEqual([]);
      await w.context.close();
    });

    it('shows the registry in Belarusian and Russian', async () => {
      const w = await openWatchedPage(browser);
      const { page } = w;
      await signIn(page);
      await page.getByLabel('Language').selectOption('be');
      await page.getByRole('navigation').getByRole('link', { name: 'Статыстыка' }).click();
      await page.getByRole('heading', { level: 1, name: 'Статыстыка рэестра' }).waitFor();
      await page.locator('#language-select').selectOption('ru');
      await page.getByRole('heading', { level: 1, name: 'Статистика реестра' }).waitFor();
      expect(w.pageErrors).toEqual([]);
      await w.context.close();
    });
  });
}

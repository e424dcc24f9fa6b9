import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Actor } from '../../src/core/access';
import type { PersonView } from '../../src/modules/registry/registry.schema';
import { importSanctionsFile } from '../../src/modules/sanctions/sanctions.import';
import { makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import { assertWebBuilt, launchBrowser, openWatchedPage, serveTestEnv, signIn, type Served } from './browser';

/**
 * Perpetrator pages in a real browser: create a perpetrator (Belarusian Cyrillic name), add a position,
 * link them to a registry case picked through a search, and find them in the unsanctioned report matched
 * to a list entry spelled in Russian-based Latin. Every name here is invented; the list is a test file.
 */
let served: Served;
let browser: Browser;
let editor: Actor;
let victim: PersonView;
let tmp: string;

beforeAll(async () => {
  assertWebBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-e2e-acc-'));
  served = await serveTestEnv('sqlite', async ({ ctx }) => {
    editor = await makeUser(ctx, 'editor');
    victim = await makePerson(ctx, editor, 'public', {
      cases: [
        {
          articles: [{ article: '342' }],
          caseNumber: 'FICT-2021-77',
          court: 'Fictional District Court',
          detainedOn: '2021-03-01',
        },
      ],
    });
    const list = path.join(tmp, 'eu-e2e.jsonl');
    fs.writeFileSync(
      list,
      `${JSON.stringify({
        id: 'eu-e2e-1',
        schema: 'Person',
        properties: { name: ['Sergei Nikolaevich ZHVIRBLEVICH'] },
        datasets: ['eu_e2e'],
        target: true,
      })}\n`,
    );
    await importSanctionsFile(ctx.db, ctx.engine, list, { dataset: 'eu_e2e' });
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('perpetrator pages in a real browser', () => {
  it('creates a perpetrator, adds a position, links a case picked by search, and sees the report match', async () => {
    const w = await openWatchedPage(browser);
    const { page } = w;
    await signIn(page, served.origin, editor.username);
    await page.getByRole('link', { name: 'Accountability' }).click();
    await page.getByRole('heading', { level: 1, name: 'Perpetrators' }).waitFor();

    const name = 'Сяргей Мікалаевіч Жвірблевіч';
    await page.getByLabel('Name in Belarusian').fill(name);
    await page.getByLabel('Institution').fill('Fictional District Court');
    await page.getByLabel('Title', { exact: true }).fill('Judge');
    await page.getByLabel('From').fill('2019-01-01');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // A second position, added on the perpetrator's page: the timeline shows both, oldest first.
    const positionForm = page.getByRole('form', { name: 'Add a position' });
    await positionForm.getByLabel('Institution').fill('Fictional Regional Court');
    await positionForm.getByLabel('Title').fill('Deputy chair');
    await positionForm.getByLabel('From').fill('2022-06-01');
    await positionForm.getByRole('button', { name: 'Add a position' }).click();
    const timeline = page.locator('ol.timeline > li');
    await expect.poll(() => timeline.count()).toBe(2);
    expect(await timeline.nth(0).textContent()).toContain('Fictional District Court');
    expect(await timeline.nth(1).textContent()).toContain('Deputy chair');

    // Link to a case: find the person, choose their case, choose the role.
    const linkForm = page.getByRole('form', { name: 'Add link' });
    await linkForm.getByLabel('Find the person in the registry').fill(victim.displayName);
    await linkForm.getByRole('button', { name: 'Search' }).click();
    await linkForm.getByLabel(/^Person/).selectOption(victim.id);
    await linkForm.getByLabel(/^Case/).selectOption(victim.cases[0]!.id);
    await linkForm.getByLabel('Role').selectOption('judge');
    await linkForm.getByRole('button', { name: 'Add link' }).click();
    const linked = page.getByRole('listitem').filter({ hasText: 'Case FICT-2021-77' });
    await linked.waitFor();
    expect(await linked.textContent()).toMatch(/^judge: Case FICT-2021-77 \(\S+\)$/);

    // The unsanctioned report: matched across scripts, one linked case.
    await page.getByRole('link', { name: 'Unsanctioned perpetrators' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unsanctioned perpetrators' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain('EU: Sergei Nikolaevich ZHVIRBLEVICH');
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('1');
    const pdf = row.getByRole('link', { name: /PDF$/ });
    expect(await pdf.getAttribute('href')).toMatch(/\/dossier\.pdf\?jurisdiction=EU$/);
    await page.getByLabel('Listing proposal for').selectOption('EU');
    await page.getByLabel('Listed by nobody').check();
    await expect.poll(() => page.getByRole('row').filter({ hasText: name }).count()).toBe(0);
    expect(w.pageErrors).toEqual([]);
    expect(w.cspViolations).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Actor } from '../../src/core/access';
import { verifyPackage } from '../../src/modules/evidence/package.verify';
import { makeUser } from '../support/factories';
import { makePerpetrator } from '../evidence/evidence-fixtures';
import { assertWebBuilt, launchBrowser, openWatchedPage, serveTestEnv, signIn, type Served } from './browser';

/** Upload a file, see its hash, export a signed package and see it verified — in a real browser. */
let served: Served;
let browser: Browser;
let editor: Actor;
let perpetratorId: string;
let tmp: string;

beforeAll(async () => {
  assertWebBuilt();
  served = await serveTestEnv('sqlite', async ({ ctx }) => {
    editor = await makeUser(ctx, 'editor');
    const perp = await makePerpetrator(ctx, editor, 'internal', {
      names: [{ script: 'be', kind: 'primary', value: 'Фіктыўны Суддзя (test)' }],
    });
    perpetratorId = perp.id;
  });
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-e2e-ev-'));
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('evidence locker in a real browser', () => {
  it('uploads a file, shows its SHA-256, exports a package for courts and shows it verified', async () => {
    const w = await openWatchedPage(browser);
    const { page } = w;
    await signIn(page, served.origin, editor.username);
    await page.getByRole('link', { name: 'Accountability' }).click();
    await page.getByRole('link', { name: 'Evidence' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Evidence' }).waitFor();

    const content = Buffer.from(
      `Fictional witness statement for a browser test ${Date.now()}\n`.repeat(2000),
    );
    const file = path.join(tmp, 'statement.txt');
    fs.writeFileSync(file, content);
    await page.getByLabel('File').setInputFiles(file);
    await page.getByLabel('Title').first().fill('Fictional statement');
    await page.getByLabel('Courts').check();
    // Picked from the list, not typed: the choice lands in the linked-records field.
    await page.getByLabel(/^Link to a perpetrator/).selectOption(perpetratorId);
    expect(await page.getByLabel('Linked records (type:id, comma-separated)').inputValue()).toBe(
      `perpetrator:${perpetratorId}`,
    );
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const shown = (await page.getByTestId('uploaded-sha256').textContent())?.trim();
    expect(shown).toBe(createHash('sha256').update(content).digest('hex'));

    await page.getByRole('link', { name: 'Case-file export' }).click();
    await page.getByRole('heading', { level: 1, name: 'Case-file export' }).waitFor();
    await page.getByLabel('Фіктыўны Суддзя (test)').check();
    await page.getByLabel('Courts').check();
    await page.getByRole('button', { name: 'Build signed package' }).click();
    const verdict = page.getByTestId('package-verification');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('Verified: signature valid, 2 files match their SHA-256.');
    expect(await page.getByText('Evidence items included: 1. Withheld by consent: 0.').count()).toBe(1);

    // The package the browser downloads is the one that was verified, and it verifies here too.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download package (ZIP)' }).click();
    const saved = path.join(tmp, 'package.zip');
    await (await download).saveAs(saved);
    const result = await verifyPackage(saved);
    expect(result).toMatchObject({ ok: true, signatureValid: true, filesChecked: 2 });
    expect(w.pageErrors).toEqual([]);
    expect(w.cspViolations).toEqual([]);
  });
});

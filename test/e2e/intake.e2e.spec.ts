import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildIntakeServer } from '../../src/intake-server';
import { loadIntakeConfig } from '../../src/modules/intake/intake.config';
import { maxStoredFileBytes } from '../../src/modules/intake/intake.crypto';
import { FILE_PAD_FLOOR } from '../../src/modules/intake/padding';
import { makeUser, TEST_PASSWORD } from '../support/factories';
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
 * The secure channel in a real browser: a source submits with JavaScript on (browser-side encryption) and
 * off (plain form), comes back with the receipt and reads a reply; a recipient unlocks a key, replies and
 * triages a submission into a registry record with its custody log. Every intake page must load nothing
 * from another origin.
 */
let served: Served;
let site: Awaited<ReturnType<typeof buildIntakeServer>>;
let intakeOrigin: string;
let browser: Browser;
let staffPage: Page;
let username: string;
const intakeRequests: string[] = [];
const intakeCsp: string[] = [];
const contexts: BrowserContext[] = [];
const watched: Watched[] = [];
const what = {
  js: 'Fictional report typed with JavaScript on',
  nojs: 'Fictional report typed with JavaScript off',
};
const reply = 'Fictional reply: thank you, could you tell us the date?';

beforeAll(async () => {
  assertWebBuilt();
  served = await serveTestEnv(
    'sqlite',
    async ({ ctx }) => {
      username = (await makeUser(ctx, 'editor')).username;
    },
    { SUPOLKA_INTAKE_POW_BITS: '8' },
  );
  site = await buildIntakeServer(served.opened.ctx, loadIntakeConfig(served.env.env));
  intakeOrigin = new URL(await site.app.listen({ host: '127.0.0.1', port: 0 })).origin;
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await site?.app.close();
  await served?.close();
});

async function sourceContext(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  // Anything outside the intake origin is recorded; the quick-exit target is answered locally.
  await context.route('https://www.wikipedia.org/**', (r) =>
    r.fulfill({ status: 200, body: 'neutral page' }),
  );
  const page = await context.newPage();
  page.on('request', (r) => intakeRequests.push(r.url()));
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) intakeCsp.push(m.text());
  });
  return page;
}

async function submissionIdByPath(path: 'js' | 'nojs'): Promise<string> {
  const row = await served.opened.ctx.db
    .selectFrom('intake_submissions')
    .select('id')
    .where('path', '=', path)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('secure channel in a real browser', () => {
  it('a recipient signs in and creates a key pair protected by the password', async () => {
    const w = await openWatchedPage(browser);
    watched.push(w);
    staffPage = w.page;
    await signIn(staffPage, served.origin, username);
    await staffPage.getByRole('link', { name: 'Secure channel' }).click();
    await staffPage.getByRole('heading', { level: 1, name: 'Secure channel' }).waitFor();
    await staffPage.getByLabel('Your password').fill(TEST_PASSWORD);
    await staffPage.getByRole('button', { name: 'Create key' }).click();
    await staffPage.getByText('Your key is unlocked for this session.').waitFor();
  });

  let jsReceipt = '';
  it('with JavaScript on, the browser encrypts and the receipt is shown once', async () => {
    const page = await sourceContext(true);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${intakeOrigin}/?lang=en`);
    await page.waitForSelector('html[data-encryption="browser"]');
    await page.getByText('Your browser encrypts your answers').waitFor();
    await page.getByLabel('What happened?').fill(what.js);
    await page.getByLabel('Where?').fill('Fictional town');
    await page.setInputFiles('#files', {
      name: 'photo.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('fictional attachment'),
    });
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(`${new URL(r.url()).pathname} ${r.postData() ?? ''}`);
    });
    await page.getByRole('button', { name: 'Send securely' }).click();
    await page.locator('#receipt-view').waitFor({ state: 'visible' });
    const receipt = (await page.locator('#receipt-number').textContent())!.replace(/\s/g, '');
    expect(receipt).toMatch(/^\d{16}$/);
    jsReceipt = receipt;
    expect(posted.map((p) => p.split(' ')[0])).toEqual(['/api/submit']);
    // Only ciphertext went over the wire.
    expect(posted.join('\n')).not.toContain(what.js);
    expect(posted.join('\n')).not.toContain('Fictional town');
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: screenshotPath('intake-js-receipt') });
    // Quick exit leaves the site and replaces the history entry.
    await page.getByRole('link', { name: 'Quick exit' }).click();
    await page.waitForURL('https://www.wikipedia.org/');
  });

  let nojsReceipt = '';
  it('with JavaScript off (Tor Browser "Safest"), the plain form works and the server encrypts', async () => {
    const page = await sourceContext(false);
    await page.goto(`${intakeOrigin}/?lang=en`);
    await page.getByText('JavaScript is off').waitFor();
    await page.getByLabel('What happened?').fill(what.nojs);
    await page.getByRole('button', { name: 'Send securely' }).click();
    await page.getByRole('heading', { name: 'Your receipt' }).waitFor();
    nojsReceipt = (await page.locator('#receipt-number').textContent())!.replace(/\s/g, '');
    expect(nojsReceipt).toMatch(/^\d{16}$/);
  });

  it('the browser pads like the server: both paths store one size for a short report and a small file', async () => {
    const msgs = await served.opened.ctx.db
      .selectFrom('intake_messages')
      .select('ciphertext')
      .where('author', '=', 'source')
      .execute();
    expect(msgs).toHaveLength(2);
    expect(msgs[0]!.ciphertext.length).toBe(msgs[1]!.ciphertext.length);
    const files = await served.opened.ctx.db.selectFrom('intake_files').select('size_bytes').execute();
    expect(files.map((f) => f.size_bytes)).toEqual([maxStoredFileBytes(FILE_PAD_FLOOR)]);
  });

  it('the recipient reads and replies; the source returns with the receipt and reads the reply', async () => {
    const id = await submissionIdByPath('nojs');
    await staffPage.goto(`${served.origin}/intake/${id}`);
    await staffPage.getByText(what.nojs).waitFor();
    await staffPage.getByLabel('Reply', { exact: true }).fill(reply);
    await staffPage.getByRole('button', { name: 'Send reply' }).click();
    await staffPage.getByText('Reply sent.').waitFor();

    const page = await sourceContext(false);
    await page.goto(`${intakeOrigin}/return?lang=en`);
    await page.getByLabel('Receipt (16 digits)').fill('0000 1111 2222 3333');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByText('This receipt was not recognised.').waitFor();
    await page.getByLabel('Receipt (16 digits)').fill(nojsReceipt.replace(/(\d{4})/g, '$1 '));
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Your conversation' }).waitFor();
    await page.getByText(reply).waitFor();
    await page.getByLabel('Message').fill('Fictional answer: it was in spring.');
    await page.getByRole('button', { name: 'Send securely' }).click();
    await page.getByText('Sent. Thank you.').waitFor();
    await page.screenshot({ path: screenshotPath('intake-return') });
  });

  it('with JavaScript on, the source returns, reads a reply, and the follow-up is encrypted in the browser', async () => {
    const id = await submissionIdByPath('js');
    const jsReply = 'Fictional reply to the encrypted report';
    await staffPage.goto(`${served.origin}/intake/${id}`);
    await staffPage.getByText(what.js).waitFor();
    await staffPage.getByLabel('Reply', { exact: true }).fill(jsReply);
    await staffPage.getByRole('button', { name: 'Send reply' }).click();
    await staffPage.getByText('Reply sent.').waitFor();

    const page = await sourceContext(true);
    await page.goto(`${intakeOrigin}/return?lang=en`);
    await page.getByLabel('Receipt (16 digits)').fill(jsReceipt);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Your conversation' }).waitFor();
    await page.getByText(jsReply).waitFor();
    await page.waitForSelector('html[data-encryption="browser"]');
    const answer = 'Fictional follow-up typed with JavaScript on';
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(`${new URL(r.url()).pathname} ${r.postData() ?? ''}`);
    });
    await page.getByLabel('Message').fill(answer);
    await page.getByRole('button', { name: 'Send securely' }).click();
    await page.locator('#js-sent').waitFor({ state: 'visible' });
    expect(posted.map((p) => p.split(' ')[0])).toEqual(['/api/followup']);
    expect(posted.join('\n')).not.toContain(answer);
    await staffPage.reload();
    await staffPage.getByText(answer).waitFor();
  });

  it('the recipient triages the JavaScript-path submission into a registry record with a custody log', async () => {
    const id = await submissionIdByPath('js');
    await staffPage.goto(`${served.origin}/intake/${id}`);
    await staffPage.getByText(what.js).waitFor();
    await staffPage.getByLabel("Person's name").fill('Zqfictional Intakeovich');
    await staffPage.getByRole('button', { name: 'Create record' }).click();
    await staffPage.getByRole('heading', { name: 'Custody log' }).waitFor();
    const log = await staffPage.locator('.custody-log li').first().textContent();
    expect(log).toContain('received via secure channel');
    const hash = (
      await served.opened.ctx.db
        .selectFrom('intake_submissions')
        .select('content_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).content_hash;
    expect(log).toContain(hash);
    await staffPage.screenshot({ path: screenshotPath('intake-triage') });
  });

  it("nothing stored holds the plaintext or the real browser's user agent", async () => {
    const probe = await (await browser.newContext()).newPage();
    const ua = await probe.evaluate(() => navigator.userAgent);
    await probe.context().close();
    expect(ua.length).toBeGreaterThan(20);
    const chunks: Buffer[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) chunks.push(fs.readFileSync(p));
      }
    };
    walk(served.env.dataDir);
    const db = served.env.config.database;
    if (db.engine === 'sqlite')
      for (const f of [db.file, `${db.file}-wal`]) if (fs.existsSync(f)) chunks.push(fs.readFileSync(f));
    const all = Buffer.concat(chunks);
    // Control: the scan does read the database (the staff user's name is stored there).
    expect(all.includes(Buffer.from(username))).toBe(true);
    for (const v of [
      what.js,
      what.nojs,
      'Fictional town',
      'it was in spring',
      'typed with JavaScript on',
      ua,
    ])
      expect(all.includes(Buffer.from(v)), v.slice(0, 20)).toBe(false);
  });

  it('intake pages loaded nothing from another origin, and the staff pages stayed on theirs', async () => {
    expect(intakeRequests.length).toBeGreaterThan(5);
    expect(intakeRequests.some((u) => u.endsWith('/assets/intake.js'))).toBe(true);
    const foreign = intakeRequests.filter(
      (u) => new URL(u).origin !== intakeOrigin && u !== 'https://www.wikipedia.org/',
    );
    expect(foreign).toEqual([]);
    expect(intakeCsp).toEqual([]);
    for (const w of watched) await expectStayedOnOrigin(w, served.origin);
  });
});

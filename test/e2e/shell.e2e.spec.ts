import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/core/access';
import { AuthService } from '../../src/core/auth/auth.service';
import { totpCode } from '../../src/core/auth/totp';
import { makeSource, makeUser, TEST_PASSWORD } from '../support/factories';
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

let served: Served;
let browser: Browser;
let admin: Actor;
const watched: Watched[] = [];

beforeAll(async () => {
  assertWebBuilt();
  served = await serveTestEnv('sqlite', async ({ ctx }) => {
    admin = await makeUser(ctx, 'admin');
    await makeSource(ctx, admin, 'internal', {
      title: 'Court hearing report, Minsk district court (fictional)',
      notes: 'Fictional note',
      notesTier: 'confidential',
    });
    await makeSource(ctx, admin, 'public', { title: 'Press release on detentions (fictional)' });
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function h1Text(page: Page): Promise<string> {
  return (await page.locator('h1').first().textContent())?.trim() ?? '';
}

/** No request left the test server's origin, and the CSP reported nothing. */
async function expectSameOriginAndNoCsp(w: Watched): Promise<void> {
  expect(w.requests.length).toBeGreaterThan(3);
  expect(w.requests.some((u) => u.includes('/assets/') && u.endsWith('.js'))).toBe(true);
  await expectStayedOnOrigin(w, served.origin);
}

describe('web shell in a real browser', () => {
  it('signs in, switches to Belarusian, and stays on its own origin under the CSP', async () => {
    const w = await openWatchedPage(browser);
    watched.push(w);
    const { page } = w;

    await page.goto(`${served.origin}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: screenshotPath('login'), fullPage: true });

    await signIn(page, served.origin, admin.username, 'Sources');
    expect(new URL(page.url()).pathname).toBe('/sources');
    await page
      .getByRole('link', { name: 'Court hearing report, Minsk district court (fictional)' })
      .waitFor();
    // Admin-only navigation is present for an admin.
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).waitFor();

    await page.getByLabel('Language').selectOption('be');
    await page.getByRole('heading', { level: 1, name: 'Крыніцы' }).waitFor();
    expect(await h1Text(page)).toBe('Крыніцы');
    expect(await page.getAttribute('html', 'lang')).toBe('be');
    await page.getByRole('navigation').getByRole('link', { name: 'Журнал аўдыту' }).waitFor();
    await page.getByRole('button', { name: 'Выйсці' }).waitFor();
    await page.screenshot({ path: screenshotPath('sources-be'), fullPage: true });

    // The choice is remembered across a reload; the session cookie keeps us signed in.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Крыніцы' }).waitFor();

    // A record page, with its confidential notes visible to an admin.
    await page.getByRole('link', { name: 'Court hearing report, Minsk district court (fictional)' }).click();
    await page.getByRole('heading', { level: 2, name: /Нататкі/ }).waitFor();
    await page.getByText('Fictional note').waitFor();

    // The audit log lists the sign-in and the chain verifies.
    await page.getByRole('navigation').getByRole('link', { name: 'Журнал аўдыту' }).click();
    await page.getByRole('heading', { level: 1, name: 'Журнал аўдыту' }).waitFor();
    await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();
    await page.getByRole('button', { name: 'Праверыць ланцужок' }).click();
    await page.getByRole('status').filter({ hasText: 'Ланцужок не парушаны' }).waitFor();
    await page.screenshot({ path: screenshotPath('audit-be'), fullPage: true });

    await expectSameOriginAndNoCsp(w);
    await w.context.close();
  });

  it('completes the two-factor code step for a user with TOTP enabled', async () => {
    const { ctx } = served.opened;
    const auth = new AuthService(ctx);
    const editor = await makeUser(ctx, 'editor');
    const login = await auth.login({ username: editor.username, password: TEST_PASSWORD });
    const session = await auth.authenticate(login.token);
    if (!session) throw new Error('no session for the editor');
    const { secret } = await auth.beginTotpSetup(session);
    // Enable with the previous step's code, so the current step is still unused for the browser sign-in.
    await auth.setTotp(session, true, totpCode(secret, Date.now() - 30_000));

    const w = await openWatchedPage(browser);
    watched.push(w);
    const { page } = w;
    await signIn(page, served.origin, editor.username);

    await page.getByRole('heading', { level: 1, name: 'Two-factor check' }).waitFor();
    const codeInput = page.getByLabel('Six-digit code');

    // A wrong code is refused with a translated, announced error and the form stays on the code step.
    const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, Date.now() + d)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c)) ?? '444444';
    await codeInput.fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username, password or code.' }).waitFor();
    await page.screenshot({ path: screenshotPath('totp'), fullPage: true });

    await codeInput.fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sources' }).waitFor();
    // An editor sees no admin-only navigation.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Two-factor sign-in' }).waitFor();
    await page.getByText('On', { exact: true }).waitFor();

    await expectSameOriginAndNoCsp(w);
    await w.context.close();
  });
});

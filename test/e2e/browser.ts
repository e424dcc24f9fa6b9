import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { Engine } from '../../src/core/db/database';
import type { App } from '../../src/core/http/types';
import { createServer, repoRoot } from '../../src/server';
import { createTestEnv, openTestContext, type TestEnv } from '../support/context';
import { TEST_PASSWORD } from '../support/factories';

export const webDir = path.join(repoRoot, 'dist', 'web');

const CHROMIUM = process.env.SUPOLKA_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser test needs the built UI; building is the runner's job (npm run test:e2e). */
export function assertWebBuilt(): void {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`${webDir}/index.html is missing: run \`npm run build:web\` before the browser tests.`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
}

/** The real server (API + built UI) on an ephemeral loopback port. */
export async function startServer(opened: OpenedContext): Promise<{ app: App; origin: string }> {
  const { app } = await createServer(opened, { demo: false, webDir });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, origin: new URL(address).origin };
}

/** A fresh, seeded installation behind the real server; close() stops the server and removes the data. */
export interface Served {
  env: TestEnv;
  opened: OpenedContext;
  app: App;
  origin: string;
  close(): Promise<void>;
}

/**
 * A test installation on the engine, seeded (users, records, imported lists) before the server starts. If
 * seeding or starting fails, what was already opened is closed before the error is rethrown, so a failed
 * beforeAll leaves no database or data folder behind.
 */
export async function serveTestEnv(
  engine: Engine,
  seed: (opened: OpenedContext) => Promise<void>,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Served> {
  const env = await createTestEnv(engine, extraEnv);
  let opened: OpenedContext | undefined;
  let app: App | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await opened?.close();
    await env.destroy();
  };
  try {
    opened = await openTestContext(env);
    await seed(opened);
    const started = await startServer(opened);
    app = started.app;
    return { env, opened, app, origin: started.origin, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Signs in through the login form at the site's root. With `landsOn`, waits for the page that follows
 * (its h1); without, the caller waits for whatever step comes next (a two-factor check, a link to click).
 */
export async function signIn(page: Page, origin: string, username: string, landsOn?: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (landsOn) await page.getByRole('heading', { level: 1, name: landsOn }).waitFor();
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, including sub-resources and fetches. */
  requests: string[];
  /** CSP violations, from the console and from securitypolicyviolation events. */
  cspViolations: string[];
  pageErrors: string[];
  /** Violations reported through the DOM event, read from the page. */
  domViolations(): Promise<string[]>;
}

// Runs before any page script; DevTools-injected scripts are not subject to the page's CSP.
const VIOLATION_LISTENER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
`;

export async function openWatchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  await context.addInitScript({ content: VIOLATION_LISTENER });
  const page = await context.newPage();
  const requests: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    context,
    page,
    requests,
    cspViolations,
    pageErrors,
    domViolations: () => page.evaluate<string[]>('window.__cspViolations ?? []'),
  };
}

/** Nothing the page requested left the origin, the CSP reported nothing, and no page script threw. */
export async function expectStayedOnOrigin(w: Watched, origin: string): Promise<void> {
  expect(w.requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
  expect(w.cspViolations).toEqual([]);
  expect(await w.domViolations()).toEqual([]);
  expect(w.pageErrors).toEqual([]);
}

export function screenshotPath(name: string): string {
  return path.join(os.tmpdir(), `supolka-e2e-${name}.png`);
}

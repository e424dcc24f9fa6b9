import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { createServer, repoRoot } from '../../src/server';

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

export function screenshotPath(name: string): string {
  return path.join(os.tmpdir(), `supolka-e2e-${name}.png`);
}

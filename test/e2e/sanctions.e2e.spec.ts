import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/core/access';
import { runResolution } from '../../src/modules/sanctions/resolution.service';
import { importSanctionsFile } from '../../src/modules/sanctions/sanctions.import';
import { makeUser } from '../support/factories';
import { REPO_ROOT } from '../support/cli';
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
 * The sanctions UI against real list data: subsets of the UK and Canadian FollowTheMoney files in
 * /work/shared/data/sanctions (see its README: converted from the ammitto transcriptions, snapshot
 * 2026-08-22), cut down to every Belarus-programme listing plus the first Russia-programme ones so that the
 * import and resolution take seconds. Assertions compare the page with what the API answers for the same
 * filters, by cluster id only: no listed person's name appears in test names or failure output.
 */

const SHARED = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'sanctions');
const SOURCES = ['gb-sanctions-2026-08-22.ftm.jsonl.gz', 'ca-sema-2026-08-22.ftm.jsonl.gz'];
const RUSSIA_PER_FILE = 60;

interface FtmLine {
  id: string;
  schema: string;
  properties: { entity?: string[]; program?: string[] };
}

/** Every Belarus-programme Sanction and the first Russia ones, with the entities they designate. */
async function subset(source: string, outDir: string): Promise<string> {
  const lines: string[] = [];
  const rl = readline.createInterface({
    input: fs.createReadStream(path.join(SHARED, source)).pipe(zlib.createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of rl) if (line.trim()) lines.push(line);
  const keep = new Set<string>();
  let russia = 0;
  for (const line of lines) {
    const e = JSON.parse(line) as FtmLine;
    if (e.schema !== 'Sanction') continue;
    const program = (e.properties.program ?? []).join(' ');
    const belarus = /Belarus/i.test(program);
    const isRussia = /Russia/i.test(program) && russia < RUSSIA_PER_FILE;
    if (!belarus && !isRussia) continue;
    if (isRussia && !belarus) russia++;
    keep.add(e.id);
    for (const id of e.properties.entity ?? []) keep.add(id);
  }
  const out = path.join(outDir, `subset-${source.replace(/\.gz$/, '')}`);
  fs.writeFileSync(
    out,
    lines.filter((l) => keep.has((JSON.parse(l) as FtmLine).id)).join('\n') + '\n',
    'utf8',
  );
  return out;
}

let served: Served;
let browser: Browser;
let admin: Actor;
let fixtureDir: string;
const watched: Watched[] = [];

beforeAll(async () => {
  assertWebBuilt();
  fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-sanctions-e2e-'));
  served = await serveTestEnv('sqlite', async ({ ctx }) => {
    admin = await makeUser(ctx, 'admin');
    for (const source of SOURCES) {
      const file = await subset(source, fixtureDir);
      await importSanctionsFile(ctx.db, ctx.engine, file, { importedBy: admin.id });
    }
    await runResolution(ctx.db, ctx.engine);
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (fixtureDir) fs.rmSync(fixtureDir, { recursive: true, force: true });
});

/** Counts as the English UI writes them (digit grouping). */
const n = (v: number): string => v.toLocaleString('en-US');

interface GapsPage {
  total: number;
  items: { clusterId: string; name: string }[];
}

/** The API's answer, fetched inside the page with the signed-in browser's own session. */
function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as unknown;
  }, url) as Promise<T>;
}

/** Cluster ids of the gaps table's rows, in order, read from their target links. */
async function tableClusterIds(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('table.gaps-table tbody tr td:first-child a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace('/sanctions/targets/', ''));
}

describe('sanctions UI in a real browser', () => {
  it('shows the alignment page and filters the gaps table to what the API returns', async () => {
    const w = await openWatchedPage(browser);
    watched.push(w);
    const { page } = w;
    await signIn(page, served.origin, admin.username, 'Sources');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sanctions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sanctions lists' }).waitFor();
    // One row per imported list, with the jurisdiction the importer assigned.
    await page.locator('table.lists-table tbody tr').nth(1).waitFor();
    expect(await page.locator('table.lists-table tbody tr').count()).toBe(2);

    await page.getByRole('link', { name: 'Alignment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alignment' }).waitFor();
    await page.locator('table.gaps-table tbody tr').first().waitFor();

    // Unfiltered: the first page is exactly the API's first page.
    const all = await apiGet<GapsPage>(page, '/api/v1/sanctions/alignment/gaps?limit=25&offset=0');
    expect(all.total).toBeGreaterThan(0);
    expect(await tableClusterIds(page)).toEqual(all.items.map((g) => g.clusterId));
    expect(await page.locator('.gaps-count').textContent()).toContain(`of ${n(all.total)} gap`);

    // Paging: "Next" shows exactly the API's second page, "Previous" the first one again.
    expect(all.total).toBeGreaterThan(25);
    const pager = page.getByRole('navigation', { name: 'Pages' });
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText(`Page 2 of ${Math.ceil(all.total / 25)}`).waitFor();
    const second = await apiGet<GapsPage>(page, '/api/v1/sanctions/alignment/gaps?limit=25&offset=25');
    await page
      .locator(`table.gaps-table tbody tr a[href="/sanctions/targets/${second.items[0]!.clusterId}"]`)
      .first()
      .waitFor();
    expect(await tableClusterIds(page)).toEqual(second.items.map((g) => g.clusterId));
    await pager.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText('Page 1 of').waitFor();
    await page
      .locator(`table.gaps-table tbody tr a[href="/sanctions/targets/${all.items[0]!.clusterId}"]`)
      .first()
      .waitFor();
    expect(await tableClusterIds(page)).toEqual(all.items.map((g) => g.clusterId));

    // The overlap chart has one bar per set of jurisdictions listing Belarus-programme targets.
    const summary = await apiGet<{
      jurisdictions: string[];
      overlap: { regime: string; jurisdictions: string[]; total: number }[];
    }>(page, '/api/v1/sanctions/alignment/summary');
    expect(summary.jurisdictions).toEqual(['CA', 'UK']);
    const belarusSets = summary.overlap.filter((o) => o.regime === 'Belarus');
    expect(belarusSets.length).toBeGreaterThan(1);
    expect(await page.locator('.overlap-chart svg rect.chart-bar').count()).toBe(belarusSets.length);
    const both = belarusSets.find((o) => o.jurisdictions.length === 2);
    expect(both?.total ?? 0).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('sanctions-alignment'), fullPage: true });

    // Filter: Belarus-linked targets that Canada does not list, cross-jurisdiction gaps only.
    const form = page.getByRole('search', { name: 'Filters' });
    await form.getByLabel('Not listed by').selectOption('CA');
    await form.getByLabel('Kind of gap').selectOption('cross-jurisdiction');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/notListedBy=CA/);
    const filtered = await apiGet<GapsPage>(
      page,
      '/api/v1/sanctions/alignment/gaps?notListedBy=CA&kind=cross-jurisdiction&limit=25&offset=0',
    );
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(all.total);
    await page
      .locator('.gaps-count')
      .filter({ hasText: `of ${n(filtered.total)} gap` })
      .waitFor();
    expect(await tableClusterIds(page)).toEqual(filtered.items.map((g) => g.clusterId));
    // Every row names Canada among the jurisdictions not listing it, and the export links keep the filters.
    const rows = page.locator('table.gaps-table tbody tr');
    for (let i = 0; i < (await rows.count()); i++) {
      expect(await rows.nth(i).locator('td').nth(3).textContent()).toContain('CA');
    }
    const csv = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csv).toContain('notListedBy=CA');
    expect(csv).toContain('kind=cross-jurisdiction');

    // The filters survive a reload (they live in the URL).
    await page.reload();
    await page
      .locator('.gaps-count')
      .filter({ hasText: `of ${n(filtered.total)} gap` })
      .waitFor();
    expect(await page.getByRole('search').getByLabel('Not listed by').inputValue()).toBe('CA');

    // A target page lists every listing of the first filtered target.
    const first = filtered.items[0]!;
    await page.locator('table.gaps-table tbody tr').first().getByRole('link').click();
    await page.waitForURL(`**/sanctions/targets/${first.clusterId}`);
    await page.getByRole('heading', { level: 2, name: 'Listings' }).waitFor();
    const target = await apiGet<{ name: string; members: { listings: unknown[] }[] }>(
      page,
      `/api/v1/sanctions/targets/${first.clusterId}`,
    );
    expect((await page.locator('h1').textContent())?.trim() === target.name).toBe(true);
    const listings = target.members.reduce((n, m) => n + m.listings.length, 0);
    expect(await page.locator('section[aria-labelledby="target-listings"] tbody tr').count()).toBe(listings);

    // The same page in Belarusian.
    await page.goto(`${served.origin}/sanctions/alignment?kind=belarus-only`);
    await page.getByLabel('Language').selectOption('be');
    await page.getByRole('heading', { level: 1, name: 'Узгодненасць' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Перасячэнне юрысдыкцый' }).waitFor();
    await page.screenshot({ path: screenshotPath('sanctions-alignment-be'), fullPage: true });

    await expectStayedOnOrigin(w, served.origin);
    await w.context.close();
  });

  it('records a review decision and takes the pair off the queue', async () => {
    const w = await openWatchedPage(browser);
    watched.push(w);
    const { page } = w;
    await signIn(page, served.origin, admin.username, 'Sources');
    await page.goto(`${served.origin}/sanctions/review`);
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    const before = await apiGet<{ total: number; items: { id: string }[] }>(
      page,
      '/api/v1/sanctions/review?status=pending&limit=1',
    );
    expect(before.total).toBeGreaterThan(0);
    await page
      .getByText(`${n(before.total)} pair`, { exact: false })
      .first()
      .waitFor();
    await page.locator('.review-pair').first().getByRole('button', { name: 'Different targets' }).click();
    await page.getByRole('status').filter({ hasText: 'Kept apart.' }).waitFor();
    const pending = await apiGet<{ total: number; items: { id: string }[] }>(
      page,
      '/api/v1/sanctions/review?status=pending&limit=200',
    );
    expect(pending.total).toBe(before.total - 1);
    expect(pending.items.some((p) => p.id === before.items[0]!.id)).toBe(false);
    // The page reloaded the queue: its count is the new total.
    await page
      .getByText(`${n(pending.total)} pair`, { exact: false })
      .first()
      .waitFor();
    await expectStayedOnOrigin(w, served.origin);
    await w.context.close();
  });
});

// The report of the shared corpus, opened in headless Chromium as a reader opens the file: the
// ingest writes it (`ingest --report`), the page loads nothing, logs no error, shows every section,
// and every chart's SVG holds marks. A screenshot lands in test-artifacts/ (not committed).
// Skipped, with the reason printed, without the shared corpus or Debian's chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SECTIONS } from '../pipeline/report/index.ts';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '..', 'shared', 'corpus');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(root, 'test-artifacts');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const missing = [!existsSync(corpus) && `no shared corpus at ${corpus}`, !existsSync(CHROMIUM) && `no ${CHROMIUM} (apt-get install chromium)`].filter(Boolean);
if (missing.length) console.log(`report in the browser: skipped — ${missing.join('; ')}`);

describe.skipIf(missing.length > 0)('the report of the shared corpus, in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-report-'));
    const report = join(dir, 'report.html');
    const inputs = ['seeds', 'layout-text', 'html', 'pdf', 'crawl-text', 'legacy'].map((d) => join(corpus, d)).filter(existsSync);
    const run = spawnSync(process.execPath, [join(root, 'bin', 'nianbao.mjs'), 'ingest', ...inputs, '--warehouse', join(dir, 'w.duckdb'), '--report', report], { cwd: root, encoding: 'utf8' });
    if (!existsSync(report)) throw new Error(`ingest --report wrote no report:\n${run.stderr}`);

    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1240, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens from disk with no console error and no request but the file itself', () => {
    expect(errors).toEqual([]);
    expect(requested.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });

  it('shows every section, each with its charts and tables', async () => {
    for (const section of SECTIONS) {
      await expect.poll(() => page.locator(`section#${section.id}`).isVisible()).toBe(true);
      expect(await page.locator(`section#${section.id} table.data`).count(), section.id).toBe(section.parts.length);
    }
  });

  it('draws data marks in every chart', async () => {
    const marksPerChart = await page.evaluate(() =>
      [...document.querySelectorAll('figure.chart svg')].map((svg) => svg.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect').length),
    );
    expect(marksPerChart.length).toBe(SECTIONS.flatMap((s) => s.parts.flatMap((p) => p.charts)).length);
    expect(marksPerChart.filter((n) => n === 0)).toEqual([]);
  });

  it('writes a screenshot of the whole page to test-artifacts/', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, 'report-shared-corpus.png');
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
  });
});

// Scores the shared corpus of real reports with the shared scorer, through the real CLI:
// ingest → export reports/cells/findings → score-cells.mjs. Skipped when ../shared is absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '..', 'shared');
const corpus = join(shared, 'corpus');
const scorer = join(shared, 'tools', 'score-cells.mjs');
const present = existsSync(corpus) && existsSync(scorer);
if (!present) console.log(`acceptance: skipped — no shared corpus at ${corpus}`);

const cli = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin', 'nianbao.mjs'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Given the export folder, the answers folders and extra scorer flags, returns the scorer's exit status and output. */
function scoreAgainst(dir: string, expected: string[], flags: string[]): { status: number | null; out: string } {
  const run = spawnSync(
    process.execPath,
    [scorer, '--reports', join(dir, 'reports.csv'), '--cells', join(dir, 'cells.csv'), '--findings', join(dir, 'findings.csv'), '--expected', expected.join(','), ...flags],
    { encoding: 'utf8' },
  );
  return { status: run.status, out: run.stdout + run.stderr };
}

describe.skipIf(!present)('shared corpus, scored', () => {
  let dir: string;
  let score: { status: number | null; out: string };
  let legacy: { status: number | null; out: string };
  let crawled: { status: number | null; out: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-acceptance-'));
    const warehouse = join(dir, 'w.duckdb');
    const inputs = ['seeds', 'layout-text', 'html', 'pdf', 'crawl-text', 'legacy'].map((d) => join(corpus, d)).filter(existsSync);
    spawnSync(process.execPath, [join(root, 'bin', 'nianbao.mjs'), 'ingest', ...inputs, '--warehouse', warehouse], { cwd: root, stdio: 'ignore' });
    for (const what of ['reports', 'cells', 'findings']) cli('export', what, '--warehouse', warehouse, '--out', join(dir, `${what}.csv`));
    score = scoreAgainst(dir, [join(corpus, 'expected')], ['--min', '0.99', '--min-meta', '1']);
    console.log(score.out);
    // Pages saved by crawlers (and their HTML originals), scored apart: every cell and every metadata check.
    crawled = scoreAgainst(dir, [join(corpus, 'expected', 'crawl-text')], ['--min', '1', '--min-meta', '1']);
    console.log(crawled.out);
    // Pre-2019 reports: every scored value and every metadata check.
    legacy = scoreAgainst(dir, [join(corpus, 'expected', 'legacy')], ['--min', '1', '--min-meta', '1']);
    console.log(legacy.out);
  });

  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('gets at least 99% of scored cells and every metadata check right', () => {
    expect(score.status, score.out).toBe(0);
  });

  it('reads every scored value of the pre-2019 reports (legacy codes)', () => {
    expect(legacy.status, legacy.out).toBe(0);
  });

  it('finds every expected identity finding and raises none the answers do not expect', () => {
    for (const { out } of [score, crawled]) {
      const m = /identity findings (\d+)\/(\d+) found, (\d+) false alarms/.exec(out);
      expect(m, out).not.toBeNull();
      expect(m![1]).toBe(m![2]);
      expect(m![3]).toBe('0');
    }
  });

  it('reads every cell and the metadata of the pages saved by crawlers (and of their HTML originals)', () => {
    expect(crawled.status, crawled.out).toBe(0);
  });
});

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

describe.skipIf(!present)('shared corpus, scored', () => {
  let dir: string;
  let score: { status: number | null; out: string };
  let legacy: { status: number | null; out: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-acceptance-'));
    const warehouse = join(dir, 'w.duckdb');
    const inputs = ['seeds', 'layout-text', 'html', 'pdf', 'legacy'].map((d) => join(corpus, d)).filter(existsSync);
    spawnSync(process.execPath, [join(root, 'bin', 'nianbao.mjs'), 'ingest', ...inputs, '--warehouse', warehouse], { cwd: root, stdio: 'ignore' });
    for (const what of ['reports', 'cells', 'findings']) cli('export', what, '--warehouse', warehouse, '--out', join(dir, `${what}.csv`));
    const scored = (...args: string[]) => {
      const run = spawnSync(
        process.execPath,
        [scorer, '--reports', join(dir, 'reports.csv'), '--cells', join(dir, 'cells.csv'), '--findings', join(dir, 'findings.csv'), ...args],
        { encoding: 'utf8' },
      );
      console.log(run.stdout + run.stderr);
      return { status: run.status, out: run.stdout + run.stderr };
    };
    score = scored('--expected', join(corpus, 'expected'), '--min', '0.99', '--min-meta', '1');
    // Pre-2019 reports: every scored value (their metadata is scored by acceptance-metadata.test.ts).
    legacy = existsSync(join(corpus, 'expected', 'legacy')) ? scored('--expected', join(corpus, 'expected', 'legacy'), '--min', '1') : { status: 0, out: '' };
  });

  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('gets at least 99% of scored cells and every metadata check right', () => {
    expect(score.status, score.out).toBe(0);
  });

  it('reads every scored value of the pre-2019 reports (legacy codes)', () => {
    expect(legacy.status, legacy.out).toBe(0);
  });

  it('finds every expected identity finding and raises none the answers do not expect', () => {
    const m = /identity findings (\d+)\/(\d+) found, (\d+) false alarms/.exec(score.out);
    expect(m, score.out).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(m![3]).toBe('0');
  });
});

// Metadata on the shared corpus's crawler pages and pre-2019 reports: every agency, year, template
// and region right (their cells are not scored here). Skipped when ../shared is absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '..', 'shared', 'corpus');
const scorer = resolve(root, '..', 'shared', 'tools', 'score-cells.mjs');
const FOLDERS = ['crawl-text', 'legacy'];
const present = existsSync(scorer) && FOLDERS.every((d) => existsSync(join(corpus, d)) && existsSync(join(corpus, 'expected', d)));
if (!present) console.log(`acceptance (metadata): skipped — no shared corpus with ${FOLDERS.join(', ')} at ${corpus}`);

const cli = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin', 'nianbao.mjs'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe.skipIf(!present)('shared corpus, crawler pages and legacy reports: metadata', () => {
  let dir: string;
  let score: { status: number | null; out: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-acceptance-meta-'));
    const warehouse = join(dir, 'w.duckdb');
    spawnSync(process.execPath, [join(root, 'bin', 'nianbao.mjs'), 'ingest', ...FOLDERS.map((d) => join(corpus, d)), '--warehouse', warehouse], { cwd: root, stdio: 'ignore' });
    for (const what of ['reports', 'cells']) cli('export', what, '--warehouse', warehouse, '--out', join(dir, `${what}.csv`));
    const expected = FOLDERS.map((d) => join(corpus, 'expected', d)).join(',');
    const run = spawnSync(process.execPath, [scorer, '--reports', join(dir, 'reports.csv'), '--cells', join(dir, 'cells.csv'), '--expected', expected, '--min-meta', '1'], { encoding: 'utf8' });
    score = { status: run.status, out: run.stdout + run.stderr };
  }, 120_000);

  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('gets every agency, year, template and region right', () => {
    expect(score.out, score.out).not.toMatch(/metadata wrong/);
    expect(score.status, score.out).toBe(0);
  });
});

// The nianbao command line as cron and analysts use it: help, exit codes, stdout kept for CSV.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_DID_NOT_RUN, EXIT_OK, EXIT_SOURCES_FAILED } from '../pipeline/core/exit-codes.ts';

const BIN = fileURLToPath(new URL('../bin/nianbao.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

let dir: string;
let warehouse: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-cli-'));
  warehouse = join(dir, 'w.duckdb');
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'note.txt'), '一份不是年报的文件,带逗号\n');
  writeFileSync(join(dir, 'in', 'empty.txt'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nianbao CLI', () => {
  it('documents every command and the exit codes in --help', () => {
    for (const args of [['--help'], ['ingest', '--help'], ['export', '--help'], ['status', '--help']]) {
      const r = cli(...args);
      expect(r.status).toBe(EXIT_OK);
      expect(r.stdout).toContain('Exit codes:');
    }
    expect(cli('ingest', '--help').stdout).toMatch(/--warehouse[\s\S]*--sources[\s\S]*--force[\s\S]*--concurrency[\s\S]*--log-file/);
  });

  it('exits 2 on bad arguments, touching nothing', () => {
    expect(cli('bogus').status).toBe(EXIT_DID_NOT_RUN);
    expect(cli('ingest', '-c', '0', '-w', warehouse).status).toBe(EXIT_DID_NOT_RUN);
    expect(cli('export', 'everything', '-w', warehouse).status).toBe(EXIT_DID_NOT_RUN);
    expect(cli('status', '-w', join(dir, 'absent.duckdb')).status).toBe(EXIT_DID_NOT_RUN);
    expect(cli('ingest', '--sources', join(dir, 'absent.csv'), '-w', warehouse).status).toBe(EXIT_DID_NOT_RUN);
  });

  it('ingest prints a summary and exits 1 when a source failed', () => {
    const r = cli('ingest', join(dir, 'in'), join(dir, 'in', 'missing.txt'), '-w', warehouse, '--log-file', join(dir, 'run.log'));
    expect(r.status).toBe(EXIT_SOURCES_FAILED);
    expect(r.stdout).toMatch(/3 seen/);
    expect(r.stdout).toMatch(/1 not_report/);
    expect(r.stdout).toMatch(/failed/);
    // JSON lines on stderr (not a terminal) and in the log file.
    const lines = readFileSync(join(dir, 'run.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1).msg).toBe('run finished and published');
    expect(() => r.stderr.trim().split('\n').forEach((l) => JSON.parse(l))).not.toThrow();
  });

  it('export writes clean CSV to stdout or --out, and view NAME refuses an unknown view', () => {
    for (const kind of ['reports', 'cells', 'findings']) {
      const stdout = cli('export', kind, '-w', warehouse);
      expect(stdout.status).toBe(EXIT_OK);
      const out = join(dir, `${kind}.csv`);
      expect(cli('export', kind, '-w', warehouse, '--out', out).status).toBe(EXIT_OK);
      expect(readFileSync(out, 'utf8')).toBe(stdout.stdout);
    }
    const reports = cli('export', 'reports', '-w', warehouse).stdout.trim().split('\n');
    expect(reports[0]).toBe('source,agency,region_code,year,template,format,encoding,published,status');
    expect(reports).toHaveLength(4);
    const view = cli('export', 'view', 'no_such_view', '-w', warehouse);
    expect(view.status).toBe(EXIT_DID_NOT_RUN);
    expect(view.stderr).toContain('no view named');
  });

  it('status shows reports, the quality figure, findings, copies, runs and the last run’s files', () => {
    const r = cli('status', '-w', warehouse);
    expect(r.status).toBe(EXIT_OK);
    for (const heading of ['Reports by year and template', 'Quality of the templated reports', 'Worst reports', 'Metadata findings', 'Findings by severity', 'Reports held by several files', 'Last runs', 'Files of the last run']) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toMatch(/missing\.txt\s+failed\s+fetch/);
  });

  it('a reader that stops early (| head) ends the command quietly, with success', async () => {
    const child = spawn(process.execPath, [BIN, 'sql', 'SELECT * FROM range(1000000)', '--csv', '-w', warehouse], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(EXIT_OK);
  });
});

describe('export summary on the bundled samples', () => {
  it('--by year prints each year’s totals as the sample reports print them; the run adds cross-year findings, a no-op run keeps them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-samples-'));
    try {
      const warehouse = join(dir, 'w.duckdb');
      const first = execFileSync(process.execPath, [BIN, 'ingest', '--warehouse', warehouse], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(first).toContain('cross-year 1 error · 0 warning · 0 info (whole warehouse, rechecked)');
      expect(first).toMatch(/findings .* \(1 of them cross-year\)/); // the run's own count, as etl_run keeps it
      const csv = execFileSync(process.execPath, [BIN, 'export', 'summary', '--by', 'year', '--warehouse', warehouse], { cwd: ROOT, encoding: 'utf8' });
      const [header, ...rows] = csv.trimEnd().split('\n').map((l) => l.split(','));
      const pick = (row: string[]) => ['year', 'reports', 'received', 'carried_in', 'processed', 'carried_out'].map((c) => Number(row[header.indexOf(c)]));
      // From the samples' printed rows 一、本年新收 / 二、上年结转 / （七）总计 / 四、结转下年度 (总计 column).
      expect(rows.map(pick)).toEqual([
        [2020, 1, 66, 1, 65, 2],
        [2021, 1, 74, 0, 71, 3],
        [2022, 1, 63, 3, 66, 0],
        [2023, 1, 88, 2, 88, 2],
      ]);
      // The run checks across years once everything is loaded: the samples' 2022 现行有效 does not follow from 2021's.
      const crossYear = () =>
        execFileSync(process.execPath, [BIN, 'export', 'findings', '--warehouse', warehouse], { cwd: ROOT, encoding: 'utf8' })
          .split('\n')
          .filter((l) => l.includes(',xyear.'));
      const expected = [
        'sample-2022-pipes.txt,xyear.in_force,error,t2.normative.in_force,22,21,"t2.normative: 现行有效 21 in 2022, but 21 in force in 2021 + 2 制发 − 1 废止 = 22"',
      ];
      expect(crossYear()).toEqual(expected);
      // A run that loads nothing skips the cross-year checks and keeps their findings.
      const noop = execFileSync(process.execPath, [BIN, 'ingest', '--warehouse', warehouse], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(noop).toContain('cross-year unchanged (nothing loaded)');
      expect(noop).toMatch(/findings .* \(0 of them cross-year\)/);
      expect(crossYear()).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

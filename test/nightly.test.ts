// The nightly run's safety: a run killed mid-load leaves the live warehouse byte-for-byte as it
// was; a READ_ONLY reader neither blocks a run nor sees it; a dead run's lock is taken over; a
// live one stops the run with exit 2. Each test drives the real CLI in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { close, openForReading, queryRows, type Warehouse } from '../pipeline/5-load/index.ts';

/** The documented "did not run" exit code (pipeline/cli.ts EXIT_DID_NOT_RUN). */
const EXIT_DID_NOT_RUN = 2;
const BIN = fileURLToPath(new URL('../bin/nianbao.mjs', import.meta.url));

let dir: string;
let warehouse: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-nightly-'));
  warehouse = join(dir, 'wh', 'nianbao.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `count` small distinct text files (not reports: each still gets its row) into a folder. */
function writeInputs(folder: string, count: number, tag: string): string {
  const path = join(dir, folder);
  mkdirSync(path, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(path, `${tag}-${String(i).padStart(5, '0')}.txt`), `夜间测试文件 ${tag} ${i}\n第二行\n`);
  return path;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NIANBAO_LOG_LEVEL: 'info' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function rowCounts(path: string): Promise<Record<string, number>> {
  const wh = await openForReading(path);
  try {
    return await countsOf(wh);
  } finally {
    close(wh);
  }
}

async function countsOf(wh: Warehouse): Promise<Record<string, number>> {
  const [row] = await queryRows(
    wh.conn,
    `SELECT (SELECT count(*) FROM fact_report)::INTEGER AS reports, (SELECT count(*) FROM fact_finding)::INTEGER AS findings,
            (SELECT count(*) FROM etl_run)::INTEGER AS runs, (SELECT count(*) FROM etl_file)::INTEGER AS files`,
  );
  return row as Record<string, number>;
}

describe('nightly run', () => {
  it('a run killed with SIGKILL mid-load leaves the previous warehouse byte-for-byte, and the next run completes', async () => {
    const first = writeInputs('first', 5, 'a');
    expect(cli(['ingest', first, '-w', warehouse]).status).toBe(0);
    const before = { sha: sha256(warehouse), counts: await rowCounts(warehouse) };
    expect(before.counts).toMatchObject({ reports: 5, runs: 1 });

    const big = writeInputs('big', 3000, 'b');
    const child = spawn(process.execPath, [BIN, 'ingest', first, big, '-w', warehouse], {
      env: { ...process.env, NIANBAO_LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let batchesSeen = 0;
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      // Killed right after a batch commits into <warehouse>.next, while the next ones are loading.
      batchesSeen += text.split('"msg":"batch loaded"').length - 1;
      if (batchesSeen >= 2) child.kill('SIGKILL');
    });
    const { signal } = await ended;
    expect(signal).toBe('SIGKILL'); // it really died mid-run, not after publishing

    expect(sha256(warehouse)).toBe(before.sha);
    expect(await rowCounts(warehouse)).toEqual(before.counts);
    expect(existsSync(`${warehouse}.lock`)).toBe(true); // the dead run's lock is left behind
    expect(readdirSync(`${warehouse}.load`)).not.toEqual([]); // and the batch it was staging

    const next = cli(['ingest', first, big, '-w', warehouse]);
    expect(next.status).toBe(0);
    expect(next.stderr).toContain('took over the lock of a run that died');
    expect(await rowCounts(warehouse)).toMatchObject({ reports: 3005, runs: 2 });
    expect(next.stdout).toMatch(/5 unchanged/);
    expect(existsSync(`${warehouse}.next`)).toBe(false);
    expect(existsSync(`${warehouse}.lock`)).toBe(false);
    expect(existsSync(`${warehouse}.load`)).toBe(false);
  });

  it('a reader holding the warehouse open READ_ONLY during a run neither blocks it nor sees it', async () => {
    expect(cli(['ingest', writeInputs('first', 3, 'a'), '-w', warehouse]).status).toBe(0);
    const reader = await openForReading(warehouse);
    try {
      const seen = await countsOf(reader);
      const run = cli(['ingest', writeInputs('more', 20, 'm'), '-w', warehouse]);
      expect(run.status).toBe(0);
      // Still the old file (inode) for the open reader …
      expect(await countsOf(reader)).toEqual(seen);
      const [{ n }] = await queryRows(reader.conn, 'SELECT count(*)::INTEGER AS n FROM fact_report');
      expect(n).toBe(3);
      // … and the new state for whoever opens it now.
      expect(await rowCounts(warehouse)).toMatchObject({ reports: 23, runs: 2 });
    } finally {
      close(reader);
    }
  });

  it('a stale lock from a dead pid is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(dir, 'wh'));
    writeFileSync(`${warehouse}.lock`, JSON.stringify({ pid: dead, startedAt: '2020-01-01T00:00:00.000Z', host: hostname() }));
    const run = cli(['ingest', writeInputs('in', 2, 'a'), '-w', warehouse]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`"pid":${dead}`);
    expect(existsSync(`${warehouse}.lock`)).toBe(false);
  });

  it('a live lock stops the run with exit 2 and leaves the warehouse untouched', async () => {
    const inputs = writeInputs('in', 2, 'a');
    expect(cli(['ingest', inputs, '-w', warehouse]).status).toBe(0);
    const before = sha256(warehouse);
    const lock = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), host: hostname() });
    writeFileSync(`${warehouse}.lock`, lock);
    const run = cli(['ingest', writeInputs('more', 2, 'b'), '-w', warehouse]);
    expect(run.status).toBe(EXIT_DID_NOT_RUN);
    expect(run.stderr).toContain('another run holds the lock');
    expect(sha256(warehouse)).toBe(before);
    expect(readFileSync(`${warehouse}.lock`, 'utf8')).toBe(lock); // someone else's lock is never removed
  });
});

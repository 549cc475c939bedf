// Re-extraction: reports an older extractor version read are re-read from their kept bytes (a local
// file in place, a download in raw/), with the hints they were loaded with, fetching nothing, and
// come out as a fresh ingest of the same files reads them; a report whose bytes are gone stays, and
// says so. Fixture reports (fictional agencies and numbers, test/fixtures/warehouse.ts), one of them
// served by an HTTP server on 127.0.0.1 that this file starts and stops.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../pipeline/core/log.ts';
import { EXTRACTOR_VERSION } from '../pipeline/core/version.ts';
import { blobPath } from '../pipeline/1-fetch/store.ts';
import { checkpointAndClose, close, openForReading, openForWriting, queryRows } from '../pipeline/5-load/index.ts';
import { ingest, type IngestOptions } from '../pipeline/run/index.ts';
import { renderReport } from './fixtures/build-report.ts';
import { FIXTURES } from './fixtures/warehouse.ts';

const BIN = fileURLToPath(new URL('../bin/nianbao.mjs', import.meta.url));
const OLD_VERSION = '0.0.9';
const HINTED_AGENCY = '提示县人民政府';
/** Local files; D2022 is served over HTTP. B2020/B2021 and D2021/D2022 are pairs the cross-year checks compare. */
const LOCAL = ['A2021', 'B2020', 'B2021', 'D2021'];
const REMOTE = 'D2022';

let dir: string;
let server: Server;
let rawDir: string;
let sourcesFile: string;
let remoteUrl: string;
const log = createLogger({ level: 'silent' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-reextract-'));
  rawDir = join(dir, 'raw');
  mkdirSync(join(dir, 'in'));
  for (const key of LOCAL) writeFileSync(join(dir, 'in', `${key}.txt`), renderReport(FIXTURES[key]));
  const remoteText = renderReport(FIXTURES[REMOTE], 'pipes');
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(remoteText));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${REMOTE}.txt`;
  // A2021 is given an agency by sources.csv: re-read, it must keep it.
  sourcesFile = join(dir, 'sources.csv');
  writeFileSync(
    sourcesFile,
    ['path,agency,year,region,enabled', ...LOCAL.map((k) => `${join(dir, 'in', `${k}.txt`)},${k === 'A2021' ? HINTED_AGENCY : ''},,,1`), `${remoteUrl},,,,1`].join('\n') + '\n',
  );
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const run = (warehouse: string, more: Partial<IngestOptions> = {}) =>
  ingest({ inputs: [], sourcesFile, warehouse, rawDir, log, workers: 1, ...more });

/** Given a warehouse, marks every report as read by an older extractor version, as an upgrade of nianbao finds them. */
async function age(warehouse: string): Promise<void> {
  const wh = await openForWriting(warehouse);
  await wh.conn.run(`UPDATE fact_report SET extractor_version = '${OLD_VERSION}'`);
  await checkpointAndClose(wh);
}

/** Given a warehouse, returns what its reports hold, without what differs between runs (run ids, load times). */
async function contents(warehouse: string): Promise<Record<string, Record<string, unknown>[]>> {
  const wh = await openForReading(warehouse);
  try {
    const reportColumns = `origin, source, sha256, bytes, format, encoding, template, year, agency, agency_key, region_code,
      published, title, status, extractor_version, agency_kind, agency_level, agency_scope, region_method, region_confidence, source_hints`;
    return {
      reports: await queryRows(wh.conn, `SELECT ${reportColumns} FROM fact_report ORDER BY origin`),
      table2: await queryRows(wh.conn, 'SELECT * FROM fact_table2 ORDER BY ALL'),
      table3: await queryRows(wh.conn, 'SELECT * FROM fact_table3 ORDER BY ALL'),
      table4: await queryRows(wh.conn, 'SELECT * FROM fact_table4 ORDER BY ALL'),
      findings: await queryRows(wh.conn, 'SELECT * FROM fact_finding ORDER BY ALL'),
      sections: await queryRows(wh.conn, 'SELECT * FROM fact_section ORDER BY ALL'),
      agencies: await queryRows(wh.conn, 'SELECT * FROM dim_agency ORDER BY ALL'),
    };
  } finally {
    close(wh);
  }
}

async function lastRun(warehouse: string): Promise<Record<string, unknown>> {
  const wh = await openForReading(warehouse);
  try {
    return (await queryRows(wh.conn, 'SELECT * FROM etl_run ORDER BY started_at DESC LIMIT 1'))[0];
  } finally {
    close(wh);
  }
}

describe('ingest --reextract', () => {
  it('re-reads every report an older extractor read from its kept bytes, fetching nothing, as a fresh ingest reads them', async () => {
    const fresh = join(dir, 'fresh.duckdb');
    const upgraded = join(dir, 'upgraded.duckdb');
    await run(fresh);
    await run(upgraded);
    await age(upgraded);
    await new Promise<void>((resolve) => server.close(() => resolve())); // nothing to fetch from now on
    server = createServer();

    const summary = await run(upgraded, { reextract: true, sourcesFile: undefined });
    expect(summary).toMatchObject({ status: 'ok', filesSeen: 5, filesFetched: 0, filesUnchanged: 0, filesExtracted: 5 });
    const expected = await contents(fresh);
    expect(await contents(upgraded)).toEqual(expected);
    expect(expected.reports.map((r) => r.extractor_version)).toEqual(new Array(5).fill(EXTRACTOR_VERSION));
    expect(expected.reports.find((r) => r.source === 'A2021.txt')).toMatchObject({ agency: HINTED_AGENCY, source_hints: JSON.stringify({ agency: HINTED_AGENCY }) });
    // The cross-year findings (B's carry-over, D's rules in force) count with the run that re-read their reports.
    const checks = expected.findings.filter((f) => String(f.check).startsWith('xyear.')).length;
    expect(checks).toBeGreaterThan(0);
    expect(await lastRun(upgraded)).toMatchObject({ files_fetched: 0, files_extracted: 5, findings_cross_year: checks });
    expect(summary.findingsCrossYear).toBe(checks);

    // Everything is current now: a second re-extraction has nothing to do.
    expect(await run(upgraded, { reextract: true, sourcesFile: undefined })).toMatchObject({ filesSeen: 0, filesExtracted: 0 });
  });

  it('leaves a report whose bytes are gone as it was, a failed file of the run, and status says how many reports each extractor read', async () => {
    const warehouse = join(dir, 'w.duckdb');
    await run(warehouse);
    await age(warehouse);
    const before = await contents(warehouse);
    const remoteSha = before.reports.find((r) => r.origin === remoteUrl)!.sha256 as string;
    rmSync(join(dir, 'in', 'B2020.txt'));
    rmSync(blobPath(rawDir, remoteSha));

    const summary = await run(warehouse, { reextract: true, sourcesFile: undefined });
    expect(summary).toMatchObject({ status: 'sources_failed', filesSeen: 5, filesFetched: 0, filesExtracted: 3 });
    expect(summary.outcomes.failed).toBe(2);
    const after = await contents(warehouse);
    const kept = (c: Record<string, Record<string, unknown>[]>) => c.reports.filter((r) => r.source === 'B2020.txt' || r.origin === remoteUrl);
    expect(kept(after)).toEqual(kept(before));
    expect(kept(after).map((r) => r.extractor_version)).toEqual([OLD_VERSION, OLD_VERSION]);

    const wh = await openForReading(warehouse);
    try {
      const files = await queryRows(wh.conn, `
        SELECT source, outcome, stage, reason FROM etl_file
        WHERE run_id = (SELECT run_id FROM etl_run ORDER BY started_at DESC LIMIT 1) AND outcome = 'failed' ORDER BY source`);
      expect(files).toEqual([
        { source: 'B2020.txt', outcome: 'failed', stage: 'fetch', reason: expect.stringMatching(/are gone: .*B2020\.txt cannot be read/) },
        { source: `${REMOTE}.txt`, outcome: 'failed', stage: 'fetch', reason: expect.stringContaining(`are gone: ${blobPath(rawDir, remoteSha)} is not there`) },
      ]);
    } finally {
      close(wh);
    }
    const status = spawnSync(process.execPath, [BIN, 'status', '-w', warehouse], { encoding: 'utf8' });
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`${OLD_VERSION.replaceAll('.', '\\.')}\\s+2\\s`));
    expect(status.stdout).toMatch(new RegExp(`${EXTRACTOR_VERSION.replaceAll('.', '\\.')}\\s+3\\s`));
    expect(status.stdout).toContain('2 read by an older extractor');
  });

  it('a report is read again when its source’s hints change, and not when they stay', async () => {
    const warehouse = join(dir, 'w.duckdb');
    const local = (hint: string) =>
      writeFileSync(sourcesFile, `path,agency\n${join(dir, 'in', 'A2021.txt')},${hint}\n`);
    local(HINTED_AGENCY);
    expect(await run(warehouse)).toMatchObject({ filesExtracted: 1 });
    expect(await run(warehouse)).toMatchObject({ filesExtracted: 0, filesUnchanged: 1 });
    local('另一提示机关');
    expect(await run(warehouse)).toMatchObject({ filesExtracted: 1 });
    expect((await contents(warehouse)).reports[0]).toMatchObject({ agency: '另一提示机关' });
  });
});

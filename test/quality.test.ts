// The quality figure on a small warehouse of its own: v_quality_by_report, v_quality_by_run,
// v_quality_overall and the status block built on them. Fictional reports, real region names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, loadReports, openForWriting, queryRows, recordRun, type FileRecord, type LoadItem, type Warehouse } from '../pipeline/5-load/index.ts';
import { applyViews, readViewFiles } from '../pipeline/5-load/views.ts';
import { qualityFigure } from '../pipeline/query/quality.ts';
import type { Report } from '../pipeline/core/types.ts';
import { renderReport, withTotal, type FixtureReport } from './fixtures/build-report.ts';
import { readDocument } from './fixtures/read.ts';

const t3 = {
  new: withTotal([3, 1, 0, 0, 0, 0]),
  granted: withTotal([2, 1, 0, 0, 0, 0]),
  'unavailable.not_held': withTotal([1, 0, 0, 0, 0, 0]),
  total: withTotal([3, 1, 0, 0, 0, 0]),
};
const t4 = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const clean = (agency: string): FixtureReport => ({ agency, year: 2022, template: '2021', t2: { 't2.rules.in_force': 2 }, t3, t4 });

/** The reports, each with what is wrong with it. */
const REPORTS: Record<string, { fixture: FixtureReport; spoil?: (r: Report) => void }> = {
  clean: { fixture: clean('南京市鼓楼区人民政府') },
  identity: { fixture: { ...clean('南京市建邺区人民政府'), t4: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } },
  unreadable: {
    fixture: clean('南京市栖霞区人民政府'),
    spoil: (r) => r.cells.filter((c) => c.metric === 't3.new').slice(0, 2).forEach((c) => Object.assign(c, { state: 'unreadable', value: null })),
  },
  nameless: { fixture: clean('南京市雨花台区人民政府'), spoil: (r) => Object.assign(r, { agency: null, regionCode: null }) },
  legacy: { fixture: { agency: '南京市江宁区人民政府', year: 2012, template: '2019' } },
};

/** Given a report's key, returns it read through the pipeline from its rendered text, then spoilt as the fixture says. */
async function item(key: string): Promise<LoadItem> {
  const read = await readDocument(`${key}.txt`, `/q/${key}.txt`, new TextEncoder().encode(renderReport(REPORTS[key].fixture)));
  REPORTS[key].spoil?.(read.report);
  return read;
}

const file = (key: string, outcome: FileRecord['outcome']): FileRecord => ({
  location: `/q/${key}.txt`, source: `${key}.txt`, sha256: key, reportId: null, outcome, stage: null, reason: null, durationMs: 1,
});

/** Given a run id, when it ran and what it saw (key → outcome), records the run in the ledger. */
async function record(wh: Warehouse, runId: string, startedAt: string, files: Record<string, FileRecord['outcome']>): Promise<void> {
  const ids = await queryRows(wh.conn, `SELECT report_id, source FROM fact_report`);
  const idOf = new Map(ids.map((r) => [r.source as string, r.report_id as string]));
  const at = new Date(startedAt);
  await recordRun(
    wh.conn,
    { runId, startedAt: at, finishedAt: at, status: 'ok', extractorVersion: 'test', forced: false, filesSeen: 0, filesFetched: 0, filesUnchanged: 0, filesExtracted: 0, filesFailed: 0, findings: { error: 0, warning: 0, info: 0 }, findingsCrossYear: 0, cellsLoaded: 0 },
    Object.entries(files).map(([key, outcome]) => ({ ...file(key, outcome), reportId: idOf.get(`${key}.txt`) ?? null })),
  );
}

let dir: string;
let wh: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-quality-'));
  wh = await openForWriting(join(dir, 'w.duckdb'));
  await loadReports(wh.conn, await Promise.all(['clean', 'identity'].map(item)), { runId: 'run-1', loadedAt: new Date('2026-01-01T02:00:00Z'), extractorVersion: 'test' });
  await record(wh, 'run-1', '2026-01-01T02:00:00Z', { clean: 'loaded', identity: 'loaded' });
  await loadReports(wh.conn, await Promise.all(['unreadable', 'nameless', 'legacy'].map(item)), { runId: 'run-2', loadedAt: new Date('2026-01-02T02:00:00Z'), extractorVersion: 'test' });
  await record(wh, 'run-2', '2026-01-02T02:00:00Z', { clean: 'unchanged', unreadable: 'partial', nameless: 'loaded', legacy: 'loaded' });
  await applyViews(wh.conn, await readViewFiles());
}, 60_000);

afterAll(() => {
  if (wh) close(wh);
  rmSync(dir, { recursive: true, force: true });
});

describe('v_quality_by_report', () => {
  it('judges each templated report, legacy left out, and says what is wrong in one line', async () => {
    const rows = await queryRows(wh.conn, `SELECT source, read_whole, unreadable_cells, identity_failures, missing_metadata, problems FROM v_quality_by_report ORDER BY source`);
    expect(rows).toEqual([
      { source: 'clean.txt', read_whole: true, unreadable_cells: 0, identity_failures: 0, missing_metadata: '', problems: '' },
      { source: 'identity.txt', read_whole: false, unreadable_cells: 0, identity_failures: 1, missing_metadata: '', problems: '1 identity failure(s): t4.group' },
      { source: 'nameless.txt', read_whole: false, unreadable_cells: 0, identity_failures: 0, missing_metadata: 'agency, region', problems: 'no agency, region' },
      { source: 'unreadable.txt', read_whole: false, unreadable_cells: 2, identity_failures: 0, missing_metadata: '', problems: '2 of 200 cells unreadable' },
    ]);
  });
});

describe('v_quality_by_run and v_quality_overall', () => {
  it('count, per run, the templated reports among the files it saw, unchanged ones included', async () => {
    const rows = await queryRows(wh.conn, `SELECT run_id, reports, extracted, read_whole, with_unreadable_cells, with_identity_failures, with_missing_metadata FROM v_quality_by_run ORDER BY run_id`);
    expect(rows).toEqual([
      { run_id: 'run-1', reports: 2, extracted: 2, read_whole: 1, with_unreadable_cells: 0, with_identity_failures: 1, with_missing_metadata: 0 },
      { run_id: 'run-2', reports: 3, extracted: 2, read_whole: 1, with_unreadable_cells: 1, with_identity_failures: 0, with_missing_metadata: 1 },
    ]);
  });

  it('count the whole warehouse in one row', async () => {
    expect(await queryRows(wh.conn, `SELECT reports, read_whole, read_whole_pct, with_tables_missing FROM v_quality_overall`)).toEqual([
      { reports: 4, read_whole: 1, read_whole_pct: 25, with_tables_missing: 0 },
    ]);
  });
});

describe('the status block', () => {
  it('gives the warehouse and the last run, and lists the worst reports first: missing metadata, then unreadable cells, then identities', async () => {
    const figure = await qualityFigure(wh.conn);
    expect(figure.scopes.map((s) => [s.scope, s.reports, s.read_whole])).toEqual([['warehouse', 4, 1], ['last run', 3, 1]]);
    expect(figure.worst.map((w) => w.source)).toEqual(['nameless.txt', 'unreadable.txt', 'identity.txt']);
  });
});

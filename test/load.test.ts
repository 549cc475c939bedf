// The load stage and the CSV exports, on hand-built Report fixtures loaded into a temp warehouse.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allMetrics } from '../pipeline/core/catalogue.ts';
import type { Report, ReportCell } from '../pipeline/core/types.ts';
import {
  close, loadReports, openForReading, openForWriting, queryRows, reopen, reportIdOf,
  type LoadContext, type Warehouse,
} from '../pipeline/5-load/index.ts';
import { exportLong, exportView, LONG_EXPORTS } from '../pipeline/query/export.ts';
import { refreshRegions } from '../pipeline/5-load/regions.ts';

// ---- fixtures: hand-built reports, not extractor output ----

const cell = (metric: string, applicant: ReportCell['applicant'], raw: string, extra: Partial<ReportCell> = {}): ReportCell => {
  const n = Number(raw);
  const state = raw === '' ? 'blank' : raw === '—' ? 'dash' : Number.isFinite(n) ? 'number' : 'unreadable';
  return { metric, applicant, raw, state, value: state === 'number' ? n : null, ...extra };
};

function fixtureReport(over: Partial<Report> = {}): Report {
  return {
    source: 'fixture-a.txt',
    sha256: 'a'.repeat(64),
    bytes: 1234,
    format: 'text',
    encoding: 'gb18030',
    agency: '洪泽区人民政府',
    regionCode: '320813',
    year: 2021,
    template: '2021',
    published: '2022-01-28',
    title: '洪泽区人民政府2021年政府信息公开工作年度报告',
    status: 'loaded',
    profile: { kind: '人民政府', level: 'county', scope: 'own', regionMethod: 'unique_name', regionConfidence: 0.9 },
    sections: [
      { no: 1, title: '一、总体情况', text: '总体情况正文' },
      { no: 5, title: '五、存在的主要问题及改进情况', text: '问题一，"收费"\n问题二' },
    ],
    cells: [
      cell('t2.rules.issued', null, '3', { page: 2, x: 120.5, y: 300 }),
      cell('t2.rules.repealed', null, ''),
      cell('t2.rules.in_force', null, '—'),
      cell('t2.fees.amount', null, '12.5'),
      cell('t3.new', 'natural_person', '10'),
      cell('t3.new', 'commercial', '2'),
      cell('t3.new', 'total', '12', { inferred: true }),
      cell('t4.review.upheld', null, '1'),
      cell('t4.review.total', null, '0'),
    ],
    findings: [
      { check: 't4.group', severity: 'error', subject: 't4.review', expected: '1', actual: '0', message: 'total 0, parts sum to 1', stage: 'validate' },
      { check: 'cell.inferred', severity: 'info', subject: 't3.new/total', message: 'filled from t3.applicants, "as printed", with a comma', stage: 'extract' },
    ],
    ...over,
  };
}

const ORIGIN_A = '/data/reports/fixture-a.txt';

// ---- helpers ----

let dir: string;
let wh: Warehouse;
const ctx = (runId = 'run-1'): LoadContext => ({ runId, loadedAt: new Date('2026-01-02T03:04:05Z'), extractorVersion: 'test' });

async function counts(w: Warehouse = wh): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['fact_report', 'fact_table2', 'fact_table3', 'fact_table4', 'fact_finding', 'fact_section', 'dim_agency']) {
    const [row] = await queryRows(w.conn, `SELECT count(*)::INTEGER AS n FROM ${t}`);
    out[t] = row.n as number;
  }
  return out;
}

/** RFC 4180 reader, strict enough to catch a wrongly quoted field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
      if (i < text.length && text[i] !== ',' && text[i] !== '\n') throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
        if (text[i] === '"' || text[i] === '\r') throw new Error(`unquoted ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    if (text[i] === ',') (row.push(field), (field = ''), i++);
    else if (text[i] === '\n' || i >= text.length) (row.push(field), rows.push(row), (row = []), (field = ''), i++);
  }
  return rows;
}

async function exportText(kind: 'reports' | 'cells' | 'findings', w: Warehouse = wh): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportLong(w.conn, kind, out);
  return Buffer.concat(chunks).toString('utf8');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-load-'));
  wh = await openForWriting(join(dir, 'w.duckdb'));
});
afterEach(() => {
  close(wh);
  rmSync(dir, { recursive: true, force: true });
});

// ---- load ----

describe('loadReports', () => {
  it('loads a report into every fact table, keeping value, state and raw', async () => {
    const loaded = await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }], ctx());
    expect(loaded).toEqual({ reports: 1, cells: 9, findings: { error: 1, warning: 0, info: 1 } });
    expect(await counts()).toEqual({
      fact_report: 1, fact_table2: 4, fact_table3: 3, fact_table4: 2, fact_finding: 2, fact_section: 2, dim_agency: 1,
    });
    const t2 = await queryRows(wh.conn, 'SELECT metric, value, state, raw, inferred, page, x, y FROM fact_table2 ORDER BY metric');
    expect(t2).toEqual([
      { metric: 't2.fees.amount', value: 12.5, state: 'number', raw: '12.5', inferred: false, page: null, x: null, y: null },
      { metric: 't2.rules.in_force', value: null, state: 'dash', raw: '—', inferred: false, page: null, x: null, y: null },
      { metric: 't2.rules.issued', value: 3, state: 'number', raw: '3', inferred: false, page: 2, x: 120.5, y: 300 },
      { metric: 't2.rules.repealed', value: null, state: 'blank', raw: '', inferred: false, page: null, x: null, y: null },
    ]);
    const [t3total] = await queryRows(wh.conn, `SELECT value, inferred FROM fact_table3 WHERE metric = 't3.new' AND applicant = 'total'`);
    expect(t3total).toEqual({ value: 12, inferred: true });
    const [report] = await queryRows(
      wh.conn,
      `SELECT report_id, origin, strftime(published, '%Y-%m-%d') AS published, extractor_version, run_id, agency_level, region_confidence FROM fact_report`,
    );
    expect(report).toEqual({
      report_id: reportIdOf(ORIGIN_A), origin: ORIGIN_A, published: '2022-01-28', extractor_version: 'test', run_id: 'run-1',
      agency_level: 'county', region_confidence: 0.9,
    });
    const findings = await queryRows(wh.conn, `SELECT finding_no, "check", severity, expected, actual, stage FROM fact_finding ORDER BY finding_no`);
    expect(findings).toEqual([
      { finding_no: 0, check: 't4.group', severity: 'error', expected: '1', actual: '0', stage: 'validate' },
      { finding_no: 1, check: 'cell.inferred', severity: 'info', expected: null, actual: null, stage: 'extract' },
    ]);
  });

  it('reopening in place keeps every loaded row, drops DuckDB\'s cached blocks and its SET settings but the writer\'s', async () => {
    await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }], ctx());
    const rows = await counts();
    await wh.conn.run('CHECKPOINT');
    const vacuumTasks = async () => (await queryRows(wh.conn, "SELECT current_setting('max_vacuum_tasks') AS v"))[0].v;
    expect(await vacuumTasks()).toBe(0n);
    const threads = async () => (await queryRows(wh.conn, "SELECT current_setting('threads') AS t"))[0].t;
    const defaultThreads = await threads();
    await wh.conn.run('SET threads = 1');
    const cached = async () => Number((await queryRows(wh.conn, "SELECT memory_usage_bytes AS b FROM duckdb_memory() WHERE tag = 'BASE_TABLE'"))[0].b);
    await queryRows(wh.conn, 'SELECT * FROM fact_table3, fact_table2, fact_section');
    const before = await cached();
    await reopen(wh);
    // 6 MB cached before; what is left is what opening reads (the catalogue).
    expect(await cached()).toBeLessThan(before / 4);
    expect(await counts()).toEqual(rows);
    expect(await threads()).toEqual(defaultThreads);
    expect(await vacuumTasks()).toBe(0n);
  });

  it('re-loading the same report leaves exactly the same rows', async () => {
    await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }], ctx('run-1'));
    const first = await counts();
    await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }], ctx('run-2'));
    await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }, { report: fixtureReport(), origin: ORIGIN_A }], ctx('run-3'));
    expect(await counts()).toEqual(first);
    expect(await queryRows(wh.conn, 'SELECT run_id FROM fact_report')).toEqual([{ run_id: 'run-3' }]);
  });

  it('replaces by origin when the bytes change, and by source + sha256 when the file moves', async () => {
    await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }], ctx());
    const changed = fixtureReport({ sha256: 'b'.repeat(64), cells: fixtureReport().cells.slice(0, 2) });
    await loadReports(wh.conn, [{ report: changed, origin: ORIGIN_A }], ctx());
    expect((await counts()).fact_table2).toBe(2);
    await loadReports(wh.conn, [{ report: changed, origin: '/elsewhere/fixture-a.txt' }], ctx());
    expect(await queryRows(wh.conn, 'SELECT origin, sha256 FROM fact_report')).toEqual([{ origin: '/elsewhere/fixture-a.txt', sha256: 'b'.repeat(64) }]);
    // Another file with other bytes is another report.
    await loadReports(wh.conn, [{ report: fixtureReport({ source: 'fixture-b.txt', sha256: 'c'.repeat(64) }), origin: '/data/fixture-b.txt' }], ctx());
    expect((await counts()).fact_report).toBe(2);
  });

  it('a batch that fails to load leaves nothing of itself behind', async () => {
    await loadReports(wh.conn, [{ report: fixtureReport(), origin: ORIGIN_A }], ctx());
    const before = await counts();
    const good = { report: fixtureReport({ source: 'good.txt', sha256: 'd'.repeat(64) }), origin: '/data/good.txt' };
    const bad = { report: fixtureReport({ source: 'bad.txt', sha256: 'e'.repeat(64), year: 1e12 }), origin: ORIGIN_A };
    await expect(loadReports(wh.conn, [good, bad], ctx())).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it('stores cells it cannot place as findings instead of failing the report', async () => {
    const report = fixtureReport({
      cells: [cell('t2.rules.issued', null, '1'), cell('t2.rules.issued', null, '2'), cell('t3.new', null, '5'), cell('x.unknown', null, '1')],
      findings: [],
      published: '2022年1月',
    });
    await loadReports(wh.conn, [{ report, origin: ORIGIN_A }], ctx());
    expect((await counts()).fact_table2).toBe(1);
    const checks = await queryRows(wh.conn, `SELECT "check", subject FROM fact_finding ORDER BY finding_no`);
    expect(checks).toEqual([
      { check: 'load.cell_rejected', subject: 't2.rules.issued' },
      { check: 'load.cell_rejected', subject: 't3.new' },
      { check: 'load.cell_rejected', subject: 'x.unknown' },
      { check: 'load.published_unparsed', subject: 'published' },
    ]);
  });

  it('keeps a failed report with no cells and its finding', async () => {
    const failed = fixtureReport({
      status: 'failed', template: null, agency: null, year: null, cells: [], sections: [],
      findings: [{ check: 'extract.failed', severity: 'error', subject: 'file', message: 'boom', stage: 'extract' }],
    });
    await loadReports(wh.conn, [{ report: failed, origin: ORIGIN_A }], ctx());
    expect(await counts()).toMatchObject({ fact_report: 1, fact_finding: 1, fact_table2: 0, dim_agency: 0 });
  });
});

describe('dimensions', () => {
  it('fills dim_metric and dim_applicant from the catalogue, and dim_agency from the reports', async () => {
    const [m] = await queryRows(wh.conn, 'SELECT count(*)::INTEGER AS n FROM dim_metric');
    expect(m.n).toBe(allMetrics().length);
    const applicants = await queryRows(wh.conn, 'SELECT code FROM dim_applicant ORDER BY sort_order');
    expect(applicants.map((a) => a.code)).toEqual(['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total']);
    await loadReports(wh.conn, [
      { report: fixtureReport({ year: 2020, profile: { ...fixtureReport().profile, kind: 'old kind' } }), origin: '/a/2020.txt' },
      { report: fixtureReport({ source: '2021.txt', sha256: 'f'.repeat(64) }), origin: '/a/2021.txt' },
    ], ctx());
    expect(await queryRows(wh.conn, 'SELECT name, region_code, kind, first_year, last_year, reports FROM dim_agency')).toEqual([
      { name: '洪泽区人民政府', region_code: '320813', kind: '人民政府', first_year: 2020, last_year: 2021, reports: 2 },
    ]);
  });

  it('fills dim_region from the installed division data, with its hierarchy', async () => {
    expect(await queryRows(wh.conn, "SELECT name, level, parent_code, province_code, prefecture_code, path FROM dim_region WHERE code = '320813'")).toEqual([
      { name: '洪泽区', level: 'county', parent_code: '320800', province_code: '320000', prefecture_code: '320800', path: '江苏省/淮安市/洪泽区' },
    ]);
    expect(await queryRows(wh.conn, "SELECT level, count(*)::INTEGER AS n FROM dim_region WHERE level <> 'township' GROUP BY level ORDER BY level")).toEqual([
      { level: 'county', n: 2850 }, { level: 'prefecture', n: 333 }, { level: 'province', n: 31 },
    ]);
  });

  it('refills dim_region when a row differs from the installed data, even at the same count', async () => {
    await wh.conn.run("UPDATE dim_region SET name = '改名区', path = '江苏省/淮安市/改名区' WHERE code = '320813'");
    await refreshRegions(wh.conn);
    expect(await queryRows(wh.conn, "SELECT name, path FROM dim_region WHERE code = '320813'")).toEqual([{ name: '洪泽区', path: '江苏省/淮安市/洪泽区' }]);
  });
});

// ---- exports ----

describe('CSV exports', () => {
  beforeEach(async () => {
    await loadReports(wh.conn, [
      { report: fixtureReport(), origin: ORIGIN_A },
      { report: fixtureReport({ source: 'b,"odd"\nname.txt', sha256: '1'.repeat(64), agency: '某局', regionCode: null, published: null }), origin: '/data/b' },
    ], ctx());
  });

  it('have exactly the columns of cells-export.md', async () => {
    expect(parseCsv(await exportText('reports'))[0]).toEqual(['source', 'agency', 'region_code', 'year', 'template', 'format', 'encoding', 'published', 'status']);
    expect(parseCsv(await exportText('cells'))[0]).toEqual(['source', 'agency', 'region_code', 'year', 'template', 'metric', 'applicant', 'value', 'state', 'raw']);
    expect(parseCsv(await exportText('findings'))[0]).toEqual(['source', 'check', 'severity', 'subject', 'expected', 'actual', 'message']);
    for (const kind of Object.keys(LONG_EXPORTS) as (keyof typeof LONG_EXPORTS)[]) {
      const rows = parseCsv(await exportText(kind));
      expect(rows.every((r) => r.length === LONG_EXPORTS[kind].columns.length)).toBe(true);
    }
  });

  it('quote commas, quotes and newlines per RFC 4180, and round-trip them', async () => {
    const text = await exportText('reports');
    expect(text).toContain('"b,""odd""\nname.txt"');
    const rows = parseCsv(text).slice(1);
    expect(rows.map((r) => r[0]).sort()).toEqual(['b,"odd"\nname.txt', 'fixture-a.txt']);
    const a = rows.find((r) => r[0] === 'fixture-a.txt')!;
    expect(a).toEqual(['fixture-a.txt', '洪泽区人民政府', '320813', '2021', '2021', 'text', 'gb18030', '2022-01-28', 'loaded']);
    const findings = parseCsv(await exportText('findings'));
    expect(findings).toContainEqual(['fixture-a.txt', 'cell.inferred', 'info', 't3.new/total', '', '', 'filled from t3.applicants, "as printed", with a comma']);
  });

  it('write blanks as an empty value with state blank, and order cells by the catalogue', async () => {
    const rows = parseCsv(await exportText('cells')).slice(1).filter((r) => r[0] === 'fixture-a.txt');
    const byMetric = (m: string, a = '') => rows.find((r) => r[5] === m && r[6] === a)!.slice(7);
    expect(byMetric('t2.rules.repealed')).toEqual(['', 'blank', '']);
    expect(byMetric('t2.rules.in_force')).toEqual(['', 'dash', '—']);
    expect(byMetric('t2.rules.issued')).toEqual(['3', 'number', '3']);
    expect(byMetric('t2.fees.amount')).toEqual(['12.5', 'number', '12.5']);
    expect(byMetric('t3.new', 'total')).toEqual(['12', 'number', '12']);
    expect(rows.map((r) => `${r[5]}/${r[6]}`)).toEqual([
      't2.rules.issued/', 't2.rules.repealed/', 't2.rules.in_force/', 't2.fees.amount/',
      't3.new/natural_person', 't3.new/commercial', 't3.new/total', 't4.review.upheld/', 't4.review.total/',
    ]);
  });

  it('are byte-identical when exported twice, and readable from a READ_ONLY open', async () => {
    close(wh);
    const reader = await openForReading(join(dir, 'w.duckdb'));
    try {
      expect(await exportText('cells', reader)).toBe(await exportText('cells', reader));
    } finally {
      close(reader);
      wh = await openForWriting(join(dir, 'w.duckdb'));
    }
  });

  it('export any view by name', async () => {
    await wh.conn.run(`CREATE OR REPLACE VIEW v_fixture AS SELECT source, year, published FROM fact_report ORDER BY source`);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await exportView(wh.conn, 'v_fixture', out);
    expect(parseCsv(Buffer.concat(chunks).toString('utf8'))).toEqual([
      ['source', 'year', 'published'],
      ['b,"odd"\nname.txt', '2021', ''],
      ['fixture-a.txt', '2021', '2022-01-28'],
    ]);
    await expect(exportView(wh.conn, 'no_such_view', new PassThrough())).rejects.toThrow(/no view named/);
  });
});

describe('the DuckDB library', () => {
  it('is loaded only through pipeline/5-load/duckdb.ts, after its allocator is told to return freed pages at once', () => {
    const root = new URL('../pipeline/', import.meta.url);
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    // A value import (or re-export) loads the library; `import type` is erased.
    const loaders = sources.filter((f) => /^(?:import|export)\s+(?!type\s)[^;]*from '@duckdb\/node-api'/m.test(readFileSync(new URL(f, root), 'utf8')));
    expect(loaders).toEqual(['5-load/duckdb.ts']);
    const wrapper = readFileSync(new URL('5-load/duckdb.ts', root), 'utf8');
    expect(wrapper.indexOf("import './allocator.ts'")).toBeLessThan(wrapper.indexOf("from '@duckdb/node-api'"));
    expect(process.env.DUCKDB_JE_MALLOC_CONF).toMatch(/dirty_decay_ms:0/);
  });
});

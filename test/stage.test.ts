// Staged loading (pipeline/5-load/stage.ts) stores exactly what the Appender stores: the same report,
// loaded both ways into two warehouses, reads back identically, hostile values included.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Report, ReportCell } from '../pipeline/core/types.ts';
import { appendRows } from '../pipeline/5-load/append.ts';
import { reportRows } from '../pipeline/5-load/rows.ts';
import { close, loadReports, openForWriting, queryRows, serialiseReport, StagedBatch, type Warehouse } from '../pipeline/5-load/index.ts';
import { FACT_TABLES, type SerialisedReport } from '../pipeline/5-load/stage.ts';

const TABLES = ['fact_report', 'fact_table2', 'fact_table3', 'fact_table4', 'fact_legacy', 'fact_finding', 'fact_section'];
const ctx = { runId: 'run-"1"', loadedAt: new Date('2026-01-02T03:04:05.678Z'), extractorVersion: 'v,1' };

const HOSTILE = ['', ' ', '"', '""', ',', '\n', '\r\n', 'a\nb', '\\N', 'NULL', 'null', '—', '  12 ', '洪泽区，"收费"\n第二行', '😀𠀀', "it's", '\t'];
const DOUBLES = [0.1 + 0.2, 1e-300, 5e-324, 1.7976931348623157e308, -0, 123456789.12345679, -42, 1e21, 2 ** 53 + 2, 1 / 3];

function hostileReport(): Report {
  const cells: ReportCell[] = [];
  const t2 = ['t2.rules.issued', 't2.rules.repealed', 't2.rules.in_force', 't2.fees.amount', 't2.normative.issued', 't2.normative.repealed'];
  t2.forEach((metric, i) => cells.push({ metric, applicant: null, raw: HOSTILE[i], state: 'number', value: DOUBLES[i], page: i, x: DOUBLES[i + 1], inferred: i % 2 === 0 }));
  HOSTILE.forEach((raw, i) => cells.push({ metric: `t3.m${i}`, applicant: 'total', raw, state: raw === '' ? 'blank' : 'unreadable', value: null, x: 0.1 * i }));
  DOUBLES.forEach((value, i) => cells.push({ metric: `t4.m${i}`, applicant: null, raw: String(value), state: 'number', value }));
  HOSTILE.forEach((raw, i) => cells.push({ metric: `legacy.m${i}`, applicant: null, raw, state: 'number', value: DOUBLES[i % DOUBLES.length], page: i, legacy: { unit: i % 3 ? raw : null, foundBy: i % 2 ? 'table' : 'sentence', evidence: HOSTILE[(i + 1) % HOSTILE.length] } }));
  return {
    source: 'a,"b"\nc.txt', sha256: 'a'.repeat(64), bytes: 1234, format: 'text', encoding: '', agency: '某局"办公室"', regionCode: null,
    year: 2021, template: '2021', published: null, title: '', status: 'partial',
    profile: { kind: null, level: 'county', scope: null, regionMethod: null, regionConfidence: 1 / 3 },
    sections: HOSTILE.map((text, i) => ({ no: i, title: HOSTILE[(i + 3) % HOSTILE.length], text })),
    cells,
    findings: HOSTILE.map((s, i) => ({ check: `c${i}`, severity: 'warning', subject: s, expected: i % 2 ? s : undefined, actual: '', message: s, stage: 'validate', page: i })),
  };
}

let dir: string;
let staged: Warehouse;
let appended: Warehouse;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-stagetest-'));
  staged = await openForWriting(join(dir, 's.duckdb'));
  appended = await openForWriting(join(dir, 'a.duckdb'));
});
afterEach(() => {
  close(staged);
  close(appended);
  rmSync(dir, { recursive: true, force: true });
});

it('stores exactly what the Appender stores: doubles, NULL vs empty, quotes, newlines, CJK', async () => {
  const item = { report: hostileReport(), origin: '/data/a,"b"\nc.txt' };
  await loadReports(staged.conn, [item], ctx);
  const r = reportRows(item, ctx);
  for (const [table, rows] of [['fact_report', [r.report]], ['fact_table2', r.table2], ['fact_table3', r.table3], ['fact_table4', r.table4], ['fact_legacy', r.legacy], ['fact_finding', r.findings], ['fact_section', r.sections]] as const) {
    await appendRows(appended.conn, table, rows);
  }
  for (const table of TABLES) {
    const sql = `SELECT * FROM ${table} ORDER BY ALL`;
    const [a, s] = [await queryRows(appended.conn, sql), await queryRows(staged.conn, sql)];
    expect(s.length).toBeGreaterThan(0);
    expect(s).toEqual(a);
  }
  const t4 = await queryRows(staged.conn, `SELECT value FROM fact_table4 ORDER BY metric`);
  expect(t4.map((row) => row.value)).toEqual(DOUBLES);
  const blanks = await queryRows(staged.conn, `SELECT count(*)::INTEGER AS n FROM fact_table3 WHERE raw = ''`);
  expect(blanks[0].n).toBe(1);
  const [report] = await queryRows(staged.conn, `SELECT title, published, encoding, agency_kind, agency_scope FROM fact_report`);
  expect(report).toEqual({ title: '', published: null, encoding: '', agency_kind: null, agency_scope: null });
});

it('stages more than it buffers: every table file holds each report\'s lines in order, and a subset exactly its own', () => {
  // Sections of ~340 KB (more than the write-behind buffer holds: written at once) and of ~110 KB
  // (buffered, the buffer written out whenever the next would overflow it), alternating.
  const reports = Array.from({ length: 7 }, (_, i) => {
    const report = hostileReport();
    report.sections = [{ no: 1, title: `第${i}`, text: `${i}洪泽区"收费"\n`.repeat(i % 2 ? 16_000 : 5_000) }];
    return serialiseReport({ report, origin: `/data/${i}.txt` }, ctx);
  });
  const linesOf = (r: SerialisedReport, table: number) => {
    const start = r.csvLengths.slice(0, table).reduce((a, b) => a + b, 0);
    return Buffer.from(r.csv.subarray(start, start + r.csvLengths[table])).toString('utf8');
  };
  const batch = StagedBatch.create();
  let sub: StagedBatch | undefined;
  try {
    for (const r of reports) batch.add(r);
    FACT_TABLES.forEach((_, t) => {
      expect(readFileSync(batch.fileOf(t)!, 'utf8')).toBe(reports.map((r) => linesOf(r, t)).join(''));
    });
    sub = batch.subset([1, 4]);
    expect(sub.entries.map((e) => e.report.reportId)).toEqual([reports[1].reportId, reports[4].reportId]);
    FACT_TABLES.forEach((_, t) => {
      expect(readFileSync(sub!.fileOf(t)!, 'utf8')).toBe(linesOf(reports[1], t) + linesOf(reports[4], t));
    });
  } finally {
    batch.dispose();
    sub?.dispose();
  }
});

// `nianbao report` on the fixture warehouse: every section and table is there, every chart holds
// marks, and every number the tables print is the number the views give for the same warehouse.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { close, openForWriting, queryRows } from '../pipeline/5-load/index.ts';
import { buildReport, SECTIONS } from '../pipeline/report/index.ts';
import { svgOf } from '../pipeline/report/chart.ts';
import { provinceCode } from '../pipeline/report/command.ts';
import { useFixtureWarehouse } from './fixtures/warehouse.ts';
import { columnsOf, tablesOf, type PageTable } from './report-tables.ts';

const wh = useFixtureWarehouse('read');

/** Given a value from the page or the warehouse, returns it comparable: numbers as numbers, numeric text as a number. */
const comparable = (v: unknown) =>
  v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;

/** Given a page table and a query on a view, expects the table's columns to hold the query's rows, in order. */
async function expectTableEqualsView(table: PageTable | undefined, sql: string): Promise<void> {
  expect(table).toBeDefined();
  const rows = await queryRows(wh.conn, sql);
  expect(rows.length).toBeGreaterThan(0);
  const fields = Object.keys(rows[0]);
  expect(columnsOf(table!, fields)).toEqual(rows.map((r) => fields.map((f) => comparable(r[f]))));
}

/** Given an SVG, returns how many data marks (not axes, legends or frames) it draws. */
const marksIn = (svg: string) => [...svg.matchAll(/<g class="mark-\w+ role-mark[^"]*"[^>]*>(<(path|line|rect)[^>]*>)/g)].length;

describe('nianbao report, on the fixture warehouse', () => {
  let html = '';
  let tables: PageTable[] = [];
  const table = (part: string) => tables.find((t) => t.part === part);

  it('builds one page with every section, and a table for every part with rows', async () => {
    html = await buildReport(wh.conn, '/fixtures/w.duckdb');
    tables = tablesOf(html);
    for (const section of SECTIONS) {
      expect(html).toContain(`<section id="${section.id}"`);
      section.parts.forEach((_, i) => expect(html).toContain(`id="${section.id}-${i + 1}"`));
    }
    expect(tables.map((t) => t.part)).toEqual(SECTIONS.flatMap((s) => s.parts.map((_, i) => `${s.id}-${i + 1}`)));
  });

  it('loads nothing and runs nothing: no script, no link, no remote URL', () => {
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.match(/https?:\/\/[^"'\s<]+/g)?.filter((u) => !u.startsWith('http://www.w3.org/')) ?? []).toEqual([]);
  });

  it('draws every chart as an SVG that holds marks', () => {
    const svgs = [...html.matchAll(/<figure class="chart">(<svg[\s\S]*?<\/svg>)<\/figure>/g)].map((m) => m[1]);
    expect(svgs.length).toBe(SECTIONS.flatMap((s) => s.parts.flatMap((p) => p.charts)).length);
    for (const svg of svgs) expect(marksIn(svg)).toBeGreaterThan(0);
  });

  it('prints the numbers of the views: applications and disputes by year', async () => {
    await expectTableEqualsView(table('applications-1'), `
      SELECT year, reports, received, processed, disclosure_rate, granted_share, partial_share, denied_share, unavailable_share, rejected_share, other_share
      FROM v_summary_by_year ORDER BY year`);
    await expectTableEqualsView(table('disputes-1'), `
      SELECT year, reports, review_total, suit_direct_total, suit_after_review_total, review_correction_rate, suit_direct_correction_rate, suit_after_review_correction_rate, dispute_rate
      FROM v_summary_by_year ORDER BY year`);
  });

  it('prints the numbers of the views: provinces, disclosure-rate quartiles, agencies, runs', async () => {
    await expectTableEqualsView(table('applications-2'), `
      SELECT province_code AS code, province_name AS area, year, reports, received, disclosure_rate
      FROM v_summary_by_province_year ORDER BY province_code, year`);
    await expectTableEqualsView(table('disclosure-rate-1'), `
      SELECT level_zh, year, reports, min, p25, median, p75, max
      FROM v_spread_of_disclosure_rate_by_level_year WHERE area = 'country'
      ORDER BY list_position(['national', 'province', 'prefecture', 'county', 'township', 'other'], agency_level), year`);
    await expectTableEqualsView(table('disputes-2'), `
      SELECT agency, year, disputes, review_total, suit_direct_total, suit_after_review_total, dispute_rate
      FROM v_report_disputes WHERE disputes > 0 AND in_aggregates ORDER BY disputes DESC, agency, year`);
    await expectTableEqualsView(table('runs-1'), `
      SELECT run_id, seconds, status, files_seen, loaded, partial, unchanged, not_report, failed, findings_error
      FROM v_run_outcomes ORDER BY started_at DESC`);
  });

  it('prints the counts of the views: coverage, quality, findings', async () => {
    await expectTableEqualsView(table('coverage-2'), `
      SELECT province_code, sum(reports) AS reports FROM v_coverage_by_province_year GROUP BY ALL ORDER BY reports DESC, province_code`);
    await expectTableEqualsView(table('quality-1'), `
      SELECT run_id, reports, extracted, read_whole, with_unreadable_cells, with_tables_missing, with_identity_failures, with_missing_metadata
      FROM v_quality_by_run ORDER BY started_at DESC`);
    const counted = await queryRows(wh.conn, `SELECT count(*) AS files FROM fact_report`);
    expect(columnsOf(table('coverage-1')!, ['reports']).flat().reduce((a, b) => Number(a) + Number(b), 0)).toBe(Number(counted[0].files));
    const judged = await queryRows(wh.conn, `SELECT count(*) AS reports, count(*) FILTER (WHERE read_whole) AS read_whole FROM v_quality_by_report`);
    const byFormat = columnsOf(table('quality-2')!, ['reports', 'read_whole']);
    expect(byFormat.reduce((sum, [reports]) => sum + Number(reports), 0)).toBe(Number(judged[0].reports));
    expect(byFormat.reduce((sum, [, whole]) => sum + Number(whole), 0)).toBe(Number(judged[0].read_whole));
    const findings = await queryRows(wh.conn, `SELECT "check", severity, count(*) AS findings FROM fact_finding GROUP BY ALL ORDER BY findings DESC, "check", severity LIMIT 20`);
    expect(columnsOf(table('quality-3')!, ['check', 'severity', 'findings'])).toEqual(findings.map((r) => [r.check, r.severity, Number(r.findings)]));
    const toLookAt = await queryRows(wh.conn, `SELECT source FROM v_quality_by_report WHERE NOT read_whole ORDER BY source`);
    expect(columnsOf(table('quality-4')!, ['source']).flat().sort()).toEqual(toLookAt.map((r) => r.source));
  });

  it('prints a blank as an empty cell, never as 0', async () => {
    const blanks = await queryRows(wh.conn, `SELECT count(*) AS n FROM v_summary_by_year WHERE review_correction_rate IS NULL OR suit_direct_correction_rate IS NULL`);
    expect(Number(blanks[0].n)).toBeGreaterThan(0);
    const rates = columnsOf(table('disputes-1')!, ['review_correction_rate', 'suit_direct_correction_rate']).flat();
    expect(rates).toContain(null);
  });

  it('narrows to one province and years: its own series, its prefectures as small multiples', async () => {
    const page = tablesOf(await buildReport(wh.conn, '/fixtures/w.duckdb', { province: '320000', from: 2021, to: 2021 }));
    const part = (id: string) => page.find((t) => t.part === id);
    await expectTableEqualsView(part('applications-1'), `
      SELECT year, reports, received, disclosure_rate FROM v_summary_by_province_year WHERE province_code = '320000' AND year = 2021`);
    await expectTableEqualsView(part('applications-2'), `
      SELECT prefecture_code AS code, year, received FROM v_summary_by_prefecture_year
      WHERE left(prefecture_code, 2) = '32' AND year = 2021 ORDER BY prefecture_code, year`);
    expect(columnsOf(part('coverage-2')!, ['province_code']).flat()).toEqual([320000]);
  });
});

describe('a warehouse written before the report\'s views existed', () => {
  it('is refused with the views it lacks and how to bring them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-report-old-'));
    const wh = await openForWriting(join(dir, 'w.duckdb'));
    try {
      await wh.conn.run('DROP VIEW v_run_outcomes');
      await expect(buildReport(wh.conn, join(dir, 'w.duckdb'))).rejects.toThrow(/lacks the views v_run_outcomes: .*nianbao ingest/);
    } finally {
      close(wh);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('charts', () => {
  it('leave out a blank instead of drawing it as zero', async () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'received', type: 'quantitative' } } } as const;
    const both = await svgOf(spec, [{ year: 2020, received: 3 }, { year: 2021, received: 0 }]);
    const oneBlank = await svgOf(spec, [{ year: 2020, received: 3 }, { year: 2021, received: null }]);
    const bars = (svg: string) => svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/)![1].match(/<path/g)?.length ?? 0;
    expect(bars(both)).toBe(2);
    expect(bars(oneBlank)).toBe(1);
  });

  it('render Chinese labels as text in the SVG', async () => {
    const svg = await svgOf({ mark: 'bar', encoding: { y: { field: 'p', type: 'nominal' }, x: { field: 'n', type: 'quantitative' } } }, [{ p: '黑龙江省', n: 2 }]);
    expect(svg).toContain('黑龙江省');
    expect(svg).toMatch(/font-family="[^"]*Noto Sans CJK SC/);
  });
});

describe('--province', () => {
  it('takes a 2- or 6-digit province code and rejects anything else', () => {
    expect(provinceCode('35')).toBe('350000');
    expect(provinceCode('350000')).toBe('350000');
    expect(() => provinceCode('350100')).toThrow(/province code/);
    expect(() => provinceCode('福建')).toThrow(/province code/);
  });
});

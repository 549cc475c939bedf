// The series from 2008 to today (dim_series_crosswalk, v_legacy_report, v_series_*) on the fixture
// warehouse of test/fixtures/warehouse.ts plus reports before 2019: fixture texts (fictional
// agencies and numbers) read by the real pipeline as legacy reports, their figures inserted into
// fact_legacy as the legacy reader would leave them. Every expected figure is worked out by hand.
//
//   A 南京市玄武区人民政府   2010 table (and a 累计 column) · 2012 sentences only · 2015 table, a blank
//                          and a dash, requests in 条 · 2018 table, loaded twice (the later copy
//                          counts) · then 2020 (2019 template) and 2021 (2021 template) of the fixture
//   B 南京市秦淮区人民政府   2015 table
//   J 南京市人民政府         2015, a 全市 jurisdiction summary: listed, never summed
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadReports, openForWriting, queryRows, type LoadItem, type Warehouse } from '../pipeline/5-load/index.ts';
import { SERIES } from '../pipeline/core/crosswalk.ts';
import { SUMMARY_GROUPINGS, summaryCsv, type SummaryGrouping } from '../pipeline/query/summary.ts';
import { readDocument } from './fixtures/read.ts';
import { AGENCIES, buildFixtureWarehouse, useFixtureWarehouse, withWarehouse } from './fixtures/warehouse.ts';

type State = 'number' | 'blank' | 'dash';
/** One fact_legacy row: code, value as printed (a number, '' blank, '—' dash), unit, how it was found, evidence. */
type LegacyFigure = [metric: string, raw: string, unit: string | null, foundBy: 'table' | 'sentence', evidence: string];

interface LegacyFixture {
  agency: string;
  year: number;
  opening?: string;
  figures: LegacyFigure[];
}

/** Given a legacy fixture, returns its report's text: the 2008 outline, no figures (those go straight into fact_legacy). */
function legacyText(r: LegacyFixture): string {
  return [
    `${r.agency}${r.year}年政府信息公开工作年度报告`,
    '一、概述',
    `（测试夹具：虚构机关、虚构数字，不是真实报告。）${r.opening ?? ''}`,
    '二、主动公开政府信息情况', '三、依申请公开政府信息情况', '四、收费及减免情况',
    '五、因政府信息公开申请行政复议、提起行政诉讼的情况', '六、存在的主要问题及改进措施', '七、其他需要报告的事项', '无。',
    r.agency, `${r.year + 1}年3月1日`, '',
  ].join('\n');
}

const table = (metric: string, raw: string, label: string, unit: string | null = '件'): LegacyFigure => [metric, raw, unit, 'table', label];

const LEGACY: Record<string, LegacyFixture> = {
  A2010: {
    agency: AGENCIES.A, year: 2010,
    figures: [
      table('legacy.proactive.total', '1200', '主动公开政府信息数', '条'),
      table('legacy.requests.total', '8', '收到申请数'),
      table('legacy.requests.total.cumulative', '20', '收到申请数'),
      table('legacy.replies.already_public', '1', '属于已主动公开范围数'),
      table('legacy.replies.granted', '5', '同意公开答复数'),
      table('legacy.replies.partial', '1', '同意部分公开答复数'),
      table('legacy.replies.denied', '1', '不同意公开答复数'),
      table('legacy.review.total', '1', '行政复议数'),
      table('legacy.suit.total', '0', '行政诉讼数'),
      table('legacy.fees.total', '35', '依申请公开信息收取的费用', '元'),
    ],
  },
  A2012: {
    agency: AGENCIES.A, year: 2012,
    figures: [
      ['legacy.proactive.total', '1500', '条', 'sentence', '2012年全区主动公开政府信息1500条。'],
      ['legacy.requests.total', '9', '件', 'sentence', '本年度共受理政府信息公开申请9件。'],
    ],
  },
  A2015: {
    agency: AGENCIES.A, year: 2015,
    figures: [
      table('legacy.requests.total', '12', '受理依申请公开信息总数', '条'),
      table('legacy.replies.granted', '7', '同意公开答复数'),
      table('legacy.replies.partial', '2', '同意部分公开答复数'),
      table('legacy.replies.denied', '', '不同意公开答复数'),
      table('legacy.review.total', '0', '行政复议数'),
      table('legacy.suit.total', '—', '行政诉讼数'),
    ],
  },
  A2018early: { agency: AGENCIES.A, year: 2018, figures: [table('legacy.requests.total', '10', '收到申请数')] },
  A2018: { agency: AGENCIES.A, year: 2018, figures: [table('legacy.requests.total', '11', '收到申请数')] },
  B2015: {
    agency: AGENCIES.B, year: 2015,
    figures: [table('legacy.requests.total', '5', '收到申请数'), table('legacy.review.total', '2', '行政复议数')],
  },
  J2015: {
    agency: AGENCIES.J, year: 2015, opening: '全市各级行政机关的政府信息公开工作情况汇总如下。',
    figures: [table('legacy.requests.total', '100', '收到申请数')],
  },
};

/** Given a printed figure, returns its state and value (元 converted to 万元, as fact_legacy keeps fees). */
function cellOf(raw: string, unit: string | null): { state: State; value: number | null } {
  if (raw === '') return { state: 'blank', value: null };
  if (raw === '—') return { state: 'dash', value: null };
  return { state: 'number', value: unit === '元' ? Number(raw) / 10_000 : Number(raw) };
}

/** Given a legacy fixture key, returns the report the pipeline reads from its text. */
const readLegacy = (key: string): Promise<LoadItem> =>
  readDocument(`${key}.txt`, `/fixtures/legacy/${key}.txt`, new TextEncoder().encode(legacyText(LEGACY[key])));

/** Given a writable warehouse, loads the legacy fixtures (A2018early a day before the rest) and inserts their figures. */
async function addLegacyReports(wh: Warehouse): Promise<void> {
  const runs = [
    { runId: 'legacy-1', loadedAt: new Date('2026-01-03T02:00:00Z'), keys: ['A2018early'] },
    { runId: 'legacy-2', loadedAt: new Date('2026-01-04T02:00:00Z'), keys: Object.keys(LEGACY).filter((k) => k !== 'A2018early') },
  ];
  for (const run of runs) {
    await loadReports(wh.conn, await Promise.all(run.keys.map(readLegacy)), { ...run, extractorVersion: 'fixture' });
  }
  for (const [key, fixture] of Object.entries(LEGACY)) {
    for (const [metric, raw, unit, foundBy, evidence] of fixture.figures) {
      const { state, value } = cellOf(raw, unit);
      await wh.conn.run(
        `INSERT INTO fact_legacy (report_id, metric, value, state, raw, unit, found_by, evidence)
         SELECT report_id, $2, $3, $4, $5, $6, $7, $8 FROM fact_report WHERE source = $1`,
        [`${key}.txt`, metric, value, state, raw, unit, foundBy, evidence],
      );
    }
  }
}

/** Given a path, builds the fixture warehouse there with the legacy reports added. */
async function buildSeriesWarehouse(path: string): Promise<void> {
  await buildFixtureWarehouse(path);
  await withWarehouse(openForWriting(path), addLegacyReports, true);
}

const wh = useFixtureWarehouse('read', buildSeriesWarehouse);
const rows = (sql: string, params?: (string | number)[]) => queryRows(wh.conn, sql, params);

/** Given an agency and a year, returns its series as metric → [value, source]. */
async function seriesOf(agency: string, year: number): Promise<Record<string, [unknown, unknown]>> {
  const found = await rows('SELECT metric, value, source FROM v_series_by_agency_year_metric WHERE agency = $1 AND year = $2', [agency, year]);
  return Object.fromEntries(found.map((r) => [r.metric, [r.value, r.source]]));
}

describe('dim_series_crosswalk', () => {
  it('has every series for every template, each with a note; templated parts are columns of v_report_statistics', async () => {
    const crosswalk = await rows('SELECT metric, template, parts, note FROM dim_series_crosswalk ORDER BY sort_order, template');
    expect(crosswalk).toHaveLength(SERIES.length * 3);
    expect(crosswalk.every((r) => String(r.note).length > 20)).toBe(true);
    const columns = new Set((await rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'v_report_statistics'")).map((r) => r.column_name));
    for (const r of crosswalk.filter((c) => c.template !== 'legacy' && c.parts !== null)) {
      for (const part of String(r.parts).split(' + ')) expect(columns.has(part), `${r.metric} ${r.template}: ${part}`).toBe(true);
    }
    expect(crosswalk.find((r) => r.metric === 'suit_total' && r.template === '2021')?.parts).toBe('suit_direct_total + suit_after_review_total');
    expect(crosswalk.filter((r) => r.parts === null).map((r) => `${r.metric} ${r.template}`)).toEqual([
      'proactive_total 2019', 'proactive_total 2021', 'request_fees 2019', 'request_fees 2021',
    ]);
  });

  it('every series has its columns in the rollup and the per-agency summary', async () => {
    const columnsOf = async (view: string) =>
      (await rows('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [view])).map((r) => r.column_name);
    const rollup = await columnsOf('v_series_rollup');
    const perAgency = await columnsOf('v_series_summary_by_agency_year');
    for (const { metric } of SERIES) {
      expect(rollup).toContain(metric);
      expect(rollup).toContain(`${metric}_reports`);
      expect(perAgency).toContain(metric);
    }
  });
});

describe('v_legacy_report', () => {
  it('places and flags legacy reports as v_report does: the later copy current, the 全市 summary out of sums', async () => {
    const all = await rows('SELECT source, year, province_name, is_current, is_jurisdiction, in_aggregates FROM v_legacy_report ORDER BY source');
    expect(all.map((r) => [r.source, r.is_current, r.is_jurisdiction, r.in_aggregates])).toEqual([
      ['A2010.txt', true, false, true], ['A2012.txt', true, false, true], ['A2015.txt', true, false, true],
      ['A2018.txt', true, false, true], ['A2018early.txt', false, false, false],
      ['B2015.txt', true, false, true], ['J2015.txt', true, true, false],
    ]);
    expect(all.every((r) => r.province_name === '江苏省')).toBe(true);
  });
});

describe('v_series_by_agency_year_metric', () => {
  it('gives one row per agency × year × metric', async () => {
    const [grain] = await rows('SELECT count(*) AS n, count(DISTINCT (agency_key, year, metric)) AS keys FROM v_series_by_agency_year_metric');
    expect(grain.n).toBe(grain.keys);
  });

  it('one agency’s requests received from 2010 to 2021, legacy table and sentence, 2019 and 2021 templates', async () => {
    const found = await rows(`
      SELECT year, value, source, template, printed_unit FROM v_series_by_agency_year_metric
      WHERE agency = $1 AND metric = 'received' ORDER BY year`, [AGENCIES.A]);
    expect(found.map((r) => [r.year, r.value, r.source, r.template, r.printed_unit])).toEqual([
      [2010, 8, 'legacy_table', 'legacy', '件'],
      [2012, 9, 'legacy_sentence', 'legacy', '件'],
      [2015, 12, 'legacy_table', 'legacy', '条'],
      [2018, 11, 'legacy_table', 'legacy', '件'],
      [2020, 13, '2019_template', '2019', null],
      [2021, 24, '2021_template', '2021', null],
    ]);
  });

  it('a legacy table gives every headline figure it prints, fees in 万元; a 累计 column and rows off the crosswalk give none', async () => {
    expect(await seriesOf(AGENCIES.A, 2010)).toEqual({
      received: [8, 'legacy_table'], granted: [5, 'legacy_table'], partial: [1, 'legacy_table'], denied: [1, 'legacy_table'],
      review_total: [1, 'legacy_table'], suit_total: [0, 'legacy_table'], proactive_total: [1200, 'legacy_table'], request_fees: [0.0035, 'legacy_table'],
    });
    const [fees] = await rows("SELECT unit, printed_unit, evidence, note FROM v_series_by_agency_year_metric WHERE year = 2010 AND metric = 'request_fees'");
    expect(fees).toMatchObject({ unit: 'wan_yuan', printed_unit: '元', evidence: '依申请公开信息收取的费用' });
    expect(fees.note).toBe(SERIES.find((s) => s.metric === 'request_fees')!.sources.find((s) => s.template === 'legacy')!.note);
  });

  it('sentences give what they state, with the sentence as evidence; blank and dash stay NULL', async () => {
    expect(await seriesOf(AGENCIES.A, 2012)).toEqual({ received: [9, 'legacy_sentence'], proactive_total: [1500, 'legacy_sentence'] });
    const [evidence] = await rows("SELECT evidence FROM v_series_by_agency_year_metric WHERE year = 2012 AND metric = 'received'");
    expect(evidence.evidence).toBe('本年度共受理政府信息公开申请9件。');
    const a2015 = await seriesOf(AGENCIES.A, 2015);
    expect(a2015.denied).toEqual([null, 'legacy_table']);
    expect(a2015.suit_total).toEqual([null, 'legacy_table']);
    expect(a2015.review_total).toEqual([0, 'legacy_table']);
  });

  it('templated years: the v_report_statistics figures, suits as direct + after review, nothing for what the templates lack', async () => {
    expect(await seriesOf(AGENCIES.A, 2020)).toEqual({
      received: [13, '2019_template'], granted: [6, '2019_template'], partial: [2, '2019_template'], denied: [2, '2019_template'],
      review_total: [4, '2019_template'], suit_total: [2, '2019_template'],
    });
    expect(await seriesOf(AGENCIES.A, 2021)).toMatchObject({ review_total: [5, '2021_template'], suit_total: [4, '2021_template'] });
    // C 2021 prints its 行政复议 group blank: review_total NULL, suits 0 + 0.
    expect(await seriesOf(AGENCIES.C, 2021)).toMatchObject({ review_total: [null, '2021_template'], suit_total: [0, '2021_template'], partial: [null, '2021_template'] });
  });
});

describe('series summaries', () => {
  it('by year: legacy years summed as the templated ones, with the reports each sum covers', async () => {
    const byYear = Object.fromEntries((await rows('SELECT * FROM v_series_summary_by_year')).map((r) => [r.year, r]));
    expect(Object.keys(byYear)).toEqual(['2010', '2012', '2015', '2018', '2020', '2021', '2022']);
    expect(byYear[2015]).toMatchObject({
      reports: 2, reports_legacy: 2, reports_2019_template: 0, received: 17, received_reports: 2,
      denied: null, denied_reports: 0, review_total: 2, review_total_reports: 2, suit_total: null, suit_total_reports: 0,
    });
    expect(byYear[2010]).toMatchObject({ reports: 1, received: 8, request_fees: 0.0035, proactive_total: 1200 });
  });

  it('templated years agree with v_summary_by_year', async () => {
    const pairs = await rows(`
      SELECT s.year, s.reports, t.reports AS t_reports, s.received, t.received AS t_received, s.granted, t.granted AS t_granted,
             s.partial, t.partial AS t_partial, s.denied, t.denied AS t_denied, s.review_total, t.review_total AS t_review_total
      FROM v_series_summary_by_year s JOIN v_summary_by_year t USING (year) ORDER BY year`);
    expect(pairs.map((r) => r.year)).toEqual([2020, 2021, 2022]);
    for (const r of pairs) {
      for (const c of ['reports', 'received', 'granted', 'partial', 'denied', 'review_total']) expect(r[c], `${r.year} ${c}`).toBe(r[`t_${c}`]);
    }
  });

  it('by province: one province collects the legacy years too', async () => {
    const found = await rows("SELECT year, received FROM v_series_summary_by_province_year WHERE province_code = '320000' AND year < 2019 ORDER BY year");
    expect(found).toEqual([{ year: 2010, received: 8 }, { year: 2012, received: 9 }, { year: 2015, received: 17 }, { year: 2018, received: 11 }]);
  });

  it('export summary --series: the agency rows from 2010 on, the 全市 summary listed with its scope', async () => {
    const csv = await summaryCsv(wh.conn, 'agency,year', { series: true, to: 2018 });
    const [header, ...lines] = csv.trimEnd().split('\n');
    expect(header).toBe('agency_key,agency,agency_level,agency_scope,region_code,region_name,year,template,sources,received,granted,partial,denied,review_total,suit_total,proactive_total,request_fees');
    const cells = lines.map((l) => l.split(','));
    // Ordered by agency name as DuckDB compares text (code points): 南京市人民政府, …玄武区…, …秦淮区….
    expect(cells.map((c) => [c[1], c[6], c[8], c[9]])).toEqual([
      [AGENCIES.J, '2015', 'legacy_table', '100'],
      [AGENCIES.A, '2010', 'legacy_table', '8'],
      [AGENCIES.A, '2012', 'legacy_sentence', '9'],
      [AGENCIES.A, '2015', 'legacy_table', '12'],
      [AGENCIES.A, '2018', 'legacy_table', '11'],
      [AGENCIES.B, '2015', 'legacy_table', '5'],
    ]);
    expect(cells[0][3]).toBe('jurisdiction');
    expect((await summaryCsv(wh.conn, 'year', { series: true })).split('\n')[0]).toMatch(/^year,reports,reports_legacy,reports_2019_template,reports_2021_template,received,received_reports,/);
  });

  it('every grouping has its series view, legacy years included', async () => {
    for (const by of Object.keys(SUMMARY_GROUPINGS) as SummaryGrouping[]) {
      const csv = await summaryCsv(wh.conn, by, { series: true, from: 2010, to: 2010 });
      expect(csv.trimEnd().split('\n'), by).toHaveLength(2);
    }
  });
});

describe('docs/warehouse.md', () => {
  it('the query for one agency’s requests received 2010 → 2024 gives the series above', async () => {
    const doc = readFileSync(fileURLToPath(new URL('../docs/warehouse.md', import.meta.url)), 'utf8');
    const query = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]).find((sql) => sql.includes('BETWEEN 2010 AND 2024'));
    expect(query).toBeDefined();
    expect((await rows(query!)).map((r) => [r.year, r.received, r.source])).toEqual([
      [2010, 8, 'legacy_table'], [2012, 9, 'legacy_sentence'], [2015, 12, 'legacy_table'], [2018, 11, 'legacy_table'],
      [2020, 13, '2019_template'], [2021, 24, '2021_template'],
    ]);
  });
});

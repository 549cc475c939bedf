// What the report shows: its sections, each part a query on one warehouse view, the columns of the
// table beneath it, and the Vega-Lite charts drawn from the same rows. Every number comes from a
// view (sql/views/); the report only filters, orders and, for counts, adds up rows of a view.
import { WORST_FIRST } from '../query/quality.ts';
import type { ChartSpec } from './chart.ts';

/** What `nianbao report` narrows the data sections to; the run sections always show whole runs. */
export interface ReportFilter {
  from?: number;
  to?: number;
  /** A province's 6-digit GB/T 2260 code, e.g. 350000. */
  province?: string;
}

/** How a table column prints its values: counts with separators, rates as percentages, seconds with one decimal. */
export type ColumnKind = 'text' | 'year' | 'count' | 'rate' | 'seconds' | 'source';

export interface Column {
  field: string;
  label: string;
  kind: ColumnKind;
}

/** One chart (or none) and the table beneath it, both from one query on one view. */
export interface PartDefinition {
  title: string;
  /** The view the rows come from, named under the table so a reader can query it. */
  view: string;
  /** The query, with $from, $to and $province where it narrows by them. */
  sql: (filter: ReportFilter) => string;
  columns: Column[];
  charts: ChartSpec[];
  note?: string;
}

export interface SectionDefinition {
  id: string;
  title: string;
  intro: string;
  parts: PartDefinition[];
}

/** Rows of a view with a data year and a province code, narrowed to the filter's years and province. */
const IN_YEARS_AND_PROVINCE =
  '($from::INTEGER IS NULL OR year >= $from) AND ($to::INTEGER IS NULL OR year <= $to) AND ($province::VARCHAR IS NULL OR province_code = $province)';
const IN_YEARS = '($from::INTEGER IS NULL OR year >= $from) AND ($to::INTEGER IS NULL OR year <= $to)';

/** How many runs the run sections show, newest first. */
const RUNS_SHOWN = 20;
/** How many reports the "need a look" table lists; the rest are a query away. */
const REPORTS_TO_LOOK_AT_SHOWN = 200;
/** How many checks the "most often raised" chart shows. */
const CHECKS_SHOWN = 20;
/** How many agency-years the "most disputes" chart shows. */
const AGENCIES_SHOWN = 15;

/** Levels in the order of the administrative ladder, as v_spread_of_disclosure_rate_by_level_year names them. */
const LEVELS_ZH = ['国家', '省', '市', '县', '乡', '其他'];
const SEVERITY = { domain: ['error', 'warning', 'info'], range: ['#e15759', '#f28e2b', '#76b7b2'] };

const WIDE = 640;
/** Counts tick at whole numbers only. */
const COUNT_AXIS = { tickMinStep: 1, format: ',d' };

/** Given codes and their words, returns a legend that prints the words (a Vega expression over the code). */
const legendOf = (words: Record<string, string>) => ({ labelExpr: `${JSON.stringify(words)}[datum.label] || datum.label` });
const OUTCOME_WORDS = legendOf({
  granted_share: '予以公开 granted', partial_share: '部分公开 partial', denied_share: '不予公开 denied',
  unavailable_share: '无法提供 unavailable', rejected_share: '不予处理 rejected', other_share: '其他 other',
});
const PROCEEDING_WORDS = legendOf({
  review_total: '行政复议 review', suit_direct_total: '直接起诉 suit', suit_after_review_total: '复议后起诉 suit after review',
  review_correction_rate: '行政复议 review', suit_direct_correction_rate: '直接起诉 suit', suit_after_review_correction_rate: '复议后起诉 suit after review',
});

/** The quality counts of v_quality_by_run and v_read_whole_by_format_province_year, read whole first (green), each problem in a colour of its own. */
const QUALITY_COUNTS = ['read_whole', 'with_unreadable_cells', 'with_tables_missing', 'with_identity_failures', 'with_missing_metadata'];
const QUALITY = {
  domain: QUALITY_COUNTS,
  range: ['#59a14f', '#f28e2b', '#edc948', '#e15759', '#bab0ac'],
};
const QUALITY_WORDS = legendOf({
  read_whole: 'read whole', with_unreadable_cells: 'unreadable cells', with_tables_missing: 'a table missing',
  with_identity_failures: 'failed identities', with_missing_metadata: 'agency, region or year unknown',
});

const col = (field: string, label: string, kind: ColumnKind = 'count'): Column => ({ field, label, kind });

/** The table columns of the quality counts. */
const QUALITY_COLUMNS: Column[] = [
  col('reports', 'templated reports'), col('read_whole', 'read whole'), col('with_unreadable_cells', 'with unreadable cells'),
  col('with_tables_missing', 'with a table missing'), col('with_identity_failures', 'with failed identities'), col('with_missing_metadata', 'with metadata missing'),
];

/**
 * The series of one area by year: the whole country, or the filter's province. Every column, so the
 * parts that draw from it share one query (a summary view sums the whole warehouse each time it is read).
 */
const areaSeries = (f: ReportFilter) =>
  f.province
    ? `SELECT * FROM v_summary_by_province_year WHERE province_code = $province AND ${IN_YEARS} ORDER BY year`
    : `SELECT * FROM v_summary_by_year WHERE ${IN_YEARS} ORDER BY year`;

const coverage: SectionDefinition = {
  id: 'coverage',
  title: 'Coverage 覆盖',
  intro: 'Every file the warehouse read, by data year, template and format, and by province: templated reports (2019, 2021) beside legacy (pre-2019) ones and files that are not reports. Every copy counts here, not only the current one.',
  parts: [
    {
      title: 'Reports by year, template and format',
      view: 'v_coverage_by_province_year',
      sql: () => `
        SELECT year, template, format, sum(reports)::INTEGER AS reports
        FROM v_coverage_by_province_year WHERE ${IN_YEARS_AND_PROVINCE}
        GROUP BY ALL ORDER BY year NULLS LAST, template, format`,
      columns: [col('year', 'year', 'year'), col('template', 'template', 'text'), col('format', 'format', 'text'), col('reports', 'reports')],
      charts: [{
        mark: 'bar',
        encoding: {
          column: { field: 'template', type: 'nominal', title: 'template', sort: ['legacy', '2019', '2021', 'none'] },
          x: { field: 'year', type: 'ordinal', title: null },
          y: { field: 'reports', type: 'quantitative', title: 'reports', axis: COUNT_AXIS },
          color: { field: 'format', type: 'nominal', title: 'format' },
          tooltip: [{ field: 'year' }, { field: 'template' }, { field: 'format' }, { field: 'reports' }],
        },
        resolve: { scale: { x: 'independent' } },
        width: { step: 22 },
        height: 200,
      }],
    },
    {
      title: 'Reports by province',
      view: 'v_coverage_by_province_year',
      sql: () => `
        SELECT province_code, coalesce(province_name, '(region unresolved)') AS province,
               coalesce(sum(reports) FILTER (WHERE template IN ('2019', '2021')), 0)::INTEGER AS templated,
               coalesce(sum(reports) FILTER (WHERE template = 'legacy'), 0)::INTEGER AS legacy,
               coalesce(sum(reports) FILTER (WHERE template = 'none'), 0)::INTEGER AS not_a_report,
               sum(reports)::INTEGER AS reports
        FROM v_coverage_by_province_year WHERE ${IN_YEARS_AND_PROVINCE}
        GROUP BY ALL ORDER BY reports DESC, province_code NULLS LAST`,
      columns: [col('province_code', 'code', 'text'), col('province', 'province', 'text'), col('templated', 'templated'), col('legacy', 'legacy'), col('not_a_report', 'not a report'), col('reports', 'all files')],
      charts: [{
        transform: [{ fold: ['templated', 'legacy', 'not_a_report'], as: ['kind', 'files'] }],
        mark: 'bar',
        encoding: {
          y: { field: 'province', type: 'nominal', title: null, sort: { field: 'reports', order: 'descending' } },
          x: { field: 'files', type: 'quantitative', title: 'files', axis: COUNT_AXIS },
          color: { field: 'kind', type: 'nominal', title: null, sort: ['templated', 'legacy', 'not_a_report'] },
          tooltip: [{ field: 'province' }, { field: 'kind' }, { field: 'files' }],
        },
        width: WIDE - 160,
      }],
    },
  ],
};

const applications: SectionDefinition = {
  id: 'applications',
  title: 'Applications 依申请公开',
  intro: 'Applications received (本年新收) and how the processed ones ended, as shares of 办理结果 总计; each agency\'s latest report counted once, 全市/全区 summaries left out. A blank is not a zero: a year with no printed number has no bar.',
  parts: [
    {
      title: 'Received and outcome shares by year',
      view: 'v_summary_by_year (v_summary_by_province_year with --province)',
      sql: areaSeries,
      columns: [
        col('year', 'year', 'year'), col('reports', 'reports'), col('received', 'received 新收'), col('processed', 'processed 办理'),
        col('disclosure_rate', '实质公开率', 'rate'), col('granted_share', 'granted 予以公开', 'rate'), col('partial_share', 'partial 部分公开', 'rate'),
        col('denied_share', 'denied 不予公开', 'rate'), col('unavailable_share', 'unavailable 无法提供', 'rate'),
        col('rejected_share', 'rejected 不予处理', 'rate'), col('other_share', 'other 其他', 'rate'),
      ],
      charts: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'year', type: 'ordinal', title: null },
            y: { field: 'received', type: 'quantitative', title: 'applications received', axis: COUNT_AXIS },
            tooltip: [{ field: 'year' }, { field: 'received' }],
          },
          width: 260,
          height: 220,
        },
        {
          transform: [{ fold: ['granted_share', 'partial_share', 'denied_share', 'unavailable_share', 'rejected_share', 'other_share'], as: ['outcome', 'share'] }],
          mark: 'bar',
          encoding: {
            x: { field: 'year', type: 'ordinal', title: null },
            y: { field: 'share', type: 'quantitative', title: 'share of processed', axis: { format: '.0%' } },
            color: { field: 'outcome', type: 'nominal', title: null, sort: ['granted_share', 'partial_share', 'denied_share', 'unavailable_share', 'rejected_share', 'other_share'], legend: OUTCOME_WORDS },
            order: { field: 'outcome' },
            tooltip: [{ field: 'year' }, { field: 'outcome' }, { field: 'share', format: '.1%' }],
          },
          width: 260,
          height: 220,
        },
      ],
    },
    {
      title: 'Received by year, per province (per prefecture with --province)',
      view: 'v_summary_by_province_year (v_summary_by_prefecture_year with --province)',
      sql: (f) =>
        f.province
          ? `SELECT prefecture_code AS code, prefecture_name AS area, year, reports, received, disclosure_rate
             FROM v_summary_by_prefecture_year WHERE left(prefecture_code, 2) = left($province, 2) AND ${IN_YEARS}
             ORDER BY code NULLS LAST, year`
          : `SELECT province_code AS code, coalesce(province_name, '(region unresolved)') AS area, year, reports, received, disclosure_rate
             FROM v_summary_by_province_year WHERE ${IN_YEARS}
             ORDER BY code NULLS LAST, year`,
      columns: [col('code', 'code', 'text'), col('area', 'area', 'text'), col('year', 'year', 'year'), col('reports', 'reports'), col('received', 'received 新收'), col('disclosure_rate', '实质公开率', 'rate')],
      note: 'Each panel has its own scale: compare shapes, not heights. With --province, a 直辖市 has no prefectures, so no panels.',
      charts: [{
        mark: 'bar',
        encoding: {
          facet: { field: 'area', type: 'nominal', title: null, columns: 6, sort: { field: 'code' } },
          x: { field: 'year', type: 'ordinal', title: null },
          y: { field: 'received', type: 'quantitative', title: null, axis: COUNT_AXIS },
          tooltip: [{ field: 'area' }, { field: 'year' }, { field: 'received' }],
        },
        resolve: { scale: { y: 'independent' } },
        width: 90,
        height: 70,
      }],
    },
  ],
};

const disclosure: SectionDefinition = {
  id: 'disclosure-rate',
  title: 'Disclosure rate by level 实质公开率',
  intro: '(granted + partial) / processed of each report, spread over the agencies of one level (省/市/县/乡) in one year: the bar spans the middle half (p25–p75), the tick is the median, the line the extremes. Reports without both numbers have no rate and are not counted.',
  parts: [{
    title: 'Distribution of the reports\' rates by level and year',
    view: 'v_spread_of_disclosure_rate_by_level_year',
    sql: (f) => `
      SELECT level_zh, year, reports, min, p25, median, p75, max
      FROM v_spread_of_disclosure_rate_by_level_year
      WHERE area = ${f.province ? `'province' AND province_code = $province` : `'country'`} AND ${IN_YEARS}
      ORDER BY list_position(['national', 'province', 'prefecture', 'county', 'township', 'other'], agency_level), year`,
    columns: [col('level_zh', 'level', 'text'), col('year', 'year', 'year'), col('reports', 'reports'), col('min', 'min', 'rate'), col('p25', 'p25', 'rate'), col('median', 'median', 'rate'), col('p75', 'p75', 'rate'), col('max', 'max', 'rate')],
    charts: [{
      facet: { column: { field: 'level_zh', type: 'nominal', title: null, sort: LEVELS_ZH } },
      spec: {
        width: 120,
        height: 200,
        encoding: { x: { field: 'year', type: 'ordinal', title: null } },
        layer: [
          { mark: { type: 'rule' }, encoding: { y: { field: 'min', type: 'quantitative', title: '实质公开率', axis: { format: '.0%' } }, y2: { field: 'max' } } },
          { mark: { type: 'bar', size: 14, opacity: 0.7 }, encoding: { y: { field: 'p25', type: 'quantitative' }, y2: { field: 'p75' } } },
          { mark: { type: 'tick', color: 'black', size: 16 }, encoding: { y: { field: 'median', type: 'quantitative' }, tooltip: [{ field: 'level_zh' }, { field: 'year' }, { field: 'reports' }, { field: 'median', format: '.1%' }] } },
        ],
      },
    }],
  }],
};

const disputes: SectionDefinition = {
  id: 'disputes',
  title: 'Reviews and suits 行政复议与诉讼',
  intro: 'Administrative reviews (行政复议) and suits (直接起诉, 复议后起诉) over disclosure, and how often the decided ones were corrected (纠正 / (总计 − 尚未审结)). A rate with nothing decided is blank, not zero.',
  parts: [
    {
      title: 'Cases and correction rates by year',
      view: 'v_summary_by_year (v_summary_by_province_year with --province)',
      sql: areaSeries,
      columns: [
        col('year', 'year', 'year'), col('reports', 'reports'), col('review_total', 'reviews 复议'), col('suit_direct_total', 'suits 直接起诉'),
        col('suit_after_review_total', 'suits after review 复议后起诉'), col('review_correction_rate', 'review corrected', 'rate'),
        col('suit_direct_correction_rate', 'suit corrected', 'rate'), col('suit_after_review_correction_rate', 'suit after review corrected', 'rate'),
        col('dispute_rate', '争议转化率', 'rate'),
      ],
      charts: [
        {
          transform: [{ fold: ['review_total', 'suit_direct_total', 'suit_after_review_total'], as: ['proceeding', 'cases'] }],
          mark: 'bar',
          encoding: {
            x: { field: 'year', type: 'ordinal', title: null },
            xOffset: { field: 'proceeding', sort: ['review_total', 'suit_direct_total', 'suit_after_review_total'], legend: PROCEEDING_WORDS },
            y: { field: 'cases', type: 'quantitative', title: 'cases', axis: COUNT_AXIS },
            color: { field: 'proceeding', type: 'nominal', title: null, sort: ['review_total', 'suit_direct_total', 'suit_after_review_total'], legend: PROCEEDING_WORDS },
            tooltip: [{ field: 'year' }, { field: 'proceeding' }, { field: 'cases' }],
          },
          width: 260,
          height: 220,
        },
        {
          transform: [{ fold: ['review_correction_rate', 'suit_direct_correction_rate', 'suit_after_review_correction_rate'], as: ['proceeding', 'rate'] }],
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'year', type: 'ordinal', title: null },
            y: { field: 'rate', type: 'quantitative', title: 'corrected of decided', axis: { format: '.0%' } },
            color: { field: 'proceeding', type: 'nominal', title: null, sort: ['review_correction_rate', 'suit_direct_correction_rate', 'suit_after_review_correction_rate'], legend: PROCEEDING_WORDS },
            tooltip: [{ field: 'year' }, { field: 'proceeding' }, { field: 'rate', format: '.1%' }],
          },
          width: 260,
          height: 220,
        },
      ],
    },
    {
      title: 'The agency-years with the most disputes',
      view: 'v_report_disputes',
      sql: () => `
        SELECT agency || ' ' || year AS agency_year, agency, year, disputes, review_total, suit_direct_total, suit_after_review_total, dispute_rate
        FROM v_report_disputes
        WHERE in_aggregates AND disputes > 0 AND ${IN_YEARS}
          AND ($province::VARCHAR IS NULL OR left(region_code, 2) = left($province, 2))
        ORDER BY disputes DESC, agency, year LIMIT ${AGENCIES_SHOWN}`,
      columns: [
        col('agency', 'agency', 'text'), col('year', 'year', 'year'), col('disputes', 'disputes'),
        col('review_total', 'reviews'), col('suit_direct_total', 'suits'), col('suit_after_review_total', 'suits after review'), col('dispute_rate', '争议转化率', 'rate'),
      ],
      charts: [{
        transform: [{ fold: ['review_total', 'suit_direct_total', 'suit_after_review_total'], as: ['proceeding', 'cases'] }],
        mark: 'bar',
        encoding: {
          y: { field: 'agency_year', type: 'nominal', title: null, sort: { field: 'disputes', order: 'descending' } },
          x: { field: 'cases', type: 'quantitative', title: 'cases', axis: COUNT_AXIS },
          color: { field: 'proceeding', type: 'nominal', title: null, sort: ['review_total', 'suit_direct_total', 'suit_after_review_total'], legend: PROCEEDING_WORDS },
          tooltip: [{ field: 'agency_year' }, { field: 'proceeding' }, { field: 'cases' }],
        },
        width: WIDE - 260,
      }],
    },
  ],
};

const quality: SectionDefinition = {
  id: 'quality',
  title: 'Data quality 数据质量',
  intro: 'Whether each templated report was read whole — every cell a number, blank or dash, no table missing, its own identities holding, agency, region and year known — and if not, what is wrong (as v_quality_by_report judges it; a report may have several problems). A reader\'s miss is not the report\'s error: unreadable cells and missing tables are ours to fix, failed identities may be the report\'s.',
  parts: [
    {
      title: 'Each run: the templated reports among its files, read whole or not',
      view: 'v_quality_by_run',
      note: 'Whole runs, whatever the years and province asked for; every file a run saw counts, unchanged ones too, as the warehouse now holds them.',
      sql: () => `
        SELECT strftime(started_at, '%Y-%m-%d %H:%M:%S') AS run_started, run_id, reports, extracted, read_whole, read_whole_pct,
               with_unreadable_cells, with_tables_missing, with_identity_failures, with_missing_metadata
        FROM v_quality_by_run ORDER BY started_at DESC LIMIT ${RUNS_SHOWN}`,
      columns: [col('run_started', 'run started', 'text'), col('run_id', 'run', 'text'), ...QUALITY_COLUMNS, col('extracted', 'read this run'), col('read_whole_pct', 'read whole %')],
      charts: [{
        transform: [{ fold: QUALITY_COUNTS, as: ['quality', 'count'] }],
        mark: 'bar',
        encoding: {
          x: { field: 'run_started', type: 'ordinal', title: null, sort: 'ascending', axis: { labelAngle: -40 } },
          xOffset: { field: 'quality', sort: QUALITY_COUNTS },
          y: { field: 'count', type: 'quantitative', title: 'reports', axis: COUNT_AXIS },
          color: { field: 'quality', type: 'nominal', title: null, scale: QUALITY, legend: QUALITY_WORDS },
          tooltip: [{ field: 'run_id' }, { field: 'quality' }, { field: 'count' }, { field: 'reports' }],
        },
        width: WIDE - 200,
        height: 200,
      }],
    },
    {
      title: 'Each format: read whole or not',
      view: 'v_read_whole_by_format_province_year',
      sql: () => `
        SELECT format, ${['reports', ...QUALITY_COUNTS].map((c) => `sum(${c})::INTEGER AS ${c}`).join(', ')}
        FROM v_read_whole_by_format_province_year WHERE ${IN_YEARS_AND_PROVINCE}
        GROUP BY format ORDER BY reports DESC, format`,
      columns: [col('format', 'format', 'text'), ...QUALITY_COLUMNS],
      charts: [{
        transform: [{ fold: QUALITY_COUNTS, as: ['quality', 'count'] }],
        mark: 'bar',
        encoding: {
          y: { field: 'format', type: 'nominal', title: null, sort: { field: 'reports', order: 'descending' } },
          yOffset: { field: 'quality', sort: QUALITY_COUNTS },
          x: { field: 'count', type: 'quantitative', title: 'reports', axis: COUNT_AXIS },
          color: { field: 'quality', type: 'nominal', title: null, scale: QUALITY, legend: QUALITY_WORDS },
          tooltip: [{ field: 'format' }, { field: 'quality' }, { field: 'count' }, { field: 'reports' }],
        },
        width: WIDE - 200,
        height: { step: 48 },
      }],
    },
    {
      title: 'The findings most often raised',
      view: 'v_findings_by_province_year_check',
      sql: () => `
        SELECT "check", severity, sum(findings)::INTEGER AS findings, sum(reports)::INTEGER AS reports
        FROM v_findings_by_province_year_check WHERE ${IN_YEARS_AND_PROVINCE}
        GROUP BY ALL ORDER BY findings DESC, "check", severity LIMIT ${CHECKS_SHOWN}`,
      columns: [col('check', 'check', 'text'), col('severity', 'severity', 'text'), col('findings', 'findings'), col('reports', 'reports')],
      charts: [{
        mark: 'bar',
        encoding: {
          y: { field: 'check', type: 'nominal', title: null, sort: { field: 'findings', op: 'sum', order: 'descending' } },
          x: { field: 'findings', type: 'quantitative', title: 'findings', axis: COUNT_AXIS },
          color: { field: 'severity', type: 'nominal', title: null, scale: SEVERITY },
          tooltip: [{ field: 'check' }, { field: 'severity' }, { field: 'findings' }, { field: 'reports' }],
        },
        width: WIDE - 200,
      }],
    },
    {
      title: 'Reports that need a look',
      view: 'v_quality_by_report',
      note: `The first ${REPORTS_TO_LOOK_AT_SHOWN} not read whole: metadata missing first, then missing tables, unreadable cells, failed identities (as nianbao status lists them); all of them: nianbao export view v_quality_by_report.`,
      sql: () => `
        SELECT source, origin, agency, year, template, problems, unreadable_cells, tables_missing, identity_failures
        FROM v_quality_by_report
        WHERE NOT read_whole AND ${IN_YEARS} AND ($province::VARCHAR IS NULL OR left(region_code, 2) = left($province, 2))
        ORDER BY ${WORST_FIRST}, origin
        LIMIT ${REPORTS_TO_LOOK_AT_SHOWN}`,
      columns: [
        col('source', 'source', 'source'), col('agency', 'agency', 'text'), col('year', 'year', 'year'), col('template', 'template', 'text'),
        col('problems', 'what is wrong', 'text'), col('unreadable_cells', 'unreadable cells'), col('tables_missing', 'tables missing'), col('identity_failures', 'failed identities'),
      ],
      charts: [],
    },
  ],
};

const runs: SectionDefinition = {
  id: 'runs',
  title: 'The last runs 运行',
  intro: `The last ${RUNS_SHOWN} ingest runs: what each did with the files it saw, and how long it took.`,
  parts: [{
    title: 'Files by outcome, and duration',
    view: 'v_run_outcomes',
    sql: () => `
      SELECT strftime(started_at, '%Y-%m-%d %H:%M:%S') AS run_started, run_id, seconds, status, files_seen, loaded, partial, unchanged, not_report, failed, findings_error
      FROM v_run_outcomes ORDER BY started_at DESC LIMIT ${RUNS_SHOWN}`,
    columns: [
      col('run_started', 'started', 'text'), col('run_id', 'run', 'text'), col('seconds', 'duration', 'seconds'), col('status', 'status', 'text'), col('files_seen', 'seen'),
      col('loaded', 'loaded'), col('partial', 'partial'), col('unchanged', 'unchanged'), col('not_report', 'not a report'), col('failed', 'failed'), col('findings_error', 'error findings'),
    ],
    charts: [
      {
        transform: [{ fold: ['loaded', 'partial', 'unchanged', 'not_report', 'failed'], as: ['outcome', 'files'] }],
        mark: 'bar',
        encoding: {
          x: { field: 'run_started', type: 'ordinal', title: null, sort: 'ascending', axis: { labelAngle: -40 } },
          y: { field: 'files', type: 'quantitative', title: 'files', axis: COUNT_AXIS },
          color: { field: 'outcome', type: 'nominal', title: null, scale: { domain: ['loaded', 'partial', 'unchanged', 'not_report', 'failed'], range: ['#59a14f', '#edc948', '#bab0ac', '#9c755f', '#e15759'] } },
          tooltip: [{ field: 'run_id' }, { field: 'outcome' }, { field: 'files' }],
        },
        width: 300,
        height: 200,
      },
      {
        mark: 'bar',
        encoding: {
          x: { field: 'run_started', type: 'ordinal', title: null, sort: 'ascending', axis: { labelAngle: -40 } },
          y: { field: 'seconds', type: 'quantitative', title: 'seconds' },
          tooltip: [{ field: 'run_id' }, { field: 'seconds', format: '.1f' }],
        },
        width: 300,
        height: 200,
      },
    ],
  }],
};

/** The report's sections, in the order they print. */
export const SECTIONS: SectionDefinition[] = [coverage, applications, disclosure, disputes, quality, runs];


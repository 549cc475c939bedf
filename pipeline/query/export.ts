// The long CSV exports of ../shared/docs/cells-export.md (reports, cells, findings) and a CSV of any
// view. UTF-8, header row, RFC 4180 quoting (csv-stringify quotes fields holding a comma, a quote,
// CR or LF, doubling inner quotes), LF line ends. Rows are ordered so two exports of the same warehouse
// are byte-identical and exports of two runs diff cleanly.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { DuckDBConnection } from '@duckdb/node-api';

export const LONG_EXPORTS = {
  reports: {
    columns: ['source', 'agency', 'region_code', 'year', 'template', 'format', 'encoding', 'published', 'status'],
    sql: `
      SELECT source, agency, region_code, year, template, format, encoding, published, status
      FROM fact_report
      ORDER BY source, origin`,
  },
  cells: {
    columns: ['source', 'agency', 'region_code', 'year', 'template', 'metric', 'applicant', 'value', 'state', 'raw'],
    // Every file's cells as read (v_cell_by_file: tables 2-4 and the pre-2019 figures), copies included.
    sql: `
      SELECT r.source, r.agency, r.region_code, r.year, r.template, c.metric, c.applicant,
             CASE WHEN c.state = 'number' THEN c.value END AS value, c.state, c.raw
      FROM v_cell_by_file c
      JOIN fact_report r USING (report_id)
      LEFT JOIN dim_metric m ON m.code = c.metric
      LEFT JOIN dim_applicant a ON a.code = c.applicant
      ORDER BY r.source, r.origin, m.sort_order NULLS LAST, c.metric, a.sort_order NULLS FIRST`,
  },
  findings: {
    columns: ['source', 'check', 'severity', 'subject', 'expected', 'actual', 'message'],
    sql: `
      SELECT r.source, f."check", f.severity, f.subject, f.expected, f.actual, f.message
      FROM fact_finding f
      JOIN fact_report r USING (report_id)
      ORDER BY r.source, r.origin, f.finding_no`,
  },
} as const;

export type LongExport = keyof typeof LONG_EXPORTS;

export class UnknownViewError extends Error {
  constructor(readonly view: string, readonly known: string[]) {
    super(`no view named "${view}"; views: ${known.join(', ') || '(none)'}`);
  }
}

/** Writes one of the long exports as CSV to `out`. */
export async function exportLong(conn: DuckDBConnection, kind: LongExport, out: Writable): Promise<void> {
  const { columns, sql } = LONG_EXPORTS[kind];
  await writeCsv(conn, sql, [...columns], out);
}

/** Writes every row of a view as CSV, with the view's own column names. */
export async function exportView(conn: DuckDBConnection, view: string, out: Writable): Promise<void> {
  const known = await viewNames(conn);
  if (!known.includes(view)) throw new UnknownViewError(view, known);
  await writeCsv(conn, `SELECT * FROM "${view.replaceAll('"', '""')}"`, null, out);
}

export async function viewNames(conn: DuckDBConnection): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY view_name`,
  );
  return reader.getRows().map(([name]) => String(name));
}

/**
 * Streams a query's rows through csv-stringify. Values go through DuckDB's JSON conversion, so
 * dates print as YYYY-MM-DD and whole numbers without a decimal point; NULL is an empty field.
 */
async function writeCsv(conn: DuckDBConnection, sql: string, columns: string[] | null, out: Writable): Promise<void> {
  const result = await conn.stream(sql);
  const header = columns ?? result.columnNames();
  async function* rows() {
    for await (const chunk of result.yieldRowsJson()) yield* chunk;
  }
  await pipeline(
    Readable.from(rows()),
    stringify({ header: true, columns: header, record_delimiter: '\n' }),
    out,
    { end: out !== process.stdout },
  );
}

// The quality figure for `nianbao status`: of the templated reports in the warehouse and in the last
// run, how many were read whole and what is wrong with the rest (views v_quality_overall,
// v_quality_by_run, v_quality_by_report), and how often metadata went missing or disagreed.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../5-load/index.ts';

/** Reports listed as the worst: enough to know which to open first. */
export const WORST_LISTED = 10;

type Rows = Record<string, unknown>[];

export interface QualityFigure {
  /** One row for the whole warehouse, one for the last run (when there is one). */
  scopes: Rows;
  /** The reports not read whole, worst first: missing metadata, then missing tables, unreadable cells, failed identities. */
  worst: Rows;
  /** meta.missing and meta.conflict findings by subject. */
  metadata: Rows;
}

/** v_quality_by_report's reports worst first, as status lists them and the report's "need a look" table too. */
export const WORST_FIRST = `missing_metadata <> '' DESC, tables_missing DESC, unreadable_cells DESC, identity_failures DESC, source`;

/** The figure's columns, as status prints them: how many reports were read whole, how many have each problem. */
const FIGURE_COLUMNS = `reports, read_whole, read_whole_pct AS "read_whole_%", with_unreadable_cells,
       with_tables_missing AS with_missing_tables, with_identity_failures AS with_failed_identities, with_missing_metadata`;

/** Given a connection to the warehouse, returns its quality figure. */
export async function qualityFigure(conn: DuckDBConnection): Promise<QualityFigure> {
  const scopes = await queryRows(conn, `
    SELECT 'warehouse' AS scope, ${FIGURE_COLUMNS} FROM v_quality_overall
    UNION ALL
    SELECT * FROM (SELECT 'last run' AS scope, ${FIGURE_COLUMNS} FROM v_quality_by_run ORDER BY started_at DESC LIMIT 1)`);
  const worst = await queryRows(conn, `
    SELECT source, problems FROM v_quality_by_report
    WHERE NOT read_whole
    ORDER BY ${WORST_FIRST}
    LIMIT ${WORST_LISTED}`);
  const metadata = await queryRows(conn, `
    SELECT "check", subject, severity, count(*) AS findings
    FROM fact_finding WHERE "check" IN ('meta.missing', 'meta.conflict')
    GROUP BY ALL ORDER BY "check" DESC, subject, severity`);
  return { scopes, worst, metadata };
}

// Loading reports: one transaction per batch, replacing any earlier load of the same files.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Severity } from '../types.ts';
import { appendRows } from './append.ts';
import { queryRows } from './warehouse.ts';
import { reportRows, type LoadContext, type LoadItem } from './rows.ts';

export interface LoadCounts {
  reports: number;
  cells: number;
  findings: Record<Severity, number>;
}

const FACTS_BY_REPORT = ['fact_table2', 'fact_table3', 'fact_table4', 'fact_finding', 'fact_section', 'fact_report'];

/**
 * Loads a batch of reports in one transaction. A report replaces every earlier report with the same
 * origin or the same source name and sha256, with all their rows; within the batch the last copy of
 * a file wins. Either the whole batch is in the warehouse afterwards or none of it is.
 */
export async function loadReports(conn: DuckDBConnection, items: readonly LoadItem[], ctx: LoadContext): Promise<LoadCounts> {
  const rows = lastCopies(items).map((item) => ({ item, rows: reportRows(item, ctx) }));
  const counts: LoadCounts = { reports: rows.length, cells: 0, findings: { error: 0, warning: 0, info: 0 } };
  for (const { rows: r } of rows) {
    counts.cells += r.table2.length + r.table3.length + r.table4.length;
    for (const s of ['error', 'warning', 'info'] as const) counts.findings[s] += r.findingsBySeverity[s];
  }
  if (rows.length === 0) return counts;

  await conn.run('BEGIN');
  try {
    await conn.run('CREATE OR REPLACE TEMP TABLE load_keys (report_id VARCHAR, source VARCHAR, sha256 VARCHAR)');
    await appendRows(conn, 'load_keys', rows.map(({ item, rows: r }) => [r.reportId, item.report.source, item.report.sha256]));
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE load_replaced AS
      SELECT DISTINCT r.report_id FROM fact_report r JOIN load_keys k
        ON r.report_id = k.report_id OR (k.sha256 <> '' AND r.source = k.source AND r.sha256 = k.sha256)`);
    for (const table of FACTS_BY_REPORT) {
      await conn.run(`DELETE FROM ${table} WHERE report_id IN (SELECT report_id FROM load_replaced)`);
    }
    await appendRows(conn, 'fact_report', rows.map(({ rows: r }) => r.report));
    await appendRows(conn, 'fact_table2', rows.flatMap(({ rows: r }) => r.table2));
    await appendRows(conn, 'fact_table3', rows.flatMap(({ rows: r }) => r.table3));
    await appendRows(conn, 'fact_table4', rows.flatMap(({ rows: r }) => r.table4));
    await appendRows(conn, 'fact_finding', rows.flatMap(({ rows: r }) => r.findings));
    await appendRows(conn, 'fact_section', rows.flatMap(({ rows: r }) => r.sections));
    await rebuildAgencies(conn);
    await conn.run('DROP TABLE load_keys');
    await conn.run('DROP TABLE load_replaced');
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
  return counts;
}

/** Keeps, for each file identity (origin; source + sha256), only its last occurrence in the batch. */
function lastCopies(items: readonly LoadItem[]): LoadItem[] {
  const seen = new Set<string>();
  const kept: LoadItem[] = [];
  for (const item of [...items].reverse()) {
    const keys = [`origin:${item.origin}`];
    if (item.report.sha256) keys.push(`file:${item.report.source}|${item.report.sha256}`);
    if (keys.some((k) => seen.has(k))) continue;
    keys.forEach((k) => seen.add(k));
    kept.push(item);
  }
  return kept.reverse();
}

/** dim_agency is derived from fact_report, each agency described by its latest report. */
export async function rebuildAgencies(conn: DuckDBConnection): Promise<void> {
  await conn.run('DELETE FROM dim_agency');
  await conn.run(`
    INSERT INTO dim_agency
    SELECT agency_key,
           any_value(agency),
           any_value(region_code),
           arg_max(agency_kind, coalesce(year, 0)),
           arg_max(agency_level, coalesce(year, 0)),
           arg_max(agency_scope, coalesce(year, 0)),
           arg_max(region_method, coalesce(year, 0)),
           arg_max(region_confidence, coalesce(year, 0)),
           min(year),
           max(year),
           count(*)
    FROM fact_report
    WHERE agency_key IS NOT NULL
    GROUP BY agency_key`);
}

/** What the warehouse already holds of each file, for incremental runs. */
export interface StoredReport {
  reportId: string;
  source: string;
  origin: string;
  sha256: string;
  status: string;
  extractorVersion: string;
}

export async function storedReports(conn: DuckDBConnection): Promise<StoredReport[]> {
  const rows = await queryRows(conn, 'SELECT report_id, source, origin, sha256, status, extractor_version FROM fact_report');
  return rows.map((r) => ({
    reportId: String(r.report_id),
    source: String(r.source),
    origin: String(r.origin),
    sha256: String(r.sha256),
    status: String(r.status),
    extractorVersion: String(r.extractor_version),
  }));
}

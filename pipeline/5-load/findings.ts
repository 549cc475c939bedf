// Findings the warehouse as a whole implies (cross-year checks, copies of one report): recomputed
// after each load and written after each report's own findings.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Finding } from '../core/types.ts';
import { appendRows, type Cell } from './append.ts';
import { listValue } from './duckdb.ts';
import { findingRow } from './rows.ts';
import { queryRows } from './warehouse.ts';

/** A finding and the report it belongs to. */
export interface ReportFinding extends Finding {
  reportId: string;
}

/**
 * Given a connection inside the caller's transaction, a check prefix (`xyear.`) and the findings
 * the warehouse now implies, replaces every finding whose check starts with the prefix by them, each
 * numbered after its report's other findings.
 */
export async function replaceFindings(conn: DuckDBConnection, checkPrefix: string, found: readonly ReportFinding[]): Promise<void> {
  await conn.run(`DELETE FROM fact_finding WHERE starts_with("check", $1)`, [checkPrefix]);
  if (found.length === 0) return;
  const next = await nextFindingNumbers(conn, [...new Set(found.map((f) => f.reportId))]);
  const rows: Cell[][] = found.map((f) => {
    const no = next.get(f.reportId) ?? 0;
    next.set(f.reportId, no + 1);
    return findingRow(f.reportId, no, f);
  });
  await appendRows(conn, 'fact_finding', rows);
}

/** Given a connection and report ids, returns the next free finding_no of those that have findings. */
async function nextFindingNumbers(conn: DuckDBConnection, reportIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryRows(
    conn,
    'SELECT report_id, max(finding_no) + 1 AS next FROM fact_finding WHERE report_id IN (SELECT unnest($1::VARCHAR[])) GROUP BY report_id',
    [listValue(reportIds)],
  );
  return new Map(rows.map((r) => [String(r.report_id), Number(r.next)]));
}

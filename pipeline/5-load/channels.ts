// What the warehouse knows of channels across runs: which files found under a channel are
// loaded already (so a nightly run fetches none of them again), and which reports a channel no
// longer lists (a `channel.gone` finding on each: the report stays, the finding says it left).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Finding } from '../core/types.ts';
import { appendRows, type Cell } from './append.ts';
import { inTransaction, listValue } from './duckdb.ts';
import { findingRow } from './rows.ts';
import { queryRows } from './warehouse.ts';

const GONE_CHECK = 'channel.gone';

/**
 * Given a connection, returns the report pages whose attachments must be read again: a page that
 * led to an attachment whose report failed. Loaded pages are otherwise never fetched again, so
 * without this a failed attachment would never be retried.
 */
export async function pagesToRevisit(conn: DuckDBConnection): Promise<Set<string>> {
  const rows = await queryRows(conn, `
    SELECT DISTINCT f.found_on
    FROM etl_file f JOIN fact_report r ON r.origin = f.location
    WHERE r.status = 'failed' AND f.found_on IS NOT NULL`);
  return new Set(rows.map((r) => String(r.found_on)));
}

/**
 * Given a connection open for writing (outside a transaction) and, per channel read in full, the
 * report pages it lists now, replaces those channels' channel.gone findings: one on each report
 * once found under the channel that it no longer lists, neither itself nor the page it was
 * attached to.
 */
export async function recomputeGoneFindings(conn: DuckDBConnection, listedNow: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
  if (listedNow.size === 0) return;
  const rows: Cell[][] = [];
  const touched = new Set<string>();
  const next = new Map<string, number>();
  for (const [channel, listed] of listedNow) {
    const found = await queryRows(conn, `
      SELECT r.report_id, f.location, arg_max(f.found_on, e.started_at) AS found_on, max(e.started_at) AS last_seen,
             (SELECT coalesce(max(finding_no) + 1, 0) FROM fact_finding g WHERE g.report_id = r.report_id AND g."check" <> '${GONE_CHECK}') AS next_no
      FROM etl_file f JOIN etl_run e USING (run_id) JOIN fact_report r ON r.origin = f.location
      WHERE f.channel = $1
      GROUP BY r.report_id, f.location`, [channel]);
    for (const row of found) {
      const reportId = String(row.report_id);
      touched.add(reportId);
      if (listed.has(String(row.location)) || listed.has(String(row.found_on))) continue;
      const no = next.get(reportId) ?? Number(row.next_no);
      next.set(reportId, no + 1);
      rows.push(findingRow(reportId, no, goneFinding(channel, String(row.location), String(row.last_seen))));
    }
  }
  await inTransaction(conn, async () => {
    if (touched.size > 0) {
      await conn.run(`DELETE FROM fact_finding WHERE "check" = '${GONE_CHECK}' AND report_id IN (SELECT unnest($1::VARCHAR[]))`, [listValue([...touched])]);
    }
    await appendRows(conn, 'fact_finding', rows);
  });
}

/** Given a channel, a file once found under it and when it was last seen there, returns the finding that says it is gone. */
function goneFinding(channel: string, location: string, lastSeen: string): Finding {
  return {
    check: GONE_CHECK,
    severity: 'info',
    subject: 'file',
    message: `${location} is no longer listed on the channel ${channel} (last seen in the run of ${lastSeen}); the report stays loaded`,
    stage: 'fetch',
  };
}

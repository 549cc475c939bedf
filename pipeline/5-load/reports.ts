// Loading reports: one transaction per batch, replacing any earlier load of the same files.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Severity } from '../core/types.ts';
import { appendRows } from './append.ts';
import { inTransaction } from './duckdb.ts';
import type { LoadContext, LoadItem } from './rows.ts';
import { copySql, FACT_TABLES, serialiseReport, StagedBatch } from './stage.ts';

export interface LoadCounts {
  reports: number;
  cells: number;
  findings: Record<Severity, number>;
}

/**
 * Loads a batch of reports in one transaction. A report replaces every earlier report with the same
 * origin or the same source name and sha256, with all their rows; within the batch the last copy of
 * a file wins. Either the whole batch is in the warehouse afterwards or none of it is.
 */
export async function loadReports(conn: DuckDBConnection, items: readonly LoadItem[], ctx: LoadContext): Promise<LoadCounts> {
  const batch = StagedBatch.create();
  try {
    for (const item of items) batch.add(serialiseReport(item, ctx));
    return await loadStaged(conn, batch);
  } finally {
    batch.dispose();
  }
}

/**
 * Loads a staged batch (see stage.ts) in one transaction, with the replacement rules of
 * loadReports: one COPY per fact table, a handful of statements in all.
 */
export async function loadStaged(conn: DuckDBConnection, staged: StagedBatch): Promise<LoadCounts> {
  const kept = lastCopies(staged.entries.map((e) => e.report));
  const batch = kept.length === staged.length ? staged : staged.subset(kept);
  try {
    const counts: LoadCounts = { reports: batch.length, cells: 0, findings: { error: 0, warning: 0, info: 0 } };
    for (const { report: r } of batch.entries) {
      counts.cells += r.cells;
      for (const s of ['error', 'warning', 'info'] as const) counts.findings[s] += r.findings[s];
    }
    if (batch.length === 0) return counts;

    await inTransaction(conn, async () => {
      await conn.run('CREATE OR REPLACE TEMP TABLE load_keys (report_id VARCHAR, source VARCHAR, sha256 VARCHAR)');
      await appendRows(conn, 'load_keys', batch.entries.map(({ report: r }) => [r.reportId, r.source, r.sha256]));
      await conn.run(`
        CREATE OR REPLACE TEMP TABLE load_replaced AS
        SELECT DISTINCT r.report_id FROM fact_report r JOIN load_keys k
          ON r.report_id = k.report_id OR (k.sha256 <> '' AND r.source = k.source AND r.sha256 = k.sha256)`);
      for (const table of FACT_TABLES) {
        await conn.run(`DELETE FROM ${table} WHERE report_id IN (SELECT report_id FROM load_replaced)`);
      }
      for (const [i, table] of FACT_TABLES.entries()) {
        const file = batch.fileOf(i);
        if (file) await conn.run(copySql(table, file));
      }
      await rebuildAgencies(conn);
      await conn.run('DROP TABLE load_keys');
      await conn.run('DROP TABLE load_replaced');
    });
    return counts;
  } finally {
    if (batch !== staged) batch.dispose();
  }
}

/** Given each report's identity, returns the indices of the last occurrence of each file identity (origin; source + sha256). */
function lastCopies(reports: readonly { origin: string; source: string; sha256: string }[]): number[] {
  const seen = new Set<string>();
  const kept: number[] = [];
  for (let i = reports.length - 1; i >= 0; i--) {
    const r = reports[i];
    const keys = [`origin:${r.origin}`];
    if (r.sha256) keys.push(`file:${r.source}|${r.sha256}`);
    if (keys.some((k) => seen.has(k))) continue;
    keys.forEach((k) => seen.add(k));
    kept.push(i);
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
  /** fact_report.source_hints: the hints its source gave, as JSON; null when not recorded (loaded before schema 1). */
  sourceHints: string | null;
}

export async function storedReports(conn: DuckDBConnection): Promise<StoredReport[]> {
  // Rows as arrays, not objects keyed by column: a rerun reads every report's, and this is half the cost.
  const reader = await conn.runAndReadAll('SELECT report_id, source, origin, sha256, status, extractor_version, source_hints FROM fact_report');
  return (reader.getRowsJS() as [string, string, string, string, string, string, string | null][]).map(
    ([reportId, source, origin, sha256, status, extractorVersion, sourceHints]) => ({ reportId, source, origin, sha256, status, extractorVersion, sourceHints }),
  );
}

// The run ledger: one etl_run row per finished run, one etl_file row per source it saw.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Severity } from '../core/types.ts';
import { appendRows } from './append.ts';

export type FileOutcome = 'loaded' | 'partial' | 'not_report' | 'failed' | 'unchanged';

export interface FileRecord {
  location: string;
  source: string | null;
  sha256: string | null;
  reportId: string | null;
  outcome: FileOutcome;
  stage: string | null;
  reason: string | null;
  durationMs: number | null;
}

export interface RunRecord {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  status: 'ok' | 'sources_failed';
  extractorVersion: string;
  forced: boolean;
  filesSeen: number;
  filesFetched: number;
  filesUnchanged: number;
  filesExtracted: number;
  filesFailed: number;
  /** The findings of the reports loaded this run, cross-year ones included (see crossYearOfRun). */
  findings: Record<Severity, number>;
  /** Of `findings`, the cross-year (xyear.*) ones. */
  findingsCrossYear: number;
  cellsLoaded: number;
}

export async function recordRun(conn: DuckDBConnection, run: RunRecord, files: readonly FileRecord[]): Promise<void> {
  await conn.run('BEGIN');
  try {
    await appendRows(conn, 'etl_run', [[
      run.runId, run.startedAt, run.finishedAt, run.status, run.extractorVersion, run.forced,
      run.filesSeen, run.filesFetched, run.filesUnchanged, run.filesExtracted, run.filesFailed,
      run.findings.error, run.findings.warning, run.findings.info, BigInt(run.cellsLoaded), run.findingsCrossYear,
    ]]);
    await appendRows(conn, 'etl_file', files.map((f) => [
      run.runId, f.location, f.source, f.sha256, f.reportId, f.outcome, f.stage, f.reason, f.durationMs,
    ]));
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

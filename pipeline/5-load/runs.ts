// The run ledger: one etl_run row per finished run, one etl_file row per source it saw, one
// etl_channel row per channel it read.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Severity } from '../core/types.ts';
import { appendRows } from './append.ts';
import { inTransaction } from './duckdb.ts';

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
  /** For a file found under a channel: the channel, and the page linking it. */
  channel?: string;
  foundOn?: string;
}

/** What reading one channel came to in a run (see sql/tables/etl_channel.sql). */
export interface ChannelRecord {
  channel: string;
  pagesRead: number;
  pagesUnchanged: number;
  pagesFailed: number;
  complete: boolean;
  reportsFound: number;
  reportsNew: number;
  reportsFailed: number;
  reportsDisallowed: number;
  reason: string | null;
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

export async function recordRun(conn: DuckDBConnection, run: RunRecord, files: readonly FileRecord[], channels: readonly ChannelRecord[] = []): Promise<void> {
  await inTransaction(conn, async () => {
    await appendRows(conn, 'etl_run', [[
      run.runId, run.startedAt, run.finishedAt, run.status, run.extractorVersion, run.forced,
      run.filesSeen, run.filesFetched, run.filesUnchanged, run.filesExtracted, run.filesFailed,
      run.findings.error, run.findings.warning, run.findings.info, BigInt(run.cellsLoaded), run.findingsCrossYear,
    ]]);
    await appendRows(conn, 'etl_file', files.map((f) => [
      run.runId, f.location, f.source, f.sha256, f.reportId, f.outcome, f.stage, f.reason, f.durationMs, f.channel ?? null, f.foundOn ?? null,
    ]));
    await appendRows(conn, 'etl_channel', channels.map((c) => [
      run.runId, c.channel, c.pagesRead, c.pagesUnchanged, c.pagesFailed, c.complete,
      c.reportsFound, c.reportsNew, c.reportsFailed, c.reportsDisallowed, c.reason,
    ]));
  });
}

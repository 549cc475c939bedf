// The run's body: every source fetched (or, re-extracting, every stale report's kept bytes read),
// each file processed on the worker pool (or skipped when its bytes, hints and extractor version
// are already loaded), loaded in batches, then the cross-year checks recomputed and the run recorded.
import { availableParallelism } from 'node:os';
import { fetchAll, readAllKept, sourceNameOf, type FetchOutcome, type KeptReport, type Source } from '../1-fetch/index.ts';
import { EXTRACTOR_VERSION } from '../core/version.ts';
import type { SourceHints } from '../core/types.ts';
import { crossYearOfRun, recomputeCrossYearFindings } from '../5-load/cross-year.ts';
import {
  hintsJson, recordRun, reportIdOf, serialiseReport, storedReports, type FileRecord, type LoadContext, type StoredReport, type Warehouse,
} from '../5-load/index.ts';
import { BatchLoader, useLoadSettings } from './batch-loader.ts';
import { WorkerPool } from './pool.ts';
import { PROCESS_STAGES, type Processed, type WorkerInput } from './processed.ts';
import { failureOf, fetchFailedReport, FILE_TIME_LIMIT_MS, processInPool } from './process-file.ts';
import { RAW_DIR, type IngestOptions, type IngestSummary } from './options.ts';

/** Files in flight (read, in a worker, or waiting to load) per worker: enough to keep every worker busy. */
const FILES_PER_WORKER = 4;
const WORKER_TASK = new URL('./worker.ts', import.meta.url);

export /** Fetches, processes and loads every source into an open (staged) warehouse, then records the run. */
async function runInto(
  wh: Warehouse,
  sources: Source[],
  opts: IngestOptions & { runId: string; startedAt: Date; loadDir: string },
): Promise<IngestSummary> {
  const { log, signal } = opts;
  const concurrency = opts.concurrency ?? 4;
  const ctx: LoadContext = { runId: opts.runId, loadedAt: opts.startedAt, extractorVersion: EXTRACTOR_VERSION };
  const stored = await storedReports(wh.conn);
  const current = new Map(
    stored
      .filter((r) => r.extractorVersion === EXTRACTOR_VERSION && r.status !== 'failed')
      .map((r) => [`${r.source}|${r.sha256}`, r]),
  );
  const stale = opts.reextract ? staleReports(stored) : [];
  const storedOrigins = new Set(stored.map((r) => r.origin));
  await useLoadSettings(wh.conn);
  const loader = new BatchLoader(wh, ctx, log, opts.loadDir);
  const workers = opts.workers ?? availableParallelism();
  const pool = new WorkerPool<WorkerInput, Processed>({ size: workers, taskModule: WORKER_TASK, timeLimitMs: FILE_TIME_LIMIT_MS, stages: PROCESS_STAGES });
  const summary: IngestSummary = {
    runId: opts.runId,
    status: 'ok',
    filesSeen: opts.reextract ? stale.length : sources.length,
    filesFetched: 0,
    filesUnchanged: 0,
    filesExtracted: 0,
    outcomes: { loaded: 0, partial: 0, not_report: 0, failed: 0, unchanged: 0 },
    findings: { error: 0, warning: 0, info: 0 },
    findingsCrossYear: 0,
    crossYear: null,
    cellsLoaded: 0,
    tookOverLockFrom: null,
  };
  const fileLevel = opts.progress ? 'debug' : 'info';

  const handle = async (outcome: FetchOutcome): Promise<void> => {
    const location = outcome.source.location;
    if (outcome.status === 'fetched') summary.filesFetched++;
    if (!outcome.raw) {
      // Fetch failed. A report already loaded from this origin stays; the failure is in etl_file.
      const keep = storedOrigins.has(location);
      const reason = outcome.finding?.message ?? 'fetch failed';
      const file: FileRecord = {
        location, source: sourceNameOf(location), sha256: null, reportId: reportIdOf(location),
        outcome: 'failed', stage: 'fetch', reason, durationMs: null,
      };
      if (keep) loader.record(file);
      else {
        const report = fetchFailedReport(outcome);
        await loader.add({ report, origin: location, rows: serialiseReport({ report, origin: location }, ctx) }, file);
      }
      log.warn({ location, reason, kept: keep }, 'fetch failed');
      return;
    }
    const raw = outcome.raw;
    const loaded = current.get(`${raw.source}|${raw.sha256}`);
    if (loaded && sameHints(loaded.sourceHints, raw.hints) && !opts.force) {
      summary.filesUnchanged++;
      loader.record({
        location, source: raw.source, sha256: raw.sha256, reportId: loaded.reportId,
        outcome: 'unchanged', stage: null, reason: null, durationMs: null,
      });
      log[fileLevel]({ source: raw.source }, 'unchanged');
      return;
    }
    summary.filesExtracted++;
    const processed = await processInPool(pool, raw, ctx);
    const { report, failure, durationMs } = processed;
    const rows = processed.rows ?? serialiseReport({ report, origin: raw.origin }, ctx);
    // A file the extractor itself calls failed (empty, unreadable) says why in its first error finding.
    const why = failure ?? failureOf(report);
    await loader.add(
      { report, origin: raw.origin, rows },
      {
        location, source: raw.source, sha256: raw.sha256, reportId: reportIdOf(raw.origin),
        outcome: report.status, stage: why?.stage ?? null, reason: why?.reason ?? null, durationMs,
      },
    );
    if (failure) log.warn({ source: raw.source, ...failure }, 'file failed');
    else log[fileLevel]({ source: raw.source, status: report.status, cells: rows.cells, findings: report.findings.length, durationMs }, 'file extracted');
  };

  const inFlight = new Set<Promise<void>>();
  const inFlightLimit = Math.max(concurrency, workers * FILES_PER_WORKER);
  opts.progress?.start(summary.filesSeen, 0);
  const rawDir = opts.rawDir ?? RAW_DIR;
  const outcomes = opts.reextract ? readAllKept(stale, rawDir) : fetchAll(sources, { rawDir, concurrency, signal });
  try {
    for await (const outcome of outcomes) {
      signal?.throwIfAborted();
      const task: Promise<void> = handle(outcome).finally(() => {
        inFlight.delete(task);
        opts.progress?.increment();
      });
      inFlight.add(task);
      if (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } catch (err) {
    await loader.stop();
    throw err;
  } finally {
    opts.progress?.stop();
    await pool.close();
  }
  if (signal?.aborted) await loader.stop();
  signal?.throwIfAborted();
  const counts = await loader.flush();
  // The workers are done: the warehouse-wide queries and the checkpoint get every core.
  await wh.conn.run('RESET threads');
  // Cross-year checks span the whole warehouse, so they are recomputed once every report is in;
  // a run that loaded nothing leaves them as they are.
  summary.findings = counts.findings;
  if (loader.loaded > 0) {
    summary.crossYear = { error: 0, warning: 0, info: 0 };
    const found = await recomputeCrossYearFindings(wh.conn);
    for (const f of found) summary.crossYear[f.severity]++;
    const ours = await crossYearOfRun(wh.conn, opts.runId, found);
    for (const f of ours) summary.findings[f.severity]++;
    summary.findingsCrossYear = ours.length;
  }

  for (const f of loader.files) summary.outcomes[f.outcome]++;
  summary.cellsLoaded = counts.cells;
  summary.status = summary.outcomes.failed > 0 ? 'sources_failed' : 'ok';
  await recordRun(
    wh.conn,
    {
      runId: opts.runId, startedAt: opts.startedAt, finishedAt: new Date(), status: summary.status,
      extractorVersion: EXTRACTOR_VERSION, forced: !!opts.force, filesSeen: summary.filesSeen,
      filesFetched: summary.filesFetched, filesUnchanged: summary.filesUnchanged,
      filesExtracted: summary.filesExtracted, filesFailed: summary.outcomes.failed,
      findings: summary.findings, findingsCrossYear: summary.findingsCrossYear, cellsLoaded: summary.cellsLoaded,
    },
    loader.files,
  );
  return summary;
}

/** Given the warehouse's reports, returns those an older extractor read from bytes it had (a fetch that never got them has nothing to re-read). */
function staleReports(stored: readonly StoredReport[]): KeptReport[] {
  return stored
    .filter((r) => r.extractorVersion !== EXTRACTOR_VERSION && r.sha256 !== '')
    .map((r) => {
      const hints = r.sourceHints === null ? undefined : (JSON.parse(r.sourceHints) as SourceHints);
      return hints && Object.keys(hints).length > 0 ? { origin: r.origin, sha256: r.sha256, hints } : { origin: r.origin, sha256: r.sha256 };
    });
}

/**
 * Given a stored report's hints (null: loaded before they were recorded) and a source's, returns
 * whether the report was read with these hints. Unrecorded hints match a source that gives none;
 * one that gives some is read again, once, so its hints surely apply.
 */
function sameHints(stored: string | null, given: SourceHints | undefined): boolean {
  return (stored ?? hintsJson(undefined)) === hintsJson(given);
}

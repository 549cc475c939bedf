// The run's body: every source fetched, each file processed on the worker pool (or skipped when
// its bytes and extractor version are already loaded), loaded in batches, then the cross-year
// checks recomputed and the run recorded.
import { availableParallelism } from 'node:os';
import { fetchAll, sourceNameOf, type FetchOutcome, type Source } from '../1-fetch/index.ts';
import { EXTRACTOR_VERSION } from '../core/version.ts';
import { recomputeCrossYearFindings } from '../5-load/cross-year.ts';
import { recordRun, reportIdOf, serialiseReport, storedReports, type FileRecord, type LoadContext, type Warehouse } from '../5-load/index.ts';
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
      .map((r) => [`${r.source}|${r.sha256}`, r.reportId]),
  );
  const storedOrigins = new Set(stored.map((r) => r.origin));
  await useLoadSettings(wh.conn);
  const loader = new BatchLoader(wh, ctx, log, opts.loadDir);
  const workers = opts.workers ?? availableParallelism();
  const pool = new WorkerPool<WorkerInput, Processed>({ size: workers, taskModule: WORKER_TASK, timeLimitMs: FILE_TIME_LIMIT_MS, stages: PROCESS_STAGES });
  const summary: IngestSummary = {
    runId: opts.runId,
    status: 'ok',
    filesSeen: sources.length,
    filesFetched: 0,
    filesUnchanged: 0,
    filesExtracted: 0,
    outcomes: { loaded: 0, partial: 0, not_report: 0, failed: 0, unchanged: 0 },
    findings: { error: 0, warning: 0, info: 0 },
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
    const storedId = current.get(`${raw.source}|${raw.sha256}`);
    if (storedId && !opts.force) {
      summary.filesUnchanged++;
      loader.record({
        location, source: raw.source, sha256: raw.sha256, reportId: storedId,
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
  opts.progress?.start(sources.length, 0);
  try {
    for await (const outcome of fetchAll(sources, { rawDir: opts.rawDir ?? RAW_DIR, concurrency, signal })) {
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
  if (loader.loaded > 0) {
    summary.crossYear = { error: 0, warning: 0, info: 0 };
    for (const f of await recomputeCrossYearFindings(wh.conn)) summary.crossYear[f.severity]++;
  }

  for (const f of loader.files) summary.outcomes[f.outcome]++;
  summary.findings = counts.findings;
  summary.cellsLoaded = counts.cells;
  summary.status = summary.outcomes.failed > 0 ? 'sources_failed' : 'ok';
  await recordRun(
    wh.conn,
    {
      runId: opts.runId, startedAt: opts.startedAt, finishedAt: new Date(), status: summary.status,
      extractorVersion: EXTRACTOR_VERSION, forced: !!opts.force, filesSeen: summary.filesSeen,
      filesFetched: summary.filesFetched, filesUnchanged: summary.filesUnchanged,
      filesExtracted: summary.filesExtracted, filesFailed: summary.outcomes.failed,
      findings: summary.findings, cellsLoaded: summary.cellsLoaded,
    },
    loader.files,
  );
  return summary;
}


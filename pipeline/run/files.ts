// The run's body: the channels read for the report pages they list, every source fetched (or,
// re-extracting, every stale report's kept bytes read), each file processed on the worker pool (or
// skipped when its bytes, hints and extractor version are already loaded), the attachments of
// report pages that hold no tables fetched in a further round, all loaded in batches, then the
// copies of each report, the cross-year and the channel checks recomputed and the run recorded.
import { availableParallelism } from 'node:os';
import { attachmentsOf, Crawler, fetchAll, readAllKept, sourceNameOf, type FetchOutcome, type KeptReport, type KnownSha256, type Source } from '../1-fetch/index.ts';
import { EXTRACTOR_VERSION } from '../core/version.ts';
import type { SourceHints } from '../core/types.ts';
import { crossYearOfRun } from '../5-load/cross-year.ts';
import { recomputeWholeWarehouse } from '../5-load/whole-warehouse.ts';
import {
  hintsJson, pagesToRevisit, recomputeGoneFindings, recordFileStats, recordRun, reportIdOf, sameStat, serialiseReport, storedFileStats,
  storedReports, type FileRecord, type LoadContext, type StatOfBytes, type StoredReport, type Warehouse,
} from '../5-load/index.ts';
import { attachmentHints, channelRecords, DEFAULT_MAX_PAGES, discover, foundFields, listedNow } from './channels.ts';
import { BatchLoader, useLoadSettings } from './batch-loader.ts';
import { WorkerPool } from './pool.ts';
import { factsOf, PROCESS_STAGES, type Processed, type WorkerInput } from './processed.ts';
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
  const { log } = opts;
  const concurrency = opts.concurrency ?? 4;
  const ctx: LoadContext = { runId: opts.runId, loadedAt: opts.startedAt, extractorVersion: EXTRACTOR_VERSION };
  const stored = await storedReports(wh.conn);
  /** Reports this extractor loaded and did not fail: the ones a file need not be read again for. */
  const loadedNow = stored.filter((r) => r.extractorVersion === EXTRACTOR_VERSION && r.status !== 'failed');
  const current = new Map(loadedNow.map((r) => [`${r.source}|${r.sha256}`, r]));
  const stale = opts.reextract ? staleReports(stored) : [];
  const storedOrigins = new Set(stored.map((r) => r.origin));
  // A discovered file is not requested again once loaded by this extractor, unless forced, or unless
  // it is a report page one of whose attachments failed (only reading the page again retries it).
  const revisit = await pagesToRevisit(wh.conn);
  const loadedOrigins = new Map(loadedNow.map((r) => [r.origin, r]));
  const isLoaded = (location: string) => !opts.force && loadedOrigins.has(location) && !revisit.has(location);
  const stats = await storedFileStats(wh.conn);
  /** Local files read this run whose stat may vouch for their bytes next time. */
  const statsRead = new Map<string, StatOfBytes>();
  // A file whose stat is as when the loaded report's bytes were read is that report's file: not read again.
  const knownSha256: KnownSha256 = (source, path, stat) => {
    const known = stats.get(path);
    if (!known || !sameStat(known.stat, stat) || revisit.has(source.location)) return undefined;
    const loaded = current.get(`${sourceNameOf(path)}|${known.sha256}`);
    return loaded && sameHints(loaded.sourceHints, source.hints) ? known.sha256 : undefined;
  };
  await useLoadSettings(wh.conn);
  const loader = new BatchLoader(wh, ctx, log, opts.loadDir);
  const workers = opts.workers ?? availableParallelism();
  const pool = new WorkerPool<WorkerInput, Processed>({ size: workers, taskModule: WORKER_TASK, timeLimitMs: FILE_TIME_LIMIT_MS, stages: PROCESS_STAGES });
  const summary: IngestSummary = {
    runId: opts.runId,
    status: 'ok',
    filesSeen: 0,
    filesFetched: 0,
    filesUnchanged: 0,
    filesExtracted: 0,
    outcomes: { loaded: 0, partial: 0, not_report: 0, failed: 0, unchanged: 0 },
    findings: { error: 0, warning: 0, info: 0 },
    copies: null,
    crossYear: null,
    findingsCrossYear: 0,
    cellsLoaded: 0,
    channels: { read: 0, failed: 0, reportsFound: 0, reportsNew: 0 },
    tookOverLockFrom: null,
  };
  const fileLevel = opts.progress ? 'debug' : 'info';
  const signal = opts.signal ?? new AbortController().signal;
  const rawDir = opts.rawDir ?? RAW_DIR;
  const crawler = new Crawler({ rawDir, concurrency, perHost: opts.perHost, hostPauseMs: opts.hostPauseMs, ignoreRobots: opts.ignoreRobots });
  const reports = sources.filter((s) => s.kind !== 'channel');
  const channels = sources.filter((s) => s.kind === 'channel');
  const discovery = await discover(channels, crawler, {
    maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES, signal, isLoaded, givenDirectly: new Set(reports.map((s) => s.location)),
  });
  for (const read of discovery.reads) {
    log.info({ channel: read.channel.location, pages: read.pages.length, complete: read.complete, found: read.items.length, disallowed: read.disallowed.length }, 'channel read');
  }
  const listedPages = new Set(discovery.toFetch.map((s) => s.location));
  /** Every location the run fetches or records, so that none is taken twice. */
  const taken = new Set([...reports, ...discovery.toFetch, ...discovery.known].map((s) => s.location));
  /** Attachments waiting for the next round, and the ones robots.txt forbade, per channel. */
  const attachments = new Map<string, Source>();
  const disallowedAttachments = new Map<string, number>();
  /** Given a file's location, the report loaded from its bytes before and where it was found, records it as unchanged. */
  const unchanged = (location: string, { source, sha256, reportId }: StoredReport, found: ReturnType<typeof foundFields>): void => {
    summary.filesUnchanged++;
    loader.record({ location, source, sha256, reportId, outcome: 'unchanged', stage: null, reason: null, durationMs: null, ...found });
    // Debug, not info: a rerun would log every file it did not read again; the summary counts them.
    log.debug({ source }, 'unchanged');
  };
  /** Given a discovered file loaded before, records it as unchanged: it is never requested again. */
  const recordKnown = (known: Source): void => unchanged(known.location, loadedOrigins.get(known.location)!, foundFields(known));
  for (const page of discovery.known) recordKnown(page);

  const handle = async (outcome: FetchOutcome): Promise<void> => {
    const location = outcome.source.location;
    const found = foundFields(outcome.source);
    if (outcome.status === 'fetched') summary.filesFetched++;
    if (outcome.knownSha256 !== undefined) {
      unchanged(location, current.get(`${sourceNameOf(location)}|${outcome.knownSha256}`)!, found);
      return;
    }
    if (!outcome.raw) {
      // Fetch failed. A report already loaded from this origin stays; the failure is in etl_file.
      const keep = storedOrigins.has(location);
      const reason = outcome.finding?.message ?? 'fetch failed';
      const file: FileRecord = {
        location, source: sourceNameOf(location), sha256: null, reportId: reportIdOf(location),
        outcome: 'failed', stage: 'fetch', reason, durationMs: null, ...found,
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
    if (outcome.stat) {
      const known = stats.get(raw.origin);
      if (!known || known.sha256 !== raw.sha256 || !sameStat(known.stat, outcome.stat)) statsRead.set(raw.origin, { stat: outcome.stat, sha256: raw.sha256 });
    }
    const loaded = current.get(`${raw.source}|${raw.sha256}`);
    if (loaded && sameHints(loaded.sourceHints, raw.hints) && !opts.force && !revisit.has(location)) {
      unchanged(location, loaded, found);
      return;
    }
    // A listed report page's links are read before its bytes move to a worker; followed only if it holds no tables.
    const linked = listedPages.has(location) && factsOf(raw).format === 'html' ? attachmentsOf(outcome.source, raw, outcome.finalUrl ?? location) : [];
    summary.filesExtracted++;
    const processed = await processInPool(pool, raw, ctx);
    const { report, failure, durationMs } = processed;
    // Given the load context, every processed file comes back with its rows serialised (a lost one too).
    const rows = processed.rows!;
    // A file the extractor itself calls failed (empty, unreadable) says why in its first error finding.
    const why = failure ?? failureOf(report);
    await loader.add(
      { report, origin: raw.origin, rows },
      {
        location, source: raw.source, sha256: raw.sha256, reportId: reportIdOf(raw.origin),
        outcome: report.status, stage: why?.stage ?? null, reason: why?.reason ?? null, durationMs, ...found,
      },
    );
    if (linked.length > 0 && rows.cells === 0) await queueAttachments(linked, attachmentHints(outcome.source.hints, report));
    if (failure) log.warn({ source: raw.source, ...failure }, 'file failed');
    else log[fileLevel]({ source: raw.source, status: report.status, cells: rows.cells, findings: report.findings.length, durationMs }, 'file extracted');
  };

  /** Given a report page's attachments and the hints they take, queues those not loaded yet and allowed by robots.txt for the next round; the loaded ones are recorded. */
  const queueAttachments = async (linked: Source[], hints: Source['hints']): Promise<void> => {
    for (const attachment of linked) {
      if (taken.has(attachment.location)) continue;
      taken.add(attachment.location);
      if (isLoaded(attachment.location)) {
        recordKnown(attachment);
        continue;
      }
      const forbidden = await crawler.forbidden(attachment.location, signal);
      const channel = attachment.foundVia!.channel;
      if (forbidden) disallowedAttachments.set(channel, (disallowedAttachments.get(channel) ?? 0) + 1);
      else attachments.set(attachment.location, hints ? { ...attachment, hints } : attachment);
    }
  };

  const inFlight = new Set<Promise<void>>();
  const inFlightLimit = Math.max(concurrency, workers * FILES_PER_WORKER);
  const firstRound = opts.reextract
    ? readAllKept(stale, rawDir)
    : fetchAll([...reports, ...discovery.toFetch], { crawler, signal, knownSha256: opts.force || stats.size === 0 ? undefined : knownSha256 });
  opts.progress?.start(opts.reextract ? stale.length : reports.length + discovery.toFetch.length, 0);
  try {
    // Round one: the sources given and the report pages found (or the kept bytes of stale reports);
    // round two: the attachments of those pages.
    for (let round: AsyncIterable<FetchOutcome> | null = firstRound; round; ) {
      for await (const outcome of round) {
        signal.throwIfAborted();
        const task: Promise<void> = handle(outcome).finally(() => {
          inFlight.delete(task);
          opts.progress?.increment();
        });
        inFlight.add(task);
        if (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      const next = [...attachments.values()];
      attachments.clear();
      opts.progress?.setTotal(opts.progress.getTotal() + next.length);
      round = next.length > 0 ? fetchAll(next, { crawler, signal }) : null;
    }
  } catch (err) {
    await loader.stop();
    throw err;
  } finally {
    opts.progress?.stop();
    await pool.close();
  }
  if (signal.aborted) await loader.stop();
  signal.throwIfAborted();
  const counts = await loader.flush();
  summary.findings = counts.findings;
  await recordFileStats(wh.conn, statsRead);
  // The workers are done: the warehouse-wide queries and the checkpoint get every core.
  await wh.conn.run('RESET threads');
  // Copies of one report and cross-year checks span the whole warehouse, so they are recomputed
  // once every report is in; a run that loaded nothing leaves them as they are.
  if (loader.loaded > 0) {
    const { copies, crossYear } = await recomputeWholeWarehouse(wh.conn);
    summary.copies = { reports: copies.reports, files: copies.files, disagreements: copies.disagreements.length };
    summary.crossYear = { error: 0, warning: 0, info: 0 };
    for (const f of crossYear) summary.crossYear[f.severity]++;
    const ours = await crossYearOfRun(wh.conn, opts.runId, crossYear);
    for (const f of ours) summary.findings[f.severity]++;
    summary.findingsCrossYear = ours.length;
  }

  // A report a channel read in full no longer lists stays, with a finding saying it is gone.
  await recomputeGoneFindings(wh.conn, listedNow(discovery.reads));
  const loadedBefore = new Set(stored.filter((r) => r.status !== 'failed').map((r) => r.origin));
  const channelRows = channelRecords(discovery.reads, loader.files, loadedBefore, disallowedAttachments);
  summary.channels = { read: channelRows.length, failed: channelRows.filter((c) => c.reason !== null).length, reportsFound: 0, reportsNew: 0 };
  for (const c of channelRows) {
    summary.channels.reportsFound += c.reportsFound;
    summary.channels.reportsNew += c.reportsNew;
  }
  summary.filesSeen = loader.files.length;
  for (const f of loader.files) summary.outcomes[f.outcome]++;
  summary.cellsLoaded = counts.cells;
  summary.status = summary.outcomes.failed > 0 || summary.channels.failed > 0 ? 'sources_failed' : 'ok';
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
    channelRows,
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

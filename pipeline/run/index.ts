// The ingest run: sources → fetch → decode → extract → validate → load, safe to run nightly from cron.
//
// - One run at a time: a lock file beside the warehouse (a dead run's lock is taken over).
// - Atomic publish: the run loads into a copy, `<warehouse>.next`, and renames it over the live file
//   only once everything is in and checkpointed. Killed at any moment, it leaves the live warehouse
//   byte-for-byte as it was; readers holding the live file open keep their (old) inode meanwhile.
//   Batches stage their files in `<warehouse>.load/`, which the next run clears under the lock.
// - Incremental: a file whose source name, sha256 and extractor version are already loaded is not
//   decoded again (unless forced); a stored failure is always retried.
// - Per-file boundary: a file that fails or times out becomes a `failed` report with a finding
//   naming the stage, and the run goes on.
// - All cores: decode → extract → validate runs on a pool of worker threads (pool.ts);
//   loading stays on this thread, the single writer. Every stage is bounded (fetch window,
//   files in flight, one load batch), so memory stays flat however large the corpus.
import { recomputeCrossYearFindings } from '../5-load/cross-year.ts';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SingleBar } from 'cli-progress';
import { expandInputs, fetchAll, readSourcesFile, sourceNameOf, type FetchOutcome, type Source } from '../1-fetch/index.ts';
import { PoolBroken, TaskTimeout, WorkerCrashed, WorkerPool } from './pool.ts';
import { inShard, type Shard } from './shard.ts';
import { factsOf, failedReport, PROCESS_STAGES, withRows, type Processed, type ProcessStage, type WorkerInput } from './processed.ts';
import { EXTRACTOR_VERSION } from '../core/version.ts';
import type { Logger } from '../core/log.ts';
import type { Finding, RawDoc, Report, Severity } from '../core/types.ts';
import {
  acquireLock, checkpointAndClose, close, discardStage, loadDirOf, loadReports, loadStaged, LockHeldError, openForWriting,
  publishStage, recordRun, reopen, reportIdOf, serialiseReport, stageCopy, StagedBatch, storedReports, WarehouseBusyError,
  type FileRecord, type LoadContext, type SerialisedReport, type Warehouse,
} from '../5-load/index.ts';

/** The bundled sample corpus, ingested when a run is given no sources. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../raw/samples/', import.meta.url));
/** Where downloaded files land, content-addressed (see pipeline/fetch). */
export const RAW_DIR = fileURLToPath(new URL('../../raw/', import.meta.url));

/**
 * Reports per load transaction. Large: per-batch work (deletes, dim_agency, commit) is paid once per
 * batch, and ~200k table-3 rows fill whole row groups that DuckDB writes straight to the file instead
 * of its WAL (1000 loads 10k reports ~1.8× as fast as 100). Still small enough to retry a bad batch
 * report by report.
 */
export const BATCH_SIZE = 1000;
/** Time one file may take to decode, extract and validate; past it, its worker is terminated and replaced. */
const FILE_TIME_LIMIT_MS = 120_000;
/** Files in flight (read, in a worker, or waiting to load) per worker: enough to keep every worker busy. */
const FILES_PER_WORKER = 4;
const WORKER_TASK = new URL('./worker.ts', import.meta.url);
/**
 * How far V8 lets a heap grow past what survived its last full collection. By default it may
 * double it or more while memory is plentiful, so each thread's heap (the loading thread's and
 * every worker's) creeps up over a long run; 20% keeps them near their live size. Measured at 10k
 * reports: peak RSS ~80 MB below V8's default, and 20–40 MB below 100%, for 1–5% more CPU in the
 * collector (see docs/scale.md).
 */
const HEAP_GROWING_PERCENT = 20;
/** DuckDB threads while batches load beside the workers. */
const LOAD_THREADS = 1;
/** WAL size past which a commit checkpoints; a batch writes more than this. */
const LOAD_CHECKPOINT_THRESHOLD = '4MB';

export interface IngestOptions {
  /** Files, folders, URLs, list files; none (and no sourcesFile) means the sample corpus. */
  inputs: string[];
  sourcesFile?: string;
  warehouse: string;
  rawDir?: string;
  force?: boolean;
  concurrency?: number;
  /** Worker threads for decode → extract → validate; default: every core. */
  workers?: number;
  /** Only the sources of this slice (see pipeline/shard.ts), so N machines can split a corpus. */
  shard?: Shard;
  log: Logger;
  /** Shown on a terminal; one tick per source. */
  progress?: SingleBar;
  /** Aborting stops the run without publishing: the live warehouse stays as it was. */
  signal?: AbortSignal;
}

export interface IngestSummary {
  runId: string;
  status: 'ok' | 'sources_failed';
  filesSeen: number;
  filesFetched: number;
  filesUnchanged: number;
  filesExtracted: number;
  outcomes: Record<'loaded' | 'partial' | 'not_report' | 'failed' | 'unchanged', number>;
  findings: Record<Severity, number>;
  /**
   * Cross-year findings (xyear.*) of the whole warehouse after the run, by severity: they are
   * recomputed over every report, not just this run's. Null when the run loaded nothing and left
   * them as they were.
   */
  crossYear: Record<Severity, number> | null;
  cellsLoaded: number;
  /** The dead run whose lock this one took over. */
  tookOverLockFrom: number | null;
}

/** The run did not start, or stopped before publishing: the live warehouse is unchanged. */
export class DidNotRun extends Error {}

export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const { warehouse, log } = opts;
  // A V8 flag is process-wide and read at every full collection, so it reaches the workers started later too.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;

  const sources = await listSources(opts).catch((err: Error) => {
    throw new DidNotRun(`cannot read the sources: ${err.message}`);
  });
  const enabled = sources.filter((s) => s.enabled);
  mkdirSync(dirname(warehouse), { recursive: true });
  let lock;
  try {
    lock = acquireLock(warehouse);
  } catch (err) {
    if (err instanceof LockHeldError) throw new DidNotRun(`another run holds the lock: ${err.message}`);
    throw err;
  }
  if (lock.tookOver) log.warn({ lock: lock.path, deadRun: lock.tookOver }, 'took over the lock of a run that died');
  log.info({ runId, warehouse, sources: enabled.length, disabled: sources.length - enabled.length, force: !!opts.force }, 'run started');

  let wh: Warehouse | undefined;
  const loadDir = loadDirOf(warehouse);
  try {
    try {
      // Staging files of a run that was killed are cleared here: the lock says no run is using them.
      rmSync(loadDir, { recursive: true, force: true });
      mkdirSync(loadDir);
      const stage = await stageCopy(warehouse);
      wh = await openForWriting(stage);
    } catch (err) {
      if (wh) close(wh);
      throw err instanceof WarehouseBusyError ? new DidNotRun(err.message) : new DidNotRun(`warehouse unusable: ${(err as Error).message}`);
    }
    const summary = await runInto(wh, enabled, { ...opts, runId, startedAt, loadDir });
    summary.tookOverLockFrom = lock.tookOver?.pid ?? null;
    await checkpointAndClose(wh);
    wh = undefined;
    await publishStage(warehouse);
    log.info({ ...summary }, 'run finished and published');
    return summary;
  } catch (err) {
    if (wh) close(wh);
    await discardStage(warehouse);
    throw err;
  } finally {
    rmSync(loadDir, { recursive: true, force: true });
    lock.release();
  }
}

async function listSources(opts: IngestOptions): Promise<Source[]> {
  const fromFile = opts.sourcesFile ? await readSourcesFile(opts.sourcesFile) : [];
  const inputs = opts.inputs.length === 0 && !opts.sourcesFile ? [SAMPLES_DIR] : opts.inputs;
  const fromArgs = await expandInputs(inputs);
  const seen = new Set(fromFile.map((s) => s.location));
  const all = [...fromFile, ...fromArgs.filter((s) => !seen.has(s.location))];
  const shard = opts.shard;
  return shard ? all.filter((s) => inShard(s.location, shard)) : all;
}

/** Fetches, processes and loads every source into an open (staged) warehouse, then records the run. */
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

/** Sets DuckDB up for loading batches beside the workers. */
async function useLoadSettings(conn: DuckDBConnection): Promise<void> {
  // Loads run beside the workers, which keep every core busy: DuckDB's own threads would only take
  // cores from them. One thread loads a batch in the same time for ~30% less CPU (measured).
  await conn.run(`SET threads = ${LOAD_THREADS}`);
  // Every batch is checkpointed as it commits. At the default 16 MB of WAL DuckDB held two or
  // three batches' row groups in memory (up to ~50 MB at 10k reports) until it checkpointed; this
  // lowered an ingest's peak RSS by ~28 MB (alternating runs), and the final checkpoint, which
  // runs alone at the end, falls from ~500 ms to ~15 ms for ~250 ms more CPU spread over the loads.
  await conn.run(`SET checkpoint_threshold = '${LOAD_CHECKPOINT_THRESHOLD}'`);
}

/**
 * Given the pool and a raw file, returns its report from a worker, inside the per-file boundary:
 * a timeout or a crashed worker becomes a `failed` report; only a pool that cannot start throws.
 * The bytes move to the worker rather than being copied. Given the run's load context, the worker
 * also serialises the report's rows, and the report comes back without its cells and sections.
 */
export async function processInPool(pool: WorkerPool<WorkerInput, Processed>, raw: RawDoc, load?: LoadContext): Promise<Processed> {
  const facts = factsOf(raw);
  const bytes = ownsBuffer(raw.bytes) ? raw.bytes : new Uint8Array(raw.bytes);
  try {
    return await pool.run({ ...raw, bytes, load }, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    if (err instanceof PoolBroken) throw err;
    const stage = (err instanceof TaskTimeout || err instanceof WorkerCrashed ? err.stage : 'decode') as ProcessStage;
    const reason = (err as Error).message;
    const check = err instanceof TaskTimeout ? `${stage}.timeout` : `${stage}.failed`;
    const report = failedReport(facts, undefined, { check, severity: 'error', subject: 'file', message: reason, stage });
    const out: Processed = { report, failure: { stage, reason }, durationMs: err instanceof TaskTimeout ? FILE_TIME_LIMIT_MS : 0 };
    return load ? withRows(out, raw.origin, load) : out;
  }
}

/** Whether the bytes are the whole of their ArrayBuffer, so moving it takes nothing else along (Node pools small Buffers). */
const ownsBuffer = (bytes: Uint8Array) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;

function failureOf(report: Report): { stage: string; reason: string } | undefined {
  if (report.status !== 'failed') return undefined;
  const finding = report.findings.find((f) => f.severity === 'error');
  return finding && { stage: finding.stage ?? 'extract', reason: finding.message };
}

/** A `failed` report for a source whose bytes never arrived: no sha256, no bytes. */
function fetchFailedReport(outcome: FetchOutcome): Report {
  const location = outcome.source.location;
  const finding: Finding = outcome.finding ?? { check: 'fetch.failed', severity: 'error', subject: 'file', message: 'fetch failed', stage: 'fetch' };
  return failedReport(
    { source: sourceNameOf(location), sha256: '', bytes: 0, format: 'empty', hints: outcome.source.hints },
    undefined,
    finding,
  );
}

/** A report ready to load: its rows serialised, and the report itself without cells or sections (for a load failure). */
interface Ready {
  report: Report;
  origin: string;
  rows: SerialisedReport;
}

/**
 * Collects reports and loads them a batch at a time, one load after another. Each report's rows
 * arrive serialised and go straight to the batch's staging files (pipeline/load/stage.ts), so a
 * batch costs memory only for each report's identity and findings; the load itself is one COPY per
 * table, run by DuckDB off this thread while the next batch fills. A batch that fails to load is
 * retried report by report, so one bad report becomes a `failed` row (stage load) instead of
 * costing its neighbours.
 */
class BatchLoader {
  readonly files: FileRecord[] = [];
  /** Reports loaded so far. */
  loaded = 0;
  private staged: StagedBatch | undefined;
  private heads: { report: Report; origin: string; file: FileRecord }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private cells = 0;
  private findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };

  constructor(
    private readonly wh: Warehouse,
    private readonly ctx: LoadContext,
    private readonly log: Logger,
    /** Where batches stage their files. */
    private readonly dir: string,
  ) {}

  /** A file that loads nothing (unchanged, or kept after a failed fetch). */
  record(file: FileRecord): void {
    this.files.push(file);
  }

  /**
   * Stages a report; a full batch starts loading once the batch before it is in. Callers of a full
   * batch wait meanwhile, so at most one batch loads while the next fills: memory stays bounded
   * when extraction outruns loading.
   */
  async add({ report, origin, rows }: Ready, file: FileRecord): Promise<void> {
    this.files.push(file);
    this.staged ??= StagedBatch.create(this.dir);
    this.staged.add(rows);
    this.heads.push({ report: { ...report, cells: [], sections: [] }, origin, file });
    if (this.staged.length < BATCH_SIZE) return;
    await this.chain;
    if (this.staged && this.staged.length >= BATCH_SIZE) await this.loadPending();
  }

  /**
   * The run is stopping: drops the batch still filling and waits out the loads already started,
   * whatever their outcome, so that the connection is idle when the run closes it.
   */
  async stop(): Promise<void> {
    this.staged?.dispose();
    this.staged = undefined;
    this.heads = [];
    await this.chain.catch(() => {});
  }

  async flush(): Promise<{ cells: number; findings: Record<Severity, number> }> {
    await this.loadPending();
    return { cells: this.cells, findings: this.findings };
  }

  private loadPending(): Promise<void> {
    const staged = this.staged;
    const heads = this.heads;
    this.staged = undefined;
    this.heads = [];
    if (staged) this.chain = this.chain.then(() => this.load(staged, heads)).finally(() => staged.dispose());
    return this.chain;
  }

  private async load(staged: StagedBatch, heads: { report: Report; origin: string; file: FileRecord }[]): Promise<void> {
    const started = performance.now();
    try {
      this.count(await loadStaged(this.wh.conn, staged));
      this.log.debug({ reports: staged.length, bytes: staged.bytes, ms: Math.round(performance.now() - started) }, 'batch loaded');
    } catch (err) {
      this.log.warn({ err, reports: staged.length }, 'batch failed to load; loading its reports one by one');
      for (let i = 0; i < heads.length; i++) await this.loadAlone(staged, i, heads[i]);
    }
    // Without this DuckDB's cache of the blocks it wrote grows by ~3 MB a batch for the whole run
    // (BASE_TABLE in duckdb_memory(): 8 → 37 MB over 10k reports; peak RSS grew with the corpus).
    // Reopening takes ~30 ms a batch; if it fails the warehouse is unusable and the run stops.
    await reopen(this.wh);
    await useLoadSettings(this.wh.conn);
  }

  private async loadAlone(staged: StagedBatch, index: number, { report: head, origin, file }: { report: Report; origin: string; file: FileRecord }): Promise<void> {
    const one = staged.subset([index]);
    try {
      this.count(await loadStaged(this.wh.conn, one));
    } catch (err) {
      const reason = `load failed: ${(err as Error).message}`;
      const report: Report = {
        ...head,
        status: 'failed',
        cells: [],
        sections: [],
        findings: [...head.findings, { check: 'load.failed', severity: 'error', subject: 'file', message: reason, stage: 'load' }],
      };
      Object.assign(file, { outcome: 'failed', stage: 'load', reason });
      this.log.warn({ source: head.source, reason }, 'report failed to load');
      // If even the bare failed row cannot be written, the warehouse itself is broken: stop the run.
      this.count(await loadReports(this.wh.conn, [{ report, origin }], this.ctx));
    } finally {
      one.dispose();
    }
  }

  private count(counts: { reports: number; cells: number; findings: Record<Severity, number> }): void {
    this.loaded += counts.reports;
    this.cells += counts.cells;
    for (const s of ['error', 'warning', 'info'] as const) this.findings[s] += counts.findings[s];
  }
}

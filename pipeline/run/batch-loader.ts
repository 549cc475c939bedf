// Loading on the one writing thread: reports arrive serialised from the workers, are staged a
// batch at a time and loaded one batch after another while the next one fills.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '../core/log.ts';
import type { Report, Severity } from '../core/types.ts';
import {
  loadReports, loadStaged, reopen, StagedBatch, type FileRecord, type LoadContext, type LoadCounts, type SerialisedReport, type Warehouse,
} from '../5-load/index.ts';

/**
 * Reports per load transaction. Large: per-batch work (deletes, dim_agency, commit) is paid once per
 * batch, and ~200k table-3 rows fill whole row groups that DuckDB writes straight to the file instead
 * of its WAL (1000 loads 10k reports ~1.8× as fast as 100). Still small enough to retry a bad batch
 * report by report.
 */
export const BATCH_SIZE = 1000;
/** DuckDB threads while batches load beside the workers. */
const LOAD_THREADS = 1;
/** WAL size past which a commit checkpoints; a batch writes more than this. */
const LOAD_CHECKPOINT_THRESHOLD = '4MB';

export /** Sets DuckDB up for loading batches beside the workers. */
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

/** A report ready to load: its rows serialised, and the report itself without cells or sections (for a load failure). */
export interface Ready {
  report: Report;
  origin: string;
  rows: SerialisedReport;
}

/** A staged report as a failed load needs it: the report without cells or sections, its origin and its etl_file record. */
interface Head {
  report: Report;
  origin: string;
  file: FileRecord;
}

/**
 * Collects reports and loads them a batch at a time, one load after another. Each report's rows
 * arrive serialised and go straight to the batch's staging files (pipeline/5-load/stage.ts), so a
 * batch costs memory only for each report's identity and findings; the load itself is one COPY per
 * table, run by DuckDB off this thread while the next batch fills. A batch that fails to load is
 * retried report by report, so one bad report becomes a `failed` row (stage load) instead of
 * costing its neighbours.
 */
export class BatchLoader {
  readonly files: FileRecord[] = [];
  /** Reports loaded so far. */
  loaded = 0;
  private staged: StagedBatch | undefined;
  private heads: Head[] = [];
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

  private async load(staged: StagedBatch, heads: Head[]): Promise<void> {
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

  private async loadAlone(staged: StagedBatch, index: number, { report: head, origin, file }: Head): Promise<void> {
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

  private count(counts: LoadCounts): void {
    this.loaded += counts.reports;
    this.cells += counts.cells;
    for (const s of ['error', 'warning', 'info'] as const) this.findings[s] += counts.findings[s];
  }
}

// The ingest run: sources → fetch → decode → extract → validate → load, safe to run nightly from cron.
//
// - One run at a time: a lock file beside the warehouse (a dead run's lock is taken over).
// - Atomic publish: the run loads into a copy, `<warehouse>.next`, and renames it over the live file
//   only once everything is in and checkpointed. Killed at any moment, it leaves the live warehouse
//   byte-for-byte as it was; readers holding the live file open keep their (old) inode meanwhile.
//   Batches stage their files in `<warehouse>.load/`, which the next run clears under the lock.
// - Incremental: a file whose source name, sha256, hints and extractor version are already loaded is
//   not decoded again (unless forced); a stored failure is always retried. `reextract` re-reads the
//   reports an older extractor read from their kept bytes instead of fetching the sources.
// - Upgrades: opening the staged copy migrates its schema (5-load/schema.ts), so a failed or killed
//   migration leaves the live warehouse as it was too; a warehouse newer than the code is refused.
// - Per-file boundary: a file that fails or times out becomes a `failed` report with a finding
//   naming the stage, and the run goes on.
// - All cores: decode → extract → validate runs on a pool of worker threads (pool.ts);
//   loading stays on this thread, the single writer. Every stage is bounded (fetch window,
//   files in flight, one load batch), so memory stays flat however large the corpus.
//
// This file holds the lock-stage-publish frame; files.ts the run's body, process-file.ts one file
// on the pool, batch-loader.ts the loading thread, options.ts what a run takes and returns.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { dirname } from 'node:path';
import { expandInputs, readSourcesFile, type Source } from '../1-fetch/index.ts';
import { inShard } from './shard.ts';
import { SAMPLES_DIR, type IngestOptions, type IngestSummary } from './options.ts';
import {
  acquireLock, checkpointAndClose, close, discardStage, loadDirOf, LockHeldError, openForWriting, publishStage, stageCopy,
  WarehouseBusyError, WarehouseTooNew, type Warehouse,
} from '../5-load/index.ts';
import { runInto } from './files.ts';

export { BATCH_SIZE } from './batch-loader.ts';
export { processInPool } from './process-file.ts';
export { RAW_DIR, SAMPLES_DIR, type IngestOptions, type IngestSummary } from './options.ts';

/**
 * How far V8 lets a heap grow past what survived its last full collection. By default it may
 * double it or more while memory is plentiful, so each thread's heap (the loading thread's and
 * every worker's) creeps up over a long run; 20% keeps them near their live size. Measured at 10k
 * reports: peak RSS ~80 MB below V8's default, and 20–40 MB below 100%, for 1–5% more CPU in the
 * collector (see docs/scale.md).
 */
const HEAP_GROWING_PERCENT = 20;

/** The run did not start, or stopped before publishing: the live warehouse is unchanged. */
export class DidNotRun extends Error {}

/** Given sources and a warehouse, runs one ingest under the lock into `<warehouse>.next` and publishes it; throws DidNotRun when nothing changed. */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const { warehouse, log } = opts;
  // A V8 flag is process-wide and read at every full collection, so it reaches the workers started later too.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;

  const sources = opts.reextract ? [] : await listSources(opts).catch((err: Error) => {
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
  log.info(
    { runId, warehouse, sources: enabled.length, disabled: sources.length - enabled.length, force: !!opts.force, reextract: !!opts.reextract },
    'run started',
  );

  let wh: Warehouse | undefined;
  const loadDir = loadDirOf(warehouse);
  try {
    try {
      // Staging files of a run that was killed are cleared here: the lock says no run is using them.
      rmSync(loadDir, { recursive: true, force: true });
      mkdirSync(loadDir);
      const stage = await stageCopy(warehouse);
      wh = await openForWriting(stage, opts.migrationsDir);
      const { found, expected, applied } = wh.schema;
      if (applied.length > 0) log.info({ from: found, to: expected, migrations: applied }, 'schema migrated');
    } catch (err) {
      if (wh) close(wh);
      const plain = err instanceof WarehouseBusyError || err instanceof WarehouseTooNew;
      throw new DidNotRun(plain ? err.message : `warehouse unusable: ${(err as Error).message}`);
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

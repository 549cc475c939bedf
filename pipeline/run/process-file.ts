// One file through decode → extract → validate on the worker pool, inside the per-file
// boundary: whatever happens to it becomes a report, failed if need be, and the run goes on.
import { sourceNameOf, type FetchOutcome } from '../1-fetch/index.ts';
import type { Finding, RawDoc, Report } from '../core/types.ts';
import type { LoadContext } from '../5-load/index.ts';
import { PoolBroken, TaskTimeout, WorkerCrashed, type WorkerPool } from './pool.ts';
import { factsOf, failedReport, withRows, type Processed, type ProcessStage, type WorkerInput } from './processed.ts';

/** Time one file may take to decode, extract and validate; past it, its worker is terminated and replaced. */
export const FILE_TIME_LIMIT_MS = 120_000;
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

export function failureOf(report: Report): { stage: string; reason: string } | undefined {
  if (report.status !== 'failed') return undefined;
  const finding = report.findings.find((f) => f.severity === 'error');
  return finding && { stage: finding.stage ?? 'extract', reason: finding.message };
}

/** Given a fetch that failed, returns a `failed` report for a source whose bytes never arrived: no sha256, no bytes. */
export function fetchFailedReport(outcome: FetchOutcome): Report {
  const location = outcome.source.location;
  const finding: Finding = outcome.finding ?? { check: 'fetch.failed', severity: 'error', subject: 'file', message: 'fetch failed', stage: 'fetch' };
  return failedReport(
    { source: sourceNameOf(location), sha256: '', bytes: 0, format: 'empty', hints: outcome.source.hints },
    undefined,
    finding,
  );
}


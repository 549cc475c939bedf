// Fetch stage: sources → RawDocs. Local files are read in place; http(s) sources are
// downloaded politely (a global and a per-host limit, retries with backoff, conditional
// GETs) into the content-addressed raw/ store. Outcomes are yielded as they complete, and
// sources are only started as the caller takes outcomes, so memory stays bounded.
import { MAX_FILE_BYTES } from '../core/limits.ts';
import pLimit, { type LimitFunction } from 'p-limit';
import { fetchFinding } from './finding.ts';
import { localPath, readLocal } from './local.ts';
export { sourceNameOf } from './local.ts';
import { fetchRemote, type RemoteSettings } from './remote.ts';

export { expandInputs, readSourcesFile } from './sources.ts';
export { readAllKept, readKept, type KeptReport } from './kept.ts';
import type { FetchOutcome, Source } from './types.ts';
export type { FetchOutcome, FetchStatus, Source } from './types.ts';

export interface FetchOptions {
  rawDir: string;
  /** requests (and local reads) at once, across all hosts */
  concurrency?: number;
  /** requests at once to one host name */
  perHost?: number;
  /** per attempt, headers and body together */
  timeoutMs?: number;
  /** further attempts after network errors, timeouts, cut-short bodies, 429 and 5xx */
  retries?: number;
  maxBytes?: number;
  userAgent?: string;
  signal?: AbortSignal;
}

const DEFAULT_CONCURRENCY = 8;
/** Two at a time per host: government sites are often small servers that rate-limit hard. */
const DEFAULT_PER_HOST = 2;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRIES = 3;
/** Annual reports are rarely over a few MB; a 50 MB answer is a scan archive or a wrong URL. */
/** Downloads and local files share one limit per file. */
const DEFAULT_MAX_BYTES = MAX_FILE_BYTES;
const DEFAULT_USER_AGENT = 'nianbao (government information-disclosure annual report archiver)';

/**
 * Given sources and options, yields one outcome per enabled source as each completes.
 * One bad source is a failed outcome with a finding; only run-level trouble throws: the
 * caller's signal aborting, or raw/ not being writable. Leaving the loop early stops the
 * downloads still under way.
 *
 * Pull-based, so memory stays flat however many sources there are: a source is only started
 * while fewer than twice `concurrency` outcomes are under way or done and not yet taken by the
 * caller, so at most that many files' bytes are held at once.
 */
export async function* fetchAll(sources: Source[], opts: FetchOptions): AsyncGenerator<FetchOutcome> {
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const settings: RemoteSettings = {
    rawDir: opts.rawDir,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: opts.retries ?? DEFAULT_RETRIES,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
    signal,
  };
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const global = pLimit(concurrency);
  const perHost = perHostLimiter(opts.perHost ?? DEFAULT_PER_HOST);
  // Each slot checks the signal first, so queued work ends at once after an abort.
  const inGlobalSlot = <T>(work: () => Promise<T>) =>
    global(() => {
      signal.throwIfAborted();
      return work();
    });
  const outcomes = new OutcomeQueue();
  // A window slot is held from a source's start until the caller takes its outcome.
  const window = pLimit(concurrency * OUTCOMES_PER_SLOT);
  const inWindow = (work: () => Promise<FetchOutcome>) =>
    window(() => new Promise<void>((taken) => work().then((o) => outcomes.push(o, taken), (err: unknown) => outcomes.fail(err))));

  const enabled = sources.filter((s) => s.enabled);
  for (const source of enabled) fetchOne(source, settings, inGlobalSlot, perHost, inWindow).catch((err: unknown) => outcomes.fail(err));
  try {
    for (let i = 0; i < enabled.length; i++) yield await outcomes.next();
  } finally {
    window.clearQueue();
    stop.abort();
  }
}

/** Outcomes under way or waiting to be taken, per `concurrency` request slot. */
const OUTCOMES_PER_SLOT = 2;

/**
 * Given one source, starts it once it has a window slot (a URL only once it also has its host's
 * slot, so one slow host cannot fill the window) and resolves when its outcome is taken.
 */
function fetchOne(
  source: Source,
  settings: RemoteSettings,
  inGlobalSlot: <T>(work: () => Promise<T>) => Promise<T>,
  perHost: (hostname: string) => LimitFunction,
  inWindow: (work: () => Promise<FetchOutcome>) => Promise<void>,
): Promise<void> {
  const path = localPath(source.location);
  if (path !== undefined) return inWindow(() => inGlobalSlot(async () => readLocal(source, path)));
  let hostname: string;
  try {
    hostname = new URL(source.location).hostname;
  } catch {
    return inWindow(async () => ({ source, status: 'failed', finding: fetchFinding('fetch.network', `${source.location}: not a valid URL`) }));
  }
  // The host slot is held across retries and their waits, so a struggling server is not
  // hit by other requests meanwhile; the global slot only while a request is on the wire.
  return perHost(hostname)(() => inWindow(() => fetchRemote(source, settings, inGlobalSlot)));
}

/** Given the per-host limit, returns a function handing out each host's own limiter. */
function perHostLimiter(limit: number): (hostname: string) => LimitFunction {
  const limiters = new Map<string, LimitFunction>();
  return (hostname) => {
    let limiter = limiters.get(hostname);
    if (!limiter) limiters.set(hostname, (limiter = pLimit(limit)));
    return limiter;
  };
}

/** Outcomes in completion order: pushed by finishing tasks, taken by the generator. */
class OutcomeQueue {
  private readonly ready: { outcome: FetchOutcome; taken: () => void }[] = [];
  private error: { err: unknown } | undefined;
  private wake: (() => void) | undefined;

  /** Queues an outcome; `taken` is called when the generator hands it on. */
  push(outcome: FetchOutcome, taken: () => void): void {
    this.ready.push({ outcome, taken });
    this.wake?.();
  }

  /** Records the first run-level error; next() throws it once the outcomes already in are taken. */
  fail(err: unknown): void {
    this.error ??= { err };
    this.wake?.();
  }

  async next(): Promise<FetchOutcome> {
    while (this.ready.length === 0) {
      if (this.error) throw this.error.err;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const { outcome, taken } = this.ready.shift()!;
    taken();
    return outcome;
  }
}

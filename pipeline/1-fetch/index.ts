// Fetch stage: sources → RawDocs. Local files are read in place; http(s) sources are
// downloaded politely (a global and a per-host limit, a pause between requests to one host,
// retries with backoff, conditional GETs) into the content-addressed raw/ store. Outcomes are
// yielded as they complete, and sources are only started as the caller takes outcomes, so
// memory stays bounded. Channels (listing pages) are read by channel/, through the same crawler.
import pLimit from 'p-limit';
import { Crawler, type CrawlOptions } from './crawler.ts';
import { fetchFinding } from './finding.ts';
import { localPath, readLocal, type KnownSha256 } from './local.ts';
export { sourceNameOf, type KnownSha256 } from './local.ts';
import { fetchRemote } from './remote.ts';

export { expandInputs, readSourcesFile } from './sources.ts';
export { readAllKept, type KeptReport } from './kept.ts';
export { attachmentsOf, readChannel, type ChannelRead, type ListingPageRead } from './channel/index.ts';
export { Crawler, DEFAULT_HOST_PAUSE_MS, DEFAULT_PER_HOST, type CrawlOptions } from './crawler.ts';
import type { FetchOutcome, Source } from './types.ts';
export type { FetchOutcome, FetchStatus, FileStat, FoundVia, Source, SourceKind } from './types.ts';

/** Either the run's crawler, shared with channel reading so politeness holds across the whole run, or the options to make one from. */
export type FetchOptions = (({ crawler: Crawler }) | (CrawlOptions & { crawler?: undefined })) & {
  signal?: AbortSignal;
  /** For local files: the sha256 of a file whose stat vouches for it, so that it is not read again. */
  knownSha256?: KnownSha256;
};

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
  const crawler = opts.crawler !== undefined ? opts.crawler : new Crawler(opts);
  const outcomes = new OutcomeQueue();
  // A window slot is held from a source's start until the caller takes its outcome.
  const window = pLimit(crawler.concurrency * OUTCOMES_PER_SLOT);
  const inWindow = (work: () => Promise<FetchOutcome>) =>
    window(() => new Promise<void>((taken) => work().then((o) => outcomes.push(o, taken), (err: unknown) => outcomes.fail(err))));

  const enabled = sources.filter((s) => s.enabled);
  for (const source of enabled) fetchOne(source, crawler, signal, inWindow, opts.knownSha256).catch((err: unknown) => outcomes.fail(err));
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
  crawler: Crawler,
  signal: AbortSignal,
  inWindow: (work: () => Promise<FetchOutcome>) => Promise<void>,
  knownSha256: KnownSha256 | undefined,
): Promise<void> {
  const { gate } = crawler;
  const path = localPath(source.location);
  if (path !== undefined) return inWindow(() => gate.inGlobalSlot(async () => readLocal(source, path, knownSha256), signal));
  let hostname: string;
  try {
    hostname = new URL(source.location).hostname;
  } catch {
    return inWindow(async () => ({ source, status: 'failed', finding: fetchFinding('fetch.network', `${source.location}: not a valid URL`) }));
  }
  // The host slot is held across retries and their waits, so a struggling server is not
  // hit by other requests meanwhile; the global slot only while a request is on the wire.
  return gate.inHostSlot(hostname, () => inWindow(() => fetchRemote(source, crawler.settings(signal), gate.attemptSlot(hostname, signal))));
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

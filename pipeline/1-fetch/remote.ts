// Remote sources over http(s): one download with retries, a timeout per attempt, a size
// cap while streaming, and a conditional GET built from the URL's last sidecar.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RawDoc } from '../core/types.ts';
import type { FetchOutcome, Source } from './types.ts';
import { fetchFinding, type FetchCheck } from './finding.ts';
import { blobPath, readSidecar, sha256Hex, storeBlob, writeSidecar, type Sidecar } from './store.ts';

/** Everything a remote fetch needs, with the defaults already filled in. */
export interface RemoteSettings {
  rawDir: string;
  timeoutMs: number;
  retries: number;
  maxBytes: number;
  userAgent: string;
  /** Aborts the whole run; an abort is rethrown, never turned into a finding. */
  signal: AbortSignal;
}

/** Runs one attempt under the caller's global concurrency limit. */
export type AttemptSlot = <T>(attempt: () => Promise<T>) => Promise<T>;

/** First retry waits about this long; each further one twice as long. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A server asking for a longer pause than this gets this: a nightly run cannot wait for hours. */
const RETRY_AFTER_MAX_MS = 60_000;

/** A failed attempt, and whether trying again could help. */
class AttemptFailure extends Error {
  constructor(
    readonly check: FetchCheck,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** What one successful attempt brought back: a new body, or the server's word that nothing changed. */
type Download =
  | { kind: 'body'; bytes: Uint8Array; finalUrl: string; status: number; headers: Record<string, string> }
  | { kind: 'unchanged'; previous: Sidecar };

/** Given an http(s) source, returns its outcome after retries; only a run abort or a failed raw/ write throws. */
export async function fetchRemote(source: Source, settings: RemoteSettings, slot: AttemptSlot): Promise<FetchOutcome> {
  const url = source.location;
  const previous = await readSidecar(settings.rawDir, url);
  for (let attempt = 0; ; attempt++) {
    let download: Download;
    try {
      download = await slot(() => downloadOnce(url, previous, settings));
    } catch (err) {
      if (!(err instanceof AttemptFailure)) throw err;
      if (!err.retryable || attempt >= settings.retries) {
        return { source, status: 'failed', finding: fetchFinding(err.check, `${url}: ${err.message}`) };
      }
      await sleep(err.retryAfterMs ?? backoffMs(attempt), undefined, { signal: settings.signal });
      continue;
    }
    return download.kind === 'unchanged'
      ? unchangedOutcome(source, download.previous, settings.rawDir)
      : storedOutcome(source, download, settings.rawDir);
  }
}

/** Given a URL and its last sidecar, returns one attempt's download or throws an AttemptFailure. */
async function downloadOnce(url: string, previous: Sidecar | undefined, settings: RemoteSettings): Promise<Download> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  let receivingBody = false;
  try {
    const res = await fetch(url, {
      headers: requestHeaders(previous, settings.userAgent),
      signal: AbortSignal.any([settings.signal, timeout]),
    });
    if (res.status === 304 && previous) {
      await res.body?.cancel();
      return { kind: 'unchanged', previous };
    }
    if (!res.ok) {
      await res.body?.cancel();
      const retryable = res.status === 429 || res.status >= 500;
      throw new AttemptFailure('fetch.http_status', `HTTP ${res.status}`, retryable, retryAfterMs(res.headers.get('retry-after')));
    }
    receivingBody = true;
    const bytes = await readCapped(res, settings.maxBytes);
    return { kind: 'body', bytes, finalUrl: res.url, status: res.status, headers: Object.fromEntries(res.headers) };
  } catch (err) {
    if (err instanceof AttemptFailure) throw err;
    if (timeout.aborted) throw new AttemptFailure('fetch.timeout', `no complete answer within ${settings.timeoutMs} ms`, true);
    if (settings.signal.aborted) throw err;
    const why = describeError(err);
    throw receivingBody
      ? new AttemptFailure('fetch.truncated', `the body was cut short (${why})`, true)
      : new AttemptFailure('fetch.network', why, true);
  }
}

/** Given the last sidecar, returns the request headers, conditional when there is something to compare. */
function requestHeaders(previous: Sidecar | undefined, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent };
  const etag = previous?.headers['etag'];
  const lastModified = previous?.headers['last-modified'];
  if (etag) headers['if-none-match'] = etag;
  if (lastModified) headers['if-modified-since'] = lastModified;
  return headers;
}

/** Given a response, returns its whole body, refusing one past maxBytes and one shorter than it declared. */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = res.headers.get('content-length');
  const tooLarge = () => new AttemptFailure('fetch.too_large', `larger than the ${maxBytes}-byte cap`, false);
  if (declared !== null && Number(declared) > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body) {
      total += chunk.byteLength;
      // Leaving the loop early cancels the stream, so the rest is never downloaded.
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  }
  // With a content coding the header counts compressed bytes, so only identity bodies compare.
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (declared !== null && !encoded && total !== Number(declared)) {
    throw new AttemptFailure('fetch.truncated', `got ${total} of the ${declared} bytes declared`, true);
  }
  return Buffer.concat(chunks);
}

/** Given a Retry-After header (seconds or an HTTP date), returns the wait it asks for, capped. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const ms = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS);
}

/** Given how many retries came before, returns the next wait: exponential, with jitter so clients spread out. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Given a fresh download, stores bytes then sidecar (so the sidecar never names missing bytes) and returns it. */
async function storedOutcome(source: Source, download: Download & { kind: 'body' }, rawDir: string): Promise<FetchOutcome> {
  const sha256 = sha256Hex(download.bytes);
  const rawPath = await storeBlob(rawDir, sha256, download.bytes);
  await writeSidecar(rawDir, {
    url: source.location,
    finalUrl: download.finalUrl,
    status: download.status,
    headers: download.headers,
    fetchedAt: new Date().toISOString(),
    sha256,
    bytes: download.bytes.byteLength,
  });
  return { source, status: 'fetched', rawPath, raw: rawDoc(source, download.bytes, sha256, download.headers) };
}

/** Given the sidecar a 304 confirmed, returns the stored bytes as the outcome. */
async function unchangedOutcome(source: Source, previous: Sidecar, rawDir: string): Promise<FetchOutcome> {
  const rawPath = blobPath(rawDir, previous.sha256);
  const bytes = await readFile(rawPath);
  return { source, status: 'unchanged', rawPath, raw: rawDoc(source, bytes, previous.sha256, previous.headers) };
}

/** Given a remote source's bytes and response headers, returns its RawDoc. */
export function rawDoc(source: Source, bytes: Uint8Array, sha256: string, headers: Record<string, string>): RawDoc {
  const raw: RawDoc = { source: urlFileName(source.location), origin: source.location, bytes, sha256, hints: source.hints };
  const charset = declaredCharset(headers['content-type']);
  if (charset) raw.declaredCharset = charset;
  return raw;
}

/** Given a Content-Type header, returns its charset parameter in lower case. */
export function declaredCharset(contentType: string | undefined): string | undefined {
  return contentType?.match(/;\s*charset\s*=\s*"?([^";\s]+)/i)?.[1].toLowerCase();
}

/** Given a URL, returns its last path segment decoded, or index.html for a directory URL. */
export function urlFileName(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  if (segment === '') return 'index.html';
  try {
    return decodeURIComponent(segment);
  } catch {
    // A stray % that is not an escape: the segment as written is still a fair name.
    return segment;
  }
}

/** Given a fetch error, returns undici's own reason (its cause), which says more than "fetch failed". */
function describeError(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
}

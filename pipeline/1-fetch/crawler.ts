// How a run reads the web: one set of settings, one host gate shared by everything the run
// fetches (report URLs, channel pages, what is found under them), and robots.txt read once per
// site for what the run crawls.
import robotsParserModule from 'robots-parser';
import { MAX_FILE_BYTES } from '../core/limits.ts';
import type { FetchOutcome, Source } from './types.ts';
import { HostGate } from './polite.ts';
import { fetchRemote, type RemoteSettings } from './remote.ts';

export interface CrawlOptions {
  rawDir: string;
  /** requests (and local reads) at once, across all hosts */
  concurrency?: number;
  /** requests at once to one host name */
  perHost?: number;
  /** pause between the starts of two requests to one host */
  hostPauseMs?: number;
  /** per attempt, headers and body together */
  timeoutMs?: number;
  /** further attempts after network errors, timeouts, cut-short bodies, 429 and 5xx */
  retries?: number;
  maxBytes?: number;
  userAgent?: string;
  /** Crawl what robots.txt forbids (only for sites that agreed to it). */
  ignoreRobots?: boolean;
}

const DEFAULT_CONCURRENCY = 8;
/** One at a time per host: government sites are often small servers that rate-limit hard. */
export const DEFAULT_PER_HOST = 1;
/** A second between requests to one host: a nightly run has the time, a small server notices the difference. */
export const DEFAULT_HOST_PAUSE_MS = 1000;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRIES = 3;
/** Downloads and local files share one limit per file. */
const DEFAULT_MAX_BYTES = MAX_FILE_BYTES;
/** The name robots.txt groups are matched against. */
const ROBOTS_AGENT = 'nianbao';
/** Header values are Latin-1: the project is named in ASCII. */
const DEFAULT_USER_AGENT = `${ROBOTS_AGENT} (government information-disclosure annual report archiver)`;
/** A Crawl-delay longer than this gets this: a nightly run must end. */
const CRAWL_DELAY_MAX_MS = 30_000;

/**
 * robots-parser is CommonJS (`module.exports = function`), so Node's default import is the
 * function itself; its typings describe an ES module's `default`, which NodeNext then nests.
 */
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** What robots.txt says about one site: a rule to ask, or a reason nothing there may be crawled. */
type SiteRules = { allows: (url: string) => boolean } | { closed: string };

/** Fetches for one run: polite to every host, and robots-abiding where the run crawls. */
export class Crawler {
  readonly gate: HostGate;
  /** requests at once across all hosts */
  readonly concurrency: number;
  private readonly base: Omit<RemoteSettings, 'signal'>;
  private readonly ignoreRobots: boolean;
  private readonly sites = new Map<string, Promise<SiteRules>>();

  constructor(opts: CrawlOptions) {
    this.base = {
      rawDir: opts.rawDir,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: opts.retries ?? DEFAULT_RETRIES,
      maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
      userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
    };
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    this.gate = new HostGate(this.concurrency, opts.perHost ?? DEFAULT_PER_HOST, opts.hostPauseMs ?? DEFAULT_HOST_PAUSE_MS);
    this.ignoreRobots = opts.ignoreRobots ?? false;
  }

  /** Given the signal of one batch of work, returns the remote settings it runs with. */
  settings(signal: AbortSignal): RemoteSettings {
    return { ...this.base, signal };
  }

  /** Given an http(s) source, returns its outcome, fetched in its host's slot with every attempt paced. */
  fetchUrl(source: Source, signal: AbortSignal): Promise<FetchOutcome> {
    const hostname = new URL(source.location).hostname;
    return this.gate.inHostSlot(hostname, () => fetchRemote(source, this.settings(signal), this.gate.attemptSlot(hostname, signal)));
  }

  /**
   * Given a URL the run reached by crawling, returns why robots.txt forbids fetching it, or
   * undefined when it may be fetched. Per RFC 9309: a robots.txt that is missing (4xx) allows
   * everything; one that cannot be read (5xx, 429, network) forbids everything for this run.
   */
  async forbidden(url: string, signal: AbortSignal): Promise<string | undefined> {
    if (this.ignoreRobots) return undefined;
    const origin = new URL(url).origin;
    let site = this.sites.get(origin);
    if (!site) this.sites.set(origin, (site = this.readRobots(origin, signal)));
    const rules = await site;
    if ('closed' in rules) return rules.closed;
    return rules.allows(url) ? undefined : `robots.txt of ${origin} disallows it`;
  }

  /** Given a site, returns what its robots.txt says, fetched like any URL (so the next run asks conditionally); its Crawl-delay lengthens the host's pause. */
  private async readRobots(origin: string, signal: AbortSignal): Promise<SiteRules> {
    const location = `${origin}/robots.txt`;
    const outcome = await this.fetchUrl({ location, enabled: true }, signal);
    if (!outcome.raw) {
      // 429 is the server asking for less, not saying there is no file: it counts as unreachable.
      const status = outcome.httpStatus;
      const missing = status !== undefined && status >= 400 && status < 500 && status !== 429;
      return missing ? { allows: () => true } : { closed: `robots.txt of ${origin} could not be read (${outcome.finding?.message ?? 'fetch failed'})` };
    }
    const robots = robotsParser(location, Buffer.from(outcome.raw.bytes).toString('utf8'));
    const delaySeconds = robots.getCrawlDelay(ROBOTS_AGENT);
    if (delaySeconds) this.gate.slowDown(new URL(origin).hostname, Math.min(delaySeconds * 1000, CRAWL_DELAY_MAX_MS));
    return { allows: (url) => robots.isAllowed(url, ROBOTS_AGENT) !== false };
  }
}

// Channels in a run: read each (fetch stage), decide which of the report pages found must be
// fetched (those not loaded yet), follow the attachments of a report page that holds no tables,
// and tally per channel what it came to for etl_channel and `nianbao status`.
import { readChannel, type ChannelRead, type Crawler, type Source } from '../1-fetch/index.ts';
import type { ChannelRecord, FileRecord } from '../5-load/index.ts';
import type { Report, SourceHints } from '../core/types.ts';

/** Listing pages read per channel unless --max-pages says otherwise: a channel's newest reports are on its first pages. */
export const DEFAULT_MAX_PAGES = 3;

/** What reading the channels gave the run. */
export interface Discovery {
  reads: ChannelRead[];
  /** Report pages to fetch this run: new, failed before, or read with an older extractor. */
  toFetch: Source[];
  /** Report pages already loaded: recorded as unchanged, never requested. */
  known: Source[];
}

/**
 * Given the channels, the run's crawler and what the warehouse holds, reads every channel (each
 * host politely, through the crawler) and splits the report pages they list into those to fetch
 * and those already loaded. A page listed by two channels, or also given directly, is taken once.
 */
export async function discover(
  channels: Source[],
  crawler: Crawler,
  opts: { maxPages: number; signal: AbortSignal; givenDirectly: ReadonlySet<string>; isLoaded: (location: string) => boolean },
): Promise<Discovery> {
  const reads = await Promise.all(channels.map((c) => readChannel(c, crawler, opts.maxPages, opts.signal)));
  const taken = new Set(opts.givenDirectly);
  const toFetch: Source[] = [];
  const known: Source[] = [];
  for (const item of reads.flatMap((r) => r.items)) {
    if (taken.has(item.location)) continue;
    taken.add(item.location);
    (opts.isLoaded(item.location) ? known : toFetch).push(item);
  }
  return { reads, toFetch, known };
}

/** Given a file's source, returns the etl_file fields saying where it was found (none for a source given directly). */
export function foundFields(source: Source): Pick<FileRecord, 'channel' | 'foundOn'> {
  return source.foundVia ? { channel: source.foundVia.channel, foundOn: source.foundVia.page } : {};
}

/** Given a report page's hints (its channel's) and the report read from the page, returns the hints its attachments take: the channel's first, then the page's own metadata. */
export function attachmentHints(pageHints: SourceHints | undefined, page: Report): SourceHints | undefined {
  const hints: SourceHints = {};
  const agency = pageHints?.agency ?? page.agency;
  const year = pageHints?.year ?? page.year;
  const regionCode = pageHints?.regionCode ?? page.regionCode;
  if (agency) hints.agency = agency;
  if (year) hints.year = year;
  if (regionCode) hints.regionCode = regionCode;
  return Object.keys(hints).length > 0 ? hints : undefined;
}

/** Given the channel reads, the run's files and the origins loaded (not failed) before the run, returns one etl_channel record per channel. */
export function channelRecords(
  reads: ChannelRead[],
  files: readonly FileRecord[],
  loadedBefore: ReadonlySet<string>,
  disallowedAttachments: ReadonlyMap<string, number>,
): ChannelRecord[] {
  return reads.map((read) => {
    const channel = read.channel.location;
    const under = files.filter((f) => f.channel === channel);
    const readPages = read.pages.filter((p) => p.status === 'fetched' || p.status === 'unchanged');
    return {
      channel,
      pagesRead: readPages.length,
      pagesUnchanged: read.pages.filter((p) => p.status === 'unchanged').length,
      pagesFailed: read.pages.length - readPages.length,
      complete: read.complete,
      reportsFound: read.items.length,
      reportsNew: under.filter((f) => (f.outcome === 'loaded' || f.outcome === 'partial') && !loadedBefore.has(f.location)).length,
      reportsFailed: under.filter((f) => f.outcome === 'failed').length,
      reportsDisallowed: read.disallowed.length + (disallowedAttachments.get(channel) ?? 0),
      reason: readPages.length === 0 ? (read.pages[0]?.reason ?? 'no listing page read') : null,
    };
  });
}

/** Given the channel reads, returns per channel read in full the pages it lists now (robots-forbidden ones too: they are still listed). */
export function listedNow(reads: ChannelRead[]): Map<string, Set<string>> {
  return new Map(reads.filter((r) => r.complete).map((r) => [r.channel.location, new Set([...r.items.map((i) => i.location), ...r.disallowed])]));
}

// Channels: a portal's annual-report column (政府信息公开年报 栏目), a listing page that grows by
// one report a year per agency. Reading one gives the report pages to fetch; which of those hold
// their report only in attachments is for the run to find out (it takes decoding and extracting),
// and `attachmentsOf` then names the files to fetch instead.
import type { RawDoc } from '../../core/types.ts';
import type { Crawler } from '../crawler.ts';
import type { FetchStatus, Source } from '../types.ts';
import { attachmentUrls } from './attachments.ts';
import { listingPages, reportLinks } from './listing.ts';
import { readPage } from './page.ts';


/** One listing page the run asked for, and how that went. */
export interface ListingPageRead {
  url: string;
  status: FetchStatus | 'disallowed';
  /** why it failed or was not asked for */
  reason?: string;
}

/** What reading a channel gave. */
export interface ChannelRead {
  channel: Source;
  pages: ListingPageRead[];
  /** Every listing page it announced was read: a report it no longer lists is gone from it. */
  complete: boolean;
  /** The report pages it lists, in listing order: to fetch, with the channel's hints and where each was found. */
  items: Source[];
  /** Report pages it lists that robots.txt forbids fetching. */
  disallowed: string[];
}

/**
 * Given a channel, the run's crawler, the most listing pages to read and the run's signal,
 * returns the report pages the channel lists. Pages are read in page order from the first, each
 * announcing the others (a pager script, numbered links), until none is left unread or
 * `maxPages` have been asked for. A page that fails is recorded and the next one tried.
 */
export async function readChannel(channel: Source, crawler: Crawler, maxPages: number, signal: AbortSignal): Promise<ChannelRead> {
  let listingUrl = channel.location;
  const announced = new Map<number, string>([[0, listingUrl]]);
  const pages: ListingPageRead[] = [];
  const items = new Map<string, Source>();
  const disallowed: string[] = [];
  for (let number = nextUnread(announced, -1); number !== undefined && pages.length < maxPages; number = nextUnread(announced, number)) {
    const url = announced.get(number)!;
    const forbidden = await crawler.forbidden(url, signal);
    if (forbidden) {
      pages.push({ url, status: 'disallowed', reason: forbidden });
      continue;
    }
    const outcome = await crawler.fetchUrl({ location: url, enabled: true }, signal);
    pages.push(outcome.finding ? { url, status: outcome.status, reason: outcome.finding.message } : { url, status: outcome.status });
    if (!outcome.raw) continue;
    const pageUrl = outcome.finalUrl ?? url;
    // Later pages sit beside where the first page really is (a directory URL may redirect to index.htm).
    if (number === 0) listingUrl = pageUrl;
    const page = readPage(outcome.raw, pageUrl);
    for (const link of reportLinks(page, pageUrl)) {
      if (items.has(link.url) || disallowed.includes(link.url)) continue;
      const why = await crawler.forbidden(link.url, signal);
      if (why) disallowed.push(link.url);
      else items.set(link.url, foundSource(link.url, channel, url));
    }
    for (const other of listingPages(listingUrl, page)) if (!announced.has(other.number)) announced.set(other.number, other.url);
  }
  const complete = announced.size === pages.length && pages.every((p) => p.status === 'fetched' || p.status === 'unchanged');
  return { channel, pages, complete, items: [...items.values()], disallowed };
}

/** Given the announced listing pages and the last page number read, returns the next number to read. */
function nextUnread(announced: Map<number, string>, after: number): number | undefined {
  const later = [...announced.keys()].filter((n) => n > after);
  return later.length > 0 ? Math.min(...later) : undefined;
}

/**
 * Given a report page found under a channel (fetched, with the URL it came from after redirects),
 * returns its attachments as sources found on that page under the page's channel. Attachments on
 * other hosts are followed: portals keep files on a separate file server.
 */
export function attachmentsOf(page: Source, raw: RawDoc, pageUrl: string): Source[] {
  const foundVia = { channel: page.foundVia?.channel ?? page.location, page: page.location };
  return attachmentUrls(readPage(raw, pageUrl)).map((location) => ({ location, enabled: true, foundVia }));
}

/** Given a URL found on a page of a channel, returns it as a source with the channel's hints. */
function foundSource(location: string, channel: Source, page: string): Source {
  const source: Source = { location, enabled: true, foundVia: { channel: channel.location, page } };
  if (channel.hints) source.hints = channel.hints;
  return source;
}

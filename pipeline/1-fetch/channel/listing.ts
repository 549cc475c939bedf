// A channel's listing page read for what the run follows: the links that name an annual report,
// and the other pages of the listing (TRS WCM / Hanweb pagination: index.htm, index_1.htm, …,
// announced by createPageHTML(…) in a script, or linked; or the same page with a page number in
// its query).
import type { Page, PageLink } from './page.ts';

/**
 * The ways a link names an annual disclosure report, matched on its text or title with all
 * whitespace removed: 政府信息公开(工作)年度报告 (2008 on), 政府信息公开年度工作报告, 政府信息公开
 * 工作报告 (pre-2019), 政务公开(工作)年度报告, and the short 年报 of either.
 */
const ANNUAL_REPORT = [/信息公开(?:工作)?年度(?:工作)?报告/, /信息公开工作报告/, /政务公开(?:工作)?年度(?:工作)?报告/, /(?:信息|政务)公开(?:工作)?年报/];
/** Links that name an annual report but are about one: notices on compiling it, graphic or spoken explanations of it. */
const ABOUT_A_REPORT = /通知|编制|图解|解读|政策问答/;
/** A listing page's own file name, split into the stem its other pages share and its page number: index.htm, index_3.htm. */
const LISTING_FILE = /^(.*?)(?:_(\d+))?\.(s?html?|jsp|php|aspx?)$/i;
/** Query parameters that number a listing's pages (Hanweb pageNum, and the common spellings). */
const PAGE_PARAMETER = /^(?:page(?:num|no|index)?|pn|p|curpage|currentpage)$/i;
/** TRS WCM's pager call: createPageHTML(pages, current, "index", "htm"), some sites with a div id first and a record count last. */
const CREATE_PAGE_HTML = /createPageHTML\s*\(([^)]*)\)/;

/** Given a link's words, returns whether they name an annual disclosure report (and are not about one). */
export function namesAnnualReport(words: string): boolean {
  return ANNUAL_REPORT.some((pattern) => pattern.test(words)) && !ABOUT_A_REPORT.test(words);
}

/** Given a listing page and its URL, returns the links to annual reports on the page's own host, each once, in listing order. */
export function reportLinks(page: Page, pageUrl: string): PageLink[] {
  const host = new URL(pageUrl).host;
  const seen = new Set<string>();
  return page.links.filter((link) => {
    if (seen.has(link.url) || new URL(link.url).host !== host) return false;
    if (!namesAnnualReport(link.text) && !namesAnnualReport(link.title)) return false;
    seen.add(link.url);
    return true;
  });
}

/** A page of a listing: its URL and its number (the first page is 0). */
export interface ListingPage {
  url: string;
  number: number;
}

/**
 * Given the channel's first page URL and one of its listing pages, returns the other listing
 * pages that page announces: those its createPageHTML call counts, and the links that are the
 * same listing under another page number.
 */
export function listingPages(startUrl: string, page: Page): ListingPage[] {
  const found = new Map<string, number>();
  for (const url of pagerPages(startUrl, page.scripts)) found.set(url.url, url.number);
  for (const link of page.links) {
    const number = pageNumberOf(startUrl, link.url);
    if (number !== undefined) found.set(link.url, number);
  }
  return [...found].map(([url, number]) => ({ url, number })).sort((a, b) => a.number - b.number);
}

/** Given the channel's first page URL and a URL, returns the listing page number the URL stands for, or undefined when it is no page of that listing. */
export function pageNumberOf(startUrl: string, url: string): number | undefined {
  const start = new URL(startUrl);
  const other = new URL(url);
  if (other.host !== start.host) return undefined;
  const { dir: startDir, file: startFile } = splitPath(start.pathname);
  const { dir, file } = splitPath(other.pathname);
  if (dir !== startDir) return undefined;
  if (file === startFile && other.search !== start.search) return queryPageNumber(other);
  if (other.search !== start.search) return undefined;
  const stem = listingStem(startFile);
  const m = LISTING_FILE.exec(file);
  if (!m || m[1] !== stem.name || (stem.extension && m[3].toLowerCase() !== stem.extension)) return file === startFile ? 0 : undefined;
  return m[2] === undefined ? 0 : Number(m[2]);
}

/** Given a URL with a query, returns the page number its page parameter gives (page 1 is the first page, 0), or undefined. */
function queryPageNumber(url: URL): number | undefined {
  for (const [name, value] of url.searchParams) {
    if (PAGE_PARAMETER.test(name) && /^\d+$/.test(value)) return Math.max(Number(value) - 1, 0);
  }
  return undefined;
}

/** Given the channel's first page URL and a page's scripts, returns the pages a createPageHTML call in them counts. */
function pagerPages(startUrl: string, scripts: string[]): ListingPage[] {
  for (const script of scripts) {
    const call = CREATE_PAGE_HTML.exec(script);
    if (!call) continue;
    const args = call[1].split(',').map((a) => a.trim());
    const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
    const strings = args.map((a) => /^["'](.*)["']$/.exec(a)?.[1]).filter((a): a is string => a !== undefined);
    if (numbers.length === 0 || strings.length < 2) continue;
    const [name, extension] = strings.slice(-2);
    // Page 0 is the channel's own URL, whatever file name it has (a directory URL has none).
    return Array.from({ length: numbers[0] }, (_, n) => ({ url: n === 0 ? startUrl : new URL(`${name}_${n}.${extension}`, startUrl).href, number: n }));
  }
  return [];
}

/** Given a first page's file name, returns the stem and extension its numbered pages use; a directory URL's pages are index.* of any extension. */
function listingStem(file: string): { name: string; extension?: string } {
  const m = LISTING_FILE.exec(file);
  return m ? { name: m[1], extension: m[3].toLowerCase() } : { name: 'index' };
}

/** Given a URL path, returns its directory (with trailing slash) and file name. */
function splitPath(pathname: string): { dir: string; file: string } {
  const cut = pathname.lastIndexOf('/') + 1;
  return { dir: pathname.slice(0, cut), file: pathname.slice(cut) };
}

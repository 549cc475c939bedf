// Channel discovery end to end, against a small portal of this file's own making served on
// 127.0.0.1 (and a "file server" on 127.0.0.2): two channels, one of three listing pages announced
// by a TRS createPageHTML script, one a GBK page; report pages with their tables inline, report
// pages whose report is only in a PDF or DOCX attachment (one on the other host), a notice that is
// no report, a 404, a 429 with Retry-After, and a page robots.txt forbids. Agencies and numbers
// are fictional (test/fixtures).
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, openForReading, queryRows } from '../pipeline/5-load/index.ts';
import { createLogger } from '../pipeline/core/log.ts';
import { ingest, type IngestSummary } from '../pipeline/run/index.ts';
import { Crawler } from '../pipeline/1-fetch/index.ts';
import { renderReport, withTotal, type FixtureReport } from './fixtures/build-report.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** The servers close themselves past this many requests, so a runaway loop cannot spin forever. */
const MAX_REQUESTS = 300;
/** Each answer waits this long, so two requests to one host at once would overlap at the server. */
const ANSWER_DELAY_MS = 15;

const log = createLogger({ level: 'silent' });
let portal: Server;
let files: Server;
/** A host whose robots.txt answers 503. */
let broken: Server;
let port: number;
let dir: string;
let warehouse: string;
let sourcesCsv: string;
let requests = 0;

/** Every request: host, path, and the conditional headers it carried. */
const seen: { host: string; path: string; conditional: boolean; userAgent: string }[] = [];
const inFlight = new Map<string, number>();
const maxInFlight = new Map<string, number>();

const portalUrl = (path: string) => `http://127.0.0.1:${port}${path}`;
const fileUrl = (path: string) => `http://127.0.0.2:${port}${path}`;
const hitsOf = (path: string) => seen.filter((r) => r.path === path).length;
const pathsSince = (from: number) => seen.slice(from).map((r) => r.path);

/** Given a fixture report, returns it as a portal's report page: title, metadata, paragraphs and tables. */
function reportPage(r: FixtureReport): string {
  const lines = renderReport(r, 'tabs').trimEnd().split('\n');
  const body: string[] = [];
  let rows: string[] = [];
  const endTable = () => {
    if (rows.length) body.push(`<table border="1">${rows.join('')}</table>`);
    rows = [];
  };
  for (const line of lines.slice(1)) {
    if (line.includes('\t')) rows.push(`<tr>${line.split('\t').map((c) => `<td>${c}</td>`).join('')}</tr>`);
    else {
      endTable();
      body.push(`<p>${line}</p>`);
    }
  }
  endTable();
  return `<html><head><meta charset="utf-8"><title>${lines[0]}</title></head><body>
    <div class="nav"><a href="/">首页</a> <a href="/a/ndbg/">政府信息公开年报</a></div>
    <h1>${lines[0]}</h1><div class="TRS_Editor">${body.join('\n')}</div></body></html>`;
}

/** Given a title and attachment links, returns a report page that holds nothing but them. */
function attachmentPage(title: string, links: string): string {
  return `<html><head><meta charset="utf-8"><title>${title}</title></head><body>
    <h1>${title}</h1><div class="TRS_Editor"><p>（测试夹具：虚构机关。）</p><p>附件：${links}</p></div>
    <div class="download">文件下载：${links}</div></body></html>`;
}

/** Given listing items (href, words) and a pager script, returns a listing page. */
function listingPage(items: [string, string][], pager = '', charset = 'utf-8'): string {
  const lis = items.map(([href, words]) => `<li><a href="${href}" title="${words}">${words.slice(0, 18)}…</a><span>2024-01-20</span></li>`).join('\n');
  return `<html><head><meta charset="${charset}"><title>年度报告</title></head><body><ul class="list">${lis}</ul>${pager}</body></html>`;
}

const COUNTY = '示例县人民政府';
const inline2023: FixtureReport = { agency: COUNTY, year: 2023, template: '2021', t3: { new: withTotal([3, 1, 0, 0, 0, 1]), granted: withTotal([2, 1, 0, 0, 0, 1]), carried_out: withTotal([1, 0, 0, 0, 0, 0]) } };
const inline2020: FixtureReport = { agency: COUNTY, year: 2020, template: '2019', t3: { new: withTotal([4, 0, 0, 0, 0, 0]), granted: withTotal([4, 0, 0, 0, 0, 0]) } };
const bureau2023: FixtureReport = { agency: '示例市教育局', year: 2023, template: '2021', t3: { new: withTotal([5, 0, 0, 0, 0, 0]), granted: withTotal([5, 0, 0, 0, 0, 0]) } };
const added2024: FixtureReport = { agency: COUNTY, year: 2024, template: '2021', t3: { new: withTotal([1, 0, 0, 0, 0, 0]), granted: withTotal([1, 0, 0, 0, 0, 0]) } };

/** The portal's pages: path → body (and headers); changed by the tests between runs. */
const pages = new Map<string, { body: string | Buffer; type: string; etag: string }>();
let listingVersion = 0;
let limitedAnswered = false;

function serve(path: string, body: string | Buffer, type = 'text/html; charset=utf-8'): void {
  pages.set(path, { body, type, etag: `"${path.length}-${Buffer.byteLength(body)}-${listingVersion}"` });
}

/** Channel A's first listing page: its items, newest first, and the pager of its three pages. */
let firstPageItems: [string, string][] = [
  ['./202401/t20240120_101.htm', `${COUNTY}2023年政府信息公开工作年度报告`],
  ['./202312/t20231201_99.htm', '关于开展政务公开培训的通知'],
  ['./202301/t20230110_88.htm', `${COUNTY}2022年政府信息公开工作年度报告`],
  ['/private/ndbg/t20230101_1.htm', `${COUNTY}2022年政府信息公开工作年度报告（内部）`],
];
function publishChannelA(): void {
  listingVersion++;
  serve('/a/ndbg/index.htm', listingPage(firstPageItems, '<script>createPageHTML(3, 0, "index", "htm");</script>'));
}

function buildPortal(): void {
  serve('/robots.txt', 'User-agent: *\nDisallow: /private/\n', 'text/plain');
  publishChannelA();
  serve('/a/ndbg/index_1.htm', listingPage([['./202201/t20220115_77.htm', `${COUNTY}2021年政府信息公开工作年度报告`]], '<script>createPageHTML(3, 1, "index", "htm");</script>'));
  serve('/a/ndbg/index_2.htm', listingPage([
    ['./202101/t20210112_66.htm', `${COUNTY}2020年政府信息公开工作年度报告`],
    ['./202001/t20200110_55.htm', `${COUNTY}2019年政府信息公开工作年度报告`],
  ], '<script>createPageHTML(3, 2, "index", "htm");</script>'));
  serve('/a/ndbg/202401/t20240120_101.htm', reportPage(inline2023));
  serve('/a/ndbg/202312/t20231201_99.htm', '<html><body><p>关于开展政务公开培训的通知</p></body></html>');
  serve('/a/ndbg/202301/t20230110_88.htm', attachmentPage(`${COUNTY}2022年政府信息公开工作年度报告`, '<a href="./P020230110588.pdf">2022年报告.pdf</a>'));
  serve('/a/ndbg/202301/P020230110588.pdf', readFileSync(join(FIXTURES, 'pdf', 'table3-2021.pdf')), 'application/pdf');
  serve('/a/ndbg/202201/t20220115_77.htm', attachmentPage(`${COUNTY}2021年政府信息公开工作年度报告`, `<a href="${fileUrl('/up/P020220115377.docx')}">P020220115377.docx</a>`));
  serve('/up/P020220115377.docx', readFileSync(join(FIXTURES, 'docx', 'table3-2021.docx')), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  serve('/a/ndbg/202101/t20210112_66.htm', reportPage(inline2020));
  // Channel B: a directory URL whose one listing page is GBK, declared only in its <meta>.
  serve('/b/ndbg/', iconv.encode(listingPage([['t20240125_5.htm', `示例市教育局2023年政府信息公开工作年度报告`]], '', 'gbk'), 'gbk'), 'text/html');
  serve('/b/ndbg/t20240125_5.htm', reportPage(bureau2023));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const host = req.headers.host!.split(':')[0];
  const path = new URL(req.url!, 'http://x').pathname;
  seen.push({ host, path, conditional: !!req.headers['if-none-match'] || !!req.headers['if-modified-since'], userAgent: req.headers['user-agent'] ?? '' });
  inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
  maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, inFlight.get(host)!));
  setTimeout(() => {
    inFlight.set(host, inFlight.get(host)! - 1);
    answer(path, req, res);
  }, ANSWER_DELAY_MS);
}

function answer(path: string, req: IncomingMessage, res: ServerResponse): void {
  if (path === '/robots.txt' && req.headers.host!.startsWith('127.0.0.3')) return void res.writeHead(503).end('down');
  if (path === '/a/ndbg/202101/t20210112_66.htm' && !limitedAnswered) {
    limitedAnswered = true;
    return void res.writeHead(429, { 'retry-after': '1' }).end();
  }
  const page = pages.get(path);
  if (!page) return void res.writeHead(404).end('not here');
  if (req.headers['if-none-match'] === page.etag) return void res.writeHead(304, { etag: page.etag }).end();
  res.writeHead(200, { 'content-type': page.type, etag: page.etag }).end(page.body);
}

function startServer(hostAddress: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (++requests >= MAX_REQUESTS) server.close();
    handle(req, res);
  });
  return new Promise((resolve) => server.listen(port ?? 0, hostAddress, () => resolve(server)));
}

/** Runs one ingest of the sources file, one request at a time per host, without the default pause. */
function run(): Promise<IngestSummary> {
  return ingest({ inputs: [], sourcesFile: sourcesCsv, warehouse, log, rawDir: join(dir, 'raw'), workers: 1, perHost: 1, hostPauseMs: 5 });
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const wh = await openForReading(warehouse);
  try {
    return await queryRows(wh.conn, sql);
  } finally {
    close(wh);
  }
}

/** The report pages and attachments of the portal, by path. */
const REPORT_FILES = [
  '/a/ndbg/202401/t20240120_101.htm', '/a/ndbg/202301/t20230110_88.htm', '/a/ndbg/202301/P020230110588.pdf',
  '/a/ndbg/202201/t20220115_77.htm', '/up/P020220115377.docx', '/a/ndbg/202101/t20210112_66.htm', '/b/ndbg/t20240125_5.htm',
];
const LISTING_PAGES = ['/a/ndbg/index.htm', '/a/ndbg/index_1.htm', '/a/ndbg/index_2.htm', '/b/ndbg/'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-channel-'));
  warehouse = join(dir, 'wh', 'nianbao.duckdb');
  portal = await startServer('127.0.0.1');
  port = (portal.address() as AddressInfo).port;
  files = await startServer('127.0.0.2');
  broken = await startServer('127.0.0.3');
  buildPortal();
  sourcesCsv = join(dir, 'sources.csv');
  writeFileSync(sourcesCsv, [
    'url,kind,agency,region,enabled',
    `${portalUrl('/a/ndbg/index.htm')},channel,,,1`,
    `${portalUrl('/b/ndbg/')},channel,示例市教育局,,1`,
  ].join('\n') + '\n');
});

afterAll(async () => {
  for (const server of [portal, files, broken]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('robots.txt', () => {
  it('forbids what it disallows, allows all when missing, and forbids a site whose robots.txt cannot be read', async () => {
    const crawler = new Crawler({ rawDir: join(dir, 'robots-raw'), hostPauseMs: 0, retries: 0 });
    const signal = new AbortController().signal;
    expect(await crawler.forbidden(portalUrl('/private/x.htm'), signal)).toMatch(/robots\.txt of .* disallows it/);
    expect(await crawler.forbidden(portalUrl('/a/ndbg/index.htm'), signal)).toBeUndefined();
    expect(await crawler.forbidden(fileUrl('/up/x.pdf'), signal)).toBeUndefined();
    expect(await crawler.forbidden(`http://127.0.0.3:${port}/a.htm`, signal)).toMatch(/could not be read .*HTTP 503/);
  });
});

describe('a nightly run over portal channels', () => {
  let first: IngestSummary;
  let second: IngestSummary;
  let secondFrom = 0;

  beforeAll(async () => {
    first = await run();
    secondFrom = seen.length;
    second = await run();
  }, 60_000);

  it('reads every listing page of both channels, the GBK one and the pages a pager script announces', async () => {
    for (const path of LISTING_PAGES) expect(hitsOf(path)).toBeGreaterThanOrEqual(1);
    const channels = await query(`SELECT channel, pages_read, complete, reports_found FROM etl_channel WHERE run_id = '${first.runId}' ORDER BY channel`);
    expect(channels).toEqual([
      { channel: portalUrl('/a/ndbg/index.htm'), pages_read: 3, complete: true, reports_found: 5 },
      { channel: portalUrl('/b/ndbg/'), pages_read: 1, complete: true, reports_found: 1 },
    ]);
  });

  it('loads every report exactly once on the first run: inline tables, PDF and DOCX attachments (the DOCX on another host)', async () => {
    const loaded = await query(`SELECT origin, status FROM fact_report WHERE status IN ('loaded', 'partial') ORDER BY origin`);
    expect(loaded.map((r) => r.origin)).toEqual([
      portalUrl('/a/ndbg/202101/t20210112_66.htm'), portalUrl('/a/ndbg/202301/P020230110588.pdf'),
      portalUrl('/a/ndbg/202401/t20240120_101.htm'), portalUrl('/b/ndbg/t20240125_5.htm'), fileUrl('/up/P020220115377.docx'),
    ].sort());
    for (const path of REPORT_FILES.filter((p) => p !== '/a/ndbg/202101/t20210112_66.htm')) expect(hitsOf(path), path).toBe(1);
    // The 429 was answered after its Retry-After, in the same run.
    expect(hitsOf('/a/ndbg/202101/t20210112_66.htm')).toBe(2);
    expect(first.channels).toEqual({ read: 2, failed: 0, reportsFound: 6, reportsNew: 5 });
  });

  it('keeps the report page of an attachment as where it was found, with its channel', async () => {
    const rows = await query(`SELECT location, channel, found_on FROM etl_file WHERE run_id = '${first.runId}' AND location LIKE '%.docx'`);
    expect(rows).toEqual([{ location: fileUrl('/up/P020220115377.docx'), channel: portalUrl('/a/ndbg/index.htm'), found_on: portalUrl('/a/ndbg/202201/t20220115_77.htm') }]);
    const [docx] = await query(`SELECT agency, year FROM fact_report WHERE origin = '${fileUrl('/up/P020220115377.docx')}'`);
    expect(docx).toMatchObject({ year: 2021 });
  });

  it('fails the 404 report page with a finding, and never asks for the notice or what robots.txt forbids', async () => {
    const [missing] = await query(`SELECT status FROM fact_report WHERE origin = '${portalUrl('/a/ndbg/202001/t20200110_55.htm')}'`);
    expect(missing).toEqual({ status: 'failed' });
    expect(first.status).toBe('sources_failed');
    expect(hitsOf('/a/ndbg/202312/t20231201_99.htm')).toBe(0);
    expect(hitsOf('/private/ndbg/t20230101_1.htm')).toBe(0);
    const [a] = await query(`SELECT reports_disallowed, reports_failed FROM etl_channel WHERE run_id = '${first.runId}' AND channel LIKE '%/a/%'`);
    expect(a).toEqual({ reports_disallowed: 1, reports_failed: 1 });
  });

  it('on the second run asks only for listing pages, conditionally, and retries only the failed report', () => {
    const asked = pathsSince(secondFrom);
    expect(asked.filter((p) => REPORT_FILES.includes(p))).toEqual([]);
    expect(asked.filter((p) => LISTING_PAGES.includes(p)).sort()).toEqual([...LISTING_PAGES].sort());
    expect(seen.slice(secondFrom).filter((r) => LISTING_PAGES.includes(r.path)).every((r) => r.conditional)).toBe(true);
    expect(asked.filter((p) => !LISTING_PAGES.includes(p) && p !== '/robots.txt')).toEqual(['/a/ndbg/202001/t20200110_55.htm']);
    expect(second.channels.reportsNew).toBe(0);
  });

  it('never had two requests in flight to one host, and named itself in the User-Agent', () => {
    expect(maxInFlight.get('127.0.0.1')).toBe(1);
    expect(maxInFlight.get('127.0.0.2')).toBe(1);
    expect(seen.every((r) => r.userAgent.startsWith('nianbao'))).toBe(true);
  });

  describe('when the listing changes', () => {
    let third: IngestSummary;
    let thirdFrom = 0;

    beforeAll(async () => {
      firstPageItems = [['./202501/t20250118_111.htm', `${COUNTY}2024年政府信息公开工作年度报告`], ...firstPageItems];
      serve('/a/ndbg/202501/t20250118_111.htm', reportPage(added2024));
      publishChannelA();
      thirdFrom = seen.length;
      third = await run();
    }, 60_000);

    it('one item added to a listing gives exactly one new report', async () => {
      expect(third.channels.reportsNew).toBe(1);
      expect(pathsSince(thirdFrom).filter((p) => !LISTING_PAGES.includes(p) && p !== '/robots.txt').sort()).toEqual(['/a/ndbg/202001/t20200110_55.htm', '/a/ndbg/202501/t20250118_111.htm']);
      const [{ n }] = await query(`SELECT count(*)::INTEGER AS n FROM fact_report WHERE status IN ('loaded', 'partial')`);
      expect(n).toBe(6);
    });

    it('a report gone from the listing stays loaded, with a channel.gone finding', async () => {
      firstPageItems = firstPageItems.filter(([href]) => href !== './202401/t20240120_101.htm');
      publishChannelA();
      await run();
      const gone = await query(`
        SELECT r.origin, r.status, f."check" FROM fact_report r JOIN fact_finding f USING (report_id)
        WHERE f."check" = 'channel.gone'`);
      expect(gone).toEqual([{ origin: portalUrl('/a/ndbg/202401/t20240120_101.htm'), status: 'loaded', check: 'channel.gone' }]);
    });

    it('reads a report page again while its attachment has failed, and loads the attachment once it is there', async () => {
      const page = '/a/ndbg/202502/t20250220_120.htm';
      const pdf = '/a/ndbg/202502/P020250220600.pdf';
      firstPageItems = [['./202502/t20250220_120.htm', `${COUNTY}2024年政府信息公开工作年度报告（更正）`], ...firstPageItems];
      serve(page, attachmentPage(`${COUNTY}2024年政府信息公开工作年度报告（更正）`, '<a href="./P020250220600.pdf">更正版.pdf</a>'));
      publishChannelA();
      await run();
      const status = async () => (await query(`SELECT status FROM fact_report WHERE origin = '${portalUrl(pdf)}'`))[0]?.status;
      expect(await status()).toBe('failed');
      serve(pdf, readFileSync(join(FIXTURES, 'pdf', 'table3-2021.pdf')), 'application/pdf');
      const from = seen.length;
      await run();
      expect(['loaded', 'partial']).toContain(await status());
      expect(pathsSince(from).filter((p) => p === page || p === pdf)).toEqual([page, pdf]);
    });
  });
});

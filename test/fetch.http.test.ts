// The fetch stage against a real HTTP server on 127.0.0.1 that this file starts and stops.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAll, type FetchOptions, type FetchOutcome, type Source } from '../pipeline/1-fetch/index.ts';
import { blobPath, sha256Hex, sidecarPath } from '../pipeline/1-fetch/store.ts';
import { declaredCharset, retryAfterMs, urlFileName } from '../pipeline/1-fetch/remote.ts';

/** The server closes itself past this many requests, so a runaway retry loop cannot spin forever. */
const MAX_REQUESTS = 400;
/** Per attempt. Well above a loaded machine's answer time (at 300 ms a busy CI saw 404s retried), well below /slow.txt's. */
const TIMEOUT_MS = 1_000;
const CAP = 64 * 1024;
const GBK_TEXT = '<html><body>2023年度政府信息公开工作年度报告</body></html>';
const ETAG = '"v1"';
const LAST_MODIFIED = 'Mon, 01 Jan 2024 00:00:00 GMT';

let server: Server;
let base: string;
let rawDir: string;
let totalRequests = 0;
const hits = new Map<string, number>();
const arrivals = new Map<string, number[]>();
let inFlight = 0;
let maxInFlight = 0;

/** Given a request path, returns how many times the server has seen it. */
const hitsOf = (path: string) => hits.get(path) ?? 0;

/** Answers every route the tests use; the route name says the behaviour. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url!, 'http://x').pathname;
  const n = hitsOf(path) + 1;
  hits.set(path, n);
  arrivals.set(path, [...(arrivals.get(path) ?? []), Date.now()]);
  if (path === '/flaky.txt') {
    if (n <= 2) return void res.writeHead(500).end('boom');
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end('flaky but fine');
  }
  if (path === '/slow.txt') {
    const timer = setTimeout(() => res.end('too late'), 4 * TIMEOUT_MS);
    res.on('close', () => clearTimeout(timer));
    return;
  }
  if (path === '/old/report') return void res.writeHead(302, { location: '/new/report.html' }).end();
  if (path === '/new/report.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>final</p>');
  if (path === '/etag.html') {
    if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
    return void res.writeHead(200, { etag: ETAG, 'content-type': 'text/html; charset=utf-8' }).end('<p>etag v1</p>');
  }
  if (path === '/lastmod.txt') {
    if (req.headers['if-modified-since'] === LAST_MODIFIED) return void res.writeHead(304).end();
    return void res.writeHead(200, { 'last-modified': LAST_MODIFIED }).end('dated');
  }
  if (path === '/gbk.html') {
    return void res.writeHead(200, { 'content-type': 'text/html; charset=gbk' }).end(iconv.encode(GBK_TEXT, 'gbk'));
  }
  if (path === '/truncated.pdf') {
    res.writeHead(200, { 'content-length': '1000', 'content-type': 'application/pdf' });
    res.write(Buffer.alloc(100, 0x25));
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  if (path === '/big-streamed.bin') {
    // No Content-Length: only counting while streaming can catch it.
    for (let i = 0; i < 4; i++) res.write(Buffer.alloc(CAP / 2, 1));
    return void res.end();
  }
  if (path === '/big-declared.bin') return void res.writeHead(200, { 'content-length': String(CAP * 2) }).end(Buffer.alloc(CAP * 2));
  if (path === '/limited.txt') {
    if (n === 1) return void res.writeHead(429, { 'retry-after': '1' }).end();
    return void res.end('after the pause');
  }
  if (path.startsWith('/many/')) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end(`many ${path}`);
    }, 60);
    return;
  }
  if (path === '/') return void res.end('<html>root</html>');
  res.writeHead(404).end('not here');
}

/** Given paths on the test server, returns them as enabled sources. */
const sources = (...paths: string[]): Source[] => paths.map((p) => ({ location: base + p, enabled: true }));

/** Given sources and options, returns every outcome keyed by location. */
async function run(list: Source[], opts: Partial<FetchOptions> = {}): Promise<Map<string, FetchOutcome>> {
  const out = new Map<string, FetchOutcome>();
  for await (const o of fetchAll(list, { rawDir, timeoutMs: TIMEOUT_MS, retries: 2, maxBytes: CAP, perHost: 20, hostPauseMs: 0, ...opts })) {
    out.set(o.source.location, o);
  }
  return out;
}

/** Given a directory, returns every file path under it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  rawDir = await mkdtemp(join(tmpdir(), 'nianbao-fetch-'));
  server = createServer((req, res) => {
    if (++totalRequests >= MAX_REQUESTS) server.close();
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(rawDir, { recursive: true, force: true });
});

describe('fetchAll over http', () => {
  let first: Map<string, FetchOutcome>;
  const all = [
    '/flaky.txt', '/slow.txt', '/old/report', '/etag.html', '/lastmod.txt', '/gbk.html',
    '/truncated.pdf', '/big-streamed.bin', '/big-declared.bin', '/limited.txt', '/missing.pdf', '/',
  ];
  const at = (path: string) => first.get(base + path)!;

  beforeAll(async () => {
    first = await run(sources(...all));
  });

  it('yields one outcome per source, whatever the others do', () => {
    expect([...first.keys()].sort()).toEqual(all.map((p) => base + p).sort());
  });

  it('retries 500s and gets the file on the third request', () => {
    expect(at('/flaky.txt').status).toBe('fetched');
    expect(Buffer.from(at('/flaky.txt').raw!.bytes).toString()).toBe('flaky but fine');
    expect(hitsOf('/flaky.txt')).toBe(3);
  });

  it('fails a source slower than the timeout with fetch.timeout, after its retries', () => {
    expect(at('/slow.txt').status).toBe('failed');
    expect(at('/slow.txt').finding).toMatchObject({ check: 'fetch.timeout', severity: 'error', stage: 'fetch' });
    expect(hitsOf('/slow.txt')).toBe(3);
  });

  it('follows a redirect and records the final URL in the sidecar', async () => {
    const o = at('/old/report');
    expect(o.status).toBe('fetched');
    expect(Buffer.from(o.raw!.bytes).toString()).toBe('<p>final</p>');
    expect(o.raw!.source).toBe('report');
    const sidecar = JSON.parse(await readFile(sidecarPath(rawDir, base + '/old/report'), 'utf8'));
    expect(sidecar).toMatchObject({ url: base + '/old/report', finalUrl: base + '/new/report.html', status: 200 });
  });

  it('keeps the charset from Content-Type and the bytes as sent', () => {
    const raw = at('/gbk.html').raw!;
    expect(raw.declaredCharset).toBe('gbk');
    expect(Buffer.from(raw.bytes).equals(iconv.encode(GBK_TEXT, 'gbk'))).toBe(true);
    expect(raw.sha256).toBe(sha256Hex(raw.bytes));
  });

  it('stores fetched bytes content-addressed, with a sidecar', async () => {
    const o = at('/gbk.html');
    expect(o.rawPath).toBe(blobPath(rawDir, o.raw!.sha256));
    expect(Buffer.from(await readFile(o.rawPath!)).equals(Buffer.from(o.raw!.bytes))).toBe(true);
    const sidecar = JSON.parse(await readFile(sidecarPath(rawDir, base + '/gbk.html'), 'utf8'));
    expect(sidecar).toMatchObject({ sha256: o.raw!.sha256, bytes: o.raw!.bytes.length });
    expect(sidecar.headers['content-type']).toBe('text/html; charset=gbk');
    expect(Date.parse(sidecar.fetchedAt)).not.toBeNaN();
  });

  it('fails a body cut short with fetch.truncated and stores nothing for it', async () => {
    expect(at('/truncated.pdf').finding?.check).toBe('fetch.truncated');
    await expect(stat(sidecarPath(rawDir, base + '/truncated.pdf'))).rejects.toThrow();
    const fetchedShas = [...first.values()].filter((o) => o.raw).map((o) => o.raw!.sha256);
    const blobs = (await filesUnder(rawDir)).filter((f) => !f.includes('by-url'));
    // Only whole downloads are in raw/: no partial blob, no temp file left over.
    expect(blobs.sort()).toEqual([...new Set(fetchedShas)].map((sha) => blobPath(rawDir, sha)).sort());
  });

  it('fails bodies past the cap with fetch.too_large, declared or streamed, without retrying', () => {
    for (const path of ['/big-streamed.bin', '/big-declared.bin']) {
      expect(at(path).finding?.check).toBe('fetch.too_large');
      expect(hitsOf(path)).toBe(1);
    }
  });

  it('waits as long as Retry-After asks after a 429', () => {
    expect(at('/limited.txt').status).toBe('fetched');
    const [firstTry, secondTry] = arrivals.get('/limited.txt')!;
    expect(secondTry - firstTry).toBeGreaterThanOrEqual(950);
  });

  it('fails a 404 with fetch.http_status at once', () => {
    expect(at('/missing.pdf').finding).toMatchObject({ check: 'fetch.http_status' });
    expect(at('/missing.pdf').finding!.message).toContain('404');
    expect(hitsOf('/missing.pdf')).toBe(1);
  });

  it('names a directory URL index.html', () => {
    expect(at('/').raw!.source).toBe('index.html');
  });

  it('asks conditionally the second time and hands back the stored file on 304', async () => {
    const before = { etag: hitsOf('/etag.html'), lastmod: hitsOf('/lastmod.txt') };
    const second = await run(sources('/etag.html', '/lastmod.txt'));
    for (const path of ['/etag.html', '/lastmod.txt']) {
      const again = second.get(base + path)!;
      expect(again.status).toBe('unchanged');
      expect(again.raw!.sha256).toBe(at(path).raw!.sha256);
      expect(Buffer.from(again.raw!.bytes).equals(Buffer.from(at(path).raw!.bytes))).toBe(true);
      expect(again.rawPath).toBe(at(path).rawPath);
    }
    expect(second.get(base + '/etag.html')!.raw!.declaredCharset).toBe('utf-8');
    expect(hitsOf('/etag.html')).toBe(before.etag + 1);
    expect(hitsOf('/lastmod.txt')).toBe(before.lastmod + 1);
  });
});

describe('fetchAll limits', () => {
  it('keeps at most perHost requests in flight at the server', async () => {
    maxInFlight = 0;
    const list = Array.from({ length: 20 }, (_, i) => ({ location: `${base}/many/host-${i}.txt`, enabled: true }));
    const out = await run(list, { perHost: 2, concurrency: 10 });
    expect([...out.values()].every((o) => o.status === 'fetched')).toBe(true);
    expect(maxInFlight).toBe(2);
  });

  it('keeps at most concurrency requests in flight overall', async () => {
    maxInFlight = 0;
    const list = Array.from({ length: 20 }, (_, i) => ({ location: `${base}/many/global-${i}.txt`, enabled: true }));
    await run(list, { perHost: 10, concurrency: 3 });
    expect(maxInFlight).toBe(3);
  });

  it('skips disabled sources', async () => {
    const out = await run([{ location: `${base}/many/off.txt`, enabled: false }]);
    expect(out.size).toBe(0);
    expect(hitsOf('/many/off.txt')).toBe(0);
  });

  it('throws when the caller aborts, instead of reporting findings', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(run(sources('/slow.txt'), { timeoutMs: 5_000, signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});

describe('fetchAll over local files', () => {
  it('reads paths and file URLs in place, and reports a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-local-'));
    const localRaw = join(dir, 'raw');
    await writeFile(join(dir, 'a.txt'), 'report a');
    await writeFile(join(dir, 'b.html'), '<p>b</p>');
    const list: Source[] = [
      { location: join(dir, 'a.txt'), enabled: true, hints: { year: 2023 } },
      { location: pathToFileURL(join(dir, 'b.html')).href, enabled: true },
      { location: join(dir, 'gone.pdf'), enabled: true },
    ];
    const out = new Map<string, FetchOutcome>();
    for await (const o of fetchAll(list, { rawDir: localRaw })) out.set(o.source.location, o);
    const a = out.get(list[0].location)!;
    expect(a).toMatchObject({ status: 'fetched', raw: { source: 'a.txt', origin: join(dir, 'a.txt'), hints: { year: 2023 } } });
    expect(a.raw!.sha256).toBe(sha256Hex('report a'));
    expect(a.rawPath).toBeUndefined();
    expect(out.get(list[1].location)!.raw).toMatchObject({ source: 'b.html', origin: join(dir, 'b.html') });
    expect(out.get(list[2].location)!.finding).toMatchObject({ check: 'fetch.missing', stage: 'fetch' });
    expect(await filesUnder(localRaw)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('goes over 1,000 unchanged local sources cheaply a second time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-many-'));
    await mkdir(join(dir, 'docs'));
    const list: Source[] = [];
    for (let i = 0; i < 1000; i++) {
      const path = join(dir, 'docs', `r${i}.txt`);
      await writeFile(path, `report ${i}\n`.repeat(200));
      list.push({ location: path, enabled: true });
    }
    const pass = async () => {
      let fetched = 0;
      const started = performance.now();
      for await (const o of fetchAll(list, { rawDir: join(dir, 'raw') })) if (o.status === 'fetched') fetched++;
      return { fetched, ms: performance.now() - started };
    };
    await pass();
    const second = await pass();
    console.log(`second fetch pass over 1,000 local sources: ${second.ms.toFixed(0)} ms`);
    expect(second.fetched).toBe(1000);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('fetch helpers', () => {
  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    const now = Date.parse('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Sun, 31 Dec 2023 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('86400', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('takes the charset from Content-Type', () => {
    expect(declaredCharset('text/html; charset=GB2312')).toBe('gb2312');
    expect(declaredCharset('text/html;charset="utf-8"')).toBe('utf-8');
    expect(declaredCharset('application/pdf')).toBeUndefined();
    expect(declaredCharset(undefined)).toBeUndefined();
  });

  it('names a URL by its last path segment, decoded', () => {
    expect(urlFileName('https://example.gov.cn/a/%E5%B9%B4%E6%8A%A5.pdf?x=1')).toBe('年报.pdf');
    expect(urlFileName('https://example.gov.cn/a/')).toBe('index.html');
    expect(urlFileName('https://example.gov.cn/a/100%.pdf')).toBe('100%.pdf');
  });
});

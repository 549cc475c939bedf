// Reading channel pages: links by the words a reader sees, base href, GBK, pagination announced
// by a pager script or by links, attachments. Pages written here (fictional portals).
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { attachmentUrls } from '../pipeline/1-fetch/channel/attachments.ts';
import { listingPages, namesAnnualReport, pageNumberOf, reportLinks } from '../pipeline/1-fetch/channel/listing.ts';
import { readPage } from '../pipeline/1-fetch/channel/page.ts';
import type { RawDoc } from '../pipeline/core/types.ts';

const LISTING = 'http://portal.example/zwgk/ndbg/index.htm';

/** Given markup (and an encoding), returns it as a fetched page. */
function raw(html: string, encoding = 'utf8', declaredCharset?: string): RawDoc {
  const bytes = iconv.encode(html, encoding);
  return { source: 'index.htm', origin: LISTING, bytes, sha256: '', declaredCharset };
}

describe('namesAnnualReport', () => {
  it.each([
    '示例县人民政府2023年政府信息公开工作年度报告',
    '示例县 2023 年政府信息公开工作年度报告'.replace(/\s/g, ''),
    '示例局2023年度政府信息公开年度报告',
    '示例区2014年政府信息公开工作报告',
    '示例市2012年政府信息公开年度工作报告',
    '示例镇2022年政务公开工作年度报告',
    '2021年政府信息公开年报',
  ])('keeps %s', (title) => expect(namesAnnualReport(title)).toBe(true));

  it.each([
    '关于做好2023年政府信息公开工作年度报告编制工作的通知',
    '图解：示例县2023年政府信息公开工作年度报告',
    '示例县2023年国民经济和社会发展统计公报',
    '关于开展政务公开培训的通知',
  ])('leaves %s', (title) => expect(namesAnnualReport(title)).toBe(false));
});

describe('a listing page', () => {
  const html = `<html><head><base href="http://portal.example/zwgk/ndbg/"></head><body>
    <ul>
      <li><a href="./202401/t20240120_101.htm" title="示例县人民政府2023年政府信息公开工作年度报告">示例县人民政府2023年政府信息公开工作...</a></li>
      <li><a href="202301/t20230115_88.htm">示例县人民政府2022年政府信息  公开工作年度报告</a></li>
      <li><a href="./202312/t20231201_99.htm">关于开展政务公开培训的通知</a></li>
      <li><a href="http://other.example/ndbg/t1.htm">示例市2023年政府信息公开工作年度报告</a></li>
      <li><a href="javascript:void(0)">示例县2021年政府信息公开工作年度报告</a></li>
    </ul>
    <script>createPageHTML(3, 0, "index", "htm");</script>
  </body></html>`;
  const page = readPage(raw(html), LISTING);

  it('keeps the links naming an annual report on its own host, resolved against <base href>, by text or title', () => {
    expect(reportLinks(page, LISTING).map((l) => l.url)).toEqual([
      'http://portal.example/zwgk/ndbg/202401/t20240120_101.htm',
      'http://portal.example/zwgk/ndbg/202301/t20230115_88.htm',
    ]);
  });

  it('reads the pages a createPageHTML call announces', () => {
    expect(listingPages(LISTING, page)).toEqual([
      { url: LISTING, number: 0 },
      { url: 'http://portal.example/zwgk/ndbg/index_1.htm', number: 1 },
      { url: 'http://portal.example/zwgk/ndbg/index_2.htm', number: 2 },
    ]);
  });

  it('reads GBK, declared by the server or by <meta>, or by neither', () => {
    const gbk = `<html><head><meta charset="gbk"></head><body><a href="t1.htm">示例县2023年政府信息公开工作年度报告</a></body></html>`;
    for (const doc of [raw(gbk, 'gbk'), raw(gbk, 'gbk', 'gbk'), raw(gbk.replace('<meta charset="gbk">', ''), 'gbk')]) {
      expect(reportLinks(readPage(doc, LISTING), LISTING).map((l) => l.text)).toEqual(['示例县2023年政府信息公开工作年度报告']);
    }
  });

  it('reads a page nested deeper than the call stack goes', () => {
    const depth = 10_000;
    const deep = `<html><body>${'<div>'.repeat(depth)}<a href="202401/t1.htm">示例县2023年政府信息公开工作年度报告</a>${'</div>'.repeat(depth)}</body></html>`;
    expect(reportLinks(readPage(raw(deep), LISTING), LISTING).map((l) => l.url)).toEqual(['http://portal.example/zwgk/ndbg/202401/t1.htm']);
  });

  it('finds links written by scripts (Hanweb records in CDATA, document.write)', () => {
    const hanweb = `<html><body><script type="text/xml"><datastore><recordset>
      <record><![CDATA[<li><a href="/art/2024/1/20/art_1_1.html" title="示例县2023年政府信息公开工作年度报告">示例县2023年…</a></li>]]></record>
      </recordset></datastore></script>
      <script>document.write("<a href=\\"/art/2023/1/9/art_1_0.html\\">示例县2022年政府信息公开工作年度报告<\\/a>");</script></body></html>`;
    expect(reportLinks(readPage(raw(hanweb), LISTING), LISTING).map((l) => l.url)).toEqual([
      'http://portal.example/art/2024/1/20/art_1_1.html',
      'http://portal.example/art/2023/1/9/art_1_0.html',
    ]);
  });
});

describe('pageNumberOf', () => {
  it.each([
    [LISTING, 0],
    ['http://portal.example/zwgk/ndbg/index_4.htm', 4],
    ['http://portal.example/zwgk/ndbg/index_4.html', undefined],
    ['http://portal.example/zwgk/other/index_4.htm', undefined],
    ['http://portal.example/zwgk/ndbg/list_4.htm', undefined],
  ])('%s is page %s of index.htm', (url, number) => expect(pageNumberOf(LISTING, url)).toBe(number));

  it('numbers a directory URL\'s index pages and a query page parameter', () => {
    expect(pageNumberOf('http://portal.example/ndbg/', 'http://portal.example/ndbg/index_2.shtml')).toBe(2);
    const col = 'http://portal.example/col/col12/index.html?uid=7';
    expect(pageNumberOf(col, 'http://portal.example/col/col12/index.html?uid=7&pageNum=3')).toBe(2);
  });
});

describe('attachmentUrls', () => {
  it('keeps document links on any host, by path or download query, each once', () => {
    const html = `<html><body><p>附件：</p>
      <a href="./P020240120123.pdf">示例县2023年报告.pdf</a>
      <a href="http://files.example/up/P020240120124.docx">文件下载</a>
      <a href="/module/download/downfile.jsp?classid=0&filename=abc.wps">附件2</a>
      <a href="./P020240120123.pdf">再次</a>
      <a href="/zwgk/">政务公开</a><img src="x.png"></body></html>`;
    const page = readPage(raw(html), 'http://portal.example/zwgk/ndbg/202401/t20240120_101.htm');
    expect(attachmentUrls(page)).toEqual([
      'http://portal.example/zwgk/ndbg/202401/P020240120123.pdf',
      'http://files.example/up/P020240120124.docx',
      'http://portal.example/module/download/downfile.jsp?classid=0&filename=abc.wps',
    ]);
  });
});

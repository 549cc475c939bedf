import { describe, it, expect } from 'vitest';
import { T3_ROWS } from '../pipeline/core/catalogue.ts';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import type { DecodedDoc, Line, RawDoc } from '../pipeline/core/types.ts';
import { decodeHtml } from '../pipeline/2-decode/html/index.ts';
import { extract } from '../pipeline/3-extract/index.ts';
import { expandSpans } from '../pipeline/2-decode/grid.ts';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '..', '..', 'shared', 'corpus');

function rawOf(bytes: Uint8Array | string, extra: Partial<RawDoc> = {}): RawDoc {
  const b = typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'utf8')) : bytes;
  return { source: 'page.html', origin: '/tmp/page.html', bytes: b, sha256: '', ...extra };
}

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
const rows = (doc: DecodedDoc) => doc.lines.filter((l) => l.grid);
const texts = (l: Line) => l.cells.map((c) => c.text);
const cols = (l: Line) => l.cells.map((c) => c.col);

describe('expandSpans', () => {
  it('repeats a rowspan cell in every row and places a colspan cell once at its first column', () => {
    const c = (value: string, rowspan = 1, colspan = 1) => ({ value, rowspan, colspan });
    const grid = expandSpans([
      [c('A', 3), c('B', 1, 2)],
      [c('C'), c('D')],
      [c('E', 1, 2)],
    ]);
    expect(grid.map((r) => r.map((s) => `${s.col}${s.value}${s.firstRow ? '' : '*'}`))).toEqual([
      ['0A', '1B'],
      ['0A*', '1C', '2D'],
      ['0A*', '1E'],
    ]);
  });

  it('ends a rowspan of 0, or one past the table, at the last row', () => {
    const grid = expandSpans([[{ value: 'L', rowspan: 0, colspan: 1 }, { value: 'x', rowspan: 1, colspan: 1 }], [{ value: 'y', rowspan: 1, colspan: 1 }]]);
    expect(grid[1].map((s) => s.value)).toEqual(['L', 'y']);
    expect(expandSpans([[{ value: 'L', rowspan: 9, colspan: 1 }]])).toHaveLength(1);
  });
});

describe('decodeHtml: tables', () => {
  it('expands rowspan and colspan into grid rows, merged row labels repeated', () => {
    const doc = decodeHtml(
      rawOf(
        page(`<table>
          <tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人情况</td></tr>
          <tr><td>自然人</td><td>总计</td></tr>
          <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td>5</td></tr>
          <tr><td>（二）部分公开</td><td>1</td><td>1</td></tr>
        </table>`),
      ),
    );
    const r = rows(doc);
    expect(r.map(texts)).toEqual([
      ['项目', '申请人情况'],
      ['项目', '自然人', '总计'],
      ['三、本年度办理结果', '（一）予以公开', '5', '5'],
      ['三、本年度办理结果', '（二）部分公开', '1', '1'],
    ]);
    expect(r.map(cols)).toEqual([[0, 2], [0, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]);
    expect(r[0].cells[1]).toMatchObject({ x0: 2, x1: 4 });
    expect(r.every((l) => l.table === 0)).toBe(true);
  });

  it('treats <th> and <td> alike and keeps &nbsp;-only and empty cells as blank text', () => {
    const doc = decodeHtml(rawOf(page(`<table><tr><th>自然人</th><td>商业企业</td><th>总计</th></tr><tr><td>7</td><td>&nbsp;</td><td> <p>&nbsp; </p></td></tr></table>`)));
    expect(rows(doc).map(texts)).toEqual([
      ['自然人', '商业企业', '总计'],
      ['7', '', ''],
    ]);
  });

  it('joins numbers split by <br> or spans without spaces, and Chinese pieces too', () => {
    const doc = decodeHtml(
      rawOf(page(`<table><tr><td>本年新<br/>制作数量</td><td>1<br>23</td><td><span>4</span><span>5</span>6</td><td><p>社会公益</p><p>组织</p></td><td>12<br>元</td></tr><tr><td>x</td></tr></table>`)),
    );
    expect(texts(rows(doc)[0])).toEqual(['本年新制作数量', '123', '456', '社会公益组织', '12元']);
  });

  it('drops source line breaks inside Chinese words (Word and CMS editors wrap anywhere)', () => {
    const doc = decodeHtml(rawOf(page(`<table><tr><td>三、本年度办\n   &nbsp; &nbsp;理结果\n &nbsp;</td><td>a b</td></tr><tr><td>x</td></tr></table>`)));
    expect(texts(rows(doc)[0])).toEqual(['三、本年度办理结果', 'a b']);
  });

  it('gives one table index to a table split into several <table> elements, a new one after text', () => {
    const part = (label: string) => `<table><tr><td>${label}</td><td>1</td></tr><tr><td>${label}2</td><td>2</td></tr></table>`;
    const doc = decodeHtml(rawOf(page(`${part('甲')}<p>&nbsp;</p>${part('乙')}\n${part('丙')}<p>四、行政复议</p>${part('丁')}`)));
    expect(rows(doc).map((l) => `${l.cells[0].text}:${l.table}`)).toEqual(['甲:0', '甲2:0', '乙:0', '乙2:0', '丙:0', '丙2:0', '丁:1', '丁2:1']);
  });

  it('emits the rows of a table nested in a cell as rows, the layout around it as text', () => {
    const doc = decodeHtml(
      rawOf(
        page(`<table><tr><td>
          <p>二、主动公开政府信息情况</p>
          <table><tr><td>规章</td><td>3</td></tr><tr><td>行政规范性文件</td><td>&nbsp;</td></tr></table>
          <p>三、收到和处理政府信息公开申请情况</p>
        </td></tr></table>`),
      ),
    );
    expect(doc.lines.map((l) => (l.grid ? `${l.table}|${texts(l).join('|')}` : texts(l)[0]))).toEqual([
      '二、主动公开政府信息情况',
      '0|规章|3',
      '0|行政规范性文件|',
      '三、收到和处理政府信息公开申请情况',
    ]);
  });

  it('keeps paragraphs as one-cell, non-grid lines, splitting at <br>', () => {
    const doc = decodeHtml(rawOf(page(`<p>一、总体情况</p><div>示例区人民政府办公室<br>2024年1月18日</div>`)));
    expect(doc.lines).toEqual([
      { cells: [{ text: '一、总体情况' }], grid: false },
      { cells: [{ text: '示例区人民政府办公室' }], grid: false },
      { cells: [{ text: '2024年1月18日' }], grid: false },
    ]);
  });
});

describe('decodeHtml: encodings', () => {
  const report = `<p>2023年政府信息公开工作年度报告</p><table><tr><td>（七）总计</td><td>1</td><td>&nbsp;</td></tr><tr><td>四、结转下年度继续办理</td><td>0</td><td></td></tr></table>`;

  it('reads GBK bytes under a charset=gbk meta exactly as the UTF-8 original', () => {
    const html = (charset: string) => `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body>${report}</body></html>`;
    const utf8 = decodeHtml(rawOf(html('utf-8')));
    const gbk = decodeHtml(rawOf(new Uint8Array(iconv.encode(html('gbk'), 'gbk'))));
    expect(gbk.encoding).toBe('gb18030');
    expect(gbk.findings).toEqual([]);
    expect(gbk.lines).toEqual(utf8.lines);
  });

  it('decodes GBK bytes under a utf-8 declaration as what they are, with encoding.mismatch', () => {
    const bytes = new Uint8Array(iconv.encode(page(report), 'gbk'));
    const doc = decodeHtml(rawOf(bytes));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.lines[0].cells[0].text).toBe('2023年政府信息公开工作年度报告');
    expect(doc.findings).toEqual([expect.objectContaining({ check: 'encoding.mismatch', severity: 'warning', stage: 'decode', expected: 'utf-8', actual: 'gb18030' })]);
  });

  it('lets the HTTP header charset win when the bytes agree, and reports it when they do not', () => {
    const bytes = new Uint8Array(iconv.encode(`<html><body>${report}</body></html>`, 'gbk'));
    expect(decodeHtml(rawOf(bytes, { declaredCharset: 'GB2312' })).findings).toEqual([]);
    const utf8 = decodeHtml(rawOf(page(report), { declaredCharset: 'gbk' }));
    expect(utf8.encoding).toBe('utf-8');
    expect(utf8.findings.map((f) => f.check)).toEqual(['encoding.mismatch']);
  });

  it('counts replacement characters in an encoding.replaced finding', () => {
    const good = Buffer.from(page(report), 'utf8');
    const bytes = new Uint8Array(Buffer.concat([good.subarray(0, 200), Buffer.from([0xff]), good.subarray(200)]));
    const doc = decodeHtml(rawOf(bytes, { declaredCharset: 'gbk' }));
    expect(doc.findings.find((f) => f.check === 'encoding.replaced')).toMatchObject({ severity: 'warning', actual: '1' });
  });
});

describe('decodeHtml: a whole portal page', () => {
  const doc = decodeHtml(rawOf(new Uint8Array(readFileSync(join(here, 'fixtures', 'html', 'portal.html'))), { source: 'portal.html' }));
  const all = doc.lines.flatMap(texts).join('\n');

  it('keeps the report and drops navigation, breadcrumb, share buttons, related links, scripts and footer', () => {
    expect(all).toContain('一、总体情况');
    expect(all).toContain('六、其他需要报告的事项');
    for (const furniture of ['首页', '办事服务', '当前位置', '分享到', '微博', '相关链接', '政府信息公开指南', '打印本页', '主办单位', '版权所有', 'siteConfig', '导航样式', '无障碍']) {
      expect(all, furniture).not.toContain(furniture);
    }
  });

  it('reads the metadata block: title, date, publisher, index number, source URL', () => {
    expect(doc.meta).toEqual({
      documentTitle: '示例区人民政府2023年政府信息公开工作年度报告',
      published: '2024-01-20',
      publisher: '示例区人民政府办公室',
      indexNo: '11350100MB0000000X/2024-00017',
      sourceUrl: 'https://www.example.gov.cn/zwgk/ndbg/202401/t20240120_12345.html',
    });
  });

  it('keeps the report tables with their blanks, split numbers joined', () => {
    const byLabel = new Map(rows(doc).map((l) => [l.cells[0].text, texts(l).slice(1)]));
    expect(byLabel.get('行政规范性文件')).toEqual(['12', '30', '1 024']);
    expect(byLabel.get('行政许可')).toEqual(['']);
  });
});

// The two corpus pages print table 3's labels exactly as the catalogue names them.
const T3_LABELS: Record<string, string> = Object.fromEntries(T3_ROWS.map((r) => [r.row, r.zh]));

/** Given decoded lines and a table-3 row code, returns that row's seven applicant values (blank → null). */
function t3Row(doc: DecodedDoc, code: string): (number | null)[] | undefined {
  const label = T3_LABELS[code];
  const line = rows(doc).find((l) => l.cells.filter((c) => (c.col ?? 0) < 3).some((c) => c.text === label));
  return line?.cells.filter((c) => (c.col ?? 0) >= 3).map((c) => (c.text === '' ? null : Number(c.text)));
}

for (const name of ['shanghai2019', 'pingtan2024']) {
  const file = join(corpus, 'html', `${name}.html`);
  const present = existsSync(file) && existsSync(join(corpus, 'expected', `${name}.json`));
  if (!present) console.log(`skipping the ${name} corpus page: ${file} is not there (the corpus lives outside the repository)`);

  describe.skipIf(!present)(`corpus page ${name}`, () => {
    const bytes = () => new Uint8Array(readFileSync(file));
    const expected = () => JSON.parse(readFileSync(join(corpus, 'expected', `${name}.json`), 'utf8'));

    it('has every table-3 cell, blanks as blanks, and the page metadata', () => {
      const doc = decodeHtml(rawOf(bytes(), { source: `${name}.html` }));
      const want = expected();
      expect(doc.findings).toEqual([]);
      expect(extract(doc).title).toMatch(/年度报告$/);
      if (want.published) expect(doc.meta.published).toBe(want.published);
      for (const [metric, values] of Object.entries(want.cells as Record<string, unknown>)) {
        if (!metric.startsWith('t3.')) continue;
        expect(t3Row(doc, metric.slice(3)), metric).toEqual(values);
      }
    });

    it('decodes identically when re-encoded to GBK under a charset=gbk meta', () => {
      const utf8 = decodeHtml(rawOf(bytes()));
      const text = Buffer.from(bytes()).toString('utf8');
      const gbkText = /<meta[^>]*charset/i.test(text) ? text.replace(/(<meta[^>]*charset\s*=\s*["']?)utf-8/i, '$1gbk') : `<meta charset="gbk">${text}`;
      const gbk = decodeHtml(rawOf(new Uint8Array(iconv.encode(gbkText, 'gbk'))));
      expect(gbk.encoding).toBe('gb18030');
      expect(gbk.findings).toEqual([]);
      expect(gbk.lines).toEqual(utf8.lines);
      expect(gbk.meta).toEqual(utf8.meta);
    });
  });
}

// The PDF decoder on the fixtures made by test/fixtures/pdf/make-fixtures.sh (synthetic
// tables, not real reports), on minimal PDFs written here, and, when the shared corpus is
// present, on hzq2023.pdf.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePdf } from '../pipeline/2-decode/pdf.ts';
import { extract } from '../pipeline/3-extract/index.ts';
import { validate } from '../pipeline/4-validate/index.ts';
import { charsToLines, lineToRuns } from '../pipeline/2-decode/pdf/lines.ts';
import { dropRunningLines } from '../pipeline/2-decode/pdf/page.ts';
import type { PageLine } from '../pipeline/2-decode/pdf/page.ts';
import type { DecodedDoc, Line } from '../pipeline/core/types.ts';

const root = resolve(import.meta.dirname, '..');
const fixture = (name: string) => resolve(root, 'test/fixtures/pdf', name);

async function decodeFile(path: string): Promise<DecodedDoc> {
  // A Node Buffer, as the fetch stage hands over: pdfjs itself accepts only plain Uint8Arrays.
  const bytes = readFileSync(path);
  return decodePdf({ source: basename(path), origin: path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
}

const texts = (l: Line) => l.cells.map((c) => c.text);
/** The line whose cells include `label`, as texts; fails when there is none. */
function row(doc: DecodedDoc, label: string): string[] {
  const l = doc.lines.find((x) => x.cells.some((c) => c.text === label));
  expect(l, `a line with a cell ${label}`).toBeDefined();
  return texts(l!);
}
/** The cells after `label` in its line. */
const after = (doc: DecodedDoc, label: string) => {
  const r = row(doc, label);
  return r.slice(r.indexOf(label) + 1);
};

describe('table 3 (2021) split over two pages, vertical and wrapped labels', async () => {
  const doc = await decodeFile(fixture('table3-2021.pdf'));

  it('reads the rows as label then seven numbers', () => {
    expect(doc.format).toBe('pdf');
    expect(doc.findings).toEqual([]);
    expect(after(doc, '一、本年新收政府信息公开申请数量')).toEqual(['40', '0', '0', '0', '0', '1', '41']);
    expect(after(doc, '（七）总计')).toEqual(['38', '0', '0', '0', '0', '1', '39']);
    expect(after(doc, '四、结转下年度继续办理')).toEqual(['4', '0', '0', '0', '0', '1', '5']);
  });

  it('joins a label wrapped inside its cell', () => {
    expect(after(doc, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toEqual(['3', '0', '0', '0', '0', '1', '4']);
    expect(after(doc, '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请')).toEqual(['0', '0', '0', '0', '0', '1', '1']);
  });

  it('joins a label stacked one character per line and repeats merged labels in every row', () => {
    const block = doc.lines.filter((l) => l.grid && l.cells.some((c) => /^\d\.|^（[一二三四五六七]）/.test(c.text)) && !texts(l).includes('（七）总计'));
    const first = [...new Set(block.map((l) => l.cells[0].text))];
    // The label is cut by the page break like the table: each page's part is one cell.
    expect(first.join('')).toBe('三、本年度办理结果');
    expect(row(doc, '2.重复申请').slice(0, 2)).toEqual(['度办理结果', '（五）不予处理']);
    expect(doc.lines.filter((l) => texts(l).includes('（五）不予处理'))).toHaveLength(5);
  });

  it('keeps the table going over the page break', () => {
    const grid = doc.lines.filter((l) => l.grid);
    expect(new Set(grid.map((l) => l.page))).toEqual(new Set([1, 2]));
    expect(new Set(grid.map((l) => l.table))).toEqual(new Set([0]));
    const page2 = doc.lines.filter((l) => l.page === 2);
    expect(page2[0].grid).toBe(true);
    expect(page2.at(-1)!.cells[0].text).toBe('四、政府信息公开行政复议、行政诉讼情况');
  });

  it('gives every cell its page and position, and grid cells their column', () => {
    for (const l of doc.lines) {
      for (const c of l.cells) {
        expect(c.page).toBe(l.page);
        expect(c.x1!).toBeGreaterThan(c.x0!);
        expect(c.y!).toBeGreaterThan(0);
        if (l.grid) expect(typeof c.col).toBe('number');
      }
    }
    expect(doc.meta.documentTitle).toBe('示例县人民政府2021年政府信息公开工作年度报告');
  });
});

describe('table 3 with a row cut by the page break', async () => {
  // The same table one paragraph further down: the break falls inside the （二） row, its numbers
  // and the first line of its label on page 1, the rest of its label on page 2.
  const doc = await decodeFile(fixture('table3-cut-row.pdf'));
  const t3 = (d: DecodedDoc) => extract(d).cells.filter((c) => c.metric.startsWith('t3.')).map((c) => [c.metric, c.applicant, c.raw, c.state]);

  it('is cut where the fixture means it to be', () => {
    expect(after(doc, '（二）部分公开（区分处理的，只计这一')).toEqual(['3', '0', '0', '0', '0', '1', '4']);
    expect(doc.lines.find((l) => l.page === 2 && l.grid)!.cells.map((c) => c.text)).toContain('情形，不计其他情形）');
  });

  it('reads every cell of table 3 as the uncut table does', async () => {
    const cut = t3(doc);
    expect(cut.filter(([metric]) => metric === 't3.partial').map(([, , raw]) => raw)).toEqual(['3', '0', '0', '0', '0', '1', '4']);
    expect(cut).toEqual(t3(await decodeFile(fixture('table3-2021.pdf'))));
  });
});

describe('table 2 (2019)', async () => {
  const doc = await decodeFile(fixture('table2-2019.pdf'));
  it('reads every block with numbers intact', () => {
    expect(row(doc, '信息内容')).toEqual(['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量']);
    expect(after(doc, '规章')).toEqual(['2', '2', '31']);
    expect(after(doc, '规范性文件')).toEqual(['12', '12', '1,234']);
    expect(after(doc, '行政许可')).toEqual(['120', '+6', '8046']);
    expect(after(doc, '其他对外管理服务事项')).toEqual(['15', '-3', '77']);
    expect(after(doc, '行政处罚')).toEqual(['300', '-53', '1021']);
    expect(after(doc, '行政事业性收费')).toEqual(['9', '—']);
    expect(after(doc, '政府集中采购')).toEqual(['65', '7730.28']);
    expect(row(doc, '第二十条第（九）项')).toEqual(['第二十条第（九）项']);
  });
  it('emits blank grid cells', () => {
    const l = doc.lines.find((x) => texts(x).includes('（单位：万元）'))!;
    expect(texts(l)).toEqual(['信息内容', '', '（单位：万元）']);
    expect(l.cells.map((c) => c.col)).toEqual([0, 1, 3]);
  });
});

describe('a table without ruling lines', async () => {
  const doc = await decodeFile(fixture('unruled.pdf'));
  it('splits rows into cells at column gaps', () => {
    expect(doc.lines.every((l) => !l.grid)).toBe(true);
    expect(doc.lines.map(texts)).toContainEqual(['10', '1', '0', '0', '11', '3', '0', '1', '0', '4', '5', '0', '0', '0', '5']);
    expect(doc.lines.map(texts)).toContainEqual(['行政复议', '行政诉讼']);
  });
});

describe('files without readable text', () => {
  it('reports a scan (an image and no text) as pdf.no_text', async () => {
    const doc = await decodeFile(fixture('scan.pdf'));
    expect(doc.lines).toEqual([]);
    expect(doc.findings.map((f) => [f.check, f.severity])).toEqual([['pdf.no_text', 'error']]);
    expect(doc.findings[0].message).toMatch(/image/);
  });
  it('reports a truncated file as pdf.unreadable with the reason', async () => {
    const doc = await decodeFile(fixture('truncated.pdf'));
    expect(doc.lines).toEqual([]);
    expect(doc.findings.map((f) => [f.check, f.severity])).toEqual([['pdf.unreadable', 'error']]);
    expect(doc.findings[0].actual).toMatch(/\w/);
  });
  it('reports garbage after a PDF header as pdf.unreadable', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(2000));
    const doc = await decodePdf({ source: 'junk.pdf', origin: 'junk.pdf', bytes, sha256: '' });
    expect(doc.findings.map((f) => f.check)).toEqual(['pdf.unreadable']);
  });
});

describe('layout steps', () => {
  const char = (text: string, x0: number, baseline: number, size: number) => ({ text, x0, x1: x0 + size * text.length, top: baseline - 0.88 * size, bottom: baseline + 0.12 * size, baseline, size });
  it('keeps a superscript and a bigger number on their line, and splits cells at wide gaps', () => {
    const lines = charsToLines([char('行政', 100, 200, 10), char('1', 120, 196, 6), char('21', 300, 201, 14), char('下一行', 100, 215, 10)]);
    expect(lines.map((l) => lineToRuns(l).map((r) => r.text))).toEqual([['行政1', '21'], ['下一行']]);
  });
  it('drops page numbers and running headers in the margins only', () => {
    const at = (text: string, margin: boolean): PageLine => ({ line: { cells: [{ text }], grid: false }, top: 0, margin });
    const pages = [1, 2, 3].map((n) => [at('示例县人民政府', true), at(`正文${n}`, false), at('3', false), at(`-${n}-`, true), at(`第 ${n} 页`, true)]);
    expect(dropRunningLines(pages).map((p) => p.map((l) => l.line.cells[0].text))).toEqual([
      ['正文1', '3'],
      ['正文2', '3'],
      ['正文3', '3'],
    ]);
  });
});

const corpusPdf = resolve(root, '../shared/corpus/pdf/hzq2023.pdf');
describe.skipIf(!existsSync(corpusPdf))('corpus: hzq2023.pdf', async () => {
  if (!existsSync(corpusPdf)) {
    console.log(`skipping the corpus PDF test: ${corpusPdf} is absent`);
    return;
  }
  const doc = await decodeFile(corpusPdf);
  const expected = JSON.parse(readFileSync(resolve(root, '../shared/corpus/expected/hzq2023.json'), 'utf8')) as { cells: Record<string, number | number[]> };

  it('reads table 2', () => {
    expect(row(doc, '行政规范性文件')).toEqual(['行政规范性文件', '0', '5', '5']);
    expect(after(doc, '行政许可')).toEqual(['550']);
    expect(after(doc, '行政处罚')).toEqual(['4119']);
    expect(after(doc, '行政强制')).toEqual(['195']);
    expect(after(doc, '行政事业性收费')).toEqual(['7730.28']);
  });

  it('reads every table 3 row as printed', () => {
    const labels: Record<string, string> = {
      new: '一、本年新收政府信息公开申请数量',
      carried_in: '二、上年结转政府信息公开申请数量',
      granted: '（一）予以公开',
      partial: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      'denied.state_secret': '1.属于国家秘密',
      'denied.law_prohibited': '2.其他法律行政止公开',
      'denied.security_stability': '3.危及“三安全一稳定”',
      'denied.third_party': '4.保护第三方合法权益',
      'denied.internal_affairs': '5.属于三类内部事务信息',
      'denied.process_info': '6.属于四类过程性信息',
      'denied.enforcement_files': '7.属于行政执法案卷',
      'denied.query_matter': '8.属于行政查询事项',
      'unavailable.not_held': '1.本机关不掌握相关政府信息',
      'unavailable.needs_creation': '2.没有现成信息需要另行制作',
      'unavailable.unclear': '3.补正后申请内容仍不明确',
      'rejected.petition': '1.信访举报投诉类申请',
      'rejected.duplicate': '2.重复申请',
      'rejected.publication': '3.要求提供公开出版物',
      'rejected.excessive': '4.无正当理由大量反复申请',
      'rejected.confirmation': '5.要求行政机关确认或重新出具已获取信息',
      other: '（六）其他处理',
      total: '（七）总计',
      carried_out: '四、结转下年度继续办理',
    };
    for (const [code, label] of Object.entries(labels)) {
      expect(after(doc, label).map(Number), code).toEqual(expected.cells[`t3.${code}`]);
    }
    expect(row(doc, '1.属于国家秘密').slice(0, 2)).toEqual(['三、本年度办理结果', '（三）不予公开']);
  });

  it('reads table 4 as one line of 15 numbers, its arithmetic errors as printed', () => {
    const numbers = doc.lines.map(texts).filter((t) => t.length === 15 && t.every((x) => /^\d+$/.test(x)));
    expect(numbers).toEqual([[...(expected.cells['t4.review'] as number[]), ...(expected.cells['t4.suit_direct'] as number[]), ...(expected.cells['t4.suit_after_review'] as number[])].map(String)]);
  });

  it('drops page numbers and keeps the title', () => {
    expect(doc.lines.flatMap(texts).filter((t) => /^-\s*\d+\s*-$/.test(t))).toEqual([]);
    expect(doc.meta.documentTitle).toBe('洪泽区人民政府2023年政府信息公开工作年度报告');
    expect(doc.lines[0].cells[0].text).toBe('洪泽区人民政府');
  });

  it('keeps each cell’s page and position, so an identity finding points at its page', () => {
    const report = extract(doc);
    expect(report.cells.find((c) => c.metric === 't4.review.total')).toMatchObject({ value: 0, page: 4 });
    expect(report.cells.every((c) => c.page !== undefined && c.x !== undefined && c.y !== undefined)).toBe(true);
    expect(validate(report).map((f) => [f.check, f.subject, f.page])).toEqual([
      ['t4.group', 't4.review', 4],
      ['t4.group', 't4.suit_after_review', 4],
    ]);
  });
});

/** Given pages (display rotation and content stream), returns a minimal PDF with Helvetica as /F1: a test fixture, not a report. */
function minimalPdf(pages: { rotate: number; content: string }[]): Buffer {
  const objects: string[] = ['', '<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids = pages.map((p, i) => {
    const pageNo = 4 + i * 2;
    objects[pageNo] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate ${p.rotate} /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageNo + 1} 0 R >>`;
    objects[pageNo + 1] = `<< /Length ${p.content.length} >>\nstream\n${p.content}\nendstream`;
    return `${pageNo} 0 R`;
  });
  objects[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, n) => {
    if (n === 0) return 0;
    const at = out.length;
    out += `${n} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

it('reads a page turned with /Rotate as it is displayed, whatever the rotation', async () => {
  // Two lines 100 and 120 pt from the displayed top, 72 pt in: for each rotation, the text matrix
  // that draws them upright on the displayed page (turned back against the rotation).
  const placements: [number, (fromTop: number) => string][] = [
    [0, (d) => `1 0 0 1 72 ${842 - d}`],
    [90, (d) => `0 1 -1 0 ${d} 72`],
    [180, (d) => `-1 0 0 -1 ${595 - 72} ${d}`],
    [270, (d) => `0 -1 1 0 ${595 - d} ${842 - 72}`],
  ];
  for (const [rotate, at] of placements) {
    const content = `BT /F1 12 Tf ${at(100)} Tm (FIRST LINE) Tj ${at(120)} Tm (SECOND LINE) Tj ET`;
    const bytes = minimalPdf([{ rotate, content }]);
    const doc = await decodePdf({ source: `rotate-${rotate}.pdf`, origin: `rotate-${rotate}.pdf`, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(doc.lines.map(texts), `/Rotate ${rotate}`).toEqual([['FIRST LINE'], ['SECOND LINE']]);
  }
});

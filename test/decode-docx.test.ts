import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecodedDoc, RawDoc } from '../pipeline/core/types.ts';
import { decode } from '../pipeline/2-decode/index.ts';
import { decodeDoc, decodeDocx, findSoffice } from '../pipeline/2-decode/docx.ts';
import { sniffFormat } from '../pipeline/2-decode/sniff.ts';
import { extract } from '../pipeline/3-extract/index.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'docx');

function rawOf(name: string): RawDoc {
  return { source: name, origin: join(fixtures, name), bytes: new Uint8Array(readFileSync(join(fixtures, name))), sha256: '' };
}

const B = '';
// table3-2021.html, the source of both Word fixtures (see make.sh), row by row after span expansion.
const LABEL = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const R3 = '三、本年度办理结果';
const EXPECTED_ROWS: string[][] = [
  [LABEL, '申请人情况'],
  [LABEL, '自然人', '法人或其他组织', '总计'],
  [LABEL, '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'],
  ['一、本年新收政府信息公开申请数量', '30', '2', B, B, B, '1', '33'],
  ['二、上年结转政府信息公开申请数量', '1', B, B, B, B, B, '1'],
  [R3, '（一）予以公开', '12', '1', B, B, B, B, '13'],
  [R3, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '3', B, B, B, B, B, '3'],
  ...[
    ['1.属于国家秘密', '1'],
    ['2.其他法律行政法规禁止公开', '0'],
    ['3.危及“三安全一稳定”', '0'],
    ['4.保护第三方合法权益', '0'],
    ['5.属于三类内部事务信息', '2'],
    ['6.属于四类过程性信息', '0'],
    ['7.属于行政执法案卷', '0'],
    ['8.属于行政查询事项', '1'],
  ].map(([label, n]) => [R3, '（三）不予公开', label, n, B, B, B, B, B, n]),
  [R3, '（四）无法提供', '1.本机关不掌握相关政府信息', '6', '1', B, B, B, '1', '8'],
  [R3, '（四）无法提供', '2.没有现成信息需要另行制作', '0', B, B, B, B, B, '0'],
  [R3, '（四）无法提供', '3.补正后申请内容仍不明确', '1', B, B, B, B, B, '1'],
  ...[
    ['1.信访举报投诉类申请', '2'],
    ['2.重复申请', '1'],
    ['3.要求提供公开出版物', '0'],
    ['4.无正当理由大量反复申请', '0'],
    ['5.要求行政机关确认或重新出具已获取信息', '0'],
  ].map(([label, n]) => [R3, '（五）不予处理', label, n, B, B, B, B, B, n]),
  ...[
    ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '1'],
    ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '0'],
    ['3.其他', '0'],
  ].map(([label, n]) => [R3, '（六）其他处理', label, n, B, B, B, B, B, n]),
  [R3, '（七）总计', '30', '2', B, B, B, '1', '33'],
  ['四、结转下年度继续办理', '1', B, B, B, B, B, '1'],
];

function expectTable3(doc: DecodedDoc): void {
  const rows = doc.lines.filter((l) => l.grid);
  expect(rows.every((l) => l.table === 0)).toBe(true);
  expect(rows.map((l) => l.cells.map((c) => c.text))).toEqual(EXPECTED_ROWS);
  // Values sit at the applicant columns 3–9 whatever the label spans before them.
  expect(rows[3].cells.map((c) => c.col)).toEqual([0, 3, 4, 5, 6, 7, 8, 9]);
  expect(rows[7].cells.map((c) => c.col)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const text = doc.lines.filter((l) => !l.grid).map((l) => l.cells[0].text);
  expect(text).toEqual([
    '测试县人民政府2023年政府信息公开工作年度报告',
    '本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。',
    '三、收到和处理政府信息公开申请情况',
    '四、政府信息公开行政复议、行政诉讼情况',
  ]);
  expect(extract(doc).title).toBe('测试县人民政府2023年政府信息公开工作年度报告');
}

describe('decodeDocx', () => {
  it('turns a 2021-template table 3 with merged cells into the expanded grid rows', async () => {
    const doc = await decode(rawOf('table3-2021.docx'));
    expect(doc.format).toBe('docx');
    expect(doc.findings).toEqual([]);
    expectTable3(doc);
  });

  it('reports an unreadable .docx as a finding, not a crash', async () => {
    const raw = rawOf('table3-2021.docx');
    // Cut short, the archive still starts like a .docx but its central directory is gone.
    const doc = await decodeDocx({ ...raw, bytes: raw.bytes.subarray(0, 600) });
    expect(doc.lines).toEqual([]);
    expect(doc.findings.map((f) => f.check)).toEqual(['decode.docx_unreadable']);
  });
});

describe('decodeDoc', () => {
  const soffice = findSoffice();
  if (!soffice) console.log('skipping the .doc conversion test: LibreOffice (soffice) is not installed; apt-get install libreoffice-writer');

  it.skipIf(!soffice)('converts an OLE .doc through LibreOffice to the same grid rows', async () => {
    const doc = await decode(rawOf('table3-2021.doc'));
    expect(doc.format).toBe('doc');
    expect(doc.findings).toEqual([]);
    expectTable3(doc);
  }, 120_000);

  it('tells a Word .doc from another Office 97–2003 file by its WordDocument stream, and never converts the other', async () => {
    const raw = rawOf('table3-2021.doc');
    expect(sniffFormat(raw.bytes)).toBe('doc');
    // The same file with its directory entry renamed: to the sniffer, a spreadsheet or a presentation.
    const name = Buffer.from('WordDocument', 'utf16le');
    const bytes = Buffer.from(raw.bytes);
    bytes.fill(0x20, bytes.indexOf(name), bytes.indexOf(name) + name.length);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent'; // were it sent to LibreOffice, the finding would be decode.doc_unsupported
    try {
      const doc = await decode({ ...raw, bytes });
      expect(doc.format).toBe('ole');
      expect(doc.findings).toEqual([expect.objectContaining({ check: 'file.ole', severity: 'error', stage: 'decode' })]);
    } finally {
      process.env.PATH = path;
    }
  });

  it('names what to install when LibreOffice is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const doc = await decodeDoc(rawOf('table3-2021.doc'));
      expect(doc.lines).toEqual([]);
      expect(doc.findings).toEqual([expect.objectContaining({ check: 'decode.doc_unsupported', severity: 'error', stage: 'decode' })]);
      expect(doc.findings[0].message).toContain('libreoffice-writer');
    } finally {
      process.env.PATH = path;
    }
  });
});

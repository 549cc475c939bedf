import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode } from '../pipeline/2-decode/index.ts';
import { textToLines } from '../pipeline/2-decode/text.ts';
import { extract } from '../pipeline/3-extract/index.ts';
import { fitRow } from '../pipeline/3-extract/fit.ts';
import { declaredMoneyUnit, parseValue, toWanYuan } from '../pipeline/3-extract/numbers.ts';
import type { Report } from '../pipeline/core/types.ts';
import { validate } from '../pipeline/4-validate/index.ts';
import { APPLICANTS } from '../pipeline/core/catalogue.ts';
import { renderReport, withTotal, type FixtureReport, type Layout } from './fixtures/build-report.ts';

/** Given text or bytes, returns the validated report the pipeline reads from them. */
async function read(content: string | Uint8Array, source = 'fixture.txt'): Promise<Report> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const report = extract(await decode({ source, origin: source, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }));
  report.findings.push(...validate(report));
  return report;
}

const cell = (r: Report, metric: string, applicant: string | null = null) => r.cells.find((c) => c.metric === metric && c.applicant === applicant);
const value = (r: Report, metric: string, applicant: string | null = null) => cell(r, metric, applicant)?.value;
const checks = (r: Report) => r.findings.map((f) => f.check);

describe('parseValue', () => {
  it.each([
    ['0', 'number', 0],
    ['1,234', 'number', 1234],
    ['１２３', 'number', 123],
    ['+1036', 'number', 1036],
    ['-53', 'number', -53],
    ['－53', 'number', -53],
    ['7730.28', 'number', 7730.28],
    ['251000元', 'number', 251000],
    ['12 件', 'number', 12],
    ['', 'blank', null],
    ['  ', 'blank', null],
    ['—', 'dash', null],
    ['-', 'dash', null],
    ['/', 'dash', null],
    ['无', 'dash', null],
    ['约100', 'unreadable', null],
  ])('%s → %s %s', (raw, state, v) => {
    const parsed = parseValue(raw);
    expect(parsed.state).toBe(state);
    expect(parsed.value).toBe(v);
    expect(parsed.raw).toBe(raw);
  });

  it('keeps the unit a cell prints and converts money to 万元', () => {
    expect(parseValue('251000元').unit).toBe('元');
    expect(toWanYuan(251000, '元')).toBe(25.1);
    expect(toWanYuan(1.5, '亿元')).toBe(15000);
    expect(declaredMoneyUnit('采购总金额（单位：万元，保留4位小数）')).toBe('万元');
    expect(declaredMoneyUnit('本年收费金额(元)')).toBe('元');
    expect(declaredMoneyUnit('采购总金额')).toBeNull();
  });
});

describe('text layouts → lines', () => {
  it('splits tab dumps into cells and keeps blank cells', () => {
    const [line] = textToLines('三、本年度办理结果\t(一) 予以公开\t0\t\t2');
    expect(line.cells.map((c) => c.text)).toEqual(['三、本年度办理结果', '(一) 予以公开', '0', '', '2']);
  });

  it('regroups one-cell-per-line pipe dumps into label + values rows', () => {
    const lines = textToLines(['第二十条第(一)项 | |||', '信息内容 |', '本年新制作数量 |', '规章 |', '0 |', '1 |', '2 |', '规范性文件 |', '3 |', '4 |', '5 | |'].join('\n'));
    expect(lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ['第二十条第(一)项', '信息内容', '本年新制作数量', '规章', '0', '1', '2'],
      ['规范性文件', '3', '4', '5'],
    ]);
  });

  it('splits space-aligned columns, keeps single-spaced words together, drops page numbers', () => {
    const lines = textToLines(['4.无正当理由大量反复 申请        0    0   12', '                   -3-', '第 4 页'].join('\n'));
    expect(lines).toHaveLength(1);
    expect(lines[0].cells.map((c) => c.text)).toEqual(['4.无正当理由大量反复 申请', '0', '0', '12']);
    expect(lines[0].cells[1].x0).toBeGreaterThan(20);
  });
});

describe('fitting a row to its columns', () => {
  const applicants = [{ check: 't3.applicants', total: 6, parts: [0, 1, 2, 3, 4, 5] }];
  const cells = (...xs: string[]) => xs.map((text) => ({ text }));

  it('reads a row that prints exactly as many cells as columns as printed, blanks kept', () => {
    const [reading] = fitRow(cells('3', '', '0', '0', '0', '0', '3'), 7, applicants);
    expect(reading.values.map((v) => v.state)).toEqual(['number', 'blank', 'number', 'number', 'number', 'number', 'number']);
  });

  it('fills a lost cell when the row identity makes it unique', () => {
    const readings = fitRow(cells('5', '0', '0', '0', '0', '7'), 7, applicants);
    // The lost cell could be any applicant column: the identity gives 2 there, so the readings differ.
    expect(readings.length).toBeGreaterThan(1);
    const zeros = fitRow(cells('0', '0', '0', '0', '0', '0'), 7, applicants);
    expect(zeros).toHaveLength(1);
    expect(zeros[0].values.every((v) => v.value === 0)).toBe(true);
  });

  it('drops a doubled cell only where one placement satisfies the identity', () => {
    const readings = fitRow(cells('13', '0', '0', '0', '0', '0', '0', '13'), 7, applicants);
    expect(readings).toHaveLength(1);
    expect(readings[0].values.map((v) => v.value)).toEqual([13, 0, 0, 0, 0, 0, 13]);
  });

  it('gives up on rows two or more cells off', () => {
    expect(fitRow(cells('1', '2', '3', '4', '5'), 7, applicants)).toEqual([]);
  });
});

const base2019: FixtureReport = {
  agency: '测试县人民政府',
  year: 2019,
  template: '2019',
  t2: { 't2.rules.total': 3, 't2.normative.made': 4, 't2.licensing.change': -6, 't2.procurement.items': 12, 't2.procurement.amount': '1873.25' },
  t3: {
    new: withTotal([10, 2, 0, 0, 1, 0]),
    carried_in: withTotal([1, 0, 0, 0, 0, 0]),
    granted: withTotal([6, 1, 0, 0, 0, 0]),
    partial: withTotal([2, 1, 0, 0, 1, 0]),
    'unavailable.not_held': withTotal([2, 0, 0, 0, 0, 0]),
    total: withTotal([10, 2, 0, 0, 1, 0]),
    carried_out: withTotal([1, 0, 0, 0, 0, 0]),
  },
  t4: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1],
};

describe('extracting a 2019-template report in each text layout', () => {
  it.each<Layout>(['tabs', 'pipes', 'spaces'])('%s', async (layout) => {
    const r = await read(renderReport(base2019, layout));
    expect(r).toMatchObject({ agency: '测试县人民政府', year: 2019, template: '2019', status: 'partial' });
    expect(value(r, 't2.normative.made')).toBe(4);
    expect(value(r, 't2.licensing.change')).toBe(-6);
    expect(value(r, 't3.new', 'natural_person')).toBe(10);
    expect(value(r, 't3.granted', 'total')).toBe(7);
    expect(value(r, 't3.unavailable.not_held', 'natural_person')).toBe(2);
    expect(value(r, 't4.suit_after_review.corrected')).toBe(1);
    // The procurement header in this fixture names no unit: the amount is kept raw and flagged.
    expect(cell(r, 't2.procurement.amount')).toMatchObject({ state: 'unreadable', raw: '1873.25' });
    expect(checks(r)).toContain('unit.unknown');
    expect(checks(r).filter((c) => /^t[34]\./.test(c))).toEqual([]);
  });
});

describe('2021 template', () => {
  const r2021: FixtureReport = {
    agency: '测试市教育局',
    year: 2022,
    template: '2021',
    t2: { 't2.normative.issued': 2, 't2.normative.repealed': 1, 't2.normative.in_force': 14, 't2.fees.amount': 356.8 },
    t3: {
      new: withTotal([5, 0, 0, 0, 0, 0]),
      granted: withTotal([3, 0, 0, 0, 0, 0]),
      'other.no_correction': withTotal([1, 0, 0, 0, 0, 0]),
      'other.other': withTotal([1, 0, 0, 0, 0, 0]),
      total: withTotal([5, 0, 0, 0, 0, 0]),
    },
  };

  it('reads the three 其他处理 sub-rows and the fee amount in 万元', async () => {
    const r = await read(renderReport(r2021));
    expect(r.template).toBe('2021');
    expect(value(r, 't2.fees.amount')).toBe(356.8);
    expect(value(r, 't2.normative.in_force')).toBe(14);
    expect(value(r, 't3.other.no_correction', 'total')).toBe(1);
    expect(cell(r, 't3.other', 'total')).toBeUndefined();
    expect(r.status).toBe('loaded');
  });

  it('reads （六）其他处理 printed as one row', async () => {
    const oneRow = { ...r2021, t3: { ...r2021.t3, other: withTotal([2, 0, 0, 0, 0, 0]), 'other.no_correction': undefined!, 'other.other': undefined! } };
    const r = await read(renderReport(oneRow));
    expect(value(r, 't3.other', 'natural_person')).toBe(2);
    expect(cell(r, 't3.other.other', 'total')).toBeUndefined();
    expect(checks(r).filter((c) => /^t3\./.test(c))).toEqual([]);
  });

  it('tells the template by the table-2 headers, not the year', async () => {
    const r = await read(renderReport({ ...r2021, year: 2020 }));
    expect(r.template).toBe('2021');
  });
});

describe('messy text dumps', () => {
  const messy = [
    '测试区人民政府2019年政府信息公开工作年度报告',
    '一、总体情况',
    '（测试夹具）',
    '二、主动公开政府信息情况',
    '信息内容\t采购项目数量\t采购总金额\t',
    '政府集中采购\t3\t251000元\t',
    '三、收到和处理政府信息公开申请情况',
    '一、本年新收政府信息公开申请数\t4\t0\t0\t0\t0\t0\t4',
    '量\t\t\t',
    '二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t',
    '三、 本年 度办 理结 果\t(一) 予以公开\t\t4\t0\t0\t0\t0\t4\t',
    '\t(三) 不予 公开\t1. 属于国家秘密\t0\t0\t0\t0\t0\t0\t0',
    '\t\t4.保护 第三方 合法权 益\t—\t—\t—\t—\t—\t—\t—',
    '\t(七) 总计\t4\t0\t0\t0\t0\t0\t4',
    '四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0',
    '四、政府信息公开行政复议、行政诉讼情况',
    '\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0',
    '五、存在的主要问题及改进情况',
  ].join('\n');

  it('joins broken labels, carries a row tail to the next row, fills a lost cell by t3.applicants', async () => {
    const r = await read(messy);
    expect(value(r, 't3.new', 'total')).toBe(4);
    expect(value(r, 't3.carried_in', 'natural_person')).toBe(0);
    // 予以公开 printed six cells; only natural_person = 4 makes both t3.applicants and the column identities hold.
    expect(value(r, 't3.granted', 'natural_person')).toBe(4);
    expect(cell(r, 't3.denied.third_party', 'total')).toMatchObject({ state: 'dash', value: null, raw: '—' });
    expect(cell(r, 't2.procurement.amount')?.value).toBe(25.1);
  });

  it('keeps leading blank cells of an unlabelled table-4 row as blanks, not zeros', async () => {
    const r = await read(messy);
    expect(cell(r, 't4.review.upheld')).toMatchObject({ state: 'blank', value: null });
    expect(value(r, 't4.suit_direct.upheld')).toBe(0);
  });

  it('says which rows it did not find instead of guessing them', async () => {
    const r = await read(messy);
    expect(cell(r, 't3.denied.law_prohibited', 'total')?.state).toBe('unreadable');
    expect(r.findings.find((f) => f.check === 'row.missing' && f.subject === 't3.denied.law_prohibited')).toBeTruthy();
    expect(r.status).toBe('partial');
  });
});

describe('validation', () => {
  it('reports every broken identity with both sides as printed, and changes no number', async () => {
    const broken: FixtureReport = {
      ...base2019,
      t3: { ...base2019.t3, total: [10, 2, 0, 0, 1, 0, 12], granted: [6, 1, 0, 0, 0, 0, 9] },
      t4: [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0],
    };
    const r = await read(renderReport(broken));
    const byCheck = (c: string) => r.findings.filter((f) => f.check === c);
    expect(byCheck('t3.applicants').map((f) => [f.subject, f.expected, f.actual])).toEqual([
      ['t3.granted', '7', '9'],
      ['t3.total', '13', '12'],
    ]);
    expect(byCheck('t3.outcomes').map((f) => f.subject)).toEqual(['column total']);
    expect(byCheck('t3.balance').map((f) => [f.subject, f.expected, f.actual])).toEqual([['column total', '14', '13']]);
    expect(byCheck('t4.group').map((f) => [f.subject, f.expected, f.actual])).toEqual([
      ['t4.review', '11', '0'],
      ['t4.suit_after_review', '5', '0'],
    ]);
    expect(value(r, 't3.total', 'total')).toBe(12);
    expect(byCheck('t4.group').every((f) => f.severity === 'error')).toBe(true);
  });

  it('does not check an identity whose printed total is blank', () => {
    const blank = { state: 'blank' as const, value: null, raw: '' };
    const report = {
      cells: [7, ...new Array(6).fill(null)].map((v, i) => ({
        metric: 't3.granted', applicant: APPLICANTS[i], ...(v === null ? blank : { state: 'number' as const, value: v, raw: String(v) }),
      })),
    } as Report;
    expect(validate(report).filter((f) => f.check === 't3.applicants')).toEqual([]);
  });
});

describe('encodings, legacy reports and documents that are not reports', () => {
  it('reads a GBK file and records the encoding', async () => {
    const r = await read(iconv.encode(renderReport(base2019), 'gbk'));
    expect(r.encoding).toBe('gb18030');
    expect(value(r, 't3.new', 'total')).toBe(13);
  });

  it('keeps a pre-2019 report as legacy, its figures from its sentences (test/legacy.test.ts has the rest)', async () => {
    const r = await read('测试县人民政府2018年政府信息公开工作年度报告\n2018年，我县主动公开信息100条。\n');
    expect(r).toMatchObject({ template: 'legacy', year: 2018, status: 'loaded' });
    expect(r.cells).toMatchObject([{ metric: 'legacy.proactive.total', value: 100, legacy: { foundBy: 'sentence', evidence: '2018年，我县主动公开信息100条' } }]);
  });

  it('marks a document that is not an annual report', async () => {
    const r = await read('关于召开会议的通知\n请各单位准时参加。\n');
    expect(r.status).toBe('not_report');
    expect(checks(r)).toContain('report.not_annual_report');
  });

  it('marks a missing table as an error finding', async () => {
    const text = renderReport(base2019).replace(/四、政府信息公开行政复议[\s\S]*?五、/, '五、');
    const r = await read(text);
    expect(r.findings.find((f) => f.check === 'table.missing')).toMatchObject({ subject: 't4', severity: 'error' });
  });
});

describe('the bundled samples', () => {
  const dir = join(import.meta.dirname, '..', 'raw', 'samples');
  const sample = async (name: string) => read(readFileSync(join(dir, name)), name);

  it('every sample is read with its year and template', async () => {
    const got = await Promise.all(readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map(async (f) => [f, (await sample(f)).template, (await sample(f)).status]));
    expect(got).toEqual([
      ['not-a-report.txt', null, 'not_report'],
      ['sample-2018-legacy.txt', 'legacy', 'loaded'],
      ['sample-2020-tabs.txt', '2019', 'loaded'],
      ['sample-2021-pipes.txt', '2021', 'loaded'],
      ['sample-2022-pipes.txt', '2021', 'loaded'],
      ['sample-2023-layout-gbk.txt', '2021', 'loaded'],
    ]);
  });

  it('the GBK layout sample has a lost cell filled by t3.applicants, said so in a finding', async () => {
    const r = await sample('sample-2023-layout-gbk.txt');
    expect(r.encoding).toBe('gb18030');
    const inferred = r.findings.find((f) => f.check === 'cell.inferred');
    expect(inferred?.subject).toBe('t3.granted/legal_service');
    expect(cell(r, 't3.granted', 'legal_service')).toMatchObject({ value: 1, inferred: true });
  });
});

// The text shapes reports come in from the wild, beside tabs, spaces and ` |` dumps: markdown
// pipe tables with a converter's damage, ` |` dumps with blank cells, crawler dumps (every cell
// printed, or repeats dropped), space-aligned text with blank columns, and labels wrapped far.
// Every fixture here is written for this test: fictional agencies, fictional numbers.
import { describe, expect, it } from 'vitest';
import { textToLines } from '../pipeline/2-decode/text.ts';
import { APPLICANTS, t3RowsFor } from '../pipeline/core/catalogue.ts';
import type { Report } from '../pipeline/core/types.ts';
import { renderReport, withTotal, type FixtureReport, type Layout } from './fixtures/build-report.ts';
import { readDocument } from './fixtures/read.ts';

/** Given report text, returns the validated report the pipeline reads from it. */
const read = async (text: string): Promise<Report> => (await readDocument('shape.txt', 'shape.txt', new TextEncoder().encode(text))).report;

const cell = (r: Report, metric: string, applicant: string | null = null) => r.cells.find((c) => c.metric === metric && c.applicant === applicant);
const row = (r: Report, metric: string) => APPLICANTS.map((a) => cell(r, metric, a)).map((c) => (c?.state === 'number' ? c.value : c?.state));
const identityFindings = (r: Report) => r.findings.filter((f) => /^t[34]\./.test(f.check));
const texts = (text: string) => textToLines(text).map((l) => l.cells.map((c) => c.text));

/** A 2021-template report whose 其他处理 sub-rows are filled, so a lost sub-row would break t3.outcomes. */
const r2021: FixtureReport = {
  agency: '测试县水务局',
  year: 2022,
  template: '2021',
  t2: { 't2.normative.issued': 2, 't2.normative.repealed': 1, 't2.normative.in_force': 14, 't2.licensing.decisions': 29, 't2.fees.amount': 12.5 },
  t3: {
    new: withTotal([6, 1, 0, 0, 0, 0]),
    granted: withTotal([2, 1, 0, 0, 0, 0]),
    'denied.third_party': withTotal([1, 0, 0, 0, 0, 0]),
    'other.no_correction': withTotal([1, 0, 0, 0, 0, 0]),
    'other.unpaid_fee': withTotal([1, 0, 0, 0, 0, 0]),
    'other.other': withTotal([1, 0, 0, 0, 0, 0]),
    total: withTotal([6, 1, 0, 0, 0, 0]),
  },
  t4: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
};

describe('markdown pipe tables', () => {
  it('decodes pipe rows as grid cells, drops the delimiter row and joins in-cell breaks', () => {
    expect(texts('| 规章 | 4 | | 4 |\n|---|:-:|---|--|\n| 1.申请人无正当理由逾期不补<br>正 | 0 |')).toEqual([
      ['规章', '4', '', '4'],
      ['1.申请人无正当理由逾期不补正', '0'],
    ]);
  });

  it('reads a clean rendering like the tab one', async () => {
    const [md, tabs] = await Promise.all([read(renderReport(r2021, 'markdown')), read(renderReport(r2021, 'tabs'))]);
    expect(md.cells.map((c) => [c.metric, c.applicant, c.state, c.value])).toEqual(tabs.cells.map((c) => [c.metric, c.applicant, c.state, c.value]));
    expect(md.status).toBe('loaded');
  });

  it('reads a table cut into blocks, label fragments in cells of their own, a row without its label and label text on loose lines', async () => {
    const md = (...cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
    const zeros = [0, 0, 0, 0, 0, 0, 0];
    const head = renderReport(r2021, 'markdown').split('三、收到和处理政府信息公开申请情况')[0];
    const tail = '四、政府信息公开行政复议、行政诉讼情况\n| 行政复议 | 行政诉讼 |\n|---|---|\n' + md(1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1) + '\n五、存在的主要问题及改进情况\n无。\n';
    const t3 = [
      '三、收到和处理政府信息公开申请情况',
      md('申请人情况', '', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'),
      '|---|---|---|---|---|---|---|---|---|',
      md('一、本年新收政府信息公开申请数量', '', ...withTotal([6, 1, 0, 0, 0, 0])),
      md('二、上年结转政府信息公开申请数量', '', ...zeros),
      md('三、本年度办理结果', '（一）予以公开', ...withTotal([2, 1, 0, 0, 0, 0])),
      md('', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ...zeros),
      md('（三）不', '1.属于国家秘密', ...zeros),
      md('予公开', '2.其他法律行政法规禁止公开', ...zeros),
      md('', '3.危及“三安全一稳定”', ...zeros),
      '',
      '第 3 页',
      '## 三、收到和处理政府信息公开申请情况（续表）',
      md('申请人情况', '', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'),
      '|---|---|---|---|---|---|---|---|---|',
      md('（三）不', '4.保护第三方合法权益', ...withTotal([1, 0, 0, 0, 0, 0])),
      md('予公开', '5.属于三类内部事务信息', ...zeros),
      md('', '', ...zeros), // 6.属于四类过程性信息, its label lost
      md('', '7.属于行政执法案卷', ...zeros),
      md('', '8.属于行政查询事项', ...zeros),
      md('（四）无法提供', '1.本机关不掌握相关政府信息', ...zeros),
      md('', '2.没有现成信息需要另行制作', ...zeros),
      md('', '3.补正后申请内容仍不明确', ...zeros),
      md('（五）不予处理', '1.信访举报投诉类申请', ...zeros),
      md('', '2.重复申请', ...zeros),
      md('', '3.要求提供公开出版物', ...zeros),
      md('', '4.无正当理由大量反复申请', ...zeros),
      md('', '5.要求行政机关确认或重新出具已获取信息', ...zeros),
      '（六）其他处理',
      md('', '1.申请人无正当理由逾期不补', ...withTotal([1, 0, 0, 0, 0, 0])),
      '正、行政机关不再处理其政府信息公开申请',
      md('', '2.申请人逾期未按收费通知要求缴纳费用', ...withTotal([1, 0, 0, 0, 0, 0])),
      '、行政机关不再处理其政府信息公开申请',
      md('', '3.其他', ...withTotal([1, 0, 0, 0, 0, 0])),
      md('（七）总计', '', ...withTotal([6, 1, 0, 0, 0, 0])),
      md('四、结转下年度继续办理', '', ...zeros),
    ].join('\n');
    const r = await read(`${head}${t3}\n${tail}`);
    expect(row(r, 't3.new')).toEqual([6, 1, 0, 0, 0, 0, 7]);
    expect(row(r, 't3.denied.third_party')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(row(r, 't3.denied.process_info')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.findings.find((f) => f.check === 'row.by_position')?.subject).toBe('t3.denied.process_info');
    for (const sub of ['other.no_correction', 'other.unpaid_fee', 'other.other']) expect(row(r, `t3.${sub}`)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(cell(r, 't3.other', 'total')).toBeUndefined();
    expect(row(r, 't3.total')).toEqual([6, 1, 0, 0, 0, 0, 7]);
    expect(cell(r, 't2.normative.in_force')?.value).toBe(14);
    expect(cell(r, 't4.suit_after_review.total')?.value).toBe(1);
    expect(identityFindings(r)).toEqual([]);
    expect(r.status).toBe('loaded');
  });
});

describe('one-cell-per-line ` |` dumps', () => {
  it('keeps a bare ` |` line after a label as a blank cell of that row, and drops one before any label', () => {
    expect(texts([' |', '（一）予以公开 |', '4 |', ' |', '0 |', ' |', '（二）部分公开 |', ' |', '0 | ||'].join('\n'))).toEqual([
      ['（一）予以公开', '4', '', '0', ''],
      ['（二）部分公开', '', '0'],
    ]);
  });

  it('reads blank cells where the dump prints them', async () => {
    const blanks = { ...r2021, t3: { ...r2021.t3, granted: [2, 1, null, null, null, 0, 3] } };
    const r = await read(renderReport(blanks, 'pipes'));
    expect(row(r, 't3.granted')).toEqual([2, 1, 'blank', 'blank', 'blank', 0, 3]);
    expect(identityFindings(r)).toEqual([]);
  });
});

describe('crawler dumps: one cell per line, no separators', () => {
  it('reads a dump that prints every cell, labels cut over lines', async () => {
    const text = renderReport(r2021, 'cells').replace('1.属于国家秘密', '1.\n属于国家秘密').replace('3.危及“三安全一稳定”', '3.\n危及\n“\n三安全一稳定\n”');
    const r = await read(text);
    expect(row(r, 't3.new')).toEqual([6, 1, 0, 0, 0, 0, 7]);
    expect(row(r, 't3.denied.security_stability')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.status).toBe('loaded');
    expect(r.findings.filter((f) => f.check === 'cell.inferred')).toEqual([]);
  });

  it('expands rows whose repeats were dropped where the identities leave one reading, and says so', async () => {
    const text = renderReport(r2021, 'runs');
    expect(text).toContain('一、本年新收政府信息公开申请数量\n6\n1\n0\n7\n');
    const r = await read(text);
    expect(row(r, 't3.new')).toEqual([6, 1, 0, 0, 0, 0, 7]);
    expect(row(r, 't3.carried_in')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(cell(r, 't2.rules.in_force')?.value).toBe(0);
    expect(cell(r, 't4.suit_after_review.total')?.value).toBe(1);
    expect(r.findings.find((f) => f.check === 'cell.inferred' && f.subject === 't3.new')?.message).toMatch(/printed 4 values for 7 columns/);
    expect(identityFindings(r)).toEqual([]);
  });

  it('leaves a row the identities cannot decide unreadable, saying how many values were printed for how many columns', async () => {
    // 2 1 0 0 0 0 3 printed as 2/1/0/3 decides; 行政规范性文件 2 1 14 does not need to; 3 3 5 printed as 3/5 cannot be told from 3 5 5.
    const undecided = { ...r2021, t2: { ...r2021.t2, 't2.normative.issued': 3, 't2.normative.repealed': 3, 't2.normative.in_force': 5 } };
    const r = await read(renderReport(undecided, 'runs'));
    expect(['t2.normative.issued', 't2.normative.repealed', 't2.normative.in_force'].map((m) => cell(r, m)?.state)).toEqual(['unreadable', 'unreadable', 'unreadable']);
    expect(r.findings.find((f) => f.check === 'cell.unplaced' && f.subject === 't2.normative')?.message).toMatch(/printed 2 cells for 3 columns/);
    expect(r.status).toBe('partial');
  });

  it('does not expand short rows in a dump that shows it prints every cell', async () => {
    const text = renderReport(r2021, 'cells').replace('一、本年新收政府信息公开申请数量\n6\n1\n0\n0\n0\n0\n7', '一、本年新收政府信息公开申请数量\n6\n1\n0\n7');
    const r = await read(text);
    expect(row(r, 't3.new').every((v) => v === 'unreadable')).toBe(true);
    expect(r.findings.find((f) => f.subject === 't3.new' && f.check === 'cell.unplaced')?.message).toMatch(/printed 4 values for 7 columns/);
  });

  it('finds a heading whose number stands on a line of its own', async () => {
    const r = await read(renderReport(r2021, 'cells').replace('二、主动公开政府信息情况', '二、\n主动公开政府信息情况'));
    expect(r.sections.find((s) => s.no === 2)?.title).toBe('二、主动公开政府信息情况');
    expect(cell(r, 't2.normative.in_force')?.value).toBe(14);
  });
});

describe('space-aligned text with blank columns', () => {
  const blanks = { ...r2021, t3: { ...r2021.t3, granted: [2, 1, null, null, null, null, 3], 'other.other': [1, null, null, null, null, null, 1] } };

  it('places the values of a row with blanks by the columns the full rows show', async () => {
    const r = await read(renderReport(blanks, 'spaces'));
    expect(row(r, 't3.granted')).toEqual([2, 1, 'blank', 'blank', 'blank', 'blank', 3]);
    expect(row(r, 't3.other.other')).toEqual([1, 'blank', 'blank', 'blank', 'blank', 'blank', 1]);
    expect(r.findings.find((f) => f.check === 'cell.by_position')?.subject).toBe('t3.granted');
    expect(identityFindings(r)).toEqual([]);
  });

  it('places them by the header line when no row prints every column', async () => {
    // Every row leaves the 商业企业 column blank.
    const t3 = Object.fromEntries(t3RowsFor('2021').filter((e) => e.row !== 'other').map((e) => [e.row, [0, null, 0, 0, 0, 0, 0] as (number | null)[]]));
    const printed = (n: number) => [n, null, 0, 0, 0, 0, n];
    Object.assign(t3, { new: printed(6), granted: printed(2), 'denied.third_party': printed(1), 'other.no_correction': printed(1), 'other.unpaid_fee': printed(1), 'other.other': printed(1), total: printed(6) });
    const r = await read(renderReport({ ...r2021, t3 }, 'spaces'));
    expect(row(r, 't3.new')).toEqual([6, 'blank', 0, 0, 0, 0, 6]);
    expect(row(r, 't3.carried_out')).toEqual([0, 'blank', 0, 0, 0, 0, 0]);
    expect(identityFindings(r)).toEqual([]);
  });

  it('leaves a row unreadable where its positions do not decide', async () => {
    const text = renderReport(blanks, 'spaces');
    const granted = text.split('\n').find((l) => l.startsWith('（一）予以公开'))!;
    // The 3 moved half-way between the 其他 and 总计 columns.
    const r = await read(text.replace(granted, granted.replace(/ {5}3$/, '3     ')));
    expect(row(r, 't3.granted').every((v) => v === 'unreadable')).toBe(true);
  });
});

describe('long wrapped labels', () => {
  /** Given a rendering, returns it with each 其他处理 sub-row's label wrapped: head before the values, tail on the next line, block label above. */
  const wrapLabels = (text: string, layout: Layout) =>
    text.split('\n').flatMap((line) => {
      const m = /^(\|\s*)?(1\.申请人无正当理由逾期不补|2\.申请人逾期未按收费通知要求缴纳费用)(正、行政机关不再处理其政府信息公开申请|、行政机关不再处理其政府信息公开申请)(.*)$/.exec(line);
      if (!m) return [line];
      const [, bar = '', head, rest, values] = m;
      const block = head.startsWith('1.') ? ['（六）其他处理'] : [];
      const padded = layout === 'spaces' ? head.padEnd(head.length + rest.length, '　') : head;
      return [...block, `${bar}${padded}${values}`, rest];
    }).join('\n');

  it.each<Layout>(['tabs', 'spaces', 'markdown'])('reads the three 其他处理 sub-rows in %s, and raises no identity error', async (layout) => {
    const r = await read(wrapLabels(renderReport(r2021, layout), layout));
    for (const sub of ['other.no_correction', 'other.unpaid_fee', 'other.other']) expect(row(r, `t3.${sub}`)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(identityFindings(r)).toEqual([]);
  });
});

describe('a reader miss is never the report\'s error', () => {
  it('checks no identity over an unreadable cell, and names the miss instead', async () => {
    const text = renderReport(r2021, 'tabs').replace(/\n2\.申请人逾期未按收费通知要求缴纳费用[^\n]*/, '\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t1\t0\t0');
    const r = await read(text);
    expect(cell(r, 't3.other.unpaid_fee', 'natural_person')?.state).toBe('unreadable');
    expect(identityFindings(r)).toEqual([]);
    const miss = r.findings.filter((f) => f.check === 'identity.unchecked');
    expect(miss.map((f) => f.subject).sort()).toEqual(['t3.applicants', 't3.outcomes']);
    expect(miss.find((f) => f.subject === 't3.outcomes')?.message).toMatch(/t3\.other\.unpaid_fee could not be read/);
  });
});

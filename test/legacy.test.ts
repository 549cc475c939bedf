// Pre-2019 reports: the 政府信息公开情况统计表 in every format (text, a crawler's dump, HTML, PDF,
// Word), sentences where there is no table, the legacy identities, and the load into fact_legacy.
// Fixtures are synthetic (test/fixtures/build-legacy.ts; PDF and Word made by legacy/make.sh).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { close, loadReports, openForWriting, queryRows } from '../pipeline/5-load/index.ts';
import { exportLong } from '../pipeline/query/export.ts';
import { sentencesToCells } from '../pipeline/3-extract/legacy/sentences.ts';
import type { Report } from '../pipeline/core/types.ts';
import { readDocument } from './fixtures/read.ts';
import {
  BUREAU_2012, COUNTY_2016, DEPARTMENT_2015, renderLegacyCrawl, renderLegacyHtml, renderLegacyText, TOWN_2009, TOWNSHIP_2011, type LegacyFixture,
} from './fixtures/build-legacy.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'legacy');

const read = async (source: string, bytes: Uint8Array): Promise<Report> => (await readDocument(source, source, bytes)).report;

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every format a fixture is read from; the crawler's dump only for tables without blank cells (it drops them). */
function formats(name: string, fixture: LegacyFixture, crawl: boolean): [string, () => Promise<Report>][] {
  return [
    ['text', () => read(`${name}.txt`, utf8(renderLegacyText(fixture)))],
    ...(crawl ? [['crawler dump', () => read(`${name}.crawl.txt`, utf8(renderLegacyCrawl(fixture)))] as [string, () => Promise<Report>]] : []),
    ['html', () => read(`${name}.html`, utf8(renderLegacyHtml(fixture)))],
    ['pdf', () => read(`${name}.pdf`, new Uint8Array(readFileSync(join(fixtures, `${name}.pdf`))))],
    ['docx', () => read(`${name}.docx`, new Uint8Array(readFileSync(join(fixtures, `${name}.docx`))))],
  ];
}

/** Given a report, returns its legacy cells as metric → number, null (blank) or the state. */
const valuesOf = (r: Report) => Object.fromEntries(r.cells.map((c) => [c.metric, c.state === 'number' ? c.value : c.state === 'blank' ? null : c.state]));
const checksOf = (r: Report) => r.findings.map((f) => f.check).sort();

const COUNTY_CELLS = {
  'legacy.proactive.total': 120, 'legacy.proactive.total.cumulative': 980,
  'legacy.proactive.normative': 8, 'legacy.proactive.normative.cumulative': 41,
  'legacy.proactive.website': 110, 'legacy.proactive.website.cumulative': 900,
  'legacy.proactive.gazette': 10, 'legacy.proactive.gazette.cumulative': 80,
  'legacy.requests.total': 12, 'legacy.requests.total.cumulative': 60,
  'legacy.requests.in_person': 5, 'legacy.requests.in_person.cumulative': 20,
  'legacy.requests.online': 4, 'legacy.requests.online.cumulative': 25,
  'legacy.requests.mail': 2, 'legacy.requests.mail.cumulative': 10,
  'legacy.requests.email': 1, 'legacy.requests.email.cumulative': 5,
  'legacy.requests.other': 0, 'legacy.requests.other.cumulative': 0,
  'legacy.replies.total': 12, 'legacy.replies.total.cumulative': 60,
  'legacy.replies.already_public': 3, 'legacy.replies.already_public.cumulative': 14,
  'legacy.replies.granted': 5, 'legacy.replies.granted.cumulative': 30,
  'legacy.replies.partial': 1, 'legacy.replies.partial.cumulative': 4,
  'legacy.replies.denied': 1, 'legacy.replies.denied.cumulative': 5,
  'legacy.replies.other': 2, 'legacy.replies.other.cumulative': 7,
  'legacy.review.total': 1, 'legacy.review.total.cumulative': 3,
  'legacy.suit.total': 0, 'legacy.suit.total.cumulative': 1,
  'legacy.complaints.total': null, 'legacy.complaints.total.cumulative': 2,
  'legacy.fees.total': 0.025, 'legacy.fees.total.cumulative': 0.12,
};

const BUREAU_CELLS = {
  'legacy.proactive.total': 48, 'legacy.proactive.total.cumulative': 310,
  'legacy.proactive.website': 45, 'legacy.proactive.website.cumulative': 300,
  'legacy.proactive.gazette': 3, 'legacy.proactive.gazette.cumulative': 10,
  'legacy.requests.total': 4, 'legacy.requests.total.cumulative': 9,
  'legacy.requests.in_person': 1, 'legacy.requests.in_person.cumulative': 3,
  'legacy.requests.online': 2, 'legacy.requests.online.cumulative': 4,
  'legacy.requests.mail_fax': 1, 'legacy.requests.mail_fax.cumulative': 2,
  'legacy.replies.total': 4, 'legacy.replies.total.cumulative': 9,
  'legacy.replies.granted': 2, 'legacy.replies.granted.cumulative': 6,
  'legacy.replies.partial': 1, 'legacy.replies.partial.cumulative': 2,
  'legacy.replies.denied': 1, 'legacy.replies.denied.cumulative': 1,
  'legacy.suits_complaints.total': 0, 'legacy.suits_complaints.total.cumulative': 0,
  'legacy.review.total': 0, 'legacy.review.total.cumulative': 1,
  'legacy.suit.total': 0, 'legacy.suit.total.cumulative': 0,
  'legacy.appeals.total': 0, 'legacy.appeals.total.cumulative': 0,
  // Not in the table: stated in a sentence (本局未收取任何费用).
  'legacy.fees.total': 0,
};

describe.each(formats('county2016', COUNTY_2016, false))('a table with year and 累计 columns, fees in 元 (%s)', (_, load) => {
  it('reads every cell by its label and column: a blank stays blank, 元 become 万元, the sentences agree', async () => {
    const r = await load();
    expect(r).toMatchObject({ template: 'legacy', year: 2016, agency: '示例县人民政府办公室', status: 'loaded' });
    expect(valuesOf(r)).toEqual(COUNTY_CELLS);
    const fees = r.cells.find((c) => c.metric === 'legacy.fees.total')!;
    expect(fees).toMatchObject({ raw: '250', legacy: { unit: '元', foundBy: 'table', evidence: '依申请公开信息收取的费用' } });
    expect(r.cells.find((c) => c.metric === 'legacy.requests.in_person')!.legacy!.evidence).toBe('其中：1.当面申请数');
    expect(checksOf(r)).toEqual([]);
  });
});

describe.each(formats('bureau2012', BUREAU_2012, true))('a province\'s variant row set (%s)', (_, load) => {
  it('matches renamed, merged and own rows, reads a repeated label by its place, and keeps the table over a sentence', async () => {
    const r = await load();
    expect(valuesOf(r)).toEqual(BUREAU_CELLS);
    expect(checksOf(r)).toEqual(['legacy.label_repeated', 'legacy.row_unlisted', 'legacy.text_vs_table']);
    expect(r.findings.find((f) => f.check === 'legacy.text_vs_table')).toMatchObject({ subject: 'legacy.proactive.total', expected: '48', actual: '50' });
    expect(r.findings.find((f) => f.check === 'legacy.row_unlisted')!.subject).toBe('政务公开栏更新次数');
    expect(r.cells.find((c) => c.metric === 'legacy.fees.total')!.legacy).toEqual({ unit: null, foundBy: 'sentence', evidence: '本局未收取任何费用' });
  });
});

describe.each(formats('township2011', TOWNSHIP_2011, true))('a report with sentences only (%s)', (_, load) => {
  it('takes each headline figure from its sentence, and none where the text states two', async () => {
    const r = await load();
    expect(valuesOf(r)).toEqual({
      'legacy.proactive.total': 36, 'legacy.requests.total': 3, 'legacy.replies.granted': 2, 'legacy.replies.partial': 1,
      'legacy.fees.total': 0.012, 'legacy.suit.total': 1,
    });
    expect(r.cells.every((c) => c.legacy?.foundBy === 'sentence')).toBe(true);
    expect(r.cells.find((c) => c.metric === 'legacy.proactive.total')!.legacy!.evidence).toBe('2011年全乡主动公开政府信息36条');
    expect(r.findings.filter((f) => f.check.startsWith('legacy.'))).toMatchObject([{ check: 'legacy.sentence_ambiguous', subject: 'legacy.review.total', actual: '1 / 2' }]);
  });
});

describe.each(formats('town2009', TOWN_2009, true))('a report with neither (%s)', (_, load) => {
  it('stays legacy with no values and one legacy.no_statistics finding', async () => {
    const r = await load();
    expect(r).toMatchObject({ template: 'legacy', year: 2009, cells: [] });
    expect(r.findings.filter((f) => f.check.startsWith('legacy.'))).toMatchObject([{ check: 'legacy.no_statistics', severity: 'info' }]);
  });
});

describe.each(formats('department2015', DEPARTMENT_2015, true))('the national template of 2014–2018 (%s)', (_, load) => {
  it('reads its rows by label under their group headings, the reasons under 不同意公开 apart from the replies', async () => {
    const r = await load();
    expect(valuesOf(r)).toEqual({
      'legacy.proactive.total': 50, 'legacy.proactive.normative': 4, 'legacy.normative_issued.total': 6,
      'legacy.proactive.gazette': 2, 'legacy.proactive.website': 48, 'legacy.proactive.weibo': 20, 'legacy.proactive.wechat': 15,
      'legacy.requests.total': 7, 'legacy.requests.in_person': 3, 'legacy.requests.fax': 0, 'legacy.requests.online': 4, 'legacy.requests.mail': 0,
      'legacy.closed.total': 7, 'legacy.closed.on_time': 7, 'legacy.closed.late': 0,
      'legacy.replies.total': 7, 'legacy.replies.already_public': 1, 'legacy.replies.granted': 4, 'legacy.replies.partial': 1, 'legacy.replies.denied': 1,
      'legacy.replies.denied.state_secret': 0, 'legacy.replies.denied.commercial_secret': 0, 'legacy.replies.denied.privacy': 1,
      'legacy.replies.not_competent': 0, 'legacy.replies.not_exist': 0, 'legacy.replies.amend': 0, 'legacy.replies.other_channel': 0,
      'legacy.review.total': 1, 'legacy.review.upheld': 1, 'legacy.review.corrected': 0, 'legacy.review.other': 0,
      'legacy.suit.total': 0, 'legacy.suit.upheld': 0, 'legacy.suit.corrected': 0, 'legacy.suit.other': 0,
      'legacy.complaints.total': 0, 'legacy.fees.total': 0,
    });
    expect(r.findings.filter((f) => f.check.startsWith('legacy.'))).toMatchObject([{ check: 'legacy.row_unlisted', subject: '（一）政府信息公开工作专门机构数' }]);
  });
});

describe('legacy identities', () => {
  const broken: LegacyFixture = {
    ...COUNTY_2016,
    rows: COUNTY_2016.rows!.map((row) =>
      row.label === '政府网站公开数' ? { ...row, values: [130, 900] } : row.label === '5.其他类型答复数' ? { ...row, values: [3, 7] } : row),
  };

  it('a part over its total and parts that miss their total are findings, the printed numbers kept', async () => {
    const r = await read('broken.txt', utf8(renderLegacyText(broken)));
    expect(r.findings.filter((f) => f.check.startsWith('legacy.'))).toMatchObject([
      { check: 'legacy.part_exceeds_total', subject: 'legacy.proactive.website', actual: '130', expected: '<= 120' },
      { check: 'legacy.parts_sum', subject: 'legacy.replies.total', expected: '13', actual: '12' },
    ]);
    expect(valuesOf(r)['legacy.proactive.website']).toBe(130);
  });

  it('replies need not add up when the table prints no catch-all row', async () => {
    const r = await read('bureau.txt', utf8(renderLegacyText({ ...BUREAU_2012, rows: BUREAU_2012.rows!.filter((row) => row.label !== '3、否决公开答复总数') })));
    expect(checksOf(r)).not.toContain('legacy.parts_sum');
  });
});

describe('fees', () => {
  const withFees = (label: string, unit: string): LegacyFixture => ({ ...TOWN_2009, columns: ['2009年'], rows: [{ label, unit, values: [3000] }] });

  it('take their unit from the label when the unit column prints none', async () => {
    const r = await read('f.txt', utf8(renderLegacyText(withFees('依申请公开信息收取的费用（元）', '—'))));
    expect(r.cells).toMatchObject([{ metric: 'legacy.fees.total', state: 'number', value: 0.3, raw: '3000' }]);
  });

  it('are unreadable, with unit.unknown, when no unit is printed anywhere (zero aside)', async () => {
    const r = await read('f.txt', utf8(renderLegacyText(withFees('依申请公开信息收取的费用', '—'))));
    expect(r.cells).toMatchObject([{ metric: 'legacy.fees.total', state: 'unreadable', value: null, raw: '3000' }]);
    expect(checksOf(r)).toContain('unit.unknown');
    expect(r.status).toBe('partial');
  });
});

describe('a crawler dump that drops repeated lines', () => {
  it('reads a lone value as both columns only where the whole dump shows the damage', async () => {
    const dump = renderLegacyCrawl(BUREAU_2012);
    expect(valuesOf(await read('d.txt', utf8(dump)))['legacy.appeals.total.cumulative']).toBe(0);
    // The same dump with one line printed twice: repeats are not dropped, so a lone value has no single reading.
    const doubled = dump.replace('\n条\n48\n', '\n条\n48\n48\n');
    const r = await read('d2.txt', utf8(doubled));
    expect(valuesOf(r)['legacy.appeals.total']).toBe('unreadable');
    expect(r.status).toBe('partial');
    expect(r.findings.find((f) => f.check === 'legacy.cells_unplaced' && f.subject === 'legacy.appeals.total')).toMatchObject({ expected: '2', actual: '1' });
  });
});

describe('loading', () => {
  it('stores legacy figures in fact_legacy with unit, found_by and evidence, and exports them with the cells', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-legacy-'));
    const w = await openForWriting(join(dir, 'w.duckdb'));
    try {
      const report = await read('bureau2012.txt', utf8(renderLegacyText(BUREAU_2012)));
      await loadReports(w.conn, [{ report, origin: '/x/bureau2012.txt' }], { runId: 'r', loadedAt: new Date(), extractorVersion: 'test' });
      const rows = await queryRows(w.conn, `SELECT metric, value, unit, found_by, evidence FROM fact_legacy WHERE metric IN ('legacy.requests.mail_fax', 'legacy.fees.total') ORDER BY metric`);
      expect(rows).toEqual([
        { metric: 'legacy.fees.total', value: 0, unit: null, found_by: 'sentence', evidence: '本局未收取任何费用' },
        { metric: 'legacy.requests.mail_fax', value: 1, unit: '条', found_by: 'table', evidence: '3、信函、传真申请数' },
      ]);
      const metric = await queryRows(w.conn, `SELECT table_no, block, templates FROM dim_metric WHERE code = 'legacy.requests.total.cumulative'`);
      expect(metric).toEqual([{ table_no: 'legacy', block: 'requests', templates: 'legacy' }]);
      let csv = '';
      await exportLong(w.conn, 'cells', new Writable({ write(chunk, _, done) { csv += chunk; done(); } }));
      expect(csv).toContain('bureau2012.txt,示例市民政局,');
      expect(csv.split('\n').filter((l) => l.includes(',legacy.'))).toHaveLength(Object.keys(BUREAU_CELLS).length);
    } finally {
      close(w);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a grid whose header takes two rows', () => {
  it('tells the year from the 累计 column by the second header row', async () => {
    const html = `<html><head><meta charset="utf-8"></head><body>
<p>示例区教育局2014年政府信息公开工作年度报告</p><p>一、概述</p><p>（测试夹具：虚构机关、虚构数字，不是真实报告。）</p>
<p>五、政府信息公开情况统计表</p>
<table border="1"><tr><td rowspan="2">指标名称</td><td rowspan="2">计量单位</td><td colspan="2">统计数</td></tr>
<tr><td>2014年</td><td>累计</td></tr>
<tr><td>主动公开政府信息数</td><td>条</td><td>31</td><td>200</td></tr>
<tr><td>收到申请数</td><td>件</td><td>2</td><td></td></tr>
</table></body></html>`;
    const r = await read('two-rows.html', utf8(html));
    expect(valuesOf(r)).toEqual({
      'legacy.proactive.total': 31, 'legacy.proactive.total.cumulative': 200, 'legacy.requests.total': 2, 'legacy.requests.total.cumulative': null,
    });
  });
});

describe('sentence patterns', () => {
  it.each([
    ['2015年，我局共主动公开政府信息1,234条', { 'legacy.proactive.total': 1234 }],
    ['全年共受理依申请公开政府信息5件', { 'legacy.requests.total': 5 }],
    ['同意公开的3件，同意部分公开的1件，不同意公开的2件', { 'legacy.replies.granted': 3, 'legacy.replies.partial': 1, 'legacy.replies.denied': 2 }],
    ['收取检索、复制、邮寄等费用1500元', { 'legacy.fees.total': 0.15 }],
    ['没有发生针对本机关政府信息公开事务的行政复议、行政诉讼', { 'legacy.review.total': 0, 'legacy.suit.total': 0 }],
    ['未经行政复议直接提起行政诉讼1件', { 'legacy.suit.total': 1 }],
    ['本局到2010年底累计主动公开政府信息109条', {}],
    ['区直各部门主动公开政府信息1509条', {}],
  ])('%s', (sentence, want) => {
    const { cells } = sentencesToCells([sentence]);
    expect(Object.fromEntries(cells.map((c) => [c.metric, c.value]))).toEqual(want);
  });
});

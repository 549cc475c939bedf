// Metadata from every place a report names itself: each title shape, crawler headers, generic
// document titles, the signature, file and folder names, hints; meta.conflict and meta.missing.
// Every agency and number here is made up for these fixtures (样板市, 示例县 …).
import { describe, expect, it } from 'vitest';
import { decode } from '../pipeline/2-decode/index.ts';
import { splitCrawlerHeader } from '../pipeline/2-decode/crawler-header.ts';
import { textToLines } from '../pipeline/2-decode/text.ts';
import { extract } from '../pipeline/3-extract/index.ts';
import { formatCandidate, rankCandidates, readTitle, type Candidate } from '../pipeline/3-extract/metadata.ts';
import type { DecodedDoc, PageMeta, Report, SourceHints } from '../pipeline/core/types.ts';

/** The body every fixture shares: enough sections to be a report, no tables (those are not what is tested here). */
const BODY = ['一、总体情况', '本年度政务公开工作有序开展。', '二、主动公开政府信息情况', '本年度主动公开政府信息120条。', '六、其他需要报告的事项', '无。'].join('\n');

interface Place {
  meta?: PageMeta;
  source?: string;
  origin?: string;
  hints?: SourceHints;
}

/** Given a report's head lines (the title as printed) and tail, returns the report read from it. */
function read(head: string, { meta = {}, source = 'report.txt', origin, hints }: Place = {}, tail = ''): Report {
  const text = `${head}\n${BODY}\n${tail}`;
  const doc: DecodedDoc = { source, origin, sha256: '', bytes: text.length, format: 'text', encoding: 'utf-8', lines: textToLines(text), meta, findings: [], hints };
  return extract(doc);
}

const metaFindings = (r: Report) => r.findings.filter((f) => f.check.startsWith('meta.')).map((f) => ({ check: f.check, severity: f.severity, subject: f.subject }));

describe('the printed title, in every shape', () => {
  it.each([
    ['one line', '示例县人民政府2023年政府信息公开工作年度报告', '示例县人民政府', 2023],
    ['split over two lines', '样板市统计局2022年政府信息\n公开工作年度报告', '样板市统计局', 2022],
    ['split over three lines', '样板市示范区人民政府\n2021年政府信息公开\n工作年度报告', '样板市示范区人民政府', 2021],
    ['agency line above the year line, a document number above it', '样交〔2021〕3号\n样板市交通运输局\n2020年政府信息公开工作年度报告', '样板市交通运输局', 2020],
    ['year first', '2022年样板市示范区人民政府政府信息公开工作年度报告', '样板市示范区人民政府', 2022],
    ['year first, over three lines', '2024年度\n样板县人民政府\n政府信息公开工作年度报告', '样板县人民政府', 2024],
    ['agency line below the title', '2023年政府信息公开工作年度报告\n样板县水利局', '样板县水利局', 2023],
    ['markdown heading with spaces', '# 样板县 2019 年政府信息公开工作年度报告', '样板县', 2019],
    ['a bracketed note after the title', '样板县民政局2021年政府信息公开工作年度报告（全文）', '样板县民政局', 2021],
    ['year in Chinese numerals', '样板县林业局二〇二〇年政府信息公开工作年度报告', '样板县林业局', 2020],
    ['year in full-width digits', '样板县林业局２０２１年政府信息公开工作年度报告', '样板县林业局', 2021],
    ['year after the disclosure words', '样板县政府信息公开工作2022年度报告', '样板县', 2022],
    ['agency before 关于', '样板县人民政府关于2023年政府信息公开工作年度报告', '样板县人民政府', 2023],
  ])('%s', (_, head, agency, year) => {
    const r = read(head);
    expect({ agency: r.agency, year: r.year }).toEqual({ agency, year });
    expect(metaFindings(r)).toEqual([]);
  });

  it('does not take a date printed under the title for the year', () => {
    const r = read('样板县商务局政府信息公开工作年度报告\n2024年1月20日', {}, '统计期限为2023年1月1日至2023年12月31日。');
    expect({ agency: r.agency, year: r.year }).toEqual({ agency: '样板县商务局', year: 2023 });
  });

  it('does not take a sentence that mentions the report format for a title', () => {
    const r = read('根据《中华人民共和国政府信息公开工作年度报告格式》要求，编制本报告。', { meta: { title: '样板县2021年政府信息公开工作年度报告' } });
    expect(r.title).toBe('样板县2021年政府信息公开工作年度报告');
  });
});

describe('a crawler header', () => {
  const page = [
    '标题：样板市2023年政府信息公开工作年度报告',
    '发布时间：2024-03-06 09:30',
    '文号：',
    '发布机构：',
    '原始链接：https://www.example.gov.cn/ybs/202403/t20240306_1.htm',
    '',
    '正文：',
    '根据《中华人民共和国政府信息公开条例》，现公布',
    '样板',
    '市人民政府',
    '2023',
    '年政府信息公开工作年度报告。',
    BODY,
  ].join('\n');

  it('is read as page metadata and kept out of the lines, full-width colons or not', () => {
    for (const text of [page, page.replace(/：/g, ': ')]) {
      const { meta, body } = splitCrawlerHeader(text.split('\n'));
      expect(meta).toEqual({ title: '样板市2023年政府信息公开工作年度报告', published: '2024-03-06', sourceUrl: 'https://www.example.gov.cn/ybs/202403/t20240306_1.htm' });
      expect(body[0]).toMatch(/^根据/);
    }
  });

  it('names the agency in full through the body, where the title gives a bare place name', async () => {
    const bytes = new TextEncoder().encode(page);
    const r = extract(await decode({ source: 'ybs2023.txt', origin: '/data/ybs2023.txt', bytes, sha256: '' }));
    expect({ agency: r.agency, year: r.year, published: r.published }).toEqual({ agency: '样板市人民政府', year: 2023, published: '2024-03-06' });
    expect(r.title).toBe('样板市2023年政府信息公开工作年度报告');
    expect(metaFindings(r)).toEqual([]);
  });

  it('is no header when the first lines are the report itself', () => {
    const lines = ['样板县2023年政府信息公开工作年度报告', '一、总体情况'];
    expect(splitCrawlerHeader(lines)).toEqual({ meta: {}, body: lines });
  });
});

describe('document metadata is a hint', () => {
  it.each(['政府信息公开工作年度报告', '2023年政府信息公开工作年度报告', '无标题', '1', '2024-03-01'])(
    'a generic document title (%s) never wins over the printed title',
    (documentTitle) => {
      const r = read('示例区人民政府\n2023年政府信息公开工作年度报告', { meta: { documentTitle } });
      expect(r.agency).toBe('示例区人民政府');
      expect(metaFindings(r)).toEqual([]);
    },
  );

  it('a site name in a title tag names no agency', () => {
    const r = read('政府信息公开工作年度报告', { meta: { title: '样板市人民政府门户网站', documentTitle: '样板市人民政府' }, source: 'nb.txt' });
    expect(r.agency).toBeNull();
  });

  it('a generic page title names nothing either, and the HTML title is used when nothing is printed', () => {
    const r = read('（正文）', { meta: { title: '政府信息公开年报', documentTitle: '样板市林业局2022年政府信息公开工作年度报告' } });
    expect({ agency: r.agency, year: r.year }).toEqual({ agency: '样板市林业局', year: 2022 });
  });
});

describe('the signature, the file name and the folders', () => {
  it('takes the agency from the signature when the title names none, with its date', () => {
    const r = read('2023年政府信息公开工作年度报告', {}, '样板县自然资源局\n2024年1月20日');
    expect({ agency: r.agency, year: r.year, published: r.published }).toEqual({ agency: '样板县自然资源局', year: 2023, published: '2024-01-20' });
  });

  it('lets the signature name in full the place the title names bare', () => {
    const r = read('示范区2023年政府信息公开工作年度报告', {}, '样板市示范区人民政府\n2024年1月5日');
    expect(r.agency).toBe('样板市示范区人民政府');
  });

  it('takes agency and year from a file name shaped like a title', () => {
    const r = read('政府信息公开工作年度报告', { source: '样板县档案馆2021年政府信息公开工作年度报告.txt' });
    expect({ agency: r.agency, year: r.year }).toEqual({ agency: '样板县档案馆', year: 2021 });
  });

  it('takes agency and year from the folders when nothing else names them', () => {
    const r = read('政府信息公开工作年度报告', { source: 'nb.txt', origin: '/data/样板市审计局/2022/nb.txt' });
    expect({ agency: r.agency, year: r.year }).toEqual({ agency: '样板市审计局', year: 2022 });
  });

  it('reads a year from a file name but not from inside a hash', () => {
    expect(read('样板县政府信息公开工作年度报告', { source: 'ybx2021.txt' }).year).toBe(2021);
    expect(read('样板县政府信息公开工作年度报告', { source: '002_7b3c60a2029ed6a7.txt' }).year).toBeNull();
  });
});

describe('meta.conflict', () => {
  it('warns when the page names another agency than the printed title, and says which won', () => {
    const r = read('样板市林业局2023年政府信息公开工作年度报告', { meta: { title: '样板市水利局2023年政府信息公开工作年度报告' } });
    expect(r.agency).toBe('样板市林业局');
    const f = r.findings.find((x) => x.check === 'meta.conflict')!;
    expect(f).toMatchObject({ severity: 'warning', subject: 'agency', expected: '样板市林业局', actual: '样板市水利局' });
    expect(f.message).toBe("agency 样板市林业局 from the printed title wins over 样板市水利局 (the page's title): the printed title ranks above the page's title");
  });

  it('notes a file name whose year disagrees, as info', () => {
    const r = read('样板县2023年政府信息公开工作年度报告', { source: 'ybx2024.txt' });
    expect(r.year).toBe(2023);
    expect(metaFindings(r)).toEqual([{ check: 'meta.conflict', severity: 'info', subject: 'year' }]);
  });

  it('lets a sources.csv hint win, as info', () => {
    const r = read('样板县卫生健康委员会2023年政府信息公开工作年度报告', { hints: { agency: '样板县教育局', year: 2023 } });
    expect(r.agency).toBe('样板县教育局');
    const f = r.findings.find((x) => x.check === 'meta.conflict')!;
    expect(f).toMatchObject({ severity: 'info', subject: 'agency' });
    expect(f.message).toMatch(/hints given in sources.csv win$/);
  });

  it('takes an abbreviation for the same agency (民宗局 for 民族与宗教事务局)', () => {
    const r = read('样板市民族与宗教事务局2022年政府信息公开工作年度报告', { meta: { publisher: '样板市民宗局' } });
    expect(metaFindings(r)).toEqual([]);
  });
});

describe('meta.missing', () => {
  it('says so when no place names the agency or the year', () => {
    const r = read('政府信息公开工作年度报告', { source: 'nb.txt' });
    expect({ agency: r.agency, year: r.year }).toEqual({ agency: null, year: null });
    expect(metaFindings(r)).toEqual([
      { check: 'meta.missing', severity: 'warning', subject: 'agency' },
      { check: 'meta.missing', severity: 'warning', subject: 'year' },
    ]);
  });
});

describe('ranking', () => {
  const c = (value: string, place: Candidate['place']): Candidate => ({ field: 'agency', value, place, from: value });

  it('orders by place, a bare place name yielding to the report naming the agency in full, not to the publisher', () => {
    expect(rankCandidates([c('样板市林业局', 'file_name'), c('样板市水利局', 'printed_title')])?.value).toBe('样板市水利局');
    expect(rankCandidates([c('样板市', 'page_title'), c('样板市人民政府', 'body')])?.value).toBe('样板市人民政府');
    expect(rankCandidates([c('样板市', 'page_title'), c('样板市人民政府办公室', 'publisher')])?.value).toBe('样板市');
    expect(rankCandidates([c('样板市', 'hint'), c('样板市人民政府', 'signature')])?.value).toBe('样板市');
    expect(rankCandidates([])).toBeNull();
  });

  it('prints each candidate with where it came from', () => {
    expect(formatCandidate({ field: 'year', value: 2023, place: 'body', from: '统计期限 2023' })).toBe('year 2023 ← body: 统计期限 2023');
  });

  it('reads titles that name nothing as naming nothing', () => {
    for (const t of ['政府信息公开工作年度报告', '无标题', '2024-03-01', '关于公布2023年政府信息公开工作年度报告的通知']) expect(readTitle(t).agency, t).toBeNull();
  });
});

// A deterministic synthetic corpus for the benchmark: the same seed and size always give the same
// files. Both templates; tab, one-cell-per-line ` |` and space-aligned text dumps and HTML tables;
// UTF-8 and GBK; magnitudes whose identities hold, and a share with an injected arithmetic error
// or layout damage (a lost cell, a doubled cell, a label broken in two), as real corpora have.
// No PDFs: the first PDF a thread decodes costs it ~135 MB of pdf.js heap for good, which would
// swamp the memory figure of a text/HTML run; bench/pdf.ts measures PDF throughput on its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { APPLICANTS, T2_ROWS, t3RowsFor } from '../pipeline/core/catalogue.ts';
import { renderReport, withTotal, type FixtureReport } from '../test/fixtures/build-report.ts';

/** Share of reports given an arithmetic error or layout damage. */
const DAMAGED_SHARE = 0.1;
/** Share of reports written in GBK (GB2312 era portals and Word exports still produce it). */
const GBK_SHARE = 0.25;
const FORMATS = ['tabs', 'pipes', 'spaces', 'html'] as const;
const PLACES = [
  '南京市玄武区', '苏州市吴中区', '淮安市洪泽区', '杭州市西湖区', '宁波市鄞州区', '合肥市蜀山区', '福州市鼓楼区', '厦门市思明区',
  '济南市历下区', '青岛市崂山区', '郑州市金水区', '武汉市江汉区', '长沙市岳麓区', '广州市天河区', '深圳市南山区', '成都市武侯区',
  '西安市雁塔区', '昆明市五华区', '沈阳市和平区', '哈尔滨市南岗区', '石家庄市长安区', '太原市小店区', '南宁市青秀区', '贵阳市云岩区',
];
const AGENCY_KINDS = ['人民政府', '人民政府办公室', '教育局', '财政局', '自然资源局', '卫生健康委员会', '市场监督管理局', '生态环境局'];

export interface CorpusStats {
  files: number;
  bytes: number;
  damaged: number;
  byFormat: Record<string, number>;
}

/** Given a seed, returns a PRNG giving floats in [0, 1) (mulberry32: small, fast, well mixed). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Given a directory, a size and a seed, writes that many report files into it and returns what it wrote. */
export function writeCorpus(dir: string, size: number, seed = 7): CorpusStats {
  mkdirSync(dir, { recursive: true });
  const rand = prng(seed);
  const stats: CorpusStats = { files: 0, bytes: 0, damaged: 0, byFormat: {} };
  for (let i = 0; i < size; i++) {
    const name = `r${String(i).padStart(6, '0')}`;
    const fixture = randomReport(rand);
    const format = pick(rand, FORMATS);
    const gbk = rand() < GBK_SHARE;
    let text = format === 'html' ? toHtml(renderReport(fixture, 'tabs'), fixture, gbk) : renderReport(fixture, format);
    if (rand() < DAMAGED_SHARE) {
      text = damage(rand, text, format);
      stats.damaged++;
    }
    const bytes = gbk ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
    writeFileSync(join(dir, `${name}.${format === 'html' ? 'html' : 'txt'}`), bytes);
    count(stats, `${format}${gbk ? '/gbk' : ''}`, bytes.length);
  }
  return stats;
}

function count(stats: CorpusStats, key: string, bytes: number): void {
  stats.files++;
  stats.bytes += bytes;
  stats.byFormat[key] = (stats.byFormat[key] ?? 0) + 1;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
/** Given a PRNG and a typical magnitude, returns a whole number spread log-uniformly around it (counts span decades). */
const magnitude = (rand: () => number, typical: number) => Math.floor(typical * Math.exp((rand() - 0.5) * 4) * rand());

/** Given a PRNG, returns a report whose table-3 columns balance, whose totals add up and whose table-4 groups sum. */
function randomReport(rand: () => number): FixtureReport {
  const year = 2019 + Math.floor(rand() * 6);
  const template = year >= 2021 ? '2021' : '2019';
  const t2: Record<string, number | string> = {};
  for (const row of T2_ROWS[template]) {
    for (const col of row.columns) {
      // The 2019 procurement header names no unit, so reports print it in the cell.
      const money = `${(magnitude(rand, 50_000) / 100).toFixed(2)}${row.prefix === 't2.procurement' ? '万元' : ''}`;
      t2[`${row.prefix}.${col.suffix}`] = col.unit === 'wan_yuan' ? money : magnitude(rand, row.prefix === 't2.penalty' || row.prefix === 't2.licensing' ? 2000 : 20);
    }
  }
  const rows = t3RowsFor(template).filter((r) => (template === '2019' ? true : r.row !== 'other'));
  const outcomeRows = rows.filter((r) => !['new', 'carried_in', 'total', 'carried_out'].includes(r.row)).map((r) => r.row);
  const columns = APPLICANTS.slice(0, 6).map((_, a) => {
    const fresh = magnitude(rand, a === 0 ? 300 : 20);
    const carriedIn = magnitude(rand, 5);
    const carriedOut = Math.floor((fresh + carriedIn) * rand() * 0.1);
    const handled = fresh + carriedIn - carriedOut;
    const split = new Map<string, number>(outcomeRows.map((r) => [r, 0]));
    for (let k = 0; k < handled; k++) {
      // Most applications are granted; the rest spread over the other outcomes.
      const row = rand() < 0.6 ? 'granted' : pick(rand, outcomeRows);
      split.set(row, split.get(row)! + 1);
    }
    return { fresh, carriedIn, carriedOut, handled, split };
  });
  const t3: Record<string, number[]> = {};
  const column = (f: (c: (typeof columns)[number]) => number) => withTotal(columns.map(f));
  t3.new = column((c) => c.fresh);
  t3.carried_in = column((c) => c.carriedIn);
  for (const r of outcomeRows) t3[r] = column((c) => c.split.get(r)!);
  t3.total = column((c) => c.handled);
  t3.carried_out = column((c) => c.carriedOut);
  const t4 = [0, 1, 2].flatMap(() => {
    const four = [0, 1, 2, 3].map(() => magnitude(rand, 3));
    return [...four, four.reduce((s, x) => s + x, 0)];
  });
  return {
    agency: `${pick(rand, PLACES)}${pick(rand, AGENCY_KINDS)}`,
    year,
    template,
    t2,
    t3,
    t4,
    summary: `${year}年，本机关主动公开政府信息${magnitude(rand, 800)}条，收到政府信息公开申请${t3.new[6]}件。`,
  };
}

/**
 * Given a PRNG, a report's text and its format, returns the text with one injected problem: a table
 * value off by a few (an arithmetic error), a value cell lost or doubled, or a row label broken across two lines.
 */
function damage(rand: () => number, text: string, format: (typeof FORMATS)[number]): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('三、收到和处理'));
  const end = lines.findIndex((l) => l.includes('四、政府信息公开行政复议'));
  const kind = pick(rand, ['arithmetic', 'lost', 'doubled', 'broken'] as const);
  const at = start + 2 + Math.floor(rand() * Math.max(1, end - start - 3));
  const line = lines[at] ?? '';
  if (kind === 'arithmetic') {
    lines[at] = line.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + 1 + Math.floor(rand() * 5)));
  } else if (format === 'pipes' && kind !== 'broken') {
    // One cell per line: losing or doubling a cell is losing or doubling a line.
    const value = lines.findIndex((l, i) => i >= at && /^\d+ \|$/.test(l));
    if (value >= 0) lines.splice(value, kind === 'lost' ? 1 : 0, ...(kind === 'doubled' ? [lines[value]] : []));
  } else if (kind === 'lost' || kind === 'doubled') {
    lines[at] = line.replace(/(\s+\d+)/, kind === 'lost' ? '' : '$1$1');
  } else {
    const label = line.match(/^[^\s|<]{4,}/)?.[0];
    if (label) lines[at] = `${label.slice(0, label.length >> 1)}\n${line.slice(label.length >> 1)}`;
  }
  return lines.join('\n');
}

/** Given a report rendered as a tab dump, returns it as a portal page: prose as paragraphs, tab rows as table rows. */
function toHtml(tabs: string, fixture: FixtureReport, gbk: boolean): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out: string[] = [];
  let inTable = false;
  for (const line of tabs.trimEnd().split('\n')) {
    const cells = line.split('\t');
    if (cells.length > 1 && !inTable) out.push('<table border="1">');
    if (cells.length === 1 && inTable) out.push('</table>');
    inTable = cells.length > 1;
    out.push(inTable ? `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>` : `<p>${esc(line)}</p>`);
  }
  if (inTable) out.push('</table>');
  const title = `${fixture.agency}${fixture.year}年政府信息公开工作年度报告`;
  return `<!DOCTYPE html>\n<html><head><meta charset="${gbk ? 'gbk' : 'utf-8'}"><title>${title}</title>` +
    `<meta name="PubDate" content="${fixture.year + 1}-01-20"></head>\n<body><div class="article">\n${out.join('\n')}\n</div></body></html>\n`;
}

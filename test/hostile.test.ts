// Bad input and faults (issue 8): a few hundred hostile files — empty, random, truncated,
// encrypted, mislabelled, nested 10,000 deep, mis-encoded, not reports, too large — ingested
// through the real CLI together with good reports, into a warehouse that holds a previous run.
// Nothing crashes or hangs, every file is accounted for, the good reports load exactly as
// they do alone, and the previous run's rows stay as they were.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, withTotal, type FixtureReport, type Layout } from './fixtures/build-report.ts';
import { MAX_FILE_BYTES } from '../pipeline/core/limits.ts';

const BIN = fileURLToPath(new URL('../bin/nianbao.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../raw/samples/', import.meta.url));
/** Generous: a hang is what this test is for, so it must end the run rather than wait forever. */
const RUN_TIMEOUT_MS = 8 * 60_000;
const EXIT_OK = 0;
const EXIT_SOURCES_FAILED = 1;
const MIN_HOSTILE = 200;

type Status = 'loaded' | 'partial' | 'not_report' | 'failed';

/** One generated input: its bytes, its class, and what its outcome may be. */
interface Input {
  name: string;
  bytes: Uint8Array | string;
  kind: string;
  /** Outcomes allowed. */
  status: Status[];
  /** Checks of which at least one must be among its findings. */
  checks?: string[];
  /** Template it must be loaded with. */
  template?: string;
  /** Format its content must be detected as, whatever its name says. */
  format?: string;
  /** A file of this size is created sparse (all zeros) instead of written. */
  sparseBytes?: number;
}

// ── Deterministic generators ────────────────────────────────────────────────

/** Given a seed, returns a PRNG (mulberry32): the same inputs on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = prng(8);
const int = (n: number) => Math.floor(rand() * n);
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const cut = (bytes: Uint8Array, fraction: number) => bytes.subarray(0, Math.max(1, Math.floor(bytes.length * fraction)));
const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));

/** Given an index, returns a fixture report with numbers that add up. */
function fixtureReport(i: number, agency: string, year = 2019 + (i % 5)): FixtureReport {
  const t3 = { new: withTotal([10 + i, 2, 0, 1, 0, 0]), open: withTotal([4 + i, 1, 0, 0, 0, 0]) };
  return { agency, year, template: year >= 2021 ? '2021' : '2019', t3, summary: `编号${i}。` };
}

/** Given report text in the tabs layout, returns it as an HTML page: tab rows as table rows, other lines as paragraphs. */
function reportHtml(text: string): string {
  const body = text
    .trimEnd()
    .split('\n')
    .map((line) => (line.includes('\t') ? `<table><tr>${line.split('\t').map((c) => `<td>${c}</td>`).join('')}</tr></table>` : `<p>${line}</p>`))
    .join('\n');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>年度报告</title></head><body><div class="article">\n${body}\n</div></body></html>\n`;
}

/** Given named entries, returns a ZIP archive storing them uncompressed. */
function zip(entries: [string, string | Uint8Array][]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const fileName = Buffer.from(name);
    const sum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(sum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(sum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** Given a seed, returns a one-page PDF whose trailer names a Standard-security /Encrypt dictionary no empty password opens. */
function encryptedPdf(seed: number): Uint8Array {
  const hex = (n: number) => Array.from(randomBytes(n), (b) => b.toString(16).padStart(2, '0')).join('');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -${44 + seed} >>`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(16)}> <${hex(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

/** Given report text, returns it with the lines of section `no` (its heading through the next heading) removed. */
function withoutSection(text: string, no: number): string {
  // Whole headings: table 3's own rows are numbered 一、 to 四、 too.
  const headings = ['一、总体情况', '二、主动公开', '三、收到和处理', '四、政府信息公开行政复议', '五、存在的主要问题', '六、其他需要报告'];
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(headings[no - 1]));
  const to = lines.findIndex((l) => l.startsWith(headings[no]));
  return [...lines.slice(0, from + 1), ...lines.slice(to)].join('\n');
}

const ERROR_PAGES = [
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Not Found</TITLE></HEAD><BODY><h2>Not Found</h2><hr><p>HTTP Error 404. The requested resource is not found.</p></BODY></HTML>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>403 - 禁止访问</title></head><body><div><h2>403 - 禁止访问: 访问被拒绝。</h2></div></body></html>',
  '\uFEFF\n\n  <table><tr><td>您访问的页面不存在或已被删除</td></tr><tr><td>返回首页</td></tr></table>',
  '   <p>系统维护中，请稍后访问。</p>',
  '<!-- saved from url=(0040)http://www.example.gov.cn/xxgk/2021.pdf -->\n<html><body><script>location.href="/login"</script>请登录</body></html>',
  'Warning: mysql_connect(): Too many connections in <b>/var/www/index.php</b> on line <b>3</b><br />\n<html><body>数据库连接失败</body></html>',
  '<html><head><meta http-equiv="refresh" content="0;url=/"></head><body></body></html>',
];

const NOT_REPORTS = [
  '关于开展2023年度安全生产大检查的通知\n各乡镇、各部门：\n为切实做好安全生产工作，现将有关事项通知如下。\n一、检查时间\n2023年5月至6月。\n二、检查内容\n重点行业领域。\n',
  '某某县人民政府2022年政府工作报告\n各位代表：\n过去一年，全县经济社会发展取得新成效。地区生产总值增长6%。\n',
  '新闻发布会实录\n主持人：各位记者朋友，大家上午好。\n记者：请问今年的重点工作有哪些？\n',
  '招标公告\n项目名称：办公楼维修改造\n预算金额：120万元\n投标截止时间：2024年3月1日\n',
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor incididunt ut labore.\n',
];

const LEGACY_AGENCIES = ['某某县人民政府办公室', '某某市教育局', '某某区民政局', '某某镇人民政府', '某某市财政局'];

/** Given nothing, returns the hostile inputs: every class of issue 8, generated from fixed seeds. */
function hostileInputs(): Input[] {
  const inputs: Input[] = [];
  const add = (kind: string, name: string, bytes: Uint8Array | string, expectation: Omit<Input, 'name' | 'bytes' | 'kind'>) =>
    inputs.push({ name: `${kind}-${name}`, bytes, kind, ...expectation });
  const failed = (check: string | string[]) => ({ status: ['failed'] as Status[], checks: [check].flat() });

  for (const [i, bytes] of ['', ' ', '\n\n\n', '\t \r\n ', '\uFEFF', '\uFEFF  \n', ' '.repeat(5000), '\r\n'.repeat(100), '\n', '\t'].entries()) {
    add('empty', `${i}.${['txt', 'pdf', 'html', 'docx'][i % 4]}`, bytes, failed('file.empty'));
  }
  for (let i = 0; i < 30; i++) add('random', `${i}.${['pdf', 'doc', 'html', 'bin', 'txt'][i % 5]}`, randomBytes(256 + int(4096)), failed('file.binary'));
  add('zeros', 'download.pdf', new Uint8Array(8192), failed('file.binary'));

  const pdfs = ['pdf/table2-2019.pdf', 'pdf/table3-2021.pdf', 'pdf/unruled.pdf'].map(fixture);
  for (let i = 0; i < 24; i++) {
    const pdf = pdfs[i % pdfs.length];
    // pdf.js rebuilds what it can of a cut file: early cuts fail, late ones may read a page.
    add('truncated-pdf', `${i}.pdf`, cut(pdf, 0.02 + (0.9 * i) / 24), { status: ['failed', 'not_report', 'partial'], checks: i < 4 ? ['pdf.unreadable', 'pdf.no_text'] : undefined });
  }
  for (let i = 0; i < 8; i++) add('garbage-pdf', `${i}.pdf`, new Uint8Array([...utf8('%PDF-1.7\n'), ...randomBytes(500 + int(3000))]), failed('pdf.unreadable'));
  for (let i = 0; i < 5; i++) add('encrypted-pdf', `${i}.pdf`, encryptedPdf(i), failed('pdf.encrypted'));

  const good = renderReport(fixtureReport(0, '某某县统计局', 2021), 'tabs');
  const html = utf8(reportHtml(good));
  add('html-whole', 'report.html', html, { status: ['loaded'] });
  for (let i = 0; i < 20; i++) {
    // A cut page still decodes what is there; a report cut before a table is partial (table.missing).
    add('truncated-html', `${i}.html`, cut(html, 0.05 + (0.9 * i) / 20), { status: ['partial', 'not_report'], checks: i >= 3 ? ['table.missing'] : undefined });
  }

  const docx = fixture('docx/table3-2021.docx');
  for (let i = 0; i < 15; i++) add('truncated-docx', `${i}.docx`, cut(docx, 0.05 + (0.9 * i) / 15), failed(['decode.docx_unreadable', 'file.zip']));
  for (let i = 0; i < 3; i++) add('docx-named-pdf', `${i}.pdf`, docx, { status: ['partial', 'not_report'], format: 'docx' });
  add('doc-named-pdf', '0.pdf', fixture('docx/table3-2021.doc'), { status: ['partial', 'not_report', 'failed'], format: 'doc' });
  // An OLE file whose directory names no WordDocument stream is not sent to LibreOffice at all.
  for (let i = 0; i < 2; i++) add('ole-garbage', `${i}.doc`, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...randomBytes(2048)]), { ...failed('file.ole'), format: 'ole' });

  for (let i = 0; i < 8; i++) {
    const entries: [string, string | Uint8Array][] = Array.from({ length: 1 + (i % 4) }, (_, k) => [`附件${k + 1}.${['pdf', 'xls', 'txt'][k % 3]}`, randomBytes(100 + int(500))]);
    add('zip', `${i}.${i % 2 ? 'zip' : 'docx'}`, zip(entries), failed('file.zip'));
  }
  add('zip', 'xlsx.docx', zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>']]), failed('file.zip'));
  add('zip', 'empty.zip', zip([]), failed('file.zip'));
  // A real .docx with 2 MB of stored padding in front: its word/ parts are named only near the end.
  add('docx-big-front', 'padded.pdf', zip([['padding.bin', new Uint8Array(2 * 1024 * 1024)], ['word/document.xml', '<w:document/>']]), { status: ['failed', 'not_report'], format: 'docx' });
  for (let i = 0; i < 4; i++) add('zip-garbage', `${i}.docx`, new Uint8Array([...utf8('PK\u0003\u0004'), ...randomBytes(1000)]), failed(['file.zip', 'decode.docx_unreadable']));

  for (const [i, page] of ERROR_PAGES.entries()) add('error-page', `${i}.pdf`, page, { status: ['not_report'], format: 'html' });
  for (const [i, page] of ERROR_PAGES.entries()) add('error-page-gbk', `${i}.doc`, iconv.encode(page.replace(/^\uFEFF/, ''), 'gbk'), { status: ['not_report'], format: 'html' });

  const depth = 10_000;
  for (const [i, [open, close]] of [['<div>', '</div>'], ['<span>', '</span>'], ['<table><tr><td>', '</td></tr></table>'], ['<ul><li>', '</li></ul>'], ['<b>', '']].entries()) {
    add('deep-html', `${i}.html`, `<html><body>${open.repeat(depth)}政府信息公开${close.repeat(depth)}</body></html>`, { status: ['not_report'] });
  }
  add('span-bomb', '0.html', `<html><body><table>${'<tr><td rowspan="0" colspan="1000">x</td></tr>'.repeat(2000)}</table></body></html>`, { status: ['not_report'], checks: ['decode.spans_ignored'] });
  add('long-line', 'pipes.txt', '| '.repeat(500_000) + 'x', { status: ['not_report'] });
  add('long-line', 'spaces.txt', ' '.repeat(1_000_000) + 'x', { status: ['not_report'] });

  for (let i = 0; i < 6; i++) {
    const text = renderReport(fixtureReport(10 + i, '某某市卫生健康委员会'), 'tabs');
    const bytes = Buffer.from(text, 'utf8');
    // Stray bytes in a UTF-8 file: read as UTF-8, the damage counted.
    for (let k = 0; k < 3; k++) bytes[200 + int(bytes.length - 400)] = 0xff;
    add('damaged-utf8', `${i}.txt`, new Uint8Array(bytes), { status: ['loaded', 'partial'], checks: ['encoding.replaced'] });
  }
  for (let i = 0; i < 6; i++) {
    // A GBK page that declares UTF-8.
    const page = reportHtml(renderReport(fixtureReport(20 + i, '某某区司法局'), 'tabs'));
    add('gbk-declared-utf8', `${i}.html`, iconv.encode(page, 'gbk'), { status: ['loaded'], checks: ['encoding.mismatch'] });
  }
  for (let i = 0; i < 4; i++) {
    // Half GBK, half UTF-8: whichever wins, the other half is garbage and counted or not read.
    const text = renderReport(fixtureReport(30 + i, '某某县水利局'), 'tabs');
    const half = Math.floor(text.length / 2);
    add('mixed-encoding', `${i}.txt`, new Uint8Array([...iconv.encode(text.slice(0, half), 'gbk'), ...utf8(text.slice(half))]), { status: ['loaded', 'partial', 'not_report'] });
  }
  for (let i = 0; i < 4; i++) {
    const text = renderReport(fixtureReport(40 + i, '某某市审计局'), 'tabs');
    add('utf16', `${i}.txt`, new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]), { status: ['loaded'] });
    // Saved as "Unicode" without the byte-order mark, in either byte order.
    add('utf16-no-bom', `${i}.txt`, iconv.encode(text, i % 2 ? 'utf-16be' : 'utf-16le'), { status: ['loaded'], format: 'text' });
  }

  for (const [i, text] of NOT_REPORTS.entries()) {
    add('not-report', `${i}.txt`, text, { status: ['not_report'], checks: ['report.not_annual_report'] });
    add('not-report', `${i}.html`, reportHtml(text), { status: ['not_report'], checks: ['report.not_annual_report'] });
    add('not-report-gbk', `${i}.txt`, iconv.encode(text, 'gbk'), { status: ['not_report'], checks: ['report.not_annual_report'] });
  }

  for (const [i, agency] of LEGACY_AGENCIES.entries()) {
    const year = 2009 + i * 2;
    const text = `${agency}${year}年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》，现公布本机关${year}年度政府信息公开工作年度报告。\n一、概述\n本年度主动公开政府信息${100 + i}条。\n二、主动公开政府信息的情况\n全年共受理申请${3 + i}件。\n${agency}\n${year + 1}年3月1日\n`;
    add('legacy', `${i}.txt`, text, { status: ['loaded'], template: 'legacy' });
    add('legacy', `${i}.html`, reportHtml(text), { status: ['loaded'], template: 'legacy' });
  }

  for (let i = 0; i < 15; i++) {
    const layout: Layout = (['tabs', 'pipes', 'spaces'] as const)[i % 3];
    const text = renderReport(fixtureReport(50 + i, `某某县第${i}局`), layout);
    add('missing-table', `${i}.txt`, withoutSection(text, 2 + (i % 3)), { status: ['partial'], checks: ['table.missing'] });
  }

  for (let i = 0; i < 12; i++) {
    // Bit flips in a good report: any outcome, but an outcome.
    const bytes = Buffer.from(i % 2 ? reportHtml(good) : good, 'utf8');
    for (let k = 0; k < 20; k++) bytes[int(bytes.length)] ^= 1 << int(8);
    add('bit-flips', `${i}.${i % 2 ? 'html' : 'txt'}`, new Uint8Array(bytes), { status: ['loaded', 'partial', 'not_report', 'failed'] });
  }

  // Stopped before it is read (fetch.too_large); decode keeps the same limit as a backstop (file.too_large).
  add('too-large', 'scan-archive.pdf', '', { status: ['failed'], checks: ['fetch.too_large', 'file.too_large'], sparseBytes: MAX_FILE_BYTES + 6 * 1024 * 1024 });
  return inputs;
}

/** Given nothing, returns the good reports: rendered in every layout and template, and the bundled samples. */
function goodInputs(): { name: string; bytes: Uint8Array | string }[] {
  const rendered = (['tabs', 'pipes', 'spaces'] as const).flatMap((layout, i) =>
    [2020, 2022].map((year) => ({ name: `good-${layout}-${year}.txt`, bytes: renderReport(fixtureReport(100 + i, `良好县第${i}局`, year), layout) })),
  );
  const html = { name: 'good-page.html', bytes: reportHtml(renderReport(fixtureReport(110, '良好市统计局', 2022), 'tabs')) };
  const samples = readdirSync(SAMPLES).map((f) => ({ name: `good-sample-${f}`, bytes: new Uint8Array(readFileSync(join(SAMPLES, f))) }));
  return [...rendered, html, ...samples];
}

/** Given nothing, returns the reports of the previous run already in the warehouse. */
function previousInputs(): { name: string; bytes: string }[] {
  return [2019, 2021, 2023].map((year, i) => ({ name: `previous-${year}.txt`, bytes: renderReport(fixtureReport(200 + i, `往年县第${i}局`, year), 'tabs') }));
}

// ── CLI ─────────────────────────────────────────────────────────────────────

interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Given CLI arguments, returns how the real CLI ran them (killed after RUN_TIMEOUT_MS: a hang is a failure, not a wait). */
function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Given CSV text (RFC 4180), returns its rows as records keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += '"', i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Given a warehouse and an export, returns its rows. */
async function exported(warehouse: string, what: 'reports' | 'cells' | 'findings'): Promise<Record<string, string>[]> {
  const r = await cli('export', what, '-w', warehouse);
  expect(r.status, r.stderr).toBe(EXIT_OK);
  return parseCsv(r.stdout);
}

/** Given files, writes them into a fresh folder and returns its path. */
function writeDir(root: string, name: string, files: { name: string; bytes: Uint8Array | string; sparseBytes?: number }[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of files) {
    writeFileSync(join(dir, f.name), f.bytes);
    if (f.sparseBytes) truncateSync(join(dir, f.name), f.sparseBytes);
  }
  return dir;
}

const bySource = (rows: Record<string, string>[], sources: Set<string>) => rows.filter((r) => sources.has(r.source));

// ── The run ─────────────────────────────────────────────────────────────────

describe('hostile inputs through the CLI', () => {
  let root: string;
  const hostile = hostileInputs();
  const good = goodInputs();
  const previous = previousInputs();
  const goodNames = new Set(good.map((g) => g.name));
  const previousNames = new Set(previous.map((p) => p.name));
  let run: CliResult;
  let reports: Map<string, Record<string, string>>;
  let findings: Record<string, string>[];
  let warehouse: string;
  let cells: Record<string, string>[];
  let alone: { cells: Record<string, string>[] };
  let before: { cells: Record<string, string>[]; reports: Record<string, string>[] };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nianbao-hostile-'));
    warehouse = join(root, 'w.duckdb');
    const aloneWarehouse = join(root, 'alone.duckdb');
    const goodDir = writeDir(root, 'good', good);
    // The previous run, then the good reports alone (a separate warehouse) for comparison.
    const prev = await cli('ingest', writeDir(root, 'previous', previous), '-w', warehouse);
    expect(prev.status, prev.stderr).toBe(EXIT_OK);
    before = { cells: await exported(warehouse, 'cells'), reports: await exported(warehouse, 'reports') };
    const a = await cli('ingest', goodDir, '-w', aloneWarehouse);
    expect([EXIT_OK, EXIT_SOURCES_FAILED], a.stderr).toContain(a.status);
    alone = { cells: await exported(aloneWarehouse, 'cells') };

    const mixed = writeDir(root, 'mixed', [...hostile, ...good]);
    run = await cli('ingest', mixed, '-w', warehouse, '--concurrency', '4');
    reports = new Map((await exported(warehouse, 'reports')).map((r) => [r.source, r]));
    findings = await exported(warehouse, 'findings');
    cells = await exported(warehouse, 'cells');
  }, RUN_TIMEOUT_MS * 2);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`generates at least ${MIN_HOSTILE} hostile inputs across every class, with unique names`, () => {
    expect(hostile.length).toBeGreaterThanOrEqual(MIN_HOSTILE);
    expect(new Set([...hostile, ...good].map((h) => h.name)).size).toBe(hostile.length + good.length);
    const kinds = new Set(hostile.map((h) => h.kind));
    for (const k of ['empty', 'random', 'truncated-pdf', 'encrypted-pdf', 'truncated-html', 'truncated-docx', 'zip', 'too-large', 'deep-html', 'damaged-utf8', 'gbk-declared-utf8', 'not-report', 'legacy', 'missing-table', 'error-page', 'docx-named-pdf']) {
      expect(kinds, k).toContain(k);
    }
  });

  it('finishes without a crash or a hang: exit 0 or 1, a summary, no stack trace', () => {
    expect(run.signal, 'killed after the time limit: the run hung').toBeNull();
    expect([EXIT_OK, EXIT_SOURCES_FAILED], run.stderr.slice(-3000)).toContain(run.status);
    expect(run.stdout).toMatch(new RegExp(`${hostile.length + good.length} seen`));
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('accounts for every input: loaded, partial, not a report, or failed with an error finding', () => {
    const unaccounted = [...hostile, ...good].filter((h) => !reports.has(h.name)).map((h) => h.name);
    expect(unaccounted).toEqual([]);
    const errorsOf = (source: string) => findings.filter((f) => f.source === source && f.severity === 'error');
    const wrong = hostile.flatMap((h) => {
      const r = reports.get(h.name)!;
      const checks = findings.filter((f) => f.source === h.name).map((f) => f.check);
      const problems = [
        !h.status.includes(r.status as Status) && `status ${r.status}, expected ${h.status.join('|')}`,
        r.status === 'failed' && errorsOf(h.name).length === 0 && 'failed without an error finding',
        h.checks && !checks.some((c) => h.checks!.includes(c)) && `no ${h.checks.join('|')} finding`,
        h.template && r.template !== h.template && `template ${r.template}, expected ${h.template}`,
        h.format && r.format !== h.format && `format ${r.format}, expected ${h.format}`,
      ].filter(Boolean);
      return problems.length ? [`${h.name}: ${problems.join('; ')} [${checks.join(', ')}]`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('loads the good reports exactly as when they are ingested alone', () => {
    const now = bySource(cells, goodNames);
    expect(now.length).toBeGreaterThan(0);
    expect(now).toEqual(bySource(alone.cells, goodNames));
  });

  it('leaves the previous run’s rows as they were', () => {
    expect(bySource(cells, previousNames)).toEqual(before.cells);
    expect(bySource([...reports.values()], previousNames)).toEqual(before.reports);
  });

  it('status lists every file of the last run with its outcome', async () => {
    const r = await cli('status', '-w', warehouse);
    expect(r.status).toBe(EXIT_OK);
    const files = r.stdout.slice(r.stdout.indexOf('Files of the last run'));
    for (const h of [...hostile, ...good]) {
      expect(files, h.name).toMatch(new RegExp(`${h.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(loaded|partial|not_report|failed)\\b`));
    }
  });
});

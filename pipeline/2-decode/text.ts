// Text reports: detect the encoding, then turn each of the three text layouts into
// lines of cells — tab-separated dumps, one-cell-per-line ` |` dumps of flattened HTML
// tables, and space-aligned columns as `pdftotext -layout` prints them.
import type { Cell, DecodedDoc, Finding, Line, RawDoc } from '../core/types.ts';
import { detectAndDecode } from './encoding.ts';
import { splitCrawlerHeader } from './crawler-header.ts';

/** Two or more spaces (or a full-width space) separate columns in space-aligned text. */
const COLUMN_GAP = /(?:[ \u00a0]{2,}|\u3000+)/;
/** A line that is only a page number: -3-, — 3 —, 第 3 页, 3/12. */
const PAGE_NUMBER = /^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
/** Markdown decoration some dumps carry: heading hashes and bold stars. */
const MARKDOWN = /^#{1,6}\s+|\*\*/g;

/** Given a raw text file, returns its lines of cells with the encoding it was decoded from, a crawler's header read as page metadata. */
export function decodeText(raw: RawDoc): DecodedDoc {
  const decoded = detectAndDecode(raw.bytes, raw.declaredCharset);
  const findings: Finding[] = [];
  if (decoded.replaced > 0) {
    findings.push({
      check: 'encoding.replaced',
      severity: 'warning',
      subject: 'file',
      actual: String(decoded.replaced),
      message: `${decoded.replaced} characters could not be decoded as ${decoded.encoding} and were replaced`,
      stage: 'decode',
    });
  }
  const { meta, body } = splitCrawlerHeader(decoded.text.split(/\r\n?|\n/));
  return {
    source: raw.source,
    sha256: raw.sha256,
    bytes: raw.bytes.length,
    format: 'text',
    encoding: decoded.encoding,
    lines: textToLines(body.join('\n')),
    meta,
    findings,
    hints: raw.hints,
  };
}

/** Given decoded text, returns its lines of cells, page numbers dropped, pipe-dump cells regrouped into rows. */
export function textToLines(text: string): Line[] {
  const physical = text.replace(/\r\n?/g, '\n').split('\n');
  const lines: Line[] = [];
  let pipeRun: string[] = [];
  const flushPipes = () => {
    lines.push(...pipeCellsToLines(pipeRun));
    pipeRun = [];
  };
  for (const rawLine of physical) {
    // trimEnd, not /\s+$/: that regex is quadratic on a long line full of space runs.
    const line = rawLine.replace(MARKDOWN, '').trimEnd();
    const pipe = pipeCellText(line);
    if (pipe !== null && !line.includes('\t')) {
      pipeRun.push(pipe);
      continue;
    }
    if (pipeRun.length) flushPipes();
    if (line.trim() === '' || PAGE_NUMBER.test(line)) continue;
    lines.push({ cells: lineToCells(line), grid: false });
  }
  if (pipeRun.length) flushPipes();
  return lines;
}

/**
 * Given a line, returns its cell text when it is a line of a flattened HTML table (the text,
 * then ` |` and maybe padding pipes), else null. A scan from the end rather than a regex
 * such as /^(.*?)\s*\|[\s|]*$/, which backtracks quadratically on a long line of pipes.
 */
export function pipeCellText(line: string): string | null {
  let end = line.length;
  let pipe = false;
  for (; end > 0 && (line[end - 1] === '|' || /\s/.test(line[end - 1])); end--) pipe ||= line[end - 1] === '|';
  return pipe ? line.slice(0, end).trim() : null;
}

/** Given one physical line, returns its cells: split on tabs, else on column gaps, with character positions. */
export function lineToCells(line: string): Cell[] {
  if (line.includes('\t')) return line.split('\t').map((text, col) => ({ text: text.trim(), col }));
  const cells: Cell[] = [];
  const gap = new RegExp(COLUMN_GAP.source, 'g');
  let start = 0;
  for (const m of line.matchAll(gap)) {
    pushSpan(cells, line, start, m.index!);
    start = m.index! + m[0].length;
  }
  pushSpan(cells, line, start, line.length);
  return cells;
}

/** Given a line and a character span, appends the span's trimmed text as a positioned cell. */
function pushSpan(cells: Cell[], line: string, from: number, to: number): void {
  const text = line.slice(from, to).trim();
  if (text === '' && cells.length === 0) return;
  if (text !== '') cells.push({ text, x0: from, x1: to });
}

const IS_VALUE = /^(?:[-+－]?\d[\d,，.]*(?:万元|元|件|个|条|项)?|[-—–－/／无]+)$/;

/**
 * Given the cells of a one-cell-per-line dump, returns table rows: a run of label cells
 * followed by a run of value cells makes one row, the way the flattened HTML table had it.
 */
export function pipeCellsToLines(cells: string[]): Line[] {
  const lines: Line[] = [];
  let current: Cell[] = [];
  let seenValue = false;
  for (const text of cells) {
    if (text === '') continue;
    const isValue = IS_VALUE.test(text.replace(/\s+/g, ''));
    if (!isValue && seenValue) {
      lines.push({ cells: current, grid: false });
      current = [];
      seenValue = false;
    }
    current.push({ text });
    if (isValue) seenValue = true;
  }
  if (current.length) lines.push({ cells: current, grid: false });
  return lines;
}

// Text reports: detect the encoding, then turn each text layout into lines of cells:
// tab-separated dumps, space-aligned columns as `pdftotext -layout` prints them, one-cell-per-line
// ` |` dumps of flattened HTML tables, markdown pipe tables as converters write them, and crawler
// dumps that print one table cell per line with no separators.
import type { Cell, DecodedDoc, Finding, Line, RawDoc } from '../core/types.ts';
import { decodedDoc } from './empty.ts';
import { detectAndDecode } from './encoding.ts';
import { splitCrawlerHeader } from './crawler-header.ts';

/** Two or more spaces (or a full-width space) separate columns in space-aligned text. */
const COLUMN_GAP = /(?:[ \u00a0]{2,}|\u3000+)/;
/** A line that is only a page number: -3-, — 3 —, 第 3 页, 3/12. */
const PAGE_NUMBER = /^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
/** Markdown decoration some dumps carry: heading hashes and bold stars. */
const MARKDOWN = /^#{1,6}\s+|\*\*/g;
/** One cell of a markdown table's delimiter row: ---, :--, --:, :-: (trimmed; GFM asks for one hyphen at least). */
const DELIMITER_CELL = /^:?-+:?$/;
/** A line break a converter wrote inside a markdown table cell. */
const CELL_BREAK = /<br\s*\/?>/gi;
/** A text is a one-cell-per-line dump when at least this share of its lines holding a value hold nothing else… */
const CELL_PER_LINE_SHARE = 0.9;
/** …and it has at least this many of them: a table's worth, not a few numbers in prose. */
const CELL_PER_LINE_MIN = 20;

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
  return decodedDoc(raw, 'text', decoded.encoding, physicalLinesToLines(body), meta, findings);
}

/** Given decoded text, returns its lines of cells, page numbers dropped, pipe-dump cells and one-cell-per-line values regrouped into rows. */
export function textToLines(text: string): Line[] {
  return physicalLinesToLines(text.replace(/\r\n?/g, '\n').split('\n'));
}

/** Given the text's physical lines (no line breaks in them), returns its lines of cells (see textToLines). */
function physicalLinesToLines(printed: readonly string[]): Line[] {
  // trimEnd, not /\s+$/: that regex is quadratic on a long line full of space runs.
  const physical = printed.map((l) => l.replace(MARKDOWN, '').trimEnd());
  const markdown = physical.some(isMarkdownDelimiter);
  const lines: Line[] = [];
  let pipeRun: string[] = [];
  const flushPipes = () => {
    lines.push(...pipeCellsToLines(pipeRun));
    pipeRun = [];
  };
  for (const line of physical) {
    if (markdown && isMarkdownRow(line)) {
      if (pipeRun.length) flushPipes();
      if (!isMarkdownDelimiter(line)) lines.push(markdownRowToLine(line));
      continue;
    }
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
  return isCellPerLine(lines) ? groupValueLines(lines, !hasRepeatedLine(physical)) : lines;
}

/**
 * Given a line, returns whether it is a markdown table's delimiter row (|---|:--:|), which says the
 * text holds markdown tables. Split on pipes, not one regex: adjacent optional runs of spaces
 * backtrack quadratically on a long line of spaces.
 */
function isMarkdownDelimiter(line: string): boolean {
  if (!line.includes('-')) return false;
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.length >= 2 && cells.every((c) => DELIMITER_CELL.test(c.trim()));
}

/** Given a line, returns whether it is a row of a markdown table: it opens with a pipe and has another. */
function isMarkdownRow(line: string): boolean {
  const t = line.trim();
  return t.startsWith('|') && t.indexOf('|', 1) > 0;
}

/** Given a markdown table row, returns its cells as a grid line: outer pipes dropped, in-cell breaks joined. */
export function markdownRowToLine(line: string): Line {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells = inner.split('|').map((text, col) => ({ text: text.replace(CELL_BREAK, '').trim(), col }));
  return { cells, grid: true };
}

/** Given plain lines, returns whether they are a one-cell-per-line dump: nearly every line with a value holds only that value. */
function isCellPerLine(lines: Line[]): boolean {
  const plain = lines.filter((l) => !l.grid);
  const alone = plain.filter((l) => l.cells.length === 1 && isValueCell(l.cells[0].text)).length;
  // Most texts stop here; only a likely dump pays for scanning every cell of the wider lines.
  if (alone < CELL_PER_LINE_MIN) return false;
  const wider = plain.filter((l) => l.cells.length > 1 && l.cells.some((c) => isValueCell(c.text))).length;
  return alone >= CELL_PER_LINE_SHARE * (alone + wider);
}

/** Given physical lines, returns whether two neighbours (blank lines aside) are the same: a dump that drops repeats never shows one. */
function hasRepeatedLine(physical: string[]): boolean {
  const texts = physical.map((l) => l.trim()).filter(Boolean);
  return texts.some((t, i) => i > 0 && t === texts[i - 1]);
}

/**
 * Given the lines of a one-cell-per-line dump, returns them with each run of value lines made one
 * row of cells; `runs` marks those rows when the dump drops a line equal to the one before it.
 */
function groupValueLines(lines: Line[], repeatsDropped: boolean): Line[] {
  const out: Line[] = [];
  let group: Line | null = null;
  for (const line of lines) {
    const value = !line.grid && line.cells.length === 1 && isValueCell(line.cells[0].text);
    if (!value) {
      group = null;
      out.push(line);
    } else if (group) group.cells.push(line.cells[0]);
    else {
      group = { cells: [line.cells[0]], grid: false, ...(repeatsDropped ? { runs: true } : {}) };
      out.push(group);
    }
  }
  return out;
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

/** A number (a decimal point only between digits, so an item marker `1.` is not one) or a dash. */
const IS_VALUE = /^(?:[-+－]?\d[\d,，]*(?:\.\d+)?(?:万元|元|件|个|条|项)?|[-—–－/／无]+)$/;

/** Given a cell's text, returns whether it reads as a table value (a number, with a unit or not, or a dash). */
const isValueCell = (text: string) => IS_VALUE.test(text.replace(/\s+/g, ''));

/**
 * Given the cells of a one-cell-per-line dump, returns table rows: a run of label cells followed
 * by a run of value cells makes one row, the way the flattened HTML table had it. An empty cell
 * after a label is a printed blank of that row; empty cells before a row's label are dropped.
 */
export function pipeCellsToLines(cells: string[]): Line[] {
  const lines: Line[] = [];
  let current: Cell[] = [];
  let inValues = false;
  const started = () => current.some((c) => c.text !== '');
  for (const text of cells) {
    if (text === '') {
      if (started()) {
        current.push({ text });
        inValues = true;
      }
      continue;
    }
    const isValue = isValueCell(text);
    if (!isValue && inValues) {
      lines.push({ cells: current, grid: true });
      current = [];
      inValues = false;
    }
    current.push({ text });
    if (isValue) inValues = true;
  }
  if (current.length) lines.push({ cells: current, grid: true });
  return lines;
}

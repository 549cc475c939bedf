// The 政府信息公开情况统计表 of a pre-2019 report: 指标名称 · 计量单位 · the year's count · often a
// 历年累计 column. Found by its header, read row by row (label, unit, values) from lines of any
// format, rows matched to the legacy catalogue by label, the columns told apart by their headers.
import { CUMULATIVE_SUFFIX } from '../../core/legacy-catalogue.ts';
import type { Cell, Finding, Line, ReportCell, Value } from '../../core/types.ts';
import { declaredMoneyUnit, numberInWanYuan, parseValue } from '../numbers.ts';
import { matchLegacyRows, type MatchedRow } from './match.ts';
import type { PrintedRow } from './printed-row.ts';

/** Units the statistics tables print in their 计量单位 column: counters and money. */
const UNIT = /^(?:条|件|个|项|次|人次|份|篇|宗|起|万元|元|亿元)$/;
const printedUnit = (t: string) => UNIT.test(t);
/** A header cell that opens the table: the label column's heading. */
const HEADER_START = /^(?:指标名称|指标|统计指标|项目|项目名称|统计项目|计量单位)$/;
/** The unit column's heading. */
const UNIT_HEADER = /^(?:计量单位|单位)$/;
/** A column holding the report year's figures: 2017年, 2010年度数量, 本年, 年末统计, 本年数, 统计数 (tested after CUMULATIVE_HEADER). */
const YEAR_HEADER = /^(?:(?:(?:19|20)\d{2}年度?|本年度?|当年|本期|年末|全年)(?:数|数量|数据|统计数?|合计)?|统计数|数量|数据)$/;
/** A column of running totals since the 条例 took effect: 历年累计, 累计, 累计数. */
const CUMULATIVE_HEADER = /累计/;
/** Other column headings the table may print (remarks): their cells are not figures. */
const OTHER_HEADER = /^(?:备注|说明)$/;
/** A bare year printed apart from its 年/年度 (a crawler dump breaks `2010年度` into `2010` / `年度`). */
const BARE_YEAR = /^(?:19|20)\d{2}$/;
/** Text that no table row label reaches: a longer run of label text is prose after the table. */
const MAX_LABEL_CHARS = 40;

type LegacyColumn = 'year' | 'cumulative' | 'other';

/** The table's header: its value columns in printed order, and whether it prints a unit column. */
export interface LegacyHeader {
  columns: LegacyColumn[];
  hasUnit: boolean;
  /** Line index of the header's first cell. */
  line: number;
}

export interface LegacyTable {
  header: LegacyHeader;
  rows: PrintedRow[];
  /** Line index after the table's last line. */
  end: number;
}

/** One cell of the line stream, with the line it came from. */
interface Token {
  cell: Cell;
  line: number;
  grid: boolean;
  page?: number;
}

const text = (c: Cell) => c.text.replace(/[\s\u00a0\u3000]+/g, '');

/** Given the lines, returns every header a statistics table may start with (the caller keeps the one whose rows match best). */
export function linesToHeaders(lines: Line[]): LegacyHeader[] {
  const headers: LegacyHeader[] = [];
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].cells.findIndex((c) => HEADER_START.test(text(c)));
    if (at < 0) continue;
    // A grid header is its own row (a second header row, 2017年 · 累计 under 统计数, is a header of its own).
    const header = tokensToHeader(lines[i].grid ? lineTokens([lines[i]], 0, at) : lineTokens(lines, i, at));
    if (header && header.columns.some((c) => c !== 'other')) headers.push({ ...header, line: i });
  }
  return headers;
}

/** Given the cells from a header start on, returns the columns the header names (stops at the first non-header cell). */
function tokensToHeader(tokens: Iterable<Token>): Omit<LegacyHeader, 'line'> | null {
  const columns: LegacyColumn[] = [];
  let hasUnit = false;
  let pendingYear = false;
  for (const { cell } of tokens) {
    const t = text(cell);
    if (t === '') continue;
    if (pendingYear && /^年度?/.test(t)) {
      pendingYear = false;
      continue;
    }
    pendingYear = false;
    if (HEADER_START.test(t) && !UNIT_HEADER.test(t)) continue;
    if (UNIT_HEADER.test(t)) hasUnit = true;
    else if (CUMULATIVE_HEADER.test(t)) columns.push('cumulative');
    else if (BARE_YEAR.test(t)) {
      columns.push('year');
      pendingYear = true;
    } else if (YEAR_HEADER.test(t)) columns.push('year');
    else if (OTHER_HEADER.test(t)) columns.push('other');
    else break;
  }
  return columns.length ? { columns, hasUnit } : null;
}

/** Given the lines and a starting line and cell, yields every cell from there on, in reading order. */
function* lineTokens(lines: Line[], from: number, fromCell = 0): Generator<Token> {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    for (const cell of line.cells.slice(i === from ? fromCell : 0)) {
      yield { cell, line: i, grid: line.grid, page: cell.page ?? line.page };
    }
  }
}

/** Given the lines and the header, returns the printed rows under it: grid rows by position, text by reading order. */
export function linesToLegacyTable(lines: Line[], header: LegacyHeader): LegacyTable {
  return lines[header.line].grid ? gridLinesToTable(lines, header) : tokensToTable(lines, header);
}

/**
 * Given grid lines and the header, returns the table's rows: in a grid every row prints a cell
 * per column, so the values are the last cells (one per header column), the unit the cell before
 * them, and the label everything before that. The table ends where the grid does.
 */
function gridLinesToTable(lines: Line[], header: LegacyHeader): LegacyTable {
  const rows: PrintedRow[] = [];
  const n = header.columns.length;
  const labelCells = (header.hasUnit ? 1 : 0) + n;
  let i = header.line + 1;
  for (; i < lines.length && lines[i].grid && lines[i].table === lines[header.line].table; i++) {
    const cells = lines[i].cells;
    if (cells.length <= labelCells) continue;
    const values = cells.slice(cells.length - n);
    const label = cells.slice(0, cells.length - labelCells).map((c) => c.text.trim()).join('');
    if (!label || values.every((c) => !isValueCell(text(c)))) continue;
    const unit = header.hasUnit ? text(cells[cells.length - labelCells]) : '';
    rows.push({ label, unit: printedUnit(unit) ? unit : null, values, grid: true, page: lines[i].page ?? cells[0].page });
  }
  return { header, rows, end: i };
}

/** A blank or a printed value: what a value column of a grid row holds. */
const isValueCell = (t: string) => t === '' || parseValue(t).state !== 'unreadable';

/**
 * Given text lines and the header, returns the table's rows from its cells in reading order,
 * wherever the lines break: label cells, then the unit (when the table has a unit column), then
 * the values; a label cell after a value starts the next row. A number before the unit is an
 * item number (`1` / `、同意公开答复数`), part of the label. The table ends at prose: a cell, or
 * a run of label cells, longer than any label (a heading inside the table, 一、主动公开情况, joins the
 * label of the row under it).
 */
function tokensToTable(lines: Line[], header: LegacyHeader): LegacyTable {
  const table = tokensToRows(lines, header);
  // A header naming a unit column over rows that print no unit: read the rows without one.
  return table.rows.length === 0 && header.hasUnit ? tokensToRows(lines, { ...header, hasUnit: false }) : table;
}

/** Given text lines and the header, returns the rows read in order as tokensToTable describes. */
function tokensToRows(lines: Line[], header: LegacyHeader): LegacyTable {
  const rows: PrintedRow[] = [];
  let label: Token[] = [];
  // The unit cell as printed: a unit, or a dash where a heading row prints no unit (一、主动公开情况 — —).
  let unit: string | null = null;
  /** How many label cells came before the unit cell. */
  let unitAt = 0;
  let values: Token[] = [];
  let end = header.line + 1;
  const close = () => {
    if (values.length && label.length) {
      const printed = unit !== null && printedUnit(unit) ? unit : null;
      rows.push({ label: label.map((t) => t.cell.text.trim()).join(''), unit: printed, values: values.map((t) => t.cell), grid: false, page: label[0].page });
      end = values[values.length - 1].line + 1;
    }
    label = [];
    unit = null;
    values = [];
  };
  const width = lines[header.line].cells.length;
  const stream = skipHeader(lineTokens(lines, header.line));
  // Read lazily, one cell ahead (an item number is told by the cell after it): the table ends long before the document.
  const kept = (): Token | undefined => {
    for (let r = stream.next(); !r.done; r = stream.next()) if (text(r.value.cell) !== '' || isPrintedBlank(r.value, lines, width, header)) return r.value;
    return undefined;
  };
  for (let token = kept(), next = kept(); token; token = next, next = kept()) {
    const t = text(token.cell);
    if (t.length > MAX_LABEL_CHARS) break;
    const isValue = parseValue(t).state !== 'unreadable' && (unit !== null || !header.hasUnit) && !isItemNumber(t, next);
    if (values.length && !isValue) close();
    if (isValue) values.push(token);
    else if (header.hasUnit && unit === null && label.length && (printedUnit(t) || parseValue(t).state === 'dash')) [unit, unitAt] = [t, label.length];
    else if (unit !== null && !printedUnit(unit) && printedUnit(t) && label.length > unitAt) {
      // A dash, then label text, then a unit: the dash was all a heading row printed (a crawler dropped its repeat); the row starts after it.
      label = label.slice(unitAt);
      unit = t;
      unitAt = label.length;
    } else label.push(token);
    if (label.reduce((sum, l) => sum + text(l.cell).length, 0) > MAX_LABEL_CHARS) break;
  }
  close();
  return { header, rows, end };
}

/**
 * Given an empty cell, returns whether it is a printed blank: a value column's cell of a
 * tab-separated line as wide as the header line (tabs mark every cell, so an empty one was printed
 * empty). Elsewhere in text an empty cell is padding.
 */
function isPrintedBlank(token: Token, lines: Line[], width: number, header: LegacyHeader): boolean {
  const cells = lines[token.line].cells;
  return token.cell.col !== undefined && cells.length === width && token.cell.col >= width - header.columns.length;
}

/** The rest of an item label whose number a crawler put on the line before (`2` / `、同意公开答复数`). */
const ITEM_TAIL = /^[、.．)）]/;

/** Given a number cell and the cell after it, returns whether the number is an item number of the next label. */
function isItemNumber(t: string, next: Token | undefined): boolean {
  return /^\d{1,2}$/.test(t) && next !== undefined && ITEM_TAIL.test(text(next.cell));
}

/** Given the cells from a text header's first cell on, drops the header's own cells. */
function* skipHeader(tokens: Generator<Token>): Generator<Token> {
  let inHeader = true;
  let pendingYear = false;
  for (const token of tokens) {
    if (inHeader) {
      const t = text(token.cell);
      const yearTail = pendingYear && /^年度?$/.test(t);
      pendingYear = BARE_YEAR.test(t);
      if (t === '' || yearTail || pendingYear || HEADER_START.test(t) || UNIT_HEADER.test(t) || CUMULATIVE_HEADER.test(t) || YEAR_HEADER.test(t) || OTHER_HEADER.test(t)) continue;
      inHeader = false;
    }
    yield token;
  }
}

/**
 * Given the lines of a document and its table, returns whether the text shows a crawler's damage:
 * the table printed one cell per line by a crawler that drops a line identical to the one before,
 * which the text decoder marks on the value runs it regroups (Line.runs). A row printing one value
 * for two columns then printed it twice.
 */
export function dropsRepeatedLines(lines: Line[], table: LegacyTable): boolean {
  return lines.slice(table.header.line, table.end).some((l) => l.runs === true);
}

/** Given a matched row, the header and whether repeated lines were dropped, returns one value per column, or null when no single reading exists. */
function rowToColumnValues(row: PrintedRow, header: LegacyHeader, repeatsDropped: boolean): Value[] | null {
  const n = header.columns.length;
  const printed = row.values.map((c) => ({ ...parseValue(c.text), page: c.page ?? row.page }));
  if (printed.length === n) return printed;
  // A crawler that drops repeated lines prints `0 0` as `0`: one value for every column is the only reading.
  if (!row.grid && repeatsDropped && printed.length === 1) return new Array(n).fill(printed[0]);
  // A grid prints a blank cell as a cell, so a shorter grid row's missing cells are trailing blanks.
  if (row.grid && printed.length < n) return [...printed, ...new Array(n - printed.length).fill({ state: 'blank', value: null, raw: '' })];
  return null;
}

/** Given a value read under a row's printed unit, returns it in the metric's unit (fees in 万元), or unreadable with a reason. */
function toMetricUnit(v: Value & { unit?: string }, row: PrintedRow, wanYuan: boolean): { value: Value; problem?: string } {
  if (!wanYuan || v.state !== 'number') return { value: v };
  // The unit printed in the cell, else in the unit column, else in the label (收取的费用（万元）).
  const inWanYuan = numberInWanYuan(v, v.unit ?? row.unit ?? declaredMoneyUnit(row.label));
  // Another amount without a unit is not a figure we can state.
  return inWanYuan ? { value: inWanYuan } : { value: { ...v, state: 'unreadable', value: null }, problem: 'no money unit printed' };
}

/** Given the table, its rows matched to the catalogue and whether the document drops repeated lines, returns its cells and findings. */
export function legacyTableToCells(table: LegacyTable, match: ReturnType<typeof matchLegacyRows>, repeatsDropped: boolean): { cells: ReportCell[]; findings: Finding[] } {
  const { matched } = match;
  const findings = [...match.findings];
  const cells: ReportCell[] = [];
  for (const m of matched) cells.push(...matchedRowToCells(m, table.header, repeatsDropped, findings));
  return { cells, findings };
}

/** Given a matched row, returns one cell per year or 累计 column (findings for rows that cannot be placed). */
function matchedRowToCells(m: MatchedRow, header: LegacyHeader, repeatsDropped: boolean, findings: Finding[]): ReportCell[] {
  const { row, entry } = m;
  const values = rowToColumnValues(row, header, repeatsDropped);
  if (!values) {
    findings.push({
      check: 'legacy.cells_unplaced', severity: 'warning', subject: entry.code, stage: 'extract', page: row.page,
      expected: String(header.columns.length), actual: String(row.values.length),
      message: `${row.label}: ${row.values.length} value(s) printed for ${header.columns.length} columns (${header.columns.join(', ')}); no single reading, so its cells are unreadable`,
    });
  }
  const raw = row.values.map((c) => c.text).join(' ');
  const out: ReportCell[] = [];
  header.columns.forEach((column, i) => {
    if (column === 'other') return;
    const read: Value = values?.[i] ?? { state: 'unreadable', value: null, raw };
    const { value, problem } = toMetricUnit(read, row, entry.unit === 'wan_yuan');
    const metric = column === 'cumulative' ? entry.code + CUMULATIVE_SUFFIX : entry.code;
    if (problem) findings.push({ check: 'unit.unknown', severity: 'warning', subject: metric, actual: read.raw, message: `${row.label}: ${problem}; the amount is kept as printed only`, stage: 'extract', page: row.page });
    out.push({ metric, applicant: null, ...value, legacy: { unit: value.state === 'number' ? ((read as { unit?: string }).unit ?? row.unit) : row.unit, foundBy: 'table', evidence: row.label } });
  });
  return out;
}

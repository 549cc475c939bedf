// Fitting a row's printed cells to its columns. A row that prints exactly as many cells as
// columns is read as printed. One that prints fewer is placed by what the file shows of how it
// was printed — repeats dropped, columns at known positions — and one that lost or doubled a
// cell upstream only where the table's own identities make the placement unique. Never a guess.
import type { Cell, Value } from '../core/types.ts';
import { columnsByPosition, type ColumnSpan } from './columns.ts';
import { parseValue } from './numbers.ts';

/** An identity within one row: the cell at `total` equals the sum of the cells at `parts`. */
export interface RowIdentity {
  check: string;
  total: number;
  parts: number[];
}

/** One way to read a row: a value per column, and what (if anything) was inferred to get there. */
export interface Reading {
  values: Value[];
  /** Column filled from an identity, when a cell was lost. */
  filled?: number;
  /** Printed cell dropped as a duplicate, when a cell was doubled. */
  dropped?: number;
  /** The identity that decided the placement. */
  identity?: string;
  /** How many of the row's cells were printed, when runs were expanded or blanks placed by position. */
  printed?: number;
  /** How the short row was placed: its runs expanded (repeats dropped), or its cells by position. */
  placed?: 'runs' | 'position';
}

/** What the file shows of how a table's rows were printed, beyond their cells. */
export interface Printing {
  /** Rows are runs of equal cells: the file dropped every line equal to the one before it. */
  runs?: boolean;
  /** Where the value columns stand, for text that prints a blank cell as nothing. */
  spans?: ColumnSpan[] | null;
}

/** How many cells may be lost or doubled in a row before we stop trying to place them. */
const MAX_CELLS_OFF = 1;

/** Given a cell, returns its value with its position kept. */
export function cellValue(cell: Cell): Value {
  const v = parseValue(cell.text);
  const out: Value = { state: v.state, value: v.value, raw: cell.text };
  if (cell.page !== undefined) out.page = cell.page;
  if (cell.x0 !== undefined) out.x = cell.x0;
  if (cell.y !== undefined) out.y = cell.y;
  return out;
}

/** Given a value, returns it as an addend: numbers as they are, dashes and blanks as nothing. */
const addend = (v: Value) => (v.state === 'number' ? v.value! : 0);

/** Given a reading's values and an identity, returns whether the identity holds (true when it cannot be checked: a cell unread, or no number on a side). */
export function identityHolds(values: Value[], id: RowIdentity): boolean {
  if (identityUnread(values, id)) return true;
  const total = values[id.total];
  if (total.state !== 'number') return true;
  if (!id.parts.some((p) => values[p].state === 'number')) return true;
  const sum = id.parts.reduce((s, p) => s + addend(values[p]), 0);
  return Math.abs(sum - total.value!) < 1e-6;
}

const isPrinted = (c: Cell) => c.text.trim() !== '';

/** Given a row's cells, its column count and identities, and how the table was printed, returns every reading the evidence allows. */
export function readRow(cells: Cell[], columns: number, identities: RowIdentity[], printing: Printing): Reading[] {
  const printed = cells.filter(isPrinted);
  if (printed.length < columns && printing.runs) return readingsFromRuns(printed, columns, identities);
  const byPosition = printed.length < columns && printing.spans ? readingByPosition(printed, printing.spans, identities) : null;
  return byPosition ? [byPosition] : fitRow(cells, columns, identities);
}

/**
 * Given the cells of a row printed as runs (each cell one or more equal cells side by side) and a
 * column count, returns every expansion to the columns under which the row identities hold.
 * None when two neighbouring cells are equal: a dump that drops repeats cannot print that.
 */
function readingsFromRuns(printed: Cell[], columns: number, identities: RowIdentity[]): Reading[] {
  const texts = printed.map((c) => c.text.trim());
  if (texts.length === 0 || texts.some((t, i) => i > 0 && t === texts[i - 1])) return [];
  const values = printed.map(cellValue);
  const out: Reading[] = [];
  for (const widths of compositions(columns, values.length)) {
    const expanded = values.flatMap((v, i) => Array.from({ length: widths[i] }, (_, k) => (k === 0 ? v : { ...v, inferred: true })));
    if (identities.every((id) => identityHolds(expanded, id))) out.push({ values: expanded, printed: values.length, placed: 'runs', identity: identities.map((i) => i.check).join('+') || undefined });
  }
  return distinctReadings(out);
}

/** Given a total and a number of parts, returns every way to write the total as that many positive widths, in order. */
function compositions(total: number, parts: number): number[][] {
  if (parts === 1) return total >= 1 ? [[total]] : [];
  const out: number[][] = [];
  for (let first = 1; first <= total - parts + 1; first++) for (const rest of compositions(total - first, parts - 1)) out.push([first, ...rest]);
  return out;
}

/** Given a short row's printed cells and the column spans, returns the reading their positions give, when they decide and the row identities hold. */
function readingByPosition(printed: Cell[], spans: ColumnSpan[], identities: RowIdentity[]): Reading | null {
  const at = columnsByPosition(printed, spans);
  if (!at) return null;
  const values: Value[] = spans.map(() => ({ state: 'blank', value: null, raw: '' }));
  at.forEach((column, i) => (values[column] = cellValue(printed[i])));
  return identities.every((id) => identityHolds(values, id)) ? { values, printed: printed.length, placed: 'position' } : null;
}

/** Given a reading's values and an identity, returns whether a cell the identity adds up is unreadable. */
export function identityUnread(values: Value[], id: RowIdentity): boolean {
  return [id.total, ...id.parts].some((p) => values[p]?.state === 'unreadable');
}

/** Given printed cells and a column count, returns every reading consistent with the row identities. */
export function fitRow(cells: Cell[], columns: number, identities: RowIdentity[]): Reading[] {
  const trimmed = [...cells];
  while (trimmed.length > columns && trimmed[trimmed.length - 1].text.trim() === '') trimmed.pop();
  if (trimmed.length === columns) return [{ values: trimmed.map(cellValue) }];
  const printed = trimmed.filter((c) => c.text.trim() !== '').map(cellValue);
  if (printed.length === columns) return [{ values: printed }];
  const off = printed.length - columns;
  if (off === 0 || Math.abs(off) > MAX_CELLS_OFF) return [];
  return off < 0 ? readingsWithLostCell(printed, columns, identities) : readingsWithDoubledCell(printed, identities);
}

/** Given values one short of the columns, returns the readings where the lost cell is what an identity makes it. */
function readingsWithLostCell(printed: Value[], columns: number, identities: RowIdentity[]): Reading[] {
  const out: Reading[] = [];
  for (let at = 0; at < columns; at++) {
    const id = identities.find((i) => i.total === at || i.parts.includes(at));
    if (!id) continue;
    const values: Value[] = [...printed.slice(0, at), { state: 'blank', value: null, raw: '' }, ...printed.slice(at)];
    const others = id.parts.filter((p) => p !== at);
    if (![id.total, ...others].filter((p) => p !== at).every((p) => values[p].state === 'number' || values[p].state === 'dash')) continue;
    const filled = id.total === at ? others.reduce((s, p) => s + addend(values[p]), 0) : addend(values[id.total]) - others.reduce((s, p) => s + addend(values[p]), 0);
    if (filled < 0 || !Number.isInteger(filled)) continue;
    values[at] = { state: 'number', value: filled, raw: '', inferred: true };
    out.push({ values, filled: at, identity: id.check });
  }
  return distinctReadings(out);
}

/** Given values one more than the columns, returns the readings where dropping one cell makes every identity hold. */
function readingsWithDoubledCell(printed: Value[], identities: RowIdentity[]): Reading[] {
  const out: Reading[] = [];
  for (let at = 0; at < printed.length; at++) {
    const values = printed.filter((_, i) => i !== at);
    if (identities.every((id) => identityHolds(values, id))) out.push({ values, dropped: at, identity: identities.map((i) => i.check).join('+') });
  }
  return distinctReadings(out);
}

/** Given readings, returns those whose values differ (which cell was lost does not matter if the values agree). */
function distinctReadings(readings: Reading[]): Reading[] {
  const seen = new Map<string, Reading>();
  for (const r of readings) {
    const key = r.values.map((v) => `${v.state}:${v.value}`).join(',');
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** Given several readings of one row, returns per column the value they all agree on, or unreadable. */
export function agreedValues(readings: Reading[], columns: number, raw: string): Value[] {
  return Array.from({ length: columns }, (_, i) => {
    const first = readings[0]?.values[i];
    const agree = first && readings.every((r) => r.values[i].state === first.state && r.values[i].value === first.value);
    return agree ? { ...first, inferred: readings.some((r) => r.values[i].inferred) || undefined } : { state: 'unreadable' as const, value: null, raw };
  });
}

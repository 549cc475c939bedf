// Fitting a row's printed cells to its columns. A row that prints exactly as many cells as
// columns is read as printed. One that lost or doubled a cell upstream is placed only where
// the table's own identities make the placement unique — never by guessing.
import type { Cell, Value } from '../core/types.ts';
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

/** Given a reading's values and an identity, returns whether the identity holds (true when it cannot be checked). */
export function identityHolds(values: Value[], id: RowIdentity): boolean {
  const total = values[id.total];
  if (total.state !== 'number') return true;
  if (!id.parts.some((p) => values[p].state === 'number')) return true;
  const sum = id.parts.reduce((s, p) => s + addend(values[p]), 0);
  return Math.abs(sum - total.value!) < 1e-6;
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

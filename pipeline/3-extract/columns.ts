// Column positions in space-aligned text: where a table's value columns sit, as the rows that
// print every column (or one header line naming every column) show, so that a row printing
// blank cells as nothing at all can be placed by where its values stand.
import type { Cell, Line } from '../core/types.ts';
import { normaliseLabel } from './labels.ts';
import type { Row } from './rows.ts';

/** A value column's extent, in the cells' own units (character columns in text). */
export interface ColumnSpan {
  x0: number;
  x1: number;
}

const positioned = (c: Cell) => c.x0 !== undefined && c.x1 !== undefined;

/**
 * Given a table's rows and lines and the names its header prints over the value columns, returns
 * each column's span: from the rows printing every column, else from a header line printing every
 * name in order; null when neither shows them, or when what shows them puts two columns in one place.
 */
export function columnSpans(rows: Row[], lines: Line[], names: readonly string[]): ColumnSpan[] | null {
  const full = rows.filter((r) => !r.grid && r.values.length === names.length && r.values.every(positioned));
  const spans = full.length ? spansOf(full.map((r) => r.values)) : spansFromHeader(lines, names);
  return spans && apart(spans) ? spans : null;
}

/** Given rows of cells, one per column, returns per column the extent all of them cover. */
function spansOf(rows: Cell[][]): ColumnSpan[] {
  return rows[0].map((_, i) => ({ x0: Math.min(...rows.map((r) => r[i].x0!)), x1: Math.max(...rows.map((r) => r[i].x1!)) }));
}

/** Given lines and column names, returns the names' spans from the first plain line printing every one of them in order, or null. */
function spansFromHeader(lines: Line[], names: readonly string[]): ColumnSpan[] | null {
  const wanted = names.map(normaliseLabel);
  for (const line of lines) {
    if (line.grid) continue;
    const named = line.cells.filter((c) => positioned(c) && wanted.includes(normaliseLabel(c.text)));
    if (named.length === wanted.length && named.every((c, i) => normaliseLabel(c.text) === wanted[i])) return spansOf([named]);
  }
  return null;
}

/** Given spans in column order, returns whether each ends before the next begins. */
function apart(spans: ColumnSpan[]): boolean {
  return spans.every((s, i) => s.x0 < s.x1 && (i === 0 || spans[i - 1].x1 <= s.x0));
}

/**
 * Given a row's printed cells and the column spans, returns the column each cell stands in: the
 * one its extent overlaps. Null when a cell overlaps no column or several, or two cells stand in
 * one column: there the positions do not decide.
 */
export function columnsByPosition(cells: Cell[], spans: ColumnSpan[]): number[] | null {
  const taken = new Set<number>();
  const out: number[] = [];
  for (const cell of cells) {
    if (!positioned(cell)) return null;
    const at = spans.flatMap((s, i) => (cell.x0! < s.x1 && s.x0 < cell.x1! ? [i] : []));
    if (at.length !== 1 || taken.has(at[0])) return null;
    taken.add(at[0]);
    out.push(at[0]);
  }
  return out;
}

// Lines → rows: a table row is its label text and its value cells. Labels wrapped over
// several lines, or printed before the line that carries the numbers, are carried forward
// onto the next line with values.
import type { Cell, Line } from '../core/types.ts';
import { isValueText } from './numbers.ts';

export interface Row {
  /** Every label text that came before the values, in order (header lines carried forward included). */
  label: string;
  /** The label text printed on the row's own line, without carried-forward text. */
  ownLabel: string;
  /** Label text printed after the values, up to the next row: a wrapped label's tail, or the next row's head. */
  tail: string;
  /** The cells from the first value on, printed blanks included. */
  values: Cell[];
  grid: boolean;
  /** The values are runs of equal cells, repeats dropped (see Line.runs). */
  runs?: boolean;
  page?: number;
}

/** A cell that is nothing but numbers separated by single spaces (`0 0 0`): columns a layout failed to split. */
const NUMBER_RUN = /^[-+]?\d[\d,.]*(?:\s+[-+]?\d[\d,.]*)+$/;

/** Given a cell, returns it split into one cell per number when it is a run of space-separated numbers. */
function splitNumberRun(cell: Cell): Cell[] {
  if (!NUMBER_RUN.test(cell.text.trim())) return [cell];
  return cell.text.trim().split(/\s+/).map((text) => ({ ...cell, text }));
}

/** Carried-forward label text is kept to this many characters: enough for a wrapped label, not a page of prose. */
const MAX_CARRIED_LABEL = 160;

/** Given a line, returns the index of its first value cell, or -1 when it has none. */
function firstValueIndex(line: Line): number {
  const found = line.cells.findIndex((c) => isValueText(c.text));
  // A grid row printing only blanks after its label is a row of blank cells, not a label line.
  const v = found < 0 && line.grid ? firstBlankAfterLabel(line) : found;
  if (v < 0) return -1;
  const labelled = line.cells.slice(0, v).some((c) => c.text.trim() !== '');
  // A row with nothing but blanks before its first value has no label: its leading blanks are printed blank cells (table 4 rows).
  if (!labelled) return 0;
  // In a grid a blank cell is a printed blank, so the values start at the first blank or value after the label.
  // In a text dump, blanks between the label and the first value are column padding.
  if (line.grid) {
    const b = firstBlankAfterLabel(line);
    return b >= 0 && b < v ? b : v;
  }
  return v;
}

/** Given a grid line, returns the index of the first blank cell after its first label cell, or -1. */
function firstBlankAfterLabel(line: Line): number {
  const firstLabel = line.cells.findIndex((c) => c.text.trim() !== '');
  return firstLabel < 0 ? -1 : line.cells.findIndex((c, i) => i > firstLabel && c.text.trim() === '');
}

/** Given a table region's lines, returns its rows: label text and value cells, trailing blanks dropped. */
export function linesToRows(lines: Line[]): Row[] {
  const rows: Row[] = [];
  let carried = '';
  for (const printed of lines) {
    // In a grid a cell is a cell; elsewhere a run of numbers in one cell is several columns run together.
    const line = printed.grid ? printed : { ...printed, cells: printed.cells.flatMap(splitNumberRun) };
    const v = firstValueIndex(line);
    const labelText = line.cells
      .slice(0, v < 0 ? line.cells.length : v)
      .map((c) => c.text.trim())
      .filter(Boolean)
      .join(' ');
    if (v < 0) {
      carried = `${carried} ${labelText}`.trim().slice(-MAX_CARRIED_LABEL);
      continue;
    }
    const values = line.cells.slice(v);
    // Trailing blanks are padding in a text dump; in a grid they are printed blank cells.
    while (!line.grid && values.length && values[values.length - 1].text.trim() === '') values.pop();
    // Text after the values on the same line belongs to the next row's label (a wrapped tail).
    const lastValue = values.findLastIndex((c) => isValueText(c.text) || c.text.trim() === '');
    const trailing = values.splice(lastValue + 1).map((c) => c.text.trim()).join(' ');
    if (rows.length) rows[rows.length - 1].tail = carried;
    rows.push({
      label: `${carried} ${labelText}`.trim(),
      ownLabel: labelText,
      tail: '',
      values,
      grid: line.grid,
      ...(line.runs ? { runs: true } : {}),
      page: line.page ?? line.cells[0]?.page,
    });
    carried = trailing;
  }
  if (rows.length) rows[rows.length - 1].tail = carried;
  return rows;
}

/** Given rows, returns them as printable text, one row a line, for debugging. */
export function rowsToText(rows: Row[]): string {
  return rows.map((r) => `${r.label} ⟶ [${r.values.map((c) => c.text || '␣').join(' | ')}]`).join('\n');
}

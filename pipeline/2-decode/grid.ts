// Table grids: places cells with rowspan/colspan at the grid columns a reader sees.
// Format-free (HTML, DOCX-via-HTML, anything with spans), so it is tested on its own.

/** One cell as a table row lists it: how far it spans, and whatever the caller keeps with it. */
export interface SpanCell<T> {
  rowspan: number;
  colspan: number;
  value: T;
}

/** One cell as it shows in one grid row: at its first column, in every row it covers. */
export interface GridSlot<T> {
  value: T;
  col: number;
  /** How many grid columns it covers. */
  width: number;
  /** The row the cell is written in; later rows of a rowspan repeat it. */
  firstRow: boolean;
}

// The HTML limits on spans; beyond them a browser clamps too.
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65534;

interface Placed<T> {
  value: T;
  row: number;
  col: number;
  width: number;
}

/**
 * Given the rows of one table section as written (rowspan-covered positions omitted),
 * returns each row's cells at their grid columns: a cell spanning columns once per row
 * at its first column, a cell spanning rows repeated in each row it covers.
 * A rowspan of 0, or one reaching past the last row, ends at the last row (as in HTML).
 */
export function expandSpans<T>(rows: SpanCell<T>[][]): GridSlot<T>[][] {
  const grid: (Placed<T> | undefined)[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (grid[r][c]) c++;
      const width = clamp(cell.colspan, 1, MAX_COLSPAN);
      const wanted = cell.rowspan === 0 ? rows.length - r : clamp(cell.rowspan, 1, MAX_ROWSPAN);
      const height = Math.min(wanted, rows.length - r);
      const placed: Placed<T> = { value: cell.value, row: r, col: c, width };
      for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) grid[r + i][c + j] = placed;
      c += width;
    }
  });
  return grid.map((row, r) => {
    const slots: GridSlot<T>[] = [];
    row.forEach((placed, c) => {
      if (placed && placed.col === c) slots.push({ value: placed.value, col: c, width: placed.width, firstRow: placed.row === r });
    });
    return slots;
  });
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), min), max) : min;
}

// A statistics-table row as printed, between reading (table.ts) and matching (match.ts).
import type { Cell } from '../../core/types.ts';

/** One printed row: its label as printed, its unit cell, its value cells. */
export interface PrintedRow {
  label: string;
  unit: string | null;
  values: Cell[];
  grid: boolean;
  page?: number;
}

// What depends on the whole warehouse rather than on one report, recomputed after each load in the
// order it depends on itself: which files are copies of one report (and so which report the views
// count for each agency-year), then the cross-year checks between the reports counted.
import type { DuckDBConnection } from '@duckdb/node-api';
import { recomputeCopies, type CopiesRecomputed } from './copies.ts';
import { recomputeCrossYearFindings, type CrossYearFinding } from './cross-year.ts';

export interface WholeWarehouseRecomputed {
  copies: CopiesRecomputed;
  crossYear: CrossYearFinding[];
}

/** Given a connection open for writing (outside a transaction), recomputes the copies, then the cross-year findings. Idempotent. */
export async function recomputeWholeWarehouse(conn: DuckDBConnection): Promise<WholeWarehouseRecomputed> {
  const copies = await recomputeCopies(conn);
  return { copies, crossYear: await recomputeCrossYearFindings(conn) };
}

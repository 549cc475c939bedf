// dim_region from the regions stage's table of GB/T 2260 codes.
import type { DuckDBConnection } from '@duckdb/node-api';
import { appendRows } from './append.ts';

/** One GB/T 2260 region, as pipeline/regions returns it. */
export interface RegionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  provinceCode: string | null;
  prefectureCode: string | null;
  path: string | null;
}

/** Replaces the whole of dim_region with the given rows, in one transaction. */
export async function replaceRegions(conn: DuckDBConnection, regions: readonly RegionRow[]): Promise<void> {
  await conn.run('BEGIN');
  try {
    await conn.run('DELETE FROM dim_region');
    await appendRows(conn, 'dim_region', regions.map((r) => [
      r.code, r.name, r.level, r.parentCode, r.provinceCode, r.prefectureCode, r.path,
    ]));
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

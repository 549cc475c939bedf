// dim_region from the regions stage's table of GB/T 2260 codes (pipeline/regions).
import type { DuckDBConnection } from '@duckdb/node-api';
import { regionRows } from '../regions/index.ts';
import { replaceTables } from './append.ts';

/** Fills dim_region when it does not hold exactly the division data installed (first run, or a data upgrade). */
export async function refreshRegions(conn: DuckDBConnection): Promise<void> {
  const regions = regionRows();
  const stored = (await conn.runAndReadAll('SELECT count(*)::INTEGER FROM dim_region')).getRows()[0][0];
  if (stored === regions.length) return;
  await replaceTables(conn, {
    dim_region: regions.map((r) => [r.code, r.name, r.level, r.parentCode, r.provinceCode, r.prefectureCode, r.path.join('/')]),
  });
}

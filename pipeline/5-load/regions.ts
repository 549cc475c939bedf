// dim_region from the regions stage's table of GB/T 2260 codes (pipeline/regions).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { divisionsStamp, regionRows } from '../core/regions/index.ts';
import { replaceTables, type Cell } from './append.ts';

// Field and row separators of the digest (ASCII unit and record separators: in no name or code).
const FIELD = '\u001f';
const ROW = '\u001e';

/** The same digest, computed by DuckDB over what dim_region holds: its rows in code order, NULL as ''. */
const STORED_DIGEST = `
  SELECT coalesce(md5(string_agg(concat_ws(chr(${FIELD.charCodeAt(0)}), code, name, level, coalesce(parent_code, ''), coalesce(province_code, ''),
                                           coalesce(prefecture_code, ''), coalesce(path, '')), chr(${ROW.charCodeAt(0)}) ORDER BY code)), '') AS digest
  FROM dim_region`;

/** dim_region's comment: the stamp of the data it was filled from, and the digest of the rows that data gave. */
const FILLED_FROM = `SELECT comment FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'dim_region'`;

/**
 * Fills dim_region when it does not hold exactly the division data installed (first run, or a
 * data upgrade): compared row for row through a digest, so a renamed region at an unchanged count
 * is caught too, and an unchanged table costs one query instead of a rewrite. The table's comment
 * keeps the rows' digest under a stamp of the data and code they were made from: while both still
 * hold, the rows are not built again (~0.15 CPU-s of every open).
 */
export async function refreshRegions(conn: DuckDBConnection): Promise<void> {
  const stamp = createHash('md5').update(divisionsStamp()).update(readFileSync(fileURLToPath(import.meta.url))).digest('hex');
  const [stored] = (await conn.runAndReadAll(`SELECT (${STORED_DIGEST}) AS digest, (${FILLED_FROM}) AS filled_from`)).getRowObjectsJS();
  if (stored.filled_from === `${stamp} ${stored.digest}`) return;
  const rows: Cell[][] = regionRows().map((r) => [r.code, r.name, r.level, r.parentCode, r.provinceCode, r.prefectureCode, r.path.join('/')]);
  const digest = digestOf(rows);
  if (stored.digest !== digest) await replaceTables(conn, { dim_region: rows });
  await conn.run(`COMMENT ON TABLE dim_region IS '${stamp} ${digest}'`);
}

/** Given dim_region rows, returns the md5 of their fields in code order, NULL as ''. */
function digestOf(rows: Cell[][]): string {
  const text = [...rows]
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1))
    .map((row) => row.map((v) => v ?? '').join(FIELD))
    .join(ROW);
  return createHash('md5').update(text).digest('hex');
}

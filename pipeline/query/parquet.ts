// Past one machine: the warehouse as Parquet, for Spark, Trino or a fleet of DuckDBs to read.
// Fact tables are partitioned by data year and province in the hive layout
// (fact_table3/year=2023/province=320000/data_0.parquet); the fact rows that carry neither
// (every fact table but fact_report) take them from their report. Dimensions and the run
// ledger are small and written whole (dim_region.parquet …), and so are the copies of reports
// (report_copy, report_copy_cell), which a reader needs to count each report once.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FACT_TABLES } from '../5-load/stage.ts';

const WHOLE_TABLES = ['dim_agency', 'dim_metric', 'dim_applicant', 'dim_series_crosswalk', 'dim_region', 'etl_run', 'etl_file', 'etl_channel', 'report_copy', 'report_copy_cell'];

/** Given a region-code column, returns SQL for its province's code (xx0000), NULL when unknown. */
const provinceOf = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE substr(${column}, 1, 2) || '0000' END`;
/** A report's partition: its data year and the province (GB/T 2260 code, xx0000) of its region; NULL when unknown. */
const PARTITION_OF_REPORT = `
  SELECT report_id, year, ${provinceOf('region_code')} AS province FROM fact_report`;

export interface ParquetTable {
  table: string;
  rows: number;
  path: string;
}

/** Given a warehouse connection and a directory, writes every table there as Parquet and returns what it wrote. */
export async function exportParquet(conn: DuckDBConnection, outDir: string): Promise<ParquetTable[]> {
  mkdirSync(outDir, { recursive: true });
  const written: ParquetTable[] = [];
  for (const table of FACT_TABLES) {
    const path = join(outDir, table);
    const rows = table === 'fact_report'
      ? `SELECT *, ${provinceOf('region_code')} AS province FROM fact_report`
      : `SELECT t.*, p.year, p.province FROM ${table} t JOIN (${PARTITION_OF_REPORT}) p USING (report_id)`;
    await conn.run(`COPY (${rows}) TO ${literal(path)} (FORMAT parquet, PARTITION_BY (year, province), OVERWRITE)`);
    written.push({ table, rows: await countOf(conn, table), path });
  }
  for (const table of WHOLE_TABLES) {
    const path = join(outDir, `${table}.parquet`);
    await conn.run(`COPY ${table} TO ${literal(path)} (FORMAT parquet)`);
    written.push({ table, rows: await countOf(conn, table), path });
  }
  return written;
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

async function countOf(conn: DuckDBConnection, table: string): Promise<number> {
  return Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
}

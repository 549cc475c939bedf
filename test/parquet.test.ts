// `export parquet`: the warehouse as Parquet, facts partitioned by year and province (hive layout),
// reads back through DuckDB with the same row counts and sums as the warehouse.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../bench/corpus.ts';
import { createLogger } from '../pipeline/core/log.ts';
import { close, openForReading, queryRows } from '../pipeline/5-load/index.ts';
import { exportParquet } from '../pipeline/query/parquet.ts';
import { ingest, SAMPLES_DIR } from '../pipeline/run/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-parquet-'));
const warehouse = join(dir, 'w.duckdb');
const lake = join(dir, 'lake');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Per fact table: rows, an exact sum over a numeric column (DECIMAL: a float sum depends on row order) and a text length. */
const FACT_FIGURES: Record<string, string> = {
  fact_report: 'count(*) AS n, sum(bytes) AS s, sum(length(origin)) AS t',
  fact_table2: 'count(*) AS n, sum(value::DECIMAL(38, 6)) AS s, sum(length(raw)) AS t',
  fact_table3: 'count(*) AS n, sum(value::DECIMAL(38, 6)) AS s, sum(length(raw || applicant)) AS t',
  fact_table4: 'count(*) AS n, sum(value::DECIMAL(38, 6)) AS s, sum(length(raw)) AS t',
  fact_finding: 'count(*) AS n, sum(finding_no) AS s, sum(length(message)) AS t',
  fact_section: 'count(*) AS n, sum(section_no) AS s, sum(length(text)) AS t',
};
const WHOLE = ['dim_agency', 'dim_metric', 'dim_applicant', 'dim_region', 'etl_run', 'etl_file', 'etl_channel', 'report_copy', 'report_copy_cell'];

describe('export parquet', () => {
  beforeAll(async () => {
    writeCorpus(join(dir, 'corpus'), 30, 5);
    await ingest({ inputs: [join(dir, 'corpus'), SAMPLES_DIR], warehouse, log: createLogger({ level: 'silent' }), workers: 2 });
    const wh = await openForReading(warehouse);
    try {
      await exportParquet(wh.conn, lake);
    } finally {
      close(wh);
    }
  });

  it('partitions the fact tables by year and province, hive style, and writes the rest whole', () => {
    const years = readdirSync(join(lake, 'fact_table3'));
    expect(years.length).toBeGreaterThan(1);
    // An unknown year or province is DuckDB's (and Hive's) default partition, read back as NULL.
    const partition = (column: string, value: string) => new RegExp(`^${column}=(${value}|__HIVE_DEFAULT_PARTITION__)$`);
    expect(years.every((y) => partition('year', '\\d{4}').test(y))).toBe(true);
    const provinces = years.flatMap((y) => readdirSync(join(lake, 'fact_table3', y)));
    expect(provinces.every((p) => partition('province', '\\d{2}0000').test(p))).toBe(true);
    expect(provinces.some((p) => /^province=\d{6}$/.test(p))).toBe(true);
    for (const table of WHOLE) expect(existsSync(join(lake, `${table}.parquet`)), table).toBe(true);
  });

  it('reads back through DuckDB with the warehouse’s row counts and sums, partition columns included', async () => {
    const wh = await openForReading(warehouse);
    const reader = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      for (const [table, figures] of Object.entries(FACT_FIGURES)) {
        const [stored] = await queryRows(wh.conn, `SELECT ${figures} FROM ${table}`);
        const [read] = await queryRows(reader, `SELECT ${figures} FROM read_parquet('${lake}/${table}/**/*.parquet', hive_partitioning = true)`);
        expect(read, table).toEqual(stored);
      }
      const [byPartition] = await queryRows(reader, `
        SELECT count(*) FILTER (p.year IS DISTINCT FROM r.year OR p.province IS DISTINCT FROM substr(r.region_code, 1, 2) || '0000') AS wrong
        FROM read_parquet('${lake}/fact_table3/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER, 'province': VARCHAR}) p
        JOIN read_parquet('${lake}/fact_report/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER, 'province': VARCHAR}) r USING (report_id)`);
      expect(byPartition.wrong).toBe(0n);
      for (const table of WHOLE) {
        const [stored] = await queryRows(wh.conn, `SELECT count(*) AS n FROM ${table}`);
        const [read] = await queryRows(reader, `SELECT count(*) AS n FROM '${join(lake, `${table}.parquet`)}'`);
        expect(read, table).toEqual(stored);
      }
    } finally {
      reader.closeSync();
      close(wh);
    }
  });
});

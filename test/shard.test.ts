// Sharding: `ingest --shard K/N` takes a stable slice of the sources, and merging the parts gives
// exactly the warehouse a single run gives (same rows, cells and findings; run ids, load times
// and durations aside).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../bench/corpus.ts';
import { createLogger } from '../pipeline/core/log.ts';
import { close, openForReading, queryRows } from '../pipeline/5-load/index.ts';
import { ingest, SAMPLES_DIR } from '../pipeline/run/index.ts';
import { inShard, mergeWarehouses, parseShard } from '../pipeline/run/shard.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-shard-'));
const corpus = join(dir, 'corpus');
const log = createLogger({ level: 'silent' });
const at = (name: string) => join(dir, `${name}.duckdb`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every table's rows, minus the columns that differ by run (ids, timestamps, durations), sorted. */
const TABLES: Record<string, string> = {
  fact_report: 'SELECT * EXCLUDE (run_id, loaded_at) FROM fact_report',
  fact_table2: 'SELECT * FROM fact_table2',
  fact_table3: 'SELECT * FROM fact_table3',
  fact_table4: 'SELECT * FROM fact_table4',
  fact_finding: 'SELECT * FROM fact_finding',
  fact_section: 'SELECT * FROM fact_section',
  dim_agency: 'SELECT * FROM dim_agency',
  dim_region: 'SELECT count(*) AS n FROM dim_region',
  etl_file: 'SELECT * EXCLUDE (run_id, duration_ms) FROM etl_file',
};

async function contents(warehouse: string): Promise<Record<string, unknown[]>> {
  const wh = await openForReading(warehouse);
  try {
    const out: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(TABLES)) out[table] = await queryRows(wh.conn, `${sql} ORDER BY ALL`);
    return out;
  } finally {
    close(wh);
  }
}

describe('shards', () => {
  beforeAll(async () => {
    writeCorpus(corpus, 40, 11);
    const run = (warehouse: string, shard?: { index: number; count: number }) =>
      ingest({ inputs: [corpus, SAMPLES_DIR], warehouse, log, workers: 2, shard });
    await run(at('single'));
    await run(at('part1'), parseShard('1/2'));
    await run(at('part2'), parseShard('2/2'));
  });

  it('slice the sources by a stable hash of their location, whatever else is listed', () => {
    const locations = Array.from({ length: 200 }, (_, i) => `https://example.gov.cn/reports/${i}.pdf`);
    const first = locations.filter((l) => inShard(l, { index: 1, count: 3 }));
    const second = locations.filter((l) => inShard(l, { index: 2, count: 3 }));
    const third = locations.filter((l) => inShard(l, { index: 3, count: 3 }));
    expect(first.length + second.length + third.length).toBe(200);
    expect(Math.min(first.length, second.length, third.length)).toBeGreaterThan(40);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b']) expect(() => parseShard(bad)).toThrow();
  });

  it('1/2 and 2/2 split the reports between them, and merged give exactly the single run’s warehouse', async () => {
    const single = await contents(at('single'));
    const [p1, p2] = [await contents(at('part1')), await contents(at('part2'))];
    expect(p1.fact_report.length).toBeGreaterThan(5);
    expect(p2.fact_report.length).toBeGreaterThan(5);
    expect(p1.fact_report.length + p2.fact_report.length).toBe(single.fact_report.length);

    await mergeWarehouses(at('merged'), [at('part1'), at('part2')]);
    const merged = await contents(at('merged'));
    for (const table of Object.keys(TABLES)) expect(merged[table], table).toEqual(single[table]);
    expect(single.fact_table3.length).toBeGreaterThan(1000);
    expect(single.fact_finding.length).toBeGreaterThan(0);
  });

  it('merging a part again replaces its reports instead of doubling them', async () => {
    const before = await contents(at('merged'));
    await mergeWarehouses(at('merged'), [at('part2')]);
    const after = await contents(at('merged'));
    for (const table of ['fact_report', 'fact_table3', 'fact_finding', 'dim_agency', 'etl_file']) expect(after[table], table).toEqual(before[table]);
  });
});

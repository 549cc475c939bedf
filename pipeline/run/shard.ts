// Past one machine: N machines each ingest a deterministic slice of the sources into their own
// warehouse (`nianbao ingest --shard K/N`), then `nianbao merge` combines the parts into the
// warehouse a single run over all the sources gives (run ids and load times aside).
//
// A source's slice is a stable hash of its location mod N, not its position in the list, so
// adding sources never moves the old ones to another machine (whose warehouse already holds them).
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  acquireLock, checkpointAndClose, close, discardStage, openForWriting, publishStage, stageCopy, type Warehouse,
} from '../5-load/index.ts';
import { inTransaction } from '../5-load/duckdb.ts';
import { rebuildAgencies } from '../5-load/reports.ts';
import { FACT_TABLES } from '../5-load/stage.ts';
import { EMPTY, schemaVersionOf, WarehouseTooNew } from '../5-load/schema.ts';
import { recomputeWholeWarehouse } from '../5-load/whole-warehouse.ts';

/** Slice `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Given `K/N` (1 ≤ K ≤ N), returns the shard; throws on anything else. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = m && { index: Number(m[1]), count: Number(m[2]) };
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count) throw new Error(`a shard is K/N with 1 ≤ K ≤ N, not ${text}`);
  return shard;
}

/** Given a source location and a shard, returns whether the source belongs to it (sha256 of the location, mod N). */
export function inShard(location: string, shard: Shard): boolean {
  const hash = createHash('sha256').update(location).digest().readUInt32BE(0);
  return hash % shard.count === shard.index - 1;
}

/**
 * Merges part warehouses into `out` (created when absent), with the nightly run's safety: under
 * out's lock, into `<out>.next`, published by rename once complete. Each part's reports replace
 * those with the same report_id (a report's identity is its origin), its etl_run and etl_file
 * rows are added, and dim_agency is rebuilt from the merged fact_report.
 */
export async function mergeWarehouses(out: string, parts: string[]): Promise<{ reports: number }> {
  mkdirSync(dirname(out), { recursive: true });
  const lock = acquireLock(out);
  let wh: Warehouse | undefined;
  try {
    wh = await openForWriting(await stageCopy(out));
    for (const [i, part] of parts.entries()) await mergePart(wh, part, `part${i}`);
    // Two years of one agency, or two copies of one report, may have landed in different shards:
    // only the merged whole can find copies and check across years.
    await recomputeWholeWarehouse(wh.conn);
    const reports = Number((await wh.conn.runAndReadAll('SELECT count(*) FROM fact_report')).getRows()[0][0]);
    await checkpointAndClose(wh);
    wh = undefined;
    await publishStage(out);
    return { reports };
  } catch (err) {
    if (wh) close(wh);
    await discardStage(out);
    throw err;
  } finally {
    lock.release();
  }
}

/**
 * Copies one part's report rows and run ledger into the open warehouse, in one transaction, by
 * column name: a part of an older schema lacks the columns added since (NULL here); one of a newer
 * schema throws WarehouseTooNew.
 */
async function mergePart(wh: Warehouse, part: string, alias: string): Promise<void> {
  const { conn } = wh;
  await conn.run(`ATTACH '${part.replace(/'/g, "''")}' AS ${alias} (READ_ONLY)`);
  try {
    const version = await schemaVersionOf(conn, alias);
    if (version !== EMPTY && version > wh.schema.expected) throw new WarehouseTooNew(version, wh.schema.expected, `part ${part}`);
    await inTransaction(conn, async () => {
      // Every fact table is keyed by report_id: a part's reports replace the merged warehouse's rows for the same report_id.
      for (const table of FACT_TABLES) {
        await conn.run(`DELETE FROM ${table} WHERE report_id IN (SELECT report_id FROM ${alias}.fact_report)`);
        await conn.run(`INSERT INTO ${table} BY NAME SELECT * FROM ${alias}.${table}`);
      }
      await conn.run(`INSERT INTO etl_run BY NAME SELECT * FROM ${alias}.etl_run WHERE run_id NOT IN (SELECT run_id FROM etl_run)`);
      await conn.run(`
        INSERT INTO etl_file BY NAME SELECT * FROM ${alias}.etl_file
        WHERE run_id NOT IN (SELECT DISTINCT run_id FROM etl_file)`);
      await conn.run(`
        INSERT INTO etl_channel BY NAME SELECT * FROM ${alias}.etl_channel
        WHERE run_id NOT IN (SELECT DISTINCT run_id FROM etl_channel)`);
      await rebuildAgencies(conn);
    });
  } finally {
    await conn.run(`DETACH ${alias}`);
  }
}

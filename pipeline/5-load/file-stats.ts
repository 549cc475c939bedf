// etl_file_stat: the stat of each local source file as its bytes were last read, with their sha256,
// so that a rerun need not read (and hash) a file whose stat has not moved.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FileStat } from '../1-fetch/index.ts';
import { appendRows } from './append.ts';
import { inTransaction } from './duckdb.ts';

/** A file's stat and the sha256 of the bytes read with it. */
export interface StatOfBytes {
  stat: FileStat;
  sha256: string;
}

/** Given the warehouse, returns each local file's stat and sha256 as last read, by path. */
export async function storedFileStats(conn: DuckDBConnection): Promise<Map<string, StatOfBytes>> {
  const reader = await conn.runAndReadAll('SELECT path, bytes, mtime_ns, ctime_ns, ino, sha256 FROM etl_file_stat');
  const rows = reader.getRowsJS() as [string, bigint, bigint, bigint, bigint, string][];
  return new Map(rows.map(([path, bytes, mtimeNs, ctimeNs, ino, sha256]) => [path, { stat: { bytes: Number(bytes), mtimeNs, ctimeNs, ino }, sha256 }]));
}

/** Given two stats, returns whether they are the same in everything that vouches for a file's bytes. */
export function sameStat(a: FileStat, b: FileStat): boolean {
  return a.bytes === b.bytes && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

/** Replaces the rows of the given paths with their new stat and sha256, in one transaction. */
export async function recordFileStats(conn: DuckDBConnection, read: ReadonlyMap<string, StatOfBytes>): Promise<void> {
  if (read.size === 0) return;
  await inTransaction(conn, async () => {
    await conn.run('CREATE TEMP TABLE read_stat AS SELECT * FROM etl_file_stat LIMIT 0');
    await appendRows(conn, 'read_stat', [...read].map(([path, { stat, sha256 }]) => [path, BigInt(stat.bytes), stat.mtimeNs, stat.ctimeNs, stat.ino, sha256]));
    await conn.run('DELETE FROM etl_file_stat WHERE path IN (SELECT path FROM read_stat)');
    await conn.run('INSERT INTO etl_file_stat SELECT * FROM read_stat');
    await conn.run('DROP TABLE read_stat');
  });
}

// Bulk insert through the DuckDB Appender: plain values in, DuckDB's own casts do the rest
// (a 'YYYY-MM-DD' string lands in a DATE column, a number in an INTEGER one).
import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, timestampValue } from './duckdb.ts';

export type Cell = string | number | boolean | bigint | Date | null;

/** Appends rows, each value in the table's column order, to one table. */
export async function appendRows(conn: DuckDBConnection, table: string, rows: readonly Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await conn.createAppender(table);
  try {
    for (const row of rows) {
      for (const v of row) {
        if (v === null) appender.appendNull();
        else if (typeof v === 'string') appender.appendVarchar(v);
        else if (typeof v === 'number') appender.appendDouble(v);
        else if (typeof v === 'boolean') appender.appendBoolean(v);
        else if (typeof v === 'bigint') appender.appendBigInt(v);
        else appender.appendTimestamp(timestampValue(BigInt(v.getTime()) * 1000n));
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Replaces the whole content of each table with its rows, all in one transaction: readers never see a table half-filled. */
export async function replaceTables(conn: DuckDBConnection, tables: Record<string, readonly Cell[][]>): Promise<void> {
  await inTransaction(conn, async () => {
    for (const [table, rows] of Object.entries(tables)) {
      await conn.run(`DELETE FROM ${table}`);
      await appendRows(conn, table, rows);
    }
  });
}

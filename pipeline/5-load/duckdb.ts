// The DuckDB client, loaded only after its allocator is configured (./allocator.ts must run
// before the library loads): project code imports DuckDB's values from here, never from
// @duckdb/node-api directly (types may come from there).
import './allocator.ts';
import type { DuckDBConnection } from '@duckdb/node-api';

export { DuckDBInstance, listValue, timestampValue, version as duckdbVersion } from '@duckdb/node-api';

/**
 * Given a connection outside a transaction and some work, runs the work in one transaction and
 * returns its result: committed if it returns, rolled back (its error rethrown) if it or the commit throws.
 */
export async function inTransaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN');
  try {
    const result = await work();
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

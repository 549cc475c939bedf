// The DuckDB client, loaded only after its allocator is configured (./allocator.ts must run
// before the library loads): project code imports DuckDB's values from here, never from
// @duckdb/node-api directly (types may come from there).
import './allocator.ts';

export { DuckDBInstance, listValue, timestampValue } from '@duckdb/node-api';

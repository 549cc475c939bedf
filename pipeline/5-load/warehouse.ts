// Opening a DuckDB warehouse file, applying the DDL in sql/ and refilling the catalogue dimensions.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DuckDBInstance, duckdbVersion, inTransaction } from './duckdb.ts';
import { allMetrics, APPLICANT_LABELS, APPLICANTS } from '../core/catalogue.ts';
import { SERIES } from '../core/crosswalk.ts';
import { applyViews, readViewFiles } from './views.ts';
import { replaceTables } from './append.ts';
import { refreshRegions } from './regions.ts';
import { EMPTY, migrate, MIGRATIONS_DIR, readMigrations, recordVersions, schemaVersionOf, versionOf, WarehouseTooNew, type Migration, type SchemaVersion } from './schema.ts';

const SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));
/** Where the empty warehouse of each schema is kept (see fromEmptyWarehouse): beside the worker bundles, inside the project. */
const EMPTY_WAREHOUSES = fileURLToPath(new URL('../../node_modules/.cache/nianbao/', import.meta.url));

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  schema: SchemaState;
}

/** The warehouse's schema version when it was opened, the version this code expects, and the migrations this open applied. */
export interface SchemaState {
  found: SchemaVersion;
  expected: number;
  applied: string[];
}

/**
 * Opens (creating it when absent) a warehouse for loading: brings its schema to this code's version
 * (migrations from `migrationsDir`, then the DDL), refills dim_metric, dim_applicant and
 * dim_series_crosswalk, fills dim_region. A warehouse newer than the code throws WarehouseTooNew, unwritten.
 */
export async function openForWriting(path: string, migrationsDir: string = MIGRATIONS_DIR): Promise<Warehouse> {
  mkdirSync(dirname(path), { recursive: true });
  const migrations = await readMigrations(migrationsDir);
  const ddl = await readDdl();
  const kept = existsSync(path) ? null : await fromEmptyWarehouse(path, migrations, ddl);
  if (!kept) return openAndApply(path, migrations, ddl);
  let wh: Warehouse;
  try {
    wh = await openAndApply(path, migrations, ddl);
  } catch {
    // A kept file that does not open (a damaged cache) is dropped; the schema is created in place.
    for (const file of [path, `${path}.wal`, kept]) rmSync(file, { force: true });
    return openAndApply(path, migrations, ddl);
  }
  // Created here, though copied: the warehouse says when it was made, and the open found it empty.
  await wh.conn.run(`DELETE FROM etl_schema_version WHERE reached_by = 'created'`);
  await recordVersions(wh.conn, { from: EMPTY, to: wh.schema.expected, applied: [] }, migrations);
  return { ...wh, schema: { ...wh.schema, found: EMPTY } };
}

/** Given a path, the migrations and the DDL, opens the warehouse there for writing, its schema brought to this code's version. */
async function openAndApply(path: string, migrations: readonly Migration[], ddl: Ddl): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  let schema: SchemaState;
  try {
    await useWriterSettings(conn);
    schema = await applySchema(conn, migrations, ddl);
    await refreshCatalogue(conn);
    await refreshRegions(conn);
  } catch (err) {
    conn.closeSync();
    instance.closeSync();
    throw err;
  }
  return { path, instance, conn, schema };
}

/**
 * Given the path of a warehouse still to be created, the migrations and the DDL, copies there the empty
 * warehouse of this schema (its DDL, migrations and DuckDB version), building and keeping it first
 * if none is kept, and returns the kept file's path; returns null, leaving the path alone, where it
 * cannot (a read-only node_modules). Creating the schema binds every view, ~0.6 s of each new
 * warehouse (a first run, every shard, most tests); the copy takes ~10 ms.
 */
async function fromEmptyWarehouse(path: string, migrations: readonly Migration[], ddl: Ddl): Promise<string | null> {
  const key = createHash('sha256').update(ddl.digest).update(duckdbVersion());
  for (const m of migrations) key.update(`${m.file}\0${m.sql}\0`);
  const kept = join(EMPTY_WAREHOUSES, `empty-${key.digest('hex').slice(0, 16)}.duckdb`);
  // Built and copied under names of their own, then renamed: a reader never sees half a file.
  const partial = (of: string) => `${of}.${process.pid}-${randomUUID().slice(0, 8)}`;
  const building = partial(kept);
  const copying = partial(path);
  try {
    if (!existsSync(kept)) {
      mkdirSync(EMPTY_WAREHOUSES, { recursive: true });
      await checkpointAndClose(await openAndApply(building, migrations, ddl));
      renameSync(building, kept);
    }
    copyFileSync(kept, copying);
    renameSync(copying, path);
    return kept;
  } catch {
    return null;
  } finally {
    for (const file of [building, `${building}.wal`, copying]) rmSync(file, { force: true });
  }
}

/**
 * Opens a warehouse READ_ONLY: never blocks, and is never blocked by, an ingest run
 * (which writes a copy and renames it into place). An older warehouse is read as it is (the next
 * ingest upgrades it; `schema` says so); a newer one throws WarehouseTooNew.
 */
export async function openForReading(path: string): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  const found = await schemaVersionOf(conn);
  const expected = versionOf(await readMigrations());
  if (found !== EMPTY && found > expected) {
    conn.closeSync();
    instance.closeSync();
    throw new WarehouseTooNew(found, expected);
  }
  return { path, instance, conn, schema: { found, expected, applied: [] } };
}

/** Writes everything to the main file (no WAL left beside it) and closes. */
export async function checkpointAndClose(wh: Warehouse): Promise<void> {
  await wh.conn.run('CHECKPOINT');
  close(wh);
}

/**
 * Closes the warehouse and opens it again, in place: DuckDB keeps every block it has read or
 * written in its buffer pool until the instance closes (within its memory limit, by default 80% of
 * the machine), ~3 MB more per 1,000 reports loaded. Settings made with SET are lost, except the
 * writer's own (useWriterSettings).
 */
export async function reopen(wh: Warehouse): Promise<void> {
  close(wh);
  wh.instance = await DuckDBInstance.create(wh.path);
  wh.conn = await wh.instance.connect();
  await useWriterSettings(wh.conn);
}

/**
 * What every writer sets. DuckDB's checkpoint merges small row groups at the end of a table
 * ("vacuum"); a load batch leaves one or two partly filled row groups per table, so each
 * checkpoint merged them again into ever larger ones, like a binary counter's carries, rewriting
 * fact_section's long texts over and over. Measured on 30k synthetic reports: commits took 17 s in
 * all (up to ~1 s each) and the run peaked at ~500 MB; without merging, 9 s and ~400 MB, for a
 * file ~15% larger and the same query times. Row groups emptied by deletes are still dropped.
 * Every writer must do without it: one checkpoint that merges after many that did not rewrote all
 * those row groups at once (~930 MB at 30k reports).
 */
async function useWriterSettings(conn: DuckDBConnection): Promise<void> {
  await conn.run('SET max_vacuum_tasks = 0');
}

export function close(wh: Warehouse): void {
  wh.conn.closeSync();
  wh.instance.closeSync();
}

/**
 * In one transaction: the migrations the warehouse has not had yet (schema.ts), then tables from
 * sql/tables and macros from sql/macros, each in file-name order, then the views of sql/views
 * (which read both), and the versions reached. Returns the schema as found and what was applied.
 * The DDL is skipped when no migration ran and the warehouse holds every object of exactly these
 * files (schemaDigest): re-creating the views binds each one, ~0.25 CPU-s of every open (measured).
 */
async function applySchema(conn: DuckDBConnection, migrations: readonly Migration[], ddl: Ddl): Promise<SchemaState> {
  return inTransaction(conn, async () => {
    const pass = await migrate(conn, migrations);
    if (pass.applied.length > 0 || pass.from === EMPTY || !(await holdsDdl(conn, ddl))) {
      for (const { sql } of [...ddl.tables, ...ddl.macros]) await conn.run(sql);
      await applyViews(conn, ddl.views);
      await conn.run(`COMMENT ON TABLE etl_schema_version IS '${ddl.digest}'`);
    }
    await recordVersions(conn, pass, migrations);
    return { found: pass.from, expected: pass.to, applied: pass.applied };
  });
}

/** The DDL of sql/: each object's name and SQL, per kind, and a digest of it all. */
interface Ddl {
  tables: { name: string; sql: string }[];
  macros: { name: string; sql: string }[];
  views: { name: string; sql: string }[];
  digest: string;
}

/** Given nothing, returns the DDL files of sql/tables, sql/macros and sql/views (each named as its object) and their digest. */
async function readDdl(): Promise<Ddl> {
  const read = async (folder: string) => {
    const files = await sqlFiles(join(SQL_DIR, folder));
    return Promise.all(files.map(async (file) => ({ name: file.slice(0, -'.sql'.length), sql: await readFile(join(SQL_DIR, folder, file), 'utf8') })));
  };
  const [tables, macros, views] = await Promise.all([read('tables'), read('macros'), readViewFiles()]);
  const hash = createHash('sha256');
  for (const [kind, objects] of Object.entries({ tables, macros, views })) for (const o of objects) hash.update(`${kind}/${o.name}\0${o.sql}\0`);
  return { tables, macros, views, digest: hash.digest('hex') };
}

async function sqlFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.sql')).sort();
}

/**
 * Given a connection and the DDL, returns whether the warehouse holds it as it is: the digest
 * applySchema left as etl_schema_version's comment is this DDL's, and every table, macro and view
 * of it exists (one dropped by hand is created again).
 */
async function holdsDdl(conn: DuckDBConnection, ddl: Ddl): Promise<boolean> {
  const [held] = (await conn.runAndReadAll(`
    SELECT (SELECT comment FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'etl_schema_version') AS digest,
           (SELECT list(table_name) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main') AS tables,
           (SELECT list(function_name) FROM duckdb_functions() WHERE database_name = current_database() AND function_type IN ('macro', 'table_macro')) AS macros,
           (SELECT list(view_name) FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main') AS views`)).getRowObjectsJS();
  if (held.digest !== ddl.digest) return false;
  const has = (names: unknown, wanted: { name: string }[]) => wanted.every((o) => (names as string[] | null)?.includes(o.name));
  return has(held.tables, ddl.tables) && has(held.macros, ddl.macros) && has(held.views, ddl.views);
}

/** The metric and applicant dimensions mirror the catalogue, the series crosswalk core/crosswalk.ts; refilled so a change there reaches old warehouses. */
export async function refreshCatalogue(conn: DuckDBConnection): Promise<void> {
  await replaceTables(conn, {
    dim_metric: allMetrics().map((m, i) => [m.code, m.table, m.block, m.zh, m.en, m.unit, m.templates, i]),
    dim_applicant: APPLICANTS.map((code, i) => [code, APPLICANT_LABELS[code].zh, APPLICANT_LABELS[code].en, i]),
    dim_series_crosswalk: SERIES.flatMap((s, i) => s.sources.map((src) => [
      s.metric, src.template, src.parts.length ? src.parts.join(' + ') : null, src.printedAs, s.zh, s.en, s.unit, src.note, i,
    ])),
  });
}

/** Runs a query and returns its rows as plain objects (BIGINT as bigint, DATE/TIMESTAMP as Date). */
export async function queryRows(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

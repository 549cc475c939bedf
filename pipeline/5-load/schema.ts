// Schema versions and migrations. sql/tables holds the full current DDL (CREATE … IF NOT EXISTS),
// applied on every open, so a new table or view needs nothing more. A change to a table that
// warehouses already hold ships as a migration, one step a file: sql/migrations/NNN_name.sql
// (NNNa_, NNNb_ … when one version takes several files). The version this code expects is the
// highest NNN; a warehouse records the versions it has reached in etl_schema_version, and one
// without that table is version 0, the schema released before versions were kept.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { appendRows } from './append.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../sql/migrations/', import.meta.url));

/** A migration file name: three digits (the version it brings a warehouse to), an optional step letter, `_`, a name. */
const MIGRATION_FILE = /^(\d{3})[a-z]?_[\w-]+\.sql$/;

export interface Migration {
  version: number;
  file: string;
  sql: string;
}

/** The warehouse holds no tables yet: sql/tables creates it at the current version, no migration runs. */
export const EMPTY = 'empty';
export type SchemaVersion = number | typeof EMPTY;

/** A warehouse written by a later nianbao: never written, never read as if it were ours. */
export class WarehouseTooNew extends Error {
  constructor(readonly found: number, readonly expected: number, which = 'the warehouse') {
    super(
      `${which} is at schema version ${found}, newer than this nianbao's ${expected}: ` +
        'a later nianbao wrote it; use that one (nothing was changed)',
    );
  }
}

/** Given a folder, returns its migrations in file-name order (version, then step); throws on a .sql file not named NNN_name.sql. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (file) => {
      const m = MIGRATION_FILE.exec(file);
      if (!m) throw new Error(`${join(dir, file)}: a migration is named NNN_name.sql (or NNNa_name.sql)`);
      return { version: Number(m[1]), file, sql: await readFile(join(dir, file), 'utf8') };
    }),
  );
}

/** Given the migrations, returns the schema version they bring a warehouse to: the highest NNN, 0 for none. */
export function versionOf(migrations: readonly Migration[]): number {
  return Math.max(0, ...migrations.map((m) => m.version));
}

/**
 * Given a connection and a database name (an ATTACHed one, or the main one), returns its schema
 * version: the highest in etl_schema_version, 0 when it has tables but no versions (the released
 * schema), EMPTY when it has no tables at all.
 */
export async function schemaVersionOf(conn: DuckDBConnection, database?: string): Promise<SchemaVersion> {
  const db = database ?? (await scalar(conn, 'SELECT current_database()'));
  const tables = await conn.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main'`,
    [String(db)],
  );
  const names = new Set(tables.getRows().map((r) => String(r[0])));
  if (names.size === 0) return EMPTY;
  if (!names.has('etl_schema_version')) return 0;
  return Number(await scalar(conn, `SELECT coalesce(max(version), 0) FROM "${String(db).replaceAll('"', '""')}".etl_schema_version`));
}

/** What a migration pass did. */
export interface MigrationPass {
  from: SchemaVersion;
  to: number;
  /** The files applied, in order. */
  applied: string[];
}

/**
 * Given a connection open for writing, inside the caller's transaction, runs the migrations past
 * the warehouse's version, in order; returns what it did, for recordVersions once sql/tables is
 * applied (applySchema). A warehouse newer than the migrations throws WarehouseTooNew before
 * anything is written.
 */
export async function migrate(conn: DuckDBConnection, migrations: readonly Migration[]): Promise<MigrationPass> {
  const from = await schemaVersionOf(conn);
  const to = versionOf(migrations);
  if (from !== EMPTY && from > to) throw new WarehouseTooNew(from, to);
  const pending = from === EMPTY ? [] : migrations.filter((m) => m.version > from);
  for (const m of pending) {
    try {
      await conn.run(m.sql);
    } catch (err) {
      throw new Error(`migration ${m.file}: ${(err as Error).message}`);
    }
  }
  return { from, to, applied: pending.map((m) => m.file) };
}

/** Given a connection (sql/tables applied) and a migration pass, records each version it reached; a pass that changed nothing writes nothing. */
export async function recordVersions(conn: DuckDBConnection, pass: MigrationPass, migrations: readonly Migration[]): Promise<void> {
  const at = new Date();
  if (pass.from === EMPTY) {
    await appendRows(conn, 'etl_schema_version', [[pass.to, 'created', at]]);
    return;
  }
  const reached = [...new Set(migrations.filter((m) => pass.applied.includes(m.file)).map((m) => m.version))];
  await appendRows(
    conn,
    'etl_schema_version',
    reached.map((v) => [v, migrations.filter((m) => m.version === v).map((m) => m.file).join(', '), at]),
  );
}

/** Given the schema state of a warehouse opened for reading, returns what a reader should be told about an older schema, or undefined. */
export function olderSchemaNotice({ found, expected }: { found: SchemaVersion; expected: number }): string | undefined {
  if (found === EMPTY || found >= expected) return undefined;
  return `the warehouse is at schema version ${found}, older than this nianbao's ${expected}: read as it is (columns and views added since are missing); the next \`nianbao ingest\` upgrades it`;
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRows()[0][0];
}

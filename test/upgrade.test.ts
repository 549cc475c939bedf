// Upgrades that keep the warehouse: a warehouse of the released schema (version 0, made by
// test/fixtures/make-v0-warehouse.ts from that version's DDL) opened by this code keeps every row
// and gains every new column and table; a run killed in the middle of a migration leaves it byte for
// byte; a warehouse newer than the code is refused, untouched.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '../pipeline/5-load/duckdb.ts';
import { openForReading, openForWriting, queryRows, WarehouseTooNew, type Warehouse } from '../pipeline/5-load/index.ts';
import { MIGRATIONS_DIR, readMigrations, versionOf } from '../pipeline/5-load/schema.ts';
import { mergeWarehouses } from '../pipeline/run/shard.ts';
import { makeV0Warehouse, V0_TABLES } from './fixtures/make-v0-warehouse.ts';
import { withWarehouse } from './fixtures/warehouse.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nianbao.mjs');
const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url));
/** tsx's loader, named whole: the child runs in a temp folder, where `--import tsx` would not resolve. */
const TSX = import.meta.resolve('tsx');
const FIXTURE_MIGRATIONS = fileURLToPath(new URL('./fixtures/migrations/', import.meta.url));
const EXIT_DID_NOT_RUN = 2;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-upgrade-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Given a path and queries, returns each query's rows from a plain READ_ONLY open: for a warehouse at a version this code does not expect. */
async function plainRows(path: string, queries: string[]): Promise<Record<string, unknown>[][]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const out: Record<string, unknown>[][] = [];
    for (const sql of queries) out.push(await queryRows(conn, sql));
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Given a connection, returns every table's columns in order, as `name type`. */
async function columnsOf(wh: Warehouse): Promise<Record<string, string[]>> {
  const rows = await queryRows(
    wh.conn,
    `SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index) AS columns
     FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
       AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE database_name = current_database())
     GROUP BY table_name`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.table_name), r.columns as string[]]));
}

/** Given a connection, tables and (optionally) the columns to read of each, returns their rows in a stable order. */
async function rowsOf(wh: Warehouse, tables: readonly string[], columns?: Record<string, string[]>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const list = columns ? columns[table].map((c) => `"${c.split(' ')[0]}"`).join(', ') : '*';
    out[table] = await queryRows(wh.conn, `SELECT ${list} FROM ${table} ORDER BY ALL`);
  }
  return out;
}

/**
 * Given a warehouse, returns each view's SQL as DuckDB keeps it, the columns of every EXCLUDE list
 * in name order: DuckDB holds such a list as a set, and writes it out in whatever order the set
 * has when the catalogue is next checkpointed, so its order says nothing about the view.
 */
async function viewsOf(wh: Warehouse): Promise<Record<string, unknown>[]> {
  const views = await queryRows(wh.conn, 'SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1');
  const sorted = (list: string) => list.split(', ').sort().join(', ');
  return views.map((v) => ({ ...v, sql: String(v.sql).replace(/EXCLUDE \(([^()]*)\)/g, (_, list: string) => `EXCLUDE (${sorted(list)})`) }));
}

describe('a warehouse of the released schema (version 0)', () => {
  it('opened by this code keeps every row, gains every new column and table in a new warehouse’s order, and a second open changes nothing', async () => {
    const old = join(dir, 'v0.duckdb');
    await makeV0Warehouse(old);
    const { columns: v0Columns, rows: v0Rows } = await withWarehouse(openForReading(old), async (wh) => {
      expect(wh.schema.found).toBe(0);
      const columns = await columnsOf(wh);
      return { columns, rows: await rowsOf(wh, V0_TABLES, columns) };
    });
    const expected = versionOf(await readMigrations());
    expect(expected).toBeGreaterThanOrEqual(1);

    const migrated = await withWarehouse(openForWriting(old), async (wh) => {
      expect(wh.schema).toEqual({ found: 0, expected, applied: (await readMigrations()).map((m) => m.file) });
      return { columns: await columnsOf(wh), rows: await rowsOf(wh, V0_TABLES, v0Columns) };
    }, true);
    const fresh = await withWarehouse(openForWriting(join(dir, 'new.duckdb')), async (wh) => {
      expect(wh.schema.found).toBe('empty');
      return columnsOf(wh);
    }, true);

    // Every row kept, every value of the old columns as it was; the catalogue and region dimensions are refilled, as every open does.
    const refilled = new Set(['dim_metric', 'dim_applicant', 'dim_region']);
    for (const table of V0_TABLES.filter((t) => !refilled.has(t))) expect(migrated.rows[table], table).toEqual(v0Rows[table]);
    expect(v0Rows.fact_report).toHaveLength(3);
    // The same tables and columns, in the same order, as a warehouse made new (rows are loaded by position).
    expect(migrated.columns).toEqual(fresh);
    expect(fresh.etl_run).toContain('findings_cross_year INTEGER');
    expect(fresh.fact_report).toContain('source_hints VARCHAR');
    expect(Object.keys(fresh)).toEqual(expect.arrayContaining(['etl_schema_version', 'fact_legacy']));

    const all = Object.keys(fresh).sort();
    const before = await withWarehouse(openForReading(old), async (wh) => {
      expect(wh.schema).toEqual({ found: expected, expected, applied: [] });
      const versions = await queryRows(wh.conn, 'SELECT version, reached_by FROM etl_schema_version ORDER BY version');
      expect(versions.at(-1)).toEqual({ version: expected, reached_by: expect.stringMatching(/^\d{3}[a-z]?_/) });
      const [report] = await queryRows(wh.conn, "SELECT source_hints FROM fact_report WHERE report_id = '00000000000000a1'");
      expect(report.source_hints).toBeNull(); // unknown for reports loaded before hints were kept
      return { rows: await rowsOf(wh, all), views: await viewsOf(wh) };
    });
    await withWarehouse(openForWriting(old), async (wh) => expect(wh.schema.applied).toEqual([]), true);
    await withWarehouse(openForReading(old), async (wh) => {
      expect(await rowsOf(wh, all)).toEqual(before.rows);
      expect(await viewsOf(wh)).toEqual(before.views);
      expect(await columnsOf(wh)).toEqual(fresh);
    });
  });

  it('a run killed in the middle of a migration leaves it byte for byte, and the next run migrates it', async () => {
    const warehouse = join(dir, 'wh', 'nianbao.duckdb');
    mkdirSync(join(dir, 'wh'));
    await makeV0Warehouse(warehouse);
    const before = sha256(warehouse);
    // The real migrations, then the fixture step that waits on migration-hold.txt.
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    for (const f of [...readdirSync(MIGRATIONS_DIR).map((n) => join(MIGRATIONS_DIR, n)), join(FIXTURE_MIGRATIONS, '999_wait_for_release.sql')]) {
      copyFileSync(f, join(migrations, f.split('/').at(-1)!));
    }
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'note.txt'), '升级测试文件\n');
    const hold = join(dir, 'migration-hold.txt');
    expect(spawnSync('mkfifo', [hold]).status).toBe(0);

    const child = spawn(process.execPath, ['--import', TSX, CHILD, warehouse, migrations, inputs], { cwd: dir, stdio: 'ignore' });
    let exited = false;
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)).on('exit', () => (exited = true)));
    // A FIFO opens for writing, without blocking, only once a reader has it open: the migration is under way.
    let writer: number | undefined;
    for (let tries = 0; writer === undefined; tries++) {
      try {
        writer = openSync(hold, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || exited || tries > 1200) throw err;
        await sleep(50);
      }
    }
    child.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    closeSync(writer);

    expect(sha256(warehouse)).toBe(before);
    expect(existsSync(`${warehouse}.next`)).toBe(true); // the copy it was migrating, cleared by the next run
    await withWarehouse(openForReading(warehouse), async (wh) => expect(wh.schema.found).toBe(0));

    rmSync(hold);
    writeFileSync(hold, 'released\n');
    const next = spawnSync(process.execPath, ['--import', TSX, CHILD, warehouse, migrations, inputs], { cwd: dir, encoding: 'utf8' });
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr).toContain('took over the lock of a run that died');
    expect(next.stderr).toContain('schema migrated');
    expect(existsSync(`${warehouse}.next`)).toBe(false);
    expect(
      await plainRows(warehouse, [
        'SELECT max(version) AS v FROM etl_schema_version',
        'SELECT word FROM fixture_release',
        'SELECT count(*)::INTEGER AS n FROM fact_report',
        "SELECT source_hints FROM fact_report WHERE source = 'note.txt'",
      ]),
    ).toEqual([[{ v: 999 }], [{ word: 'released\n' }], [{ n: 4 }], [{ source_hints: '{}' }]]);
  });
});

describe('a warehouse newer than the code', () => {
  it('is refused with exit 2 by ingest and by read-only commands, naming both versions, and left unchanged', async () => {
    const warehouse = join(dir, 'w.duckdb');
    const expected = versionOf(await readMigrations());
    await withWarehouse(openForWriting(warehouse), (wh) => wh.conn.run(`INSERT INTO etl_schema_version VALUES (${expected + 5}, 'a later nianbao', now())`), true);
    const before = sha256(warehouse);
    const message = `schema version ${expected + 5}, newer than this nianbao's ${expected}`;

    const run = spawnSync(process.execPath, [BIN, 'ingest', join(ROOT, 'raw', 'samples'), '-w', warehouse, '--workers', '1'], { encoding: 'utf8' });
    expect(run.status).toBe(EXIT_DID_NOT_RUN);
    expect(run.stderr).toContain(message);
    for (const args of [['status'], ['sql', 'SELECT 1'], ['export', 'summary', '--by', 'year']]) {
      const read = spawnSync(process.execPath, [BIN, ...args, '-w', warehouse], { encoding: 'utf8' });
      expect(read.status, args.join(' ')).toBe(EXIT_DID_NOT_RUN);
      expect(read.stderr, args.join(' ')).toContain(message);
    }
    await expect(openForWriting(warehouse)).rejects.toThrow(WarehouseTooNew);
    // Nor is it merged as a shard's part into a warehouse of this version.
    await expect(mergeWarehouses(join(dir, 'merged.duckdb'), [warehouse])).rejects.toThrow(`part ${warehouse} is at ${message}`);
    expect(existsSync(join(dir, 'merged.duckdb'))).toBe(false);
    expect(sha256(warehouse)).toBe(before);
    expect(existsSync(`${warehouse}.next`)).toBe(false);
  });
});

describe('migration files', () => {
  it('are named NNN_name.sql; a new warehouse is created at their version without running them', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'add-column.sql'), 'SELECT 1');
    await expect(readMigrations(bad)).rejects.toThrow(/NNN_name\.sql/);

    await withWarehouse(openForWriting(join(dir, 'f.duckdb'), FIXTURE_MIGRATIONS), async (wh) => {
      expect(wh.schema).toEqual({ found: 'empty', expected: 999, applied: [] });
      expect(await queryRows(wh.conn, 'SELECT version, reached_by FROM etl_schema_version')).toEqual([{ version: 999, reached_by: 'created' }]);
    }, true);
  });
});

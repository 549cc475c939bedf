// An open skips the DDL when the warehouse already holds exactly this code's sql/ files, and
// applies it again when an object of them is missing.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { close, openForWriting, queryRows } from '../pipeline/5-load/index.ts';
import { EMPTY } from '../pipeline/5-load/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-schema-skip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('applying the schema on open', () => {
  it('creates again a view dropped by hand, and keeps the digest of the DDL it applied', async () => {
    const path = join(dir, 'wh.duckdb');
    const views = async () => (await queryRows(first.conn, "SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'v_report_findings'"))[0].n;
    const first = await openForWriting(path);
    const [{ digest }] = await queryRows(first.conn, "SELECT comment AS digest FROM duckdb_tables() WHERE table_name = 'etl_schema_version'");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await views()).toBe(1);
    await first.conn.run('DROP VIEW v_report_findings');
    close(first);

    const again = await openForWriting(path);
    try {
      expect(await queryRows(again.conn, "SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'v_report_findings'")).toEqual([{ n: 1 }]);
    } finally {
      close(again);
    }
  });

  it('starts a new warehouse from the empty one kept for this schema, dated and found empty as if built in place', async () => {
    const before = Date.now() - 1000;
    const made = [];
    for (const name of ['one.duckdb', 'two.duckdb']) {
      const wh = await openForWriting(join(dir, name));
      try {
        expect(wh.schema.found).toBe(EMPTY);
        const versions = await queryRows(wh.conn, 'SELECT version, reached_by, reached_at FROM etl_schema_version');
        expect(versions).toEqual([{ version: wh.schema.expected, reached_by: 'created', reached_at: expect.any(Date) }]);
        expect((versions[0].reached_at as Date).getTime()).toBeGreaterThanOrEqual(before);
        made.push(await queryRows(wh.conn, `
          SELECT (SELECT list(view_name ORDER BY view_name) FROM duckdb_views() WHERE NOT internal) AS views,
                 (SELECT list(table_name ORDER BY table_name) FROM duckdb_tables()) AS tables,
                 (SELECT comment FROM duckdb_tables() WHERE table_name = 'etl_schema_version') AS digest,
                 (SELECT count(*)::INTEGER FROM dim_region) AS regions`));
      } finally {
        close(wh);
      }
    }
    expect(made[1]).toEqual(made[0]);
    expect(made[0][0].regions).toBeGreaterThan(40_000);
  });

  it('creates the schema in place when the kept empty warehouse is damaged, and drops the damaged file', async () => {
    close(await openForWriting(join(dir, 'keeps.duckdb')));
    const cache = new URL('../node_modules/.cache/nianbao/', import.meta.url);
    const kept = readdirSync(cache).filter((f) => /^empty-[0-9a-f]{16}\.duckdb$/.test(f));
    expect(kept.length).toBeGreaterThan(0);
    // Every kept file is damaged (runs beside this one fall back the same way).
    for (const f of kept) writeFileSync(new URL(f, cache), 'not a DuckDB file');
    const wh = await openForWriting(join(dir, 'damaged.duckdb'));
    try {
      expect(wh.schema.found).toBe(EMPTY);
      expect(await queryRows(wh.conn, "SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'v_report'")).toEqual([{ n: 1 }]);
      expect(await queryRows(wh.conn, "SELECT reached_by FROM etl_schema_version")).toEqual([{ reached_by: 'created' }]);
    } finally {
      close(wh);
    }
  });
});


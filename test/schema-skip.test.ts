// An open skips the DDL when the warehouse already holds exactly this code's sql/ files, and
// applies it again when an object of them is missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { close, openForWriting, queryRows } from '../pipeline/5-load/index.ts';

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
});

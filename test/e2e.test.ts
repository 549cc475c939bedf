// End to end through the real stages: ingest text reports into a temp warehouse, read back through
// SQL, ingest again (nothing re-extracted, same rows), force (everything re-extracted, same rows).
// Runs on ../shared/corpus when it is there, and only once extract() is built.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from '../pipeline/3-extract/index.ts';
import { createLogger } from '../pipeline/core/log.ts';
import { ingest } from '../pipeline/run/index.ts';
import { close, openForReading, queryRows } from '../pipeline/5-load/index.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const INPUTS = [join(CORPUS, 'seeds'), join(CORPUS, 'layout-text')];

function skipReason(): string | null {
  if (!existsSync(CORPUS)) return `${CORPUS} is absent`;
  try {
    extract({ source: 'probe.txt', sha256: '', bytes: 0, format: 'text', encoding: 'utf-8', lines: [], meta: {}, findings: [] });
  } catch (err) {
    if (/not built yet/.test((err as Error).message)) return 'extract() is not built yet';
  }
  return null;
}
const skip = skipReason();
if (skip) console.log(`e2e skipped: ${skip}`);

const dir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-'));
const warehouse = join(dir, 'w.duckdb');
const log = createLogger({ level: 'silent' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tableCounts(): Promise<Record<string, unknown>> {
  const wh = await openForReading(warehouse);
  try {
    const [row] = await queryRows(wh.conn, `
      SELECT (SELECT count(*) FROM fact_report)::INTEGER AS reports,
             (SELECT count(*) FROM fact_table2)::INTEGER + (SELECT count(*) FROM fact_table3)::INTEGER
               + (SELECT count(*) FROM fact_table4)::INTEGER AS cells,
             (SELECT count(*) FROM fact_finding)::INTEGER AS findings,
             (SELECT count(*) FROM fact_section)::INTEGER AS sections,
             (SELECT count(*) FROM dim_agency)::INTEGER AS agencies`);
    return row;
  } finally {
    close(wh);
  }
}

describe.skipIf(skip !== null)('ingest end to end', () => {
  it('loads every report with its cells, and reads back through SQL', async () => {
    const summary = await ingest({ inputs: INPUTS, warehouse, log, rawDir: join(dir, 'raw') });
    expect(summary.filesSeen).toBe(6);
    expect(summary.filesExtracted).toBe(6);
    expect(summary.outcomes.failed).toBe(0);
    const counts = await tableCounts();
    expect(counts.reports).toBe(6);
    expect(counts.cells).toBe(summary.cellsLoaded);
    expect(summary.cellsLoaded).toBeGreaterThan(1000);

    const wh = await openForReading(warehouse);
    try {
      const rows = await queryRows(wh.conn, `
        SELECT r.source, r.year, r.template, t.value, t.state, t.raw
        FROM fact_table3 t JOIN fact_report r USING (report_id)
        WHERE t.metric = 't3.new' AND t.applicant = 'total' ORDER BY r.source`);
      expect(rows).toHaveLength(6);
      for (const r of rows) expect(['number', 'blank', 'dash', 'unreadable']).toContain(r.state);
      const [run] = await queryRows(wh.conn, `SELECT status, files_seen, files_extracted FROM etl_run`);
      expect(run).toEqual({ status: 'ok', files_seen: 6, files_extracted: 6 });
    } finally {
      close(wh);
    }
  });

  it('a second run extracts nothing and leaves the same rows; --force re-extracts to the same rows', async () => {
    const before = await tableCounts();
    const again = await ingest({ inputs: INPUTS, warehouse, log, rawDir: join(dir, 'raw') });
    expect(again.filesUnchanged).toBe(6);
    expect(again.filesExtracted).toBe(0);
    expect(await tableCounts()).toEqual(before);
    const forced = await ingest({ inputs: INPUTS, warehouse, log, rawDir: join(dir, 'raw'), force: true });
    expect(forced.filesExtracted).toBe(6);
    expect(await tableCounts()).toEqual(before);
  });
});

// The analyst commands on the fixture warehouse: `export summary` CSVs, `sql` one-shot and the console.
// The commands are registered on a stand-in for cli.ts's program: an `export` command with its
// --warehouse and --out options, as registerAnalystCommands expects to find it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, Option } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { close, openForReading, type Warehouse } from '../pipeline/5-load/index.ts';
import { registerAnalystCommands, summaryCsv } from '../pipeline/query/summary.ts';
import { runSql, startConsole } from '../pipeline/query/console.ts';
import { buildFixtureWarehouse } from './fixtures/warehouse.ts';

let dir: string;
let warehouse: string;
let wh: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-analyst-'));
  warehouse = join(dir, 'w.duckdb');
  await buildFixtureWarehouse(warehouse);
  wh = await openForReading(warehouse);
}, 60_000);

afterAll(() => {
  if (wh) close(wh);
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** RFC 4180 rows of a CSV text (no quoted line breaks in these fixtures). */
const csvRows = (text: string) => text.trimEnd().split('\n').map((line) => line.split(','));
/** Given CSV text, returns its rows as objects keyed by the header. */
function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = csvRows(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Runs the analyst commands, as cli.ts would register them, with the given arguments; returns what they printed. */
async function nianbao(...args: string[]): Promise<string> {
  const program = new Command('nianbao').exitOverride().configureOutput({ writeErr: () => {} });
  program
    .command('export')
    .argument('<what>')
    .argument('[name]')
    .addOption(new Option('-w, --warehouse <file>', 'DuckDB warehouse file').default(join(dir, 'default.duckdb')))
    .option('-o, --out <file>', 'write here instead of stdout')
    .action(() => {
      throw new Error('the stand-in export command is not under test');
    });
  registerAnalystCommands(program);
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  await program.parseAsync(args, { from: 'user' });
  vi.mocked(process.stdout.write).mockRestore();
  return printed;
}

describe('export summary', () => {
  it('--by year prints the yearly totals as CSV', async () => {
    const csv = await nianbao('export', 'summary', '--by', 'year', '--warehouse', warehouse);
    expect(csv.split('\n')[0]).toMatch(/^year,reports,reports_2019_template,reports_2021_template,received,carried_in,processed,/);
    const rows = csvObjects(csv);
    expect(rows.map((r) => [r.year, r.reports, r.received, r.processed, r.granted, r.disclosure_rate])).toEqual([
      ['2020', '2', '23', '21', '10', String(13 / 21)],
      ['2021', '5', '43', '45', '31', '0.75'],
      ['2022', '1', '6', '6', '4', String(5 / 6)],
    ]);
    // A blank sum is an empty field, not 0: no 2019-template report in 2021.
    expect(rows[1].rules_made).toBe('');
  });

  it('--from/--to and --out; --by province,year orders by province', async () => {
    const out = join(dir, 'provinces.csv');
    expect(await nianbao('export', 'summary', '--by', 'province,year', '--from', '2021', '--to', '2021', '-w', warehouse, '--out', out)).toBe('');
    expect(csvObjects(readFileSync(out, 'utf8')).map((r) => [r.province_code, r.province_name, r.year, r.received])).toEqual([
      ['320000', '江苏省', '2021', '41'],
      ['330000', '浙江省', '2021', '2'],
    ]);
  });

  it('--series prints the headline series of the same grouping (test/series.test.ts has the legacy years)', async () => {
    const rows = csvObjects(await nianbao('export', 'summary', '--by', 'year', '--series', '--warehouse', warehouse));
    expect(rows.map((r) => [r.year, r.reports, r.reports_legacy, r.received, r.received_reports])).toEqual([
      ['2020', '2', '0', '23', '2'],
      ['2021', '5', '0', '43', '5'],
      ['2022', '1', '0', '6', '1'],
    ]);
  });

  it('every grouping has its view', async () => {
    for (const by of ['year', 'level,year', 'province,year', 'prefecture,year', 'region,year', 'agency,year'] as const) {
      expect((await summaryCsv(wh.conn, by, { from: 2022 })).trimEnd().split('\n')).toHaveLength(2);
    }
  });

  it('refuses an unknown grouping, and exits 2 on a missing warehouse', async () => {
    await expect(nianbao('export', 'summary', '--by', 'county', '-w', warehouse)).rejects.toThrow(/Allowed choices/);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await nianbao('export', 'summary', '--by', 'year', '-w', join(dir, 'absent.duckdb'));
    expect(process.exitCode).toBe(2);
  });
});

describe('sql', () => {
  const query = "SELECT year, received, disclosure_rate FROM v_summary_by_year WHERE year >= 2021 ORDER BY year";

  it('prints an aligned table by default', async () => {
    expect(await nianbao('sql', query, '-w', warehouse)).toBe(
      ['year  received  disclosure_rate', '----  --------  ------------------', '2021  43        0.75', `2022  6         ${5 / 6}`, '(2 rows)', ''].join('\n'),
    );
  });

  it('--csv and --json', async () => {
    expect(await nianbao('sql', '--csv', query, '-w', warehouse)).toBe(`year,received,disclosure_rate\n2021,43,0.75\n2022,6,${5 / 6}\n`);
    const json = JSON.parse(await nianbao('sql', '--json', "SELECT count(*) AS reports, 'a,b' AS text, NULL AS nothing FROM v_report", '-w', warehouse));
    expect(json).toEqual([{ reports: 10, text: 'a,b', nothing: null }]);
  });

  it('runs several statements, one result each; CJK columns stay aligned', async () => {
    const out = await runSql(wh.conn, "SELECT 1 AS one; SELECT name FROM dim_region WHERE code IN ('320000', '330106') ORDER BY code", 'table');
    expect(out).toBe('one\n---\n1\n(1 row)\n\nname\n------\n江苏省\n西湖区\n(2 rows)\n');
  });

  it('is read-only: a write fails and exits 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await nianbao('sql', 'CREATE TABLE t (x INTEGER)', '-w', warehouse);
    expect(process.exitCode).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toMatch(/read-only/i);
  });
});

describe('the console', () => {
  it('runs statements over several lines, lists tables, survives an error, keeps history, stops at .exit', async () => {
    const historyFile = join(dir, 'history');
    writeFileSync(historyFile, 'SELECT 42;\n');
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += d));
    input.end(['.tables', 'SELECT received', '  FROM v_summary_by_year WHERE year = 2022;', 'SELECT nonsense;', '.exit', 'SELECT 1;', ''].join('\n'));
    await startConsole(wh.conn, { input, output, historyFile });
    expect(printed).toMatch(/fact_report +table/);
    expect(printed).toMatch(/v_summary_by_year +view/);
    expect(printed).toContain('received\n--------\n6\n(1 row)\n');
    expect(printed).toMatch(/Error: .*nonsense/);
    expect(printed).not.toMatch(/^1\n-\n1\n/m); // SELECT 1; came after .exit
    expect(readFileSync(historyFile, 'utf8')).toBe(
      ['SELECT 42;', '.tables', 'SELECT received', '  FROM v_summary_by_year WHERE year = 2022;', 'SELECT nonsense;', '.exit', ''].join('\n'),
    );
  });
});

// Commands for analysts: CSV summaries of the warehouse (`export summary`) and SQL without the
// DuckDB CLI (`sql`). Both open the warehouse READ_ONLY, so they never block or change a run.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EXIT_CODES_HELP, EXIT_DID_NOT_RUN } from '../core/exit-codes.ts';
import { close, olderSchemaNotice, openForReading, type Warehouse } from '../5-load/index.ts';
import { HISTORY_FILE, runSql, startConsole, toCsv } from './console.ts';


/**
 * `export summary --by` groupings: the view of each (of the templates' statistics, and of the
 * headline series from 2008 on for `--series`) and the columns its rows are ordered by.
 */
export const SUMMARY_GROUPINGS = {
  year: { view: 'v_summary_by_year', seriesView: 'v_series_summary_by_year', order: ['year'] },
  'level,year': { view: 'v_summary_by_level_year', seriesView: 'v_series_summary_by_level_year', order: ['agency_level', 'year'] },
  'province,year': { view: 'v_summary_by_province_year', seriesView: 'v_series_summary_by_province_year', order: ['province_code', 'year'] },
  'prefecture,year': { view: 'v_summary_by_prefecture_year', seriesView: 'v_series_summary_by_prefecture_year', order: ['prefecture_code', 'year'] },
  'region,year': { view: 'v_summary_by_region_year', seriesView: 'v_series_summary_by_region_year', order: ['region_code', 'year'] },
  'agency,year': { view: 'v_summary_by_agency_year', seriesView: 'v_series_summary_by_agency_year', order: ['agency', 'agency_key', 'year'] },
} as const;

export type SummaryGrouping = keyof typeof SUMMARY_GROUPINGS;

export interface SummaryOptions {
  from?: number;
  to?: number;
  /** The headline series across all years, legacy ones included, instead of the templates' statistics. */
  series?: boolean;
}

/** Given a connection, a grouping and options (year range, series), returns the summary as CSV (UTF-8, header row, RFC 4180, LF). */
export async function summaryCsv(conn: DuckDBConnection, by: SummaryGrouping, options: SummaryOptions = {}): Promise<string> {
  const { view, seriesView, order } = SUMMARY_GROUPINGS[by];
  const reader = await conn.runAndReadAll(
    `SELECT * FROM ${options.series ? seriesView : view}
     WHERE ($1::INTEGER IS NULL OR year >= $1) AND ($2::INTEGER IS NULL OR year <= $2)
     ORDER BY ${order.map((c) => `${c} NULLS LAST`).join(', ')}`,
    [options.from ?? null, options.to ?? null],
  );
  return toCsv(reader);
}

/** Given a path and some work, opens the warehouse READ_ONLY for it; a failure is reported on stderr with exit code 2. */
async function withWarehouse(path: string, work: (wh: Warehouse) => Promise<void>): Promise<void> {
  let wh: Warehouse | undefined;
  try {
    wh = await openForReading(path);
    const notice = olderSchemaNotice(wh.schema);
    if (notice) process.stderr.write(`nianbao: ${notice}\n`);
    await work(wh);
  } catch (err) {
    process.stderr.write(`nianbao: ${(err as Error).message}\n`);
    process.exitCode = EXIT_DID_NOT_RUN;
  } finally {
    if (wh) close(wh);
  }
}

/** Given text and an optional file, writes the text to the file, else to stdout. */
function emit(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

/** Given a year as typed (--from, --to), returns it, or rejects what is not one. */
export function year(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1900 || n > 2999) throw new InvalidArgumentError('a year, e.g. 2021');
  return n;
}

/**
 * Given the nianbao program with its `export` command registered, adds `export summary` under it
 * (sharing its --warehouse and --out) and the `sql` command (with the same --warehouse default).
 */
export function registerAnalystCommands(program: Command): void {
  const exportCommand = program.commands.find((c) => c.name() === 'export');
  const warehouse = exportCommand?.options.find((o) => o.long === '--warehouse');
  if (!exportCommand || !warehouse) throw new Error('registerAnalystCommands: register the export command (with --warehouse) first');

  exportCommand
    .command('summary')
    .description('CSV of the aggregated statistics (applications, outcomes, disputes, proactive disclosure) by a grouping')
    .addOption(new Option('--by <grouping>', 'rows per').choices(Object.keys(SUMMARY_GROUPINGS)).makeOptionMandatory())
    .option('--from <year>', 'first data year', year)
    .option('--to <year>', 'last data year', year)
    .option('--series', 'the headline series from 2008 on (received, granted, partial, denied, reviews, suits, proactive total, fees), reports before 2019 included')
    .addHelpText('after', `
Each agency's latest report per year is counted once; 全市/全区 jurisdiction summaries are left
out of the sums (--by agency,year lists them, flagged by agency_scope). Blanks are not zeros.
--series: each sum has <metric>_reports beside it, the reports it adds up; what each series
counts before 2019 and since: the table dim_series_crosswalk.
Uses the export command's --warehouse and --out. See docs/warehouse.md.

Examples:
  nianbao export summary --by province,year --from 2021 --out provinces.csv
  nianbao export summary --by year --series --from 2008
${EXIT_CODES_HELP}`)
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<{ by: SummaryGrouping; from?: number; to?: number; series?: boolean; warehouse: string; out?: string }>();
      await withWarehouse(opts.warehouse, async (wh) => emit(await summaryCsv(wh.conn, opts.by, opts), opts.out));
    });

  program
    .command('sql')
    .description('run SQL on the warehouse (read-only) and print the result; with no query, an interactive console')
    .argument('[query]', 'one or more SQL statements; none: the console (.tables, .exit, history in ~/.nianbao_history)')
    .addOption(new Option(warehouse.flags, warehouse.description).default(warehouse.defaultValue, warehouse.defaultValueDescription))
    .addOption(new Option('--csv', 'print CSV instead of a table').conflicts('json'))
    .addOption(new Option('--json', 'print a JSON array of row objects instead of a table'))
    .addHelpText('after', `
Examples:
  nianbao sql "SELECT year, received, disclosure_rate FROM v_summary_by_year ORDER BY year"
  nianbao sql --csv "SELECT * FROM v_report_arithmetic_failures" > failures.csv
  nianbao sql
${EXIT_CODES_HELP}`)
    .action(async (query: string | undefined, opts: { warehouse: string; csv?: boolean; json?: boolean }) => {
      await withWarehouse(opts.warehouse, async (wh) => {
        if (query === undefined) {
          await startConsole(wh.conn, { input: process.stdin, output: process.stdout, historyFile: HISTORY_FILE, terminal: process.stdin.isTTY });
          return;
        }
        process.stdout.write(await runSql(wh.conn, query, opts.csv ? 'csv' : opts.json ? 'json' : 'table'));
      });
    });
}

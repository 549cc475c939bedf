// The nianbao command line: ingest, export, status; the analysts' commands (export summary,
// sql) come from query/summary.ts. Exit codes are in core/exit-codes.ts.
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { registerAnalystCommands } from './query/summary.ts';
import { EXIT_CODES_HELP, EXIT_DID_NOT_RUN, EXIT_OK, EXIT_SOURCES_FAILED } from './core/exit-codes.ts';
import { createLogger, type Logger } from './core/log.ts';
import { ingest, DidNotRun, DEFAULT_MAX_PAGES, SAMPLES_DIR, type IngestSummary } from './run/index.ts';
import { DEFAULT_HOST_PAUSE_MS, DEFAULT_PER_HOST } from './1-fetch/index.ts';
import { exportLong, exportView, UnknownViewError, LONG_EXPORTS, type LongExport } from './query/export.ts';
import { close, olderSchemaNotice, openForReading, queryRows, WarehouseTooNew, type Warehouse } from './5-load/index.ts';
import { EXTRACTOR_VERSION } from './core/version.ts';
import { exportParquet } from './query/parquet.ts';
import { displayWidth } from './query/console.ts';
import { qualityFigure, WORST_LISTED } from './query/quality.ts';
import { mergeWarehouses, parseShard, type Shard } from './run/shard.ts';
import { registerReportCommand, writeNightReport } from './report/command.ts';

const DEFAULT_WAREHOUSE = fileURLToPath(new URL('../warehouse/nianbao.duckdb', import.meta.url));


const warehouseOption = () =>
  new Option('-w, --warehouse <file>', 'DuckDB warehouse file').default(DEFAULT_WAREHOUSE, 'warehouse/nianbao.duckdb in the project');

const program = new Command('nianbao')
  .description('Batch ETL of Chinese government information-disclosure annual reports (政府信息公开工作年度报告) into DuckDB')
  .exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_DID_NOT_RUN))
  .addHelpText('after', EXIT_CODES_HELP);

program
  .command('ingest')
  .description('fetch, extract, validate and load reports; publishes the warehouse atomically when done')
  .argument('[sources...]', `files, folders (recursive), http(s)/file URLs, or list files (.list, .txt of locations, .csv sources files); none: the sample corpus ${SAMPLES_DIR}`)
  .addOption(warehouseOption())
  .option('-s, --sources <file>', 'sources.csv: url or path, kind (report or channel), agency, year, region, enabled')
  .option('-f, --force', 're-extract every file, even those already loaded with this extractor version', false)
  .option('--reextract', 'fetch nothing: re-read every report an older extractor version read from its kept bytes (raw/, or its local file), with the hints it was loaded with; takes no sources', false)
  .option('-c, --concurrency <n>', 'files fetched and processed at once', positiveInt, 4)
  .option('--workers <n>', 'worker threads for decode, extract and validate (default: every core)', positiveInt)
  .option('--shard <k/n>', 'only slice K of N of the sources (a stable hash of each location), for N machines to split a corpus; see docs/scale.md', shardArg)
  .option('--log-file <file>', 'also append JSON log lines to this file')
  .option('--max-pages <n>', 'listing pages read per channel', positiveInt, DEFAULT_MAX_PAGES)
  .option('--per-host <n>', 'requests at once to one host', positiveInt, DEFAULT_PER_HOST)
  .option('--host-pause <ms>', 'pause between the starts of two requests to one host', nonNegativeInt, DEFAULT_HOST_PAUSE_MS)
  .option('--ignore-robots', 'read channels even where robots.txt forbids it (only for sites that agreed to it)', false)
  .option('--report <file>', 'after publishing, write the report of the warehouse (as `nianbao report`) to this HTML file')
  .addHelpText(
    'after',
    `
The run takes <warehouse>.lock, loads into a copy <warehouse>.next (staging batch files in
<warehouse>.load/) and renames it over the warehouse when everything is in, so a killed run
leaves the warehouse as it was (the next run clears what it left) and readers with it open
(READ_ONLY) are never blocked. Files already loaded with the same
sha256, hints and extractor version are skipped. Opening the copy migrates an older
warehouse's schema first (sql/migrations); a warehouse newer than this nianbao is refused,
untouched. After an extractor upgrade, --reextract brings every report to the new version
without fetching. A channel (sources.csv kind = channel) is a listing page: its pages (up to
--max-pages) are read with conditional GETs, the report pages it lists are fetched once (their
attachments when the page holds no tables), and what it and they allow in robots.txt is
respected. Logs go to stderr: pretty with a progress bar on a terminal, JSON lines otherwise.
${EXIT_CODES_HELP}`,
  )
  .action(async (inputs: string[], opts: {
    warehouse: string; sources?: string; force: boolean; reextract: boolean; concurrency: number; workers?: number; shard?: Shard; logFile?: string;
    maxPages: number; perHost: number; hostPause: number; ignoreRobots: boolean; report?: string;
  }) => {
    const log = createLogger({ file: opts.logFile });
    if (opts.reextract && (inputs.length > 0 || opts.sources || opts.shard)) {
      log.error('--reextract re-reads the reports the warehouse holds: give it no sources, --sources or --shard');
      process.exitCode = EXIT_DID_NOT_RUN;
      return;
    }
    const abort = new AbortController();
    const stop = (signal: NodeJS.Signals) => {
      log.warn({ signal }, 'stopping: the warehouse will be left as it was');
      abort.abort(new Error(`interrupted by ${signal}`));
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
    const progress = process.stderr.isTTY
      ? new SingleBar({ stream: process.stderr, format: 'ingest [{bar}] {value}/{total} files · {eta_formatted} left', hideCursor: true }, Presets.shades_classic)
      : undefined;
    try {
      const summary = await ingest({
        inputs, sourcesFile: opts.sources, warehouse: opts.warehouse, force: opts.force, reextract: opts.reextract,
        concurrency: opts.concurrency, workers: opts.workers, shard: opts.shard, log, progress, signal: abort.signal,
        maxPages: opts.maxPages, perHost: opts.perHost, hostPauseMs: opts.hostPause, ignoreRobots: opts.ignoreRobots,
      });
      process.stdout.write(formatSummary(summary, opts.warehouse));
      process.exitCode = summary.status === 'ok' ? EXIT_OK : EXIT_SOURCES_FAILED;
      if (opts.report) await writeNightReport(opts.warehouse, opts.report, log);
    } catch (err) {
      log.error({ err }, err instanceof DidNotRun ? 'did not run' : 'run stopped before publishing; the warehouse is unchanged');
      process.exitCode = EXIT_DID_NOT_RUN;
    }
  });

program
  .command('export')
  .description('write a CSV export to stdout or a file: reports, cells, findings (as cells-export.md specifies), or view NAME; or the whole warehouse as Parquet (parquet --out DIR)')
  .argument('<what>', `${Object.keys(LONG_EXPORTS).join(' | ')} | view | parquet`)
  .argument('[name]', 'the view to export, with `view`')
  .addOption(warehouseOption())
  .option('-o, --out <file>', 'write here instead of stdout (parquet: the folder to write)')
  .addHelpText('after', `\nExamples:\n  nianbao export cells --out cells.csv\n  nianbao export view v_my_view > v.csv\n  nianbao export parquet --out lake/   (facts partitioned year=/province=, see docs/scale.md)\n${EXIT_CODES_HELP}`)
  .action(async (what: string, name: string | undefined, opts: { warehouse: string; out?: string }) => {
    const log = createLogger();
    if (what === 'parquet') {
      if (!opts.out) {
        log.error('export parquet needs --out DIR');
        process.exitCode = EXIT_DID_NOT_RUN;
        return;
      }
      await withWarehouse(opts.warehouse, log, async (wh) => {
        for (const t of await exportParquet(wh.conn, opts.out!)) process.stdout.write(`${t.table}\t${t.rows}\t${t.path}\n`);
      });
      return;
    }
    if (!(what in LONG_EXPORTS) && !(what === 'view' && name)) {
      log.error({ what }, `export what? ${Object.keys(LONG_EXPORTS).join(', ')}, view NAME, or parquet`);
      process.exitCode = EXIT_DID_NOT_RUN;
      return;
    }
    await withWarehouse(opts.warehouse, log, async (wh) => {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      if (what === 'view') await exportView(wh.conn, name!, out);
      else await exportLong(wh.conn, what as LongExport, out);
    });
  });

program
  .command('status')
  .description('what the warehouse holds: reports by year and template, how many were read whole and the worst, findings, the last runs and the files of the last one')
  .addOption(warehouseOption())
  .addHelpText('after', EXIT_CODES_HELP)
  .action(async (opts: { warehouse: string }) => {
    const log = createLogger();
    await withWarehouse(opts.warehouse, log, async (wh) => {
      process.stdout.write(await statusText(wh));
    });
  });

/** Opens the warehouse READ_ONLY for a command; any failure is exit 2 with the reason logged. */
async function withWarehouse(path: string, log: Logger, work: (wh: Warehouse) => Promise<void>): Promise<void> {
  let wh: Warehouse | undefined;
  try {
    wh = await openForReading(path);
    const notice = olderSchemaNotice(wh.schema);
    if (notice) log.warn(notice);
    await work(wh);
  } catch (err) {
    if (err instanceof UnknownViewError || err instanceof WarehouseTooNew) log.error(err.message);
    else if ((err as NodeJS.ErrnoException).code === 'EPIPE') return; // the reader (head, less) went away
    else log.error({ err, warehouse: path }, 'cannot read the warehouse');
    process.exitCode = EXIT_DID_NOT_RUN;
  } finally {
    if (wh) close(wh);
  }
}

program
  .command('merge')
  .description('merge the warehouses of `ingest --shard K/N` runs into one: the warehouse a single run over all the sources gives')
  .argument('<out>', 'the merged warehouse (created if absent; published atomically, under its lock)')
  .argument('<parts...>', 'the part warehouses, opened READ_ONLY')
  .addHelpText('after', `\nExample:\n  nianbao merge warehouse/nianbao.duckdb part1.duckdb part2.duckdb\n${EXIT_CODES_HELP}`)
  .action(async (out: string, parts: string[]) => {
    const log = createLogger();
    try {
      const { reports } = await mergeWarehouses(out, parts);
      process.stdout.write(`merged ${parts.length} warehouses into ${out}: ${reports} reports\n`);
    } catch (err) {
      log.error({ err, out }, 'merge failed; the output warehouse is unchanged');
      process.exitCode = EXIT_DID_NOT_RUN;
    }
  });

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number ≥ 1');
  return n;
}

function shardArg(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function formatSummary(s: IngestSummary, warehouse: string): string {
  const o = s.outcomes;
  return [
    `run ${s.runId}: ${s.status === 'ok' ? 'ok' : 'finished, some sources failed'}`,
    `  files      ${s.filesSeen} seen · ${s.filesFetched} fetched · ${s.filesUnchanged} unchanged · ${s.filesExtracted} extracted`,
    `  outcomes   ${o.loaded} loaded · ${o.partial} partial · ${o.not_report} not_report · ${o.failed} failed · ${o.unchanged} unchanged`,
    `  findings   ${s.findings.error} error · ${s.findings.warning} warning · ${s.findings.info} info (${s.findingsCrossYear} of them cross-year)`,
    s.copies
      ? `  copies     ${s.copies.reports} reports held by ${s.copies.files} files · ${s.copies.disagreements} cells disagree (whole warehouse, rechecked)`
      : '  copies     unchanged (nothing loaded)',
    s.crossYear
      ? `  cross-year ${s.crossYear.error} error · ${s.crossYear.warning} warning · ${s.crossYear.info} info (whole warehouse, rechecked)`
      : '  cross-year unchanged (nothing loaded)',
    `  cells      ${s.cellsLoaded} loaded`,
    ...(s.channels.read > 0 ? [`  channels   ${s.channels.read} read · ${s.channels.failed} failed · ${s.channels.reportsFound} report pages listed · ${s.channels.reportsNew} reports new`] : []),
    `  warehouse  ${warehouse}`,
    '',
  ].join('\n');
}

async function statusText(wh: Warehouse): Promise<string> {
  const q = (sql: string) => queryRows(wh.conn, sql);
  const byYear = await q(`
    SELECT year, template, count(*) AS reports,
           count(*) FILTER (status = 'loaded') AS loaded, count(*) FILTER (status = 'partial') AS partial,
           count(*) FILTER (status = 'not_report') AS not_report, count(*) FILTER (status = 'failed') AS failed
    FROM fact_report GROUP BY ALL ORDER BY year NULLS LAST, template NULLS LAST`);
  const bySeverity = await q(`
    SELECT severity, count(*) AS findings, count(DISTINCT report_id) AS reports
    FROM fact_finding GROUP BY severity ORDER BY list_position(['error', 'warning', 'info'], severity)`);
  const copies = await q(`
    SELECT count(DISTINCT chosen_id) AS reports, count(*) AS files,
           count(DISTINCT chosen_id) FILTER (cells_disputed > 0) AS reports_whose_copies_disagree
    FROM report_copy`);
  const runs = await q(`
    SELECT run_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started,
           round(epoch(finished_at - started_at), 1) AS seconds, status,
           files_seen AS seen, files_fetched AS fetched, files_unchanged AS unchanged,
           files_extracted AS extracted, files_failed AS failed, findings_error AS errors, cells_loaded AS cells
    FROM etl_run ORDER BY started_at DESC LIMIT 10`);
  const versions = await q(`
    SELECT extractor_version, count(*) AS reports, strftime(min(loaded_at), '%Y-%m-%d %H:%M:%S') AS first_loaded,
           strftime(max(loaded_at), '%Y-%m-%d %H:%M:%S') AS last_loaded
    FROM fact_report GROUP BY extractor_version ORDER BY min(loaded_at)`);
  const stale = versions.filter((v) => v.extractor_version !== EXTRACTOR_VERSION).reduce((n, v) => n + Number(v.reports), 0);
  const lastFiles = await q(`
    SELECT coalesce(source, location) AS file, outcome, stage, reason, duration_ms AS ms, found_on
    FROM etl_file WHERE run_id = (SELECT run_id FROM etl_run ORDER BY started_at DESC LIMIT 1)
    ORDER BY outcome = 'failed' DESC, file`);
  const quality = await qualityFigure(wh.conn);
  const { found, expected } = wh.schema;
  const channels = await q(`
    SELECT channel, pages_read AS pages, pages_unchanged AS unchanged, pages_failed AS pages_failed, complete,
           reports_found AS found, reports_new AS new, reports_failed AS failed, reports_disallowed AS robots, reason
    FROM etl_channel WHERE run_id = (SELECT run_id FROM etl_run ORDER BY started_at DESC LIMIT 1)
    ORDER BY failed DESC, channel`);
  return [
    `Schema version ${found === 'empty' ? 'none (empty warehouse)' : found} (this nianbao: ${expected})\n`,
    section('Reports by year and template', byYear),
    section('Quality of the templated reports (read whole: every cell a number, blank or dash; every identity holding; agency, region and year known)', quality.scopes),
    section(`Worst reports (up to ${WORST_LISTED})`, quality.worst),
    section('Metadata findings', quality.metadata),
    section(`Reports by extractor version (this nianbao: ${EXTRACTOR_VERSION})`, versions) +
      (stale > 0
        ? `  ${stale} read by an older extractor: \`nianbao ingest --reextract\` re-reads them from their kept bytes; one whose bytes are gone stays, failed at fetch in that run's files\n`
        : ''),
    section('Findings by severity', bySeverity),
    section('Reports held by several files (copies: the views count each once)', copies),
    section('Last runs', runs),
    section('Channels of the last run', channels),
    section(runs.length ? `Files of the last run (${runs[0].run_id})` : 'Files of the last run', lastFiles),
  ].join('\n');
}

function section(title: string, rows: Record<string, unknown>[]): string {
  return `${title}\n${rows.length ? table(rows) : '  (none)\n'}`;
}

/** Plain aligned columns; CJK characters count as two columns wide. */
function table(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(displayWidth(c), ...rows.map((r) => displayWidth(cell(r[c])))));
  const line = (values: string[]) => '  ' + values.map((v, i) => v + ' '.repeat(widths[i] - displayWidth(v))).join('  ').trimEnd() + '\n';
  return line(columns) + rows.map((r) => line(columns.map((c) => cell(r[c])))).join('');
}

registerAnalystCommands(program);
registerReportCommand(program, () => createLogger());
// A reader that stops early (`nianbao sql … | head`) closes the pipe: that is the reader's choice,
// not a failure, so the command ends quietly with success instead of an unhandled EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(EXIT_OK);
});
await program.parseAsync(process.argv);

// The `nianbao report` command, and the report `nianbao ingest --report FILE` writes after publishing.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EXIT_CODES_HELP, EXIT_DID_NOT_RUN } from '../core/exit-codes.ts';
import type { Logger } from '../core/log.ts';
import { year } from '../query/summary.ts';
import { writeReport, type ReportFilter } from './index.ts';

/** Given a province code as typed (35 or 350000), returns its 6-digit GB/T 2260 code, or rejects what is not one. */
export function provinceCode(value: string): string {
  const m = /^(\d{2})(?:0000)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('a province code of GB/T 2260, e.g. 350000 (or 35)');
  return `${m[1]}0000`;
}

/**
 * Given a finished, published run's warehouse and a file, writes the report there; a failure is
 * logged as an error and leaves the run's exit code alone (the warehouse is published either way).
 */
export async function writeNightReport(warehouse: string, out: string, log: Logger): Promise<void> {
  try {
    const bytes = await writeReport(warehouse, out);
    log.info({ report: out, bytes }, 'report written');
  } catch (err) {
    log.error({ err, report: out }, 'the run is published, but its report could not be written');
  }
}

/** Given the nianbao program with its `ingest` command registered, adds `report` (with the same --warehouse default). */
export function registerReportCommand(program: Command, log: () => Logger): void {
  const warehouse = program.commands.find((c) => c.name() === 'ingest')?.options.find((o) => o.long === '--warehouse');
  if (!warehouse) throw new Error('registerReportCommand: register the ingest command (with --warehouse) first');

  program
    .command('report')
    .description('one self-contained HTML page of charts and tables of the warehouse: coverage, applications, disclosure rates, disputes, data quality, the last runs')
    .addOption(new Option(warehouse.flags, warehouse.description).default(warehouse.defaultValue, warehouse.defaultValueDescription))
    .option('-o, --out <file>', 'the HTML file to write', 'report.html')
    .option('--from <year>', 'first data year', year)
    .option('--to <year>', 'last data year', year)
    .option('--province <code>', 'one province (GB/T 2260 code, e.g. 350000): its series, and its prefectures as small multiples', provinceCode)
    .addHelpText('after', `
The page has no script and loads nothing: charts are SVG drawn when it is built, styles inline,
so it opens from disk and travels as an e-mail attachment. Every figure comes from a view of
the warehouse (opened read-only); --from, --to and --province narrow the data sections, the
run sections always show whole runs. See README.md ("The report").

Example:
  nianbao report --from 2020 --to 2023 --province 350000 --out fujian.html
${EXIT_CODES_HELP}`)
    .action(async (opts: ReportFilter & { warehouse: string; out: string }) => {
      try {
        const bytes = await writeReport(opts.warehouse, opts.out, opts);
        process.stdout.write(`report written to ${opts.out} (${Math.ceil(bytes / 1024)} KB)\n`);
      } catch (err) {
        log().error({ err, warehouse: opts.warehouse }, 'cannot write the report');
        process.exitCode = EXIT_DID_NOT_RUN;
      }
    });
}

// `npm run bench [-- --sizes 1000,10000]`: throughput and memory of the pipeline on a synthetic
// corpus (bench/corpus.ts), at each size:
//   - each stage alone on one thread (decode; extract + validate; load): reports/s, MB/s, rows/s,
//     and that whole run, every stage in turn on one thread: the single-thread figure; once as it
//     is (DuckDB's threads and V8's collector still use other cores) and once pinned to one core
//     with taskset (the machine without any parallelism);
//   - a real ingest run with every core, with one worker thread (the loading thread beside it), and
//     with one worker pinned to one core (the same program without a second core): reports/s, MB/s,
//     rows/s, peak RSS, and the speed-up of all cores over each of the single-thread runs;
//   - an incremental no-op run (the same corpus again, into the warehouse just built);
//   - the same first run and no-op run through the CLI, as cron starts it: a process of its own,
//     start-up included (bench/cli.ts);
//   - the report of the all-cores warehouse (`nianbao report`): seconds and size;
// then how each figure changes from the smallest size to the largest, and the PDF decoder's
// throughput alone and through the CLI beside pdftotext (bench/pdf.ts). Every measurement runs in its own process, so each peak RSS is its own.
// Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.ts';
import type { IngestFigures, Job, ReportFigures, StageFigures } from './child.ts';
import { benchPdf, benchPdfIngest } from './pdf.ts';
import { describeCommand, timeCli, type CommandFigures } from './cli.ts';
import { isInstalled } from './installed.ts';

const CHILD = resolve(import.meta.dirname, 'child.ts');
const TSX = resolve(import.meta.dirname, '../node_modules/tsx/dist/cli.mjs');
const DEFAULT_SIZES = '1000,10000';
const SEED = 7;
const MB = 1024 * 1024;

interface SizeFigures {
  size: number;
  mb: number;
  stages: StageFigures;
  /** The same single-thread run pinned to one core; null without taskset. */
  oneCore: StageFigures | null;
  allCores: IngestFigures;
  oneWorker: IngestFigures;
  /** The ingest with one worker, pinned to one core: the same program without a second core; null without taskset. */
  oneCoreIngest: IngestFigures | null;
  noop: IngestFigures;
  /** `nianbao ingest` of the corpus through the CLI into a new warehouse, then again (a no-op). */
  cliFirst: CommandFigures;
  cliNoop: CommandFigures;
  report: ReportFigures;
}

/** Given a job, runs it in a child process (pinned to the first core, if asked) and returns the figures it prints. */
function runChild<T>(job: Job, { oneCore = false } = {}): T {
  const node = [process.execPath, TSX, CHILD, JSON.stringify(job)];
  const [command, ...args] = oneCore ? ['taskset', '--cpu-list', '0', ...node] : node;
  const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** Given a size, returns the corpus folder for it, generated on first use (the generator is deterministic). */
function corpusFor(size: number): string {
  const dir = join(tmpdir(), `nianbao-bench-corpus-${size}-seed${SEED}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    const started = performance.now();
    const stats = writeCorpus(dir, size, SEED);
    writeFileSync(done, JSON.stringify(stats));
    console.log(`corpus ${size}: ${stats.files} files, ${(stats.bytes / MB).toFixed(1)} MB, ${stats.damaged} damaged, ` +
      `${JSON.stringify(stats.byFormat)} (${((performance.now() - started) / 1000).toFixed(1)} s to write) in ${dir}`);
  }
  return dir;
}

const corpusMb = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.')).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / MB;

/** Given a size and the worker count, measures everything at that size. */
function measure(size: number, workers: number): SizeFigures {
  const corpus = corpusFor(size);
  const work = join(tmpdir(), `nianbao-bench-${process.pid}-${size}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const warehouse = (name: string) => join(work, `${name}.duckdb`);
    const stages = runChild<StageFigures>({ mode: 'stages', corpus, warehouse: warehouse('stages') });
    const oneCore = PINNABLE ? runChild<StageFigures>({ mode: 'stages', corpus, warehouse: warehouse('one-core') }, { oneCore: true }) : null;
    const allCores = runChild<IngestFigures>({ mode: 'ingest', corpus, warehouse: warehouse('all'), workers });
    const noop = runChild<IngestFigures>({ mode: 'ingest', corpus, warehouse: warehouse('all'), workers });
    const report = runChild<ReportFigures>({ mode: 'report', warehouse: warehouse('all'), out: join(work, 'report.html') });
    const oneWorker = runChild<IngestFigures>({ mode: 'ingest', corpus, warehouse: warehouse('one'), workers: 1 });
    const oneCoreIngest = PINNABLE
      ? runChild<IngestFigures>({ mode: 'ingest', corpus, warehouse: warehouse('one-core-ingest'), workers: 1 }, { oneCore: true })
      : null;
    const cliFirst = timeCli(['ingest', corpus, '--warehouse', warehouse('cli')]);
    const cliNoop = timeCli(['ingest', corpus, '--warehouse', warehouse('cli')]);
    return { size, mb: corpusMb(corpus), stages, oneCore, allCores, oneWorker, oneCoreIngest, noop, cliFirst, cliNoop, report };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Given one size's figures, returns its report lines. */
function describe(f: SizeFigures, workers: number): string[] {
  const s = f.stages;
  const stage = (name: string, seconds: number, extra = '') =>
    `  ${name.padEnd(22)} ${rate(s.reports / seconds, 'reports/s')}  ${rate(f.mb / seconds, 'MB/s')}${extra}`;
  const single = (name: string, t: StageFigures, what: string) =>
    `  ${name.padEnd(22)} ${t.totalSeconds.toFixed(2).padStart(7)} s  ${rate(t.reports / t.totalSeconds, 'reports/s')}  peak RSS ${t.peakRssMb} MB  (${what})`;
  const run = (name: string, r: IngestFigures) =>
    `  ${name.padEnd(22)} ${r.seconds.toFixed(2).padStart(7)} s  ${rate(r.extracted / r.seconds, 'reports/s')}  ${rate(f.mb / r.seconds, 'MB/s')}  ${rate(r.rows / r.seconds, 'rows/s')}  peak RSS ${r.peakRssMb} MB`;
  return [
    `${f.size} reports (${f.mb.toFixed(1)} MB, ${s.rows} fact rows)`,
    '  stages alone, one thread:',
    stage('decode', s.decodeSeconds),
    stage('extract + validate', s.extractSeconds),
    stage('load', s.loadSeconds, `  ${rate(s.rows / s.loadSeconds, 'rows/s')}`),
    `  end to end (decode, extract, validate, load):`,
    single('one thread', s, 'every stage in turn on one thread; DuckDB and the collector use other cores too'),
    f.oneCore ? single('one core', f.oneCore, 'the same, pinned to one core') : '  one core: not measured (taskset, from util-linux, is not installed)',
    run(`all cores (${workers} workers)`, f.allCores),
    run('one worker', f.oneWorker),
    ...(f.oneCoreIngest ? [`${run('one worker, one core', f.oneCoreIngest)}  (the same ingest, pinned to one core)`] : []),
    `  speed-up of all cores over one thread: ${(s.totalSeconds / f.allCores.seconds).toFixed(2)}×` +
      (f.oneCore ? `; over one core: ${(f.oneCore.totalSeconds / f.allCores.seconds).toFixed(2)}×` : '') +
      `; over one worker: ${(f.oneWorker.seconds / f.allCores.seconds).toFixed(2)}×` +
      (f.oneCoreIngest ? `; over the same ingest on one core: ${(f.oneCoreIngest.seconds / f.allCores.seconds).toFixed(2)}×` : ''),
    `  incremental no-op run (${f.noop.unchanged} unchanged): ${f.noop.seconds.toFixed(2)} s, peak RSS ${f.noop.peakRssMb} MB`,
    `  through the CLI (nianbao ingest, start-up included): first run ${rate(f.size / f.cliFirst.seconds, 'reports/s')}, ${describeCommand(f.cliFirst)}; ` +
      `no-op run ${describeCommand(f.cliNoop)}`,
    `  report (nianbao report): ${f.report.seconds.toFixed(2)} s (${f.report.cpuSeconds.toFixed(2)} s CPU), ${(f.report.bytes / MB).toFixed(2)} MB, peak RSS ${f.report.peakRssMb} MB`,
  ];
}

/** Given the smallest and largest size's figures, returns how each figure changes between them. */
function scaling(a: SizeFigures, b: SizeFigures): string[] {
  const per = (f: SizeFigures, seconds: number) => f.size / seconds;
  const rows: [string, number, number, string][] = [
    ['decode reports/s', per(a, a.stages.decodeSeconds), per(b, b.stages.decodeSeconds), ''],
    ['extract reports/s', per(a, a.stages.extractSeconds), per(b, b.stages.extractSeconds), ''],
    ['load rows/s', a.stages.rows / a.stages.loadSeconds, b.stages.rows / b.stages.loadSeconds, ''],
    ['one thread reports/s', per(a, a.stages.totalSeconds), per(b, b.stages.totalSeconds), ''],
    ...(a.oneCore && b.oneCore ? [['one core reports/s', per(a, a.oneCore.totalSeconds), per(b, b.oneCore.totalSeconds), ''] as [string, number, number, string]] : []),
    ['all cores reports/s', per(a, a.allCores.seconds), per(b, b.allCores.seconds), ''],
    ['one worker reports/s', per(a, a.oneWorker.seconds), per(b, b.oneWorker.seconds), ''],
    ...(a.oneCoreIngest && b.oneCoreIngest
      ? [['same, one core reports/s', per(a, a.oneCoreIngest.seconds), per(b, b.oneCoreIngest.seconds), ''] as [string, number, number, string]]
      : []),
    ['all cores peak RSS', a.allCores.peakRssMb, b.allCores.peakRssMb, ' MB'],
    ['no-op run', a.noop.seconds, b.noop.seconds, ' s'],
    ['CLI reports/s', per(a, a.cliFirst.seconds), per(b, b.cliFirst.seconds), ''],
    ['CLI no-op run', a.cliNoop.seconds, b.cliNoop.seconds, ' s'],
    ['report', a.report.seconds, b.report.seconds, ' s'],
  ];
  return [
    `from ${a.size} to ${b.size} reports:`,
    ...rows.map(([name, x, y, unit]) => `  ${name.padEnd(22)} ${fmt(x)}${unit} → ${fmt(y)}${unit}  (${y >= x ? '+' : ''}${(((y - x) / x) * 100).toFixed(0)}%)`),
  ];
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));
const rate = (n: number, unit: string) => `${fmt(n).padStart(9)} ${unit}`;

const { values } = parseArgs({ options: { sizes: { type: 'string', default: DEFAULT_SIZES } } });
const sizes = values.sizes.split(',').map(Number).filter((n) => n > 0).sort((x, y) => x - y);
const workers = availableParallelism();
/** Whether taskset (util-linux) is here to pin a child to one core. */
const PINNABLE = isInstalled('taskset', ['--version']);
console.log(`nianbao bench: sizes ${sizes.join(', ')}; ${workers} cores; node ${process.version}`);
const results: SizeFigures[] = [];
for (const size of sizes) {
  results.push(measure(size, workers));
  console.log(describe(results.at(-1)!, workers).join('\n'));
}
if (results.length > 1) console.log(scaling(results[0], results.at(-1)!).join('\n'));
await benchPdf();
await benchPdfIngest();

// One measurement of the benchmark, in its own process so its peak RSS is its own (worker threads
// included). Given a JSON job on argv, prints one JSON line of figures on stdout.
//   {"mode":"ingest","corpus":DIR,"warehouse":FILE,"workers":N}  a real run (fresh or incremental)
//   {"mode":"stages","corpus":DIR,"warehouse":FILE}              each stage alone, on this thread
//   {"mode":"report","warehouse":FILE,"out":FILE}                 `nianbao report` of a built warehouse
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../pipeline/2-decode/index.ts';
import { extract } from '../pipeline/3-extract/index.ts';
import { validate } from '../pipeline/4-validate/index.ts';
import { createLogger } from '../pipeline/core/log.ts';
import { BATCH_SIZE, ingest } from '../pipeline/run/index.ts';
import { checkpointAndClose, close, loadReports, openForReading, openForWriting, queryRows, type LoadItem } from '../pipeline/5-load/index.ts';
import { sha256Hex } from '../pipeline/1-fetch/store.ts';
import { recomputeWholeWarehouse } from '../pipeline/5-load/whole-warehouse.ts';
import { writeReport } from '../pipeline/report/index.ts';

export type Job =
  | { mode: 'ingest'; corpus: string; warehouse: string; workers: number }
  | { mode: 'stages'; corpus: string; warehouse: string }
  | { mode: 'report'; warehouse: string; out: string };

export interface ReportFigures {
  seconds: number;
  /** CPU time of this process over the build (user + system, every thread): the figure a busy machine does not inflate. */
  cpuSeconds: number;
  bytes: number;
  peakRssMb: number;
}

export interface IngestFigures {
  seconds: number;
  extracted: number;
  unchanged: number;
  rows: number;
  peakRssMb: number;
}

export interface StageFigures {
  reports: number;
  /** The whole run on this thread, one file after another: open, every stage, cross-year checks, checkpoint. */
  totalSeconds: number;
  bytes: number;
  decodeSeconds: number;
  extractSeconds: number;
  loadSeconds: number;
  rows: number;
  peakRssMb: number;
}

const FACT_ROWS = `SELECT (SELECT count(*) FROM fact_report) + (SELECT count(*) FROM fact_table2) + (SELECT count(*) FROM fact_table3)
  + (SELECT count(*) FROM fact_table4) + (SELECT count(*) FROM fact_finding) + (SELECT count(*) FROM fact_section) AS n`;

/** Peak resident set of this process so far, worker threads included, in MB. */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Given a corpus and a warehouse, returns the time and size of a real ingest run. */
async function timeIngest(job: Extract<Job, { mode: 'ingest' }>): Promise<IngestFigures> {
  const started = performance.now();
  const summary = await ingest({ inputs: [job.corpus], warehouse: job.warehouse, workers: job.workers, log: createLogger({ level: 'silent' }) });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, extracted: summary.filesExtracted, unchanged: summary.filesUnchanged, rows: await factRows(job.warehouse), peakRssMb: peakRssMb() };
}

/** Given a corpus, returns the time each stage takes alone over it, one file after another on this thread. */
async function timeStages(job: Extract<Job, { mode: 'stages' }>): Promise<StageFigures> {
  const begun = performance.now();
  const files = readdirSync(job.corpus).filter((f) => !f.startsWith('.')).sort().map((f) => join(job.corpus, f));
  const wh = await openForWriting(job.warehouse);
  const ctx = { runId: 'bench', loadedAt: new Date(), extractorVersion: 'bench' };
  const figures: StageFigures = { reports: files.length, totalSeconds: 0, bytes: 0, decodeSeconds: 0, extractSeconds: 0, loadSeconds: 0, rows: 0, peakRssMb: 0 };
  let batch: LoadItem[] = [];
  const load = async () => {
    const started = performance.now();
    await loadReports(wh.conn, batch, ctx);
    figures.loadSeconds += (performance.now() - started) / 1000;
    batch = [];
  };
  for (const path of files) {
    const bytes = readFileSync(path);
    figures.bytes += bytes.length;
    let started = performance.now();
    const doc = await decode({ source: path.slice(job.corpus.length + 1), origin: path, bytes, sha256: sha256Hex(bytes) });
    figures.decodeSeconds += (performance.now() - started) / 1000;
    started = performance.now();
    const report = extract(doc);
    report.findings.push(...validate(report));
    figures.extractSeconds += (performance.now() - started) / 1000;
    batch.push({ report, origin: path });
    if (batch.length >= BATCH_SIZE) await load();
  }
  await load();
  await recomputeWholeWarehouse(wh.conn);
  figures.rows = Number((await queryRows(wh.conn, FACT_ROWS))[0].n);
  await checkpointAndClose(wh);
  figures.totalSeconds = (performance.now() - begun) / 1000;
  figures.peakRssMb = peakRssMb();
  return figures;
}

/** Given a built warehouse, returns the time and size of its report (opening the warehouse included). */
async function timeReport(job: Extract<Job, { mode: 'report' }>): Promise<ReportFigures> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const bytes = await writeReport(job.warehouse, job.out);
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, bytes, peakRssMb: peakRssMb() };
}

async function factRows(warehouse: string): Promise<number> {
  const wh = await openForReading(warehouse);
  try {
    return Number((await queryRows(wh.conn, FACT_ROWS))[0].n);
  } finally {
    close(wh);
  }
}

const job = JSON.parse(process.argv[2]) as Job;
const figures = job.mode === 'ingest' ? await timeIngest(job) : job.mode === 'stages' ? await timeStages(job) : await timeReport(job);
process.stdout.write(`${JSON.stringify(figures)}\n`);

// PDF throughput, two ways:
// - benchPdf: pages/s and reports/s for decodePdf alone, on this thread, over the committed
//   fixtures and the corpus PDF when present, beside `pdftotext -layout` on the same files;
// - benchPdfIngest: `nianbao ingest` through the CLI of a folder of report PDFs (copies of the
//   shared corpus's real reports, each made distinct by a trailing comment; the fixtures when the
//   corpus is absent), with all cores and with one worker, beside `pdftotext -layout` over the same
//   files one process per file and with every core, at two folder sizes so that peak RSS shows
//   whether memory stays flat as the folder grows.
// Prints figures; asserts nothing. Alone: npx tsx bench/pdf.ts; `npm run bench` calls both.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodePdf } from '../pipeline/2-decode/pdf.ts';
import type { RawDoc } from '../pipeline/core/types.ts';
import { openPdf } from '../pipeline/2-decode/pdf/read.ts';
import { describeCommand, timeCli, timeCommand } from './cli.ts';
import { isInstalled } from './installed.ts';

const root = resolve(import.meta.dirname, '..');
/** Passes over the file set: enough for a steady figure on a handful of small files. */
const ROUNDS = 10;

export interface PdfBenchResult {
  files: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  reportsPerSecond: number;
  /** pdftotext -layout over the same files and rounds; absent when it is not installed. */
  pdftotextSeconds?: number;
  /** Our time over pdftotext's. */
  ratio?: number;
}

/** Given nothing, returns (and prints) decodePdf's throughput and, if available, pdftotext's. */
export async function benchPdf(): Promise<PdfBenchResult> {
  const paths = pdfFiles();
  const docs: RawDoc[] = paths.map((p) => {
    const bytes = new Uint8Array(readFileSync(p));
    return { source: basename(p), origin: p, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  // Pages that decode: the truncated and scan fixtures cost time but yield none, as in a real batch.
  let pagesPerRound = 0;
  for (const d of docs) pagesPerRound += new Set((await decodePdf(d)).lines.map((l) => l.page)).size;

  const start = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const d of docs) await decodePdf(d);
  const seconds = (performance.now() - start) / 1000;
  const result: PdfBenchResult = {
    files: docs.length,
    pages: pagesPerRound,
    seconds,
    pagesPerSecond: (pagesPerRound * ROUNDS) / seconds,
    reportsPerSecond: (docs.length * ROUNDS) / seconds,
  };

  if (isInstalled('pdftotext', ['-v'])) {
    const t0 = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of paths) {
        try {
          execFileSync('pdftotext', ['-layout', p, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
        } catch {
          // The truncated fixture makes pdftotext exit non-zero; its time still counts.
        }
      }
    }
    result.pdftotextSeconds = (performance.now() - t0) / 1000;
    result.ratio = seconds / result.pdftotextSeconds;
  }

  console.log(
    `pdf: ${result.files} files (${result.pages} text pages) × ${ROUNDS} rounds in ${seconds.toFixed(2)} s: ` +
      `${result.pagesPerSecond.toFixed(1)} pages/s, ${result.reportsPerSecond.toFixed(1)} reports/s`,
  );
  console.log(
    result.pdftotextSeconds === undefined
      ? 'pdftotext not installed (apt-get install poppler-utils): no comparison'
      : `pdftotext -layout on the same files: ${result.pdftotextSeconds.toFixed(2)} s (a process per file); decodePdf takes ${result.ratio!.toFixed(2)}× its time`,
  );
  return result;
}

/** Folder sizes (files) of the ingest comparison: the second shows whether peak RSS grows with the folder. */
const INGEST_FOLDER_SIZES = [60, 240];

/** Given nothing, prints nianbao's and pdftotext's pages/s over folders of report PDFs. */
export async function benchPdfIngest(): Promise<void> {
  const corpus = resolve(root, '../shared/corpus/pdf');
  const real = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.pdf')).map((f) => resolve(corpus, f)) : [];
  const originals = real.length > 0 ? real : pdfFiles().filter((p) => !/truncated|scan/.test(p));
  console.log(`pdf ingest: copies of ${real.length > 0 ? `${real.length} real report PDF(s) of the shared corpus` : `${originals.length} fixtures (no shared corpus)`}`);
  const pdftotext = isInstalled('pdftotext', ['-v']);
  const cores = availableParallelism();
  for (const size of INGEST_FOLDER_SIZES) {
    const work = join(tmpdir(), `nianbao-bench-pdf-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    const folder = join(work, 'pdf');
    mkdirSync(folder, { recursive: true });
    let pages = 0;
    for (let i = 0; i < size; i++) {
      const source = originals[i % originals.length];
      const bytes = readFileSync(source);
      writeFileSync(join(folder, `r${String(i).padStart(4, '0')}.pdf`), Buffer.concat([bytes, Buffer.from(`\n%nianbao bench copy ${i}\n`)]));
      if (i < originals.length) pages += (await openPdf(bytes)).numPages;
    }
    pages = (pages / Math.min(size, originals.length)) * size;
    const files = readdirSync(folder).map((f) => join(folder, f));
    const line = (name: string, f: { seconds: number; peakRssMb: number | null }) =>
      `  ${name.padEnd(40)} ${(pages / f.seconds).toFixed(1).padStart(7)} pages/s  ${describeCommand(f)}`;
    console.log(`${size} files, ${Math.round(pages)} pages:`);
    const all = timeCli(['ingest', folder, '--warehouse', join(work, 'all.duckdb')]);
    console.log(line(`nianbao ingest, all cores (${cores} workers)`, all));
    console.log(line('nianbao ingest, one worker', timeCli(['ingest', folder, '--warehouse', join(work, 'one.duckdb'), '--workers', '1'])));
    if (pdftotext) {
      const one = timeCommand('sh', ['-c', 'for f in "$@"; do pdftotext -layout "$f" /dev/null; done', 'sh', ...files]);
      console.log(line('pdftotext -layout, a process per file', one));
      const par = timeCommand('sh', ['-c', `printf '%s\\0' "$@" | xargs -0 -P ${cores} -I{} pdftotext -layout {} /dev/null`, 'sh', ...files]);
      console.log(line(`pdftotext -layout, ${cores} at once`, par));
      console.log(`  nianbao all cores over pdftotext a process per file: ${(one.seconds / all.seconds).toFixed(2)}× its pages/s`);
    }
    rmSync(work, { recursive: true, force: true });
  }
  if (!pdftotext) console.log('  pdftotext not installed (apt-get install poppler-utils): no comparison');
}

function pdfFiles(): string[] {
  const dir = resolve(root, 'test/fixtures/pdf');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => resolve(dir, f));
  const corpus = resolve(root, '../shared/corpus/pdf');
  if (existsSync(corpus)) files.push(...readdirSync(corpus).filter((f) => f.endsWith('.pdf')).map((f) => resolve(corpus, f)));
  else console.log(`pdf: ${corpus} absent, fixtures only`);
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchPdf();
  await benchPdfIngest();
}

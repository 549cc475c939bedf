// PDF throughput: pages/s and reports/s for decodePdf over the committed fixtures and the
// corpus PDF when present, and, when poppler's pdftotext is installed, the time
// `pdftotext -layout` takes on the same files and the ratio. Prints figures; asserts nothing.
// Alone: npx tsx bench/pdf.ts; `npm run bench` calls benchPdf().
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodePdf } from '../pipeline/2-decode/pdf.ts';
import type { RawDoc } from '../pipeline/core/types.ts';
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

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchPdf();

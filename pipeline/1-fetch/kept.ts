// Reading a stored report's bytes again without fetching anything, for re-extraction: from raw/
// (content-addressed: where every download lands) or, for a local file, from its path when the
// file there still holds the same bytes. Bytes found in neither place are gone, and the outcome
// says where they were looked for.
import { readFile } from 'node:fs/promises';
import type { SourceHints } from '../core/types.ts';
import { fetchFinding } from './finding.ts';
import { localPath, readLocal } from './local.ts';
import { rawDoc } from './remote.ts';
import { blobPath, readSidecar } from './store.ts';
import type { FetchOutcome, Source } from './types.ts';

/** A report as the warehouse holds it: where it was read from, the hash of its bytes, the hints its source gave. */
export interface KeptReport {
  origin: string;
  sha256: string;
  hints?: SourceHints;
}

/** Given stored reports and the raw dir, yields each one's kept bytes as an `unchanged` outcome, or `failed` with fetch.bytes_gone, one at a time. */
export async function* readAllKept(reports: Iterable<KeptReport>, rawDir: string): AsyncGenerator<FetchOutcome> {
  for (const report of reports) yield await readKept(report, rawDir);
}

/** Given a stored report and the raw dir, returns its bytes from its local path or from raw/, never from the network. */
async function readKept(report: KeptReport, rawDir: string): Promise<FetchOutcome> {
  const source: Source = report.hints ? { location: report.origin, hints: report.hints, enabled: true } : { location: report.origin, enabled: true };
  const gone = (where: string): FetchOutcome => ({
    source,
    status: 'failed',
    finding: fetchFinding('fetch.bytes_gone', `the bytes it was read from (sha256 ${report.sha256}) are gone: ${where}`),
  });
  // Local files are read in place, never copied into raw/: their path is the only place they are kept.
  const path = localPath(report.origin);
  if (path !== undefined) {
    const read = readLocal(source, path);
    if (read.raw?.sha256 === report.sha256) return { ...read, status: 'unchanged' };
    return gone(read.raw ? `${path} holds other bytes now` : `${path} cannot be read`);
  }
  const blob = blobPath(rawDir, report.sha256);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(blob);
  } catch {
    return gone(`${blob} is not there`);
  }
  // The sidecar of the URL's last download gives its Content-Type charset, when it is of these bytes.
  const sidecar = await readSidecar(rawDir, report.origin);
  const headers = sidecar?.sha256 === report.sha256 ? sidecar.headers : {};
  return { source, status: 'unchanged', rawPath: blob, raw: rawDoc(source, bytes, report.sha256, headers) };
}

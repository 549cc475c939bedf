// The per-file work a pool worker does: decode → extract → validate, inside the per-file
// boundary. The default export is the pool task (see pipeline/pool.ts); the helpers build the
// `failed` report the main thread records when a worker is stopped or dies.
import { decode } from './decode/index.ts';
import { sniffFormat } from './decode/sniff.ts';
import { extract } from './extract/index.ts';
import { validate } from './validate.ts';
import { serialiseReport, type SerialisedReport } from './load/stage.ts';
import type { LoadContext } from './load/rows.ts';
import type { DecodedDoc, Finding, Format, RawDoc, Report } from './types.ts';

export type ProcessStage = 'decode' | 'extract' | 'validate';

/** A file to process; with `load`, the worker also turns the report into its rows, as CSV text. */
export type WorkerInput = RawDoc & { load?: LoadContext };

export interface Processed {
  /** The report; when `rows` is given, without its cells and sections (they are in `rows`). */
  report: Report;
  /** The report's warehouse rows, serialised (see pipeline/load/stage.ts), when the input asked for them. */
  rows?: SerialisedReport;
  failure?: { stage: ProcessStage; reason: string };
  /** decode + extract + validate time, in the worker. */
  durationMs: number;
}

/** What a failed report says about the file itself. */
export interface FileFacts {
  source: string;
  sha256: string;
  bytes: number;
  format: Format;
  hints?: RawDoc['hints'];
}

/** Given a raw file (and a callback naming each stage as it starts), returns its report; never throws. */
export default async function processFile(raw: WorkerInput, enterStage: (stage: ProcessStage) => void = () => {}): Promise<Processed> {
  const out = await processRaw(raw, enterStage);
  return raw.load ? withRows(out, raw.origin, raw.load) : out;
}

/** Given a processed file, returns it with its rows serialised and the bulk of its report dropped. */
export function withRows(out: Processed, origin: string, ctx: LoadContext): Processed {
  const rows = serialiseReport({ report: out.report, origin }, ctx);
  return { ...out, report: { ...out.report, cells: [], sections: [] }, rows };
}

async function processRaw(raw: RawDoc, enterStage: (stage: ProcessStage) => void): Promise<Processed> {
  const started = performance.now();
  let stage: ProcessStage = 'decode';
  let doc: DecodedDoc | undefined;
  const enter = (next: ProcessStage) => enterStage((stage = next));
  try {
    enter('decode');
    doc = await decode(raw);
    enter('extract');
    const report = extract(doc);
    enter('validate');
    return { report: { ...report, findings: [...report.findings, ...validate(report)] }, durationMs: elapsed(started) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const report = failedReport(factsOf(raw), doc, { check: `${stage}.failed`, severity: 'error', subject: 'file', message: reason, stage });
    return { report, failure: { stage, reason }, durationMs: elapsed(started) };
  }
}

const elapsed = (since: number) => Math.round(performance.now() - since);

/** Given a raw file, returns what a failed report needs of it (taken before its bytes move to a worker). */
export function factsOf(raw: RawDoc): FileFacts {
  return { source: raw.source, sha256: raw.sha256, bytes: raw.bytes.length, format: formatOf(raw.bytes), hints: raw.hints };
}

/** A `failed` report for a file that was read but could not be turned into a report. */
export function failedReport(file: FileFacts, doc: DecodedDoc | undefined, finding: Finding): Report {
  return {
    source: file.source,
    sha256: file.sha256,
    bytes: file.bytes,
    format: doc?.format ?? file.format,
    encoding: doc?.encoding ?? '',
    agency: file.hints?.agency ?? null,
    regionCode: file.hints?.regionCode ?? null,
    year: file.hints?.year ?? null,
    template: null,
    published: null,
    title: doc?.meta.title ?? null,
    status: 'failed',
    profile: { kind: null, level: null, scope: null, regionMethod: null, regionConfidence: null },
    sections: [],
    cells: [],
    findings: [...(doc?.findings ?? []), finding],
    hints: file.hints,
  };
}

function formatOf(bytes: Uint8Array): Format {
  try {
    return sniffFormat(bytes);
  } catch {
    return 'binary';
  }
}

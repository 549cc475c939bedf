// What processing one file gives the loading thread, and the `failed` report it records for a file
// whose worker was stopped or died. Kept apart from worker.ts so that the loading thread
// never loads the decoders and extractors only workers run.
import { sniffFormat } from '../2-decode/sniff.ts';
import { serialiseReport, type SerialisedReport } from '../5-load/stage.ts';
import type { LoadContext } from '../5-load/rows.ts';
import type { DecodedDoc, Finding, Format, RawDoc, Report } from '../core/types.ts';

/** The stages of processing one file, in order. */
export const PROCESS_STAGES = ['decode', 'extract', 'validate'] as const;
export type ProcessStage = (typeof PROCESS_STAGES)[number];

/** A file to process; with `load`, the worker also turns the report into its rows, as CSV. */
export type WorkerInput = RawDoc & { load?: LoadContext };

export interface Processed {
  /** The report; when `rows` is given, without its cells and sections (they are in `rows`). */
  report: Report;
  /** The report's warehouse rows, serialised (see pipeline/5-load/stage.ts), when the input asked for them. */
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

/** Given a processed file, returns it with its rows serialised and the bulk of its report dropped. */
export function withRows(out: Processed, origin: string, ctx: LoadContext): Processed {
  const rows = serialiseReport({ report: out.report, origin }, ctx);
  return { ...out, report: { ...out.report, cells: [], sections: [] }, rows };
}

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

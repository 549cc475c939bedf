// The per-file work a pool worker does: decode → extract → validate, inside the per-file
// boundary. The default export is the pool task (see pool.ts); `transfer` names the
// buffers its result moves to the loading thread with.
import { decode } from '../2-decode/index.ts';
import { extract } from '../3-extract/index.ts';
import { validate } from '../4-validate/index.ts';
import { factsOf, failedReport, withRows, type Processed, type ProcessStage, type WorkerInput } from './processed.ts';
import type { DecodedDoc, RawDoc } from '../core/types.ts';

/** Given a raw file (and a callback naming each stage as it starts), returns its report; never throws. */
export default async function processFile(raw: WorkerInput, enterStage: (stage: ProcessStage) => void = () => {}): Promise<Processed> {
  const out = await processRaw(raw, enterStage);
  return raw.load ? withRows(out, raw.origin, raw.load) : out;
}

/** Given a processed file, returns the buffers to move to the loading thread with it: its rows' CSV. */
export function transfer(out: Processed): Transferable[] {
  return out.rows ? [out.rows.csv.buffer as ArrayBuffer] : [];
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


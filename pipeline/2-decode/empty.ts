// A decoded document with no lines: what every decoder returns for a file it cannot read.
import type { DecodedDoc, RawDoc } from '../core/types.ts';

/** Given a raw file and why it cannot be read, returns a DecodedDoc with no lines and that finding. */
export function emptyDoc(raw: RawDoc, format: DecodedDoc['format'], finding: DecodedDoc['findings'][number]): DecodedDoc {
  return {
    source: raw.source,
    sha256: raw.sha256,
    bytes: raw.bytes.length,
    format,
    encoding: '',
    lines: [],
    meta: {},
    findings: [finding],
    hints: raw.hints,
  };
}

// A decoded document as every decoder returns it, and the one with no lines for a file it cannot read.
import type { DecodedDoc, RawDoc } from '../core/types.ts';

/** Given a raw file and what its decoder read, returns the DecodedDoc: the file's identity and hints with the lines, meta and findings. */
export function decodedDoc(
  raw: RawDoc,
  format: DecodedDoc['format'],
  encoding: string,
  lines: DecodedDoc['lines'],
  meta: DecodedDoc['meta'],
  findings: DecodedDoc['findings'],
): DecodedDoc {
  return { source: raw.source, sha256: raw.sha256, bytes: raw.bytes.length, format, encoding, lines, meta, findings, hints: raw.hints };
}

/** Given a raw file and why it cannot be read, returns a DecodedDoc with no lines and that finding. */
export function emptyDoc(raw: RawDoc, format: DecodedDoc['format'], finding: DecodedDoc['findings'][number]): DecodedDoc {
  return decodedDoc(raw, format, '', [], {}, [finding]);
}

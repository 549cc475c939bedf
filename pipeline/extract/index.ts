// PLACEHOLDER — the extractor is being written (issue 2). Signature is final.
import type { DecodedDoc, Report } from '../types.ts';

export function extract(doc: DecodedDoc): Report {
  throw new Error(`extract not built yet: ${doc.source}`);
}

// PLACEHOLDER — the PDF decoder is being written (issue 4).
import type { DecodedDoc, RawDoc } from '../types.ts';
import { emptyDoc } from './index.ts';

export async function decodePdf(raw: RawDoc): Promise<DecodedDoc> {
  return emptyDoc(raw, 'pdf', { check: 'decode.unsupported', severity: 'error', subject: 'file', message: 'PDF decoding is not built yet', stage: 'decode' });
}

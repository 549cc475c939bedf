// PLACEHOLDER — the Word decoder is being written (issue 9).
import type { DecodedDoc, RawDoc } from '../types.ts';
import { emptyDoc } from './index.ts';

export async function decodeDocx(raw: RawDoc): Promise<DecodedDoc> {
  return emptyDoc(raw, 'docx', { check: 'decode.unsupported', severity: 'error', subject: 'file', message: 'DOCX decoding is not built yet', stage: 'decode' });
}

export async function decodeDoc(raw: RawDoc): Promise<DecodedDoc> {
  return emptyDoc(raw, 'doc', { check: 'decode.unsupported', severity: 'error', subject: 'file', message: '.doc decoding is not built yet', stage: 'decode' });
}

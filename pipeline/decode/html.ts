// PLACEHOLDER — the HTML decoder is being written (issue 9).
import type { DecodedDoc, RawDoc } from '../types.ts';
import { emptyDoc } from './index.ts';

export function decodeHtml(raw: RawDoc): DecodedDoc {
  return emptyDoc(raw, 'html', { check: 'decode.unsupported', severity: 'error', subject: 'file', message: 'HTML decoding is not built yet', stage: 'decode' });
}

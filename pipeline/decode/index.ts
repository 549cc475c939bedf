// Decode stage: RawDoc → DecodedDoc. Detects the format by content and hands the bytes
// to that format's decoder; every format comes out as lines of cells.
import type { DecodedDoc, RawDoc } from '../types.ts';
import { sniffFormat } from './sniff.ts';
import { decodeText } from './text.ts';
import { decodeHtml } from './html.ts';
import { decodeDocx, decodeDoc } from './docx.ts';
import { decodePdf } from './pdf.ts';

/** Given a raw file, returns its decoded lines, or a DecodedDoc with findings saying why there are none. */
export async function decode(raw: RawDoc): Promise<DecodedDoc> {
  const format = sniffFormat(raw.bytes);
  switch (format) {
    case 'text':
      return decodeText(raw);
    case 'html':
      return decodeHtml(raw);
    case 'docx':
      return decodeDocx(raw);
    case 'doc':
      return decodeDoc(raw);
    case 'pdf':
      return decodePdf(raw);
    default:
      return emptyDoc(raw, format, {
        check: `file.${format}`,
        severity: 'error',
        subject: 'file',
        message:
          format === 'empty'
            ? 'the file is empty'
            : format === 'zip'
              ? 'a ZIP archive that is not a Word document'
              : 'binary content that is neither PDF, HTML, Word nor text',
        stage: 'decode',
      });
  }
}

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

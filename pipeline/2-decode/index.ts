// Decode stage: RawDoc → DecodedDoc. Detects the format by content and hands the bytes
// to that format's decoder; every format comes out as lines of cells.
import type { DecodedDoc, Finding, Format, RawDoc } from '../core/types.ts';
import { sniffFormat, zipEntries } from './sniff.ts';
import { decodeText } from './text.ts';
import { decodeHtml } from './html/index.ts';
import { emptyDoc } from './empty.ts';
import { MAX_FILE_BYTES } from '../core/limits.ts';

/** Entry names quoted in a `file.zip` finding. */
const ZIP_NAMES_SHOWN = 5;

/** Given a raw file, returns its decoded lines, or a DecodedDoc with findings saying why there are none; never throws. */
export async function decode(raw: RawDoc): Promise<DecodedDoc> {
  return { ...(await decodeOrExplain(raw)), origin: raw.origin };
}

/** Given a raw file, returns what its format's decoder makes of it, or why there is nothing to decode. */
async function decodeOrExplain(raw: RawDoc): Promise<DecodedDoc> {
  let format: Format = 'binary';
  try {
    format = sniffFormat(raw.bytes);
    if (raw.bytes.length > MAX_FILE_BYTES) return emptyDoc(raw, format, tooLarge(raw.bytes.length));
    return await decodeAs(raw, format);
  } catch (err) {
    return emptyDoc(raw, format, {
      check: 'decode.failed',
      severity: 'error',
      subject: 'file',
      message: `the ${format} decoder failed: ${(err as Error)?.message ?? String(err)}`,
      stage: 'decode',
    });
  }
}

/** Given a raw file and its sniffed format, returns what that format's decoder makes of it. */
async function decodeAs(raw: RawDoc, format: Format): Promise<DecodedDoc> {
  switch (format) {
    case 'text':
      return decodeText(raw);
    case 'html':
      return decodeHtml(raw);
    // The Word and PDF decoders are imported on first use: mammoth and pdf.js cost every worker
    // thread ~110 MB and ~2 s of start-up, though most reports are text or HTML.
    case 'docx':
      return (await import('./docx.ts')).decodeDocx(raw);
    case 'doc':
      return (await import('./docx.ts')).decodeDoc(raw);
    case 'pdf':
      return (await import('./pdf.ts')).decodePdf(raw);
    default:
      return emptyDoc(raw, format, { check: `file.${format}`, severity: 'error', subject: 'file', message: unreadableReason(raw, format), stage: 'decode' });
  }
}

/** Given a file of a format no decoder takes, returns why it is not read, in a reader's words. */
function unreadableReason(raw: RawDoc, format: Format): string {
  if (format === 'empty') return 'the file is empty';
  if (format === 'ole') return 'an Office 97–2003 file that is not a Word document (a spreadsheet or a presentation)';
  if (format !== 'zip') return 'binary content that is neither PDF, HTML, Word nor text';
  const { entries, complete } = zipEntries(raw.bytes);
  const names = entries.slice(0, ZIP_NAMES_SHOWN).map((e) => e.name).join(', ') + (entries.length > ZIP_NAMES_SHOWN ? ' …' : '');
  const holding = entries.length ? `holding ${entries.length} file(s) (${names})` : 'with no files';
  return complete ? `a ZIP archive ${holding}, not a Word document` : `a ZIP archive cut short (no central directory) ${holding}, not a Word document`;
}

/** Given a file's size, returns the finding that it is over the size limit. */
function tooLarge(bytes: number): Finding {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return {
    check: 'file.too_large',
    severity: 'error',
    subject: 'file',
    expected: `<= ${MAX_FILE_BYTES}`,
    actual: String(bytes),
    message: `the file is ${mb(bytes)}, over the ${mb(MAX_FILE_BYTES)} limit: not decoded`,
    stage: 'decode',
  };
}


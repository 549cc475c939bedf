// PDF decoder: positioned glyphs and ruling lines → Lines of cells, page by page.
//
// Output contract (see pipeline/core/types.ts):
// - Body text: one Line per printed line, `grid: false`, split into cells only at gaps of
//   an em or more (so an unruled table row comes out label, number, number … like
//   pdftotext -layout).
// - A ruled table: one Line per grid row band, `grid: true`, every cell the band crosses
//   (blank ones as ''), `col` its first grid column. A cell spanning rows (a merged label,
//   printed vertically or not) is repeated in each row; a cell spanning columns appears once.
//   Lines of one table share `table`; a table broken by a page keeps its number.
// - Every cell has `page` (1-based) and `x0`, `x1`, `y` in points from the page's
//   top-left corner; `y` is the text baseline (a blank cell's: its box bottom).
// - Running headers, footers and page numbers are dropped.
// The steps live in ./pdf/; `npx tsx pipeline/decode/pdf/debug.ts FILE` prints them.
import type { DecodedDoc, Finding, Line, PageMeta, RawDoc } from '../core/types.ts';
import { decodedDoc } from './empty.ts';
import { openPdf, pageToContent } from './pdf/read.ts';
import { dropRunningLines, numberTables, pageToLines } from './pdf/page.ts';
import type { PageLine } from './pdf/page.ts';

/** Pages read per document; a longer file is not an annual report and would hold the batch up. */
export const MAX_PAGES = 200;

/** Given a PDF file, returns its lines, or no lines and a finding saying why (never throws). */
export async function decodePdf(raw: RawDoc): Promise<DecodedDoc> {
  const findings: Finding[] = [];
  let doc;
  try {
    doc = await openPdf(raw.bytes);
  } catch (e) {
    return decoded(raw, [], {}, [unreadable(e)]);
  }
  try {
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as { Title?: unknown };
    const meta: PageMeta = {};
    const title = meaningfulTitle(info.Title);
    if (title) meta.documentTitle = title;

    if (doc.numPages > MAX_PAGES) {
      findings.push({
        check: 'pdf.page_cap',
        severity: 'warning',
        subject: 'file',
        expected: `<= ${MAX_PAGES} pages`,
        actual: `${doc.numPages} pages`,
        message: `only the first ${MAX_PAGES} pages were read`,
        stage: 'decode',
      });
    }
    const pages: PageLine[][] = [];
    let chars = 0;
    let images = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const content = await pageToContent(page);
      page.cleanup();
      chars += content.chars.length;
      images += content.images;
      pages.push(pageToLines(content, n));
    }
    if (chars === 0) {
      return decoded(raw, [], meta, [
        ...findings,
        {
          check: 'pdf.no_text',
          severity: 'error',
          subject: 'file',
          message: images > 0 ? `no text layer: ${images} image(s) and no text on ${pages.length} page(s), a scan needing OCR` : `no text on ${pages.length} page(s)`,
          stage: 'decode',
        },
      ]);
    }
    return decoded(raw, numberTables(dropRunningLines(pages)), meta, findings);
  } catch (e) {
    return decoded(raw, [], {}, [...findings, unreadable(e)]);
  } finally {
    await doc.destroy();
  }
}

function decoded(raw: RawDoc, lines: Line[], meta: PageMeta, findings: Finding[]): DecodedDoc {
  return decodedDoc(raw, 'pdf', '', lines, meta, findings);
}

/** Given what pdf.js threw, returns the finding: `pdf.encrypted` for a file that needs a password, else `pdf.unreadable` with the reason. */
function unreadable(e: unknown): Finding {
  const err = e as { name?: string; message?: string };
  if (err?.name === 'PasswordException') {
    const reason = 'encrypted (needs a password)';
    return { check: 'pdf.encrypted', severity: 'error', subject: 'file', actual: reason, message: `the PDF cannot be read: ${reason}`, stage: 'decode' };
  }
  const reason = `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
  return { check: 'pdf.unreadable', severity: 'error', subject: 'file', actual: reason, message: `the PDF cannot be read: ${reason}`, stage: 'decode' };
}

/**
 * Given the info dictionary's Title, returns it when it names something: Word's
 * "Microsoft Word - " prefix and file extensions removed, and only if Chinese text is left
 * (what remains otherwise is a template or file name such as "untitled" or "1.docx").
 */
function meaningfulTitle(title: unknown): string | undefined {
  if (typeof title !== 'string') return undefined;
  const t = title
    .replace(/^Microsoft (?:Word|PowerPoint|Excel) - /i, '')
    .replace(/\.(?:docx?|wps|pdf|xlsx?)$/i, '')
    .trim();
  return /\p{Script=Han}{2}/u.test(t) ? t : undefined;
}

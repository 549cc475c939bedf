// HTML reports: bytes → text (declared vs real encoding, bytes.ts) → DOM (dom.ts) → the report
// body of a portal page (boilerplate.ts) → lines (lines.ts, text.ts), with the page's metadata
// (meta.ts). Tables keep their grid: spans expanded, blanks kept as ''.
import type { DecodedDoc, Finding, Format, RawDoc } from '../../core/types.ts';
import { decodedDoc } from '../empty.ts';
import { bytesToHtmlText, htmlFinding } from './bytes.ts';
import { bodyOf, holdingTables, htmlToDom, type Element } from './dom.ts';
import { boilerplateElements, reportRoot } from './boilerplate.ts';
import { domToLines, MAX_SPAN_FILL } from './lines.ts';
import { pageMeta } from './meta.ts';

export { bytesToHtmlText } from './bytes.ts';

/** Given a raw HTML file, returns its report lines, page metadata and encoding findings. */
export function decodeHtml(raw: RawDoc): DecodedDoc {
  const { text, encoding, findings } = bytesToHtmlText(raw);
  return htmlTextToDoc(raw, text, { format: 'html', encoding, findings, boilerplate: true });
}

interface HtmlDocOptions {
  format: Format;
  encoding: string;
  findings: Finding[];
  /** Whether the HTML is a whole web page whose navigation, footers etc. must be found and dropped. */
  boilerplate: boolean;
}

/**
 * Markup parsed per document. A report page is well under 2 M characters of markup; a
 * table-dense page takes parse5 and the walks about 0.7 s and 120 MB per M characters,
 * so this bounds one page to about 6 s and 1 GB (50 M took 40 s and 2.5 GB).
 */
const MAX_HTML_CHARS = 8 * 1024 * 1024;
/** Inline base64 images (editors paste screenshots as data: URIs): bulk that holds no text. */
const DATA_URI = /\bdata:[\w/+.-]*;base64,[A-Za-z0-9+/=\s]*/g;

/** Given HTML text (from a page, or converted from Word), returns the DecodedDoc of its report body, or a finding when it is too large to parse. */
export function htmlTextToDoc(raw: RawDoc, html: string, options: HtmlDocOptions): DecodedDoc {
  const markup = html.length > MAX_HTML_CHARS ? html.replace(DATA_URI, 'data:,') : html;
  if (markup.length > MAX_HTML_CHARS) return tooLarge(raw, markup.length, options);
  const document = htmlToDom(markup);
  const body = bodyOf(document);
  const holding = holdingTables(body);
  const hidden = options.boilerplate ? boilerplateElements(body, holding) : new Set<Element>();
  const root = options.boilerplate ? reportRoot(body, hidden, holding) : body;
  const { lines, spansIgnored } = domToLines(root, hidden, holding);
  // The page's meta reads every line of the body: those just read when nothing was left out.
  const pageLines = root === body && hidden.size === 0 ? lines : domToLines(body, new Set(), holding).lines;
  const meta = pageMeta(document, pageLines, raw);
  const findings = [...options.findings];
  if (spansIgnored > 0) {
    findings.push({
      check: 'decode.spans_ignored',
      severity: 'warning',
      subject: 'file',
      actual: String(spansIgnored),
      message: `${spansIgnored} table part(s) declare rowspan/colspan that would add more than ${MAX_SPAN_FILL.toLocaleString('en')} cells; their spans were ignored, so their cells may not line up`,
      stage: 'decode',
    });
  }
  if (lines.length === 0) {
    findings.push({ check: 'decode.no_text', severity: 'warning', subject: 'file', message: 'the document has no visible text', stage: 'decode' });
  }
  return decodedDoc(raw, options.format, options.encoding, lines, meta, findings);
}

/** Given a document whose markup is over the limit, returns it with no lines and an error saying so. */
function tooLarge(raw: RawDoc, chars: number, options: HtmlDocOptions): DecodedDoc {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} M`;
  const tooBig = htmlFinding('html.too_large', 'error', `${mb(chars)} characters of markup, over the ${mb(MAX_HTML_CHARS)} a report page can have; not parsed`, {
    expected: `<= ${MAX_HTML_CHARS}`,
    actual: String(chars),
  });
  return decodedDoc(raw, options.format, options.encoding, [], {}, [...options.findings, tooBig]);
}

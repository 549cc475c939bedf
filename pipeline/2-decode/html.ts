// HTML reports: bytes → text (declared vs real encoding) → DOM → the report body of a
// portal page → lines. Tables keep their grid: spans expanded, blanks kept as ''.
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import type { Cell, DecodedDoc, Finding, Format, Line, PageMeta, RawDoc } from '../core/types.ts';
import { bomEncoding, canonicalEncoding, declaredContradicted, decodeAs, detectAndDecode, isUtf8, type DecodedText } from './encoding.ts';
import { expandSpans, type SpanCell } from './grid.ts';

type Element = Dom.Element;
type ParentNode = Dom.ParentNode;

/** Given a raw HTML file, returns its report lines, page metadata and encoding findings. */
export function decodeHtml(raw: RawDoc): DecodedDoc {
  const { text, encoding, findings } = bytesToHtmlText(raw);
  return htmlTextToDoc(raw, text, { format: 'html', encoding, findings, boilerplate: true });
}

export interface HtmlDocOptions {
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
export const MAX_HTML_CHARS = 8 * 1024 * 1024;
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
  const meta = pageMeta(document, domToLines(body, new Set(), holding).lines, lines, raw);
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
  return {
    source: raw.source,
    sha256: raw.sha256,
    bytes: raw.bytes.length,
    format: options.format,
    encoding: options.encoding,
    lines,
    meta,
    findings,
    hints: raw.hints,
  };
}

/** Given a document whose markup is over the limit, returns it with no lines and an error saying so. */
function tooLarge(raw: RawDoc, chars: number, options: HtmlDocOptions): DecodedDoc {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} M`;
  const tooBig = finding('html.too_large', 'error', `${mb(chars)} characters of markup, over the ${mb(MAX_HTML_CHARS)} a report page can have; not parsed`, {
    expected: `<= ${MAX_HTML_CHARS}`,
    actual: String(chars),
  });
  return {
    source: raw.source,
    sha256: raw.sha256,
    bytes: raw.bytes.length,
    format: options.format,
    encoding: options.encoding,
    lines: [],
    meta: {},
    findings: [...options.findings, tooBig],
    hints: raw.hints,
  };
}

// ── Encoding ────────────────────────────────────────────────────────────────

interface HtmlText {
  text: string;
  encoding: string;
  findings: Finding[];
}

/**
 * Given raw HTML bytes, returns their text and the encoding it was read in.
 * Order: HTTP header charset, then the page's own declaration, each used only when the
 * bytes do not contradict it; a BOM overrides both; else sniffing. Every declaration the
 * bytes contradict is an `encoding.mismatch` finding.
 */
export function bytesToHtmlText(raw: RawDoc): HtmlText {
  const { bytes } = raw;
  const declared = [
    { label: raw.declaredCharset, where: 'the HTTP Content-Type header' },
    { label: declaredInPage(bytes), where: 'the page' },
  ].filter((d): d is { label: string; where: string } => Boolean(d.label));
  const findings: Finding[] = [];
  const bom = bomEncoding(bytes);
  let decoded: DecodedText | undefined;
  if (bom) decoded = decodeAs(bytes.subarray(bom.length), bom.encoding);
  for (const d of declared) {
    const encoding = canonicalEncoding(d.label);
    if (!encoding) {
      findings.push(finding('encoding.unknown_label', 'info', `${d.where} names the unknown charset "${d.label}"; the encoding was sniffed`, { actual: d.label }));
      continue;
    }
    if (!decoded && !contradicts(bytes, encoding)) decoded = decodeAs(bytes, encoding);
  }
  decoded ??= detectAndDecode(bytes);
  for (const d of declared) {
    const encoding = canonicalEncoding(d.label);
    if (encoding && encoding !== decoded.encoding) {
      findings.push(
        finding('encoding.mismatch', 'warning', `${d.where} declares ${d.label} but the bytes are ${decoded.encoding}; decoded as ${decoded.encoding}`, {
          expected: d.label,
          actual: decoded.encoding,
        }),
      );
    }
  }
  if (decoded.replaced > 0) {
    findings.push(
      finding('encoding.replaced', 'warning', `${decoded.replaced} byte sequences are not ${decoded.encoding} and were replaced by U+FFFD`, {
        actual: String(decoded.replaced),
      }),
    );
  }
  return { text: decoded.text, encoding: decoded.encoding, findings };
}

/** Given HTML bytes, returns the charset their <meta> tag (or XML declaration) names, read as latin1 like a browser's prescan. */
export function declaredInPage(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 8192)).toString('latin1');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (meta) return meta[1];
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)/i.exec(head)?.[1];
}

/**
 * Given bytes and a canonical encoding, returns whether the bytes contradict it.
 * Adds to `declaredContradicted` the old-page case of a single-byte charset (latin1,
 * windows-1252) declared over Chinese text: high bytes that read as UTF-8 or GB18030.
 */
function contradicts(bytes: Uint8Array, encoding: string): boolean {
  if (declaredContradicted(bytes, encoding)) return true;
  if (/^(utf-|gb18030|big5)/.test(encoding)) return false;
  return bytes.some((b) => b >= 0x80) && (isUtf8(bytes) || decodeAs(bytes, 'gb18030').replaced === 0);
}

function finding(check: string, severity: Finding['severity'], message: string, extra: Partial<Finding> = {}): Finding {
  return { check, severity, subject: 'file', message, stage: 'decode', ...extra };
}

// ── DOM helpers ─────────────────────────────────────────────────────────────

/** Given HTML text, returns its parse5 document (parsed the way a browser would). */
export function htmlToDom(html: string): Dom.Document {
  return parse(html);
}

function isElement(node: Dom.Node): node is Element {
  return 'tagName' in node;
}

function childElements(node: ParentNode): Element[] {
  return node.childNodes.filter(isElement);
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** Given a parsed document, returns its <body> (parse5 always makes one). */
function bodyOf(document: Dom.Document): Element {
  const html = childElements(document).find((e) => e.tagName === 'html');
  return (html && childElements(html).find((e) => e.tagName === 'body')) ?? (html as Element);
}

// Every walk over the DOM below is iterative: pages nest elements thousands deep (broken
// editors, hostile markup), deeper than the call stack goes.

/** Given a node, returns every node under it in document order (pre-order), without recursion. */
function* nodesUnder(node: ParentNode): Generator<Dom.ChildNode> {
  const stack: Dom.ChildNode[] = [...node.childNodes].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    yield next;
    if ('childNodes' in next) for (let i = next.childNodes.length - 1; i >= 0; i--) stack.push(next.childNodes[i]);
  }
}

/** Given a node and a tag name, returns the elements of that tag under it, in document order. */
function descendants(node: ParentNode, tagName: string): Element[] {
  const out: Element[] = [];
  for (const n of nodesUnder(node)) if (isElement(n) && n.tagName === tagName) out.push(n);
  return out;
}

/**
 * Given a root, which elements to enter and a function, calls it on the root and the
 * elements under it children before parents (post-order), so a fold can read its
 * children's results; an element not entered is visited but its subtree is not.
 */
function postOrder(root: Element, enter: (el: Element) => boolean, fn: (el: Element, inTable: boolean) => void): void {
  const stack: { el: Element; inTable: boolean; entered: boolean }[] = [{ el: root, inTable: false, entered: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (!top.entered && enter(top.el)) {
      top.entered = true;
      const inTable = top.inTable || top.el.tagName === 'table';
      for (const child of top.el.childNodes) if (isElement(child)) stack.push({ el: child, inTable, entered: false });
      continue;
    }
    stack.pop();
    fn(top.el, top.inTable);
  }
}

/** Given a root, returns the elements under it (itself included) that hold a <table> somewhere below. */
export function holdingTables(root: Element): Set<Element> {
  const out = new Set<Element>();
  postOrder(root, () => true, (el) => {
    if (el.childNodes.some((c) => isElement(c) && (c.tagName === 'table' || out.has(c)))) out.add(el);
  });
  return out;
}

/** Given a <table> and the elements holding tables, returns whether it is a data table: no table inside, two rows or more. */
function isDataTable(el: Element, holding: Set<Element>): boolean {
  return el.tagName === 'table' && !holding.has(el) && childRows(el).length >= 2;
}

// Never text: dropped wherever they are.
const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'select', 'option',
  'button', 'input', 'textarea', 'head', 'title', 'link', 'meta', 'map', 'audio', 'video',
]);

// ── Finding the report in a portal page ─────────────────────────────────────

// Elements that are page furniture by tag or by a class/id word (in CMS templates' own vocabulary,
// pinyin included: xglj 相关链接, yqlj 友情链接, dqwz 当前位置, fenxiang 分享, ewm 二维码).
const FURNITURE_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const FURNITURE_WORDS = new Set([
  'nav', 'navi', 'navbar', 'navigation', 'menu', 'submenu', 'breadcrumb', 'breadcrumbs', 'crumb', 'crumbs', 'bread',
  'position', 'location', 'dqwz', 'weizhi', 'share', 'bdshare', 'fenxiang', 'footer', 'foot', 'header', 'hd',
  'related', 'relate', 'xglj', 'links', 'yqlj', 'friendlink', 'copyright', 'sidebar', 'aside', 'search', 'login',
  'toolbar', 'tools', 'print', 'qrcode', 'ewm', 'erweima', 'gotop', 'backtop', 'banner',
]);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary']);
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col']);
// Furniture this large, or holding a data table, is the report after all (a page wrapped in <form>).
const FURNITURE_MAX_TEXT = 1500;

interface Weight {
  /** Visible characters outside links. */
  text: number;
  /** Data tables (leaf tables of two or more rows) inside. */
  tables: number;
}

/** Given a page body and the elements holding tables, returns the elements to leave out: never-text tags, page furniture, hidden elements. */
export function boilerplateElements(body: Element, holding: Set<Element>): Set<Element> {
  const dropped = new Set<Element>();
  const weights = new Map<Element, Weight>();
  postOrder(body, (e) => !NEVER_TEXT.has(e.tagName), (el, inTable) => weights.set(el, weigh(el, inTable, weights, dropped, holding)));
  return dropped;
}

/**
 * Given an element whose children are weighed, returns its weight counting only what is
 * not dropped, adding it to `dropped` when it is never-text, hidden or small furniture.
 */
function weigh(el: Element, inTable: boolean, weights: Map<Element, Weight>, dropped: Set<Element>, holding: Set<Element>): Weight {
  if (NEVER_TEXT.has(el.tagName)) {
    dropped.add(el);
    return { text: 0, tables: 0 };
  }
  const w = sumChildren(el, weights, () => true);
  if (isDataTable(el, holding)) w.tables += 1;
  if (w.tables === 0 && w.text < FURNITURE_MAX_TEXT && (isHidden(el) || (!inTable && isFurniture(el)))) {
    dropped.add(el);
    return { text: 0, tables: 0 };
  }
  return w;
}

/** Given an element and its children's weights, returns the sum over the children it keeps plus its own text outside links. */
function sumChildren(el: Element, weights: Map<Element, Weight>, keep: (child: Element) => boolean): Weight {
  const w: Weight = { text: 0, tables: 0 };
  for (const node of el.childNodes) {
    if (isElement(node)) {
      if (!keep(node)) continue;
      const child = weights.get(node)!;
      w.text += child.text;
      w.tables += child.tables;
    } else if (node.nodeName === '#text') {
      w.text += (node as Dom.TextNode).value.replace(/[\s\u200b]/g, '').length;
    }
  }
  if (el.tagName === 'a') w.text = 0;
  return w;
}

function isFurniture(el: Element): boolean {
  if (FURNITURE_TAGS.has(el.tagName)) return true;
  if (FURNITURE_ROLES.has((attr(el, 'role') ?? '').toLowerCase())) return true;
  const words = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  return words.some((w) => FURNITURE_WORDS.has(w));
}

function isHidden(el: Element): boolean {
  if (el.attrs.some((a) => a.name === 'hidden')) return true;
  return /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attr(el, 'style') ?? '');
}

/**
 * Given a page body, the elements left out and those holding tables, returns the element holding the report:
 * walks down while one child holds nearly all the remaining text and every data table,
 * stopping above table internals (a layout table's cells are walked, not chosen).
 */
export function reportRoot(body: Element, dropped: Set<Element>, holding: Set<Element>): Element {
  const kept = keptWeights(body, dropped, holding);
  let node = body;
  for (;;) {
    const here = kept.get(node);
    const candidates = childElements(node).filter((c) => !dropped.has(c) && !TABLE_PARTS.has(c.tagName));
    const best = candidates.sort((a, b) => (kept.get(b)?.text ?? 0) - (kept.get(a)?.text ?? 0))[0];
    const there = best && kept.get(best);
    if (!here || !there || there.text === 0 || there.text < 0.8 * here.text || there.tables < here.tables) return node;
    node = best;
  }
}

/** Given a root and the elements left out, returns every kept element's weight. */
function keptWeights(root: Element, dropped: Set<Element>, holding: Set<Element>): Map<Element, Weight> {
  const weights = new Map<Element, Weight>();
  postOrder(root, (e) => !dropped.has(e), (el) => {
    if (dropped.has(el)) return;
    const w = sumChildren(el, weights, (child) => !dropped.has(child));
    if (isDataTable(el, holding)) w.tables += 1;
    weights.set(el, w);
  });
  return weights;
}

// ── Text ────────────────────────────────────────────────────────────────────

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const DIGIT = /[0-9０-９]/;

/**
 * Given raw text-node content, returns it as a reader sees it: whitespace runs as one space,
 * except a source line break between two CJK characters, which is no space at all
 * (CSS segment-break rule; Word and CMS editors wrap Chinese lines anywhere).
 */
export function normalizeText(s: string): string {
  return s
    .replace(/[\s\u200b]+/g, (run, at: number, all: string) =>
      /[\r\n]/.test(run) && CJK.test(all[at - 1] ?? '') && CJK.test(all[at + run.length] ?? '') ? '' : ' ',
    )
    .trim();
}

/** Given the pieces of one cell (split by <br> or blocks), returns its text: digits and CJK joined directly, other pieces by a space. */
export function joinPieces(pieces: string[]): string {
  return pieces.reduce((text, piece) => {
    if (!piece) return text;
    if (!text) return piece;
    const a = text[text.length - 1];
    const b = piece[0];
    const tight = (DIGIT.test(a) && DIGIT.test(b)) || CJK.test(a) || CJK.test(b);
    return text + (tight ? '' : ' ') + piece;
  }, '');
}

// Elements that end a line of text.
const BLOCKS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'main',
  'blockquote', 'pre', 'address', 'center', 'figure', 'figcaption', 'hr', 'caption', 'header', 'footer', 'nav',
  'aside', 'form', 'fieldset', 'legend', 'details', 'summary', 'body', 'html', 'tr', 'td', 'th', 'table',
]);

/** Given a table cell, returns its text: pieces split by <br> and blocks, joined by `joinPieces`. */
function cellText(cell: Element, dropped: Set<Element>): string {
  const pieces: string[] = [''];
  const BREAK = null;
  const stack: (Dom.ChildNode | typeof BREAK)[] = [...cell.childNodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node === BREAK) pieces.push('');
    else if (isElement(node)) {
      if (dropped.has(node) || NEVER_TEXT.has(node.tagName)) continue;
      const block = node.tagName === 'br' || BLOCKS.has(node.tagName);
      if (block) pieces.push(''), stack.push(BREAK);
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
    } else if (node.nodeName === '#text') {
      pieces[pieces.length - 1] += (node as Dom.TextNode).value;
    }
  }
  return joinPieces(pieces.map(normalizeText));
}

// ── Lines ───────────────────────────────────────────────────────────────────

interface LineWriter {
  lines: Line[];
  dropped: Set<Element>;
  /** Elements with a <table> below them (a row holding one is layout). */
  holding: Set<Element>;
  inline: string;
  nextTable: number;
  /** The table the last line belongs to while nothing but blanks followed it: a next <table> continues it. */
  openTable: number | null;
  /** Table sections whose spans were ignored (see boundedSpans). */
  spansIgnored: number;
}

/**
 * Given a root element, the elements left out and those holding tables, returns the lines in reading order:
 * each text block one single-cell line, each table row a grid line. Adjacent <table>s
 * with no text between them (one table cut at page breaks by Word or a CMS editor)
 * share one table index. Also counts the table sections whose spans had to be ignored.
 */
export function domToLines(root: Element, dropped: Set<Element>, holding: Set<Element>): { lines: Line[]; spansIgnored: number } {
  const w: LineWriter = { lines: [], dropped, holding, inline: '', nextTable: 0, openTable: null, spansIgnored: 0 };
  walk(root, w);
  flush(w);
  return { lines: w.lines, spansIgnored: w.spansIgnored };
}

/** A step of the walk: a node to visit, or something to do once the nodes pushed before it are done. */
type Step = Dom.ChildNode | Element | (() => void);

/** Given a root and the writer, writes the lines of everything under it, in document order. */
function walk(root: Element, w: LineWriter): void {
  const stack: Step[] = [root];
  while (stack.length) {
    const step = stack.pop()!;
    if (typeof step === 'function') {
      step();
      continue;
    }
    const next = visit(step, w);
    if (next) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
}

/** Given a node, writes what it holds at once (text, a line break) and returns the steps its content takes. */
function visit(node: Dom.ChildNode | Element, w: LineWriter): Step[] | undefined {
  if (!isElement(node)) {
    if (node.nodeName === '#text') w.inline += (node as Dom.TextNode).value;
    return undefined;
  }
  if (w.dropped.has(node) || NEVER_TEXT.has(node.tagName)) return undefined;
  if (node.tagName === 'br') {
    flush(w);
    return undefined;
  }
  if (node.tagName === 'table') return tableSteps(node, w);
  if (!BLOCKS.has(node.tagName)) return node.childNodes;
  flush(w);
  return [...node.childNodes, () => flush(w)];
}

/** Given the writer, turns the pending inline text into a one-cell line (when it is not blank). */
function flush(w: LineWriter): void {
  const text = normalizeText(w.inline);
  w.inline = '';
  if (!text) return;
  w.lines.push({ cells: [{ text }], grid: false });
  w.openTable = null;
}

/** Given a <table>, returns its rows grouped by section (<thead>/<tbody>/<tfoot>), in document order. */
function childRows(table: Element): Element[] {
  return tableSections(table).flat();
}

function tableSections(table: Element): Element[][] {
  const sections: Element[][] = [];
  for (const child of childElements(table)) {
    if (child.tagName === 'tr') sections.push([child]);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      sections.push(childElements(child).filter((e) => e.tagName === 'tr'));
    }
  }
  return sections;
}

/** Given a <table>, returns each section's rows as cells with their spans (the input `expandSpans` takes). */
export function tableToSpanRows(table: Element): SpanCell<Element>[][][] {
  return tableSections(table).map((rows) =>
    rows.map((tr) =>
      childElements(tr)
        .filter((c) => c.tagName === 'td' || c.tagName === 'th')
        .map((cell) => ({
          rowspan: spanAttr(cell, 'rowspan'),
          colspan: spanAttr(cell, 'colspan'),
          value: cell,
        })),
    ),
  );
}

function spanAttr(cell: Element, name: string): number {
  const n = parseInt(attr(cell, name) ?? '1', 10);
  return Number.isNaN(n) ? 1 : n;
}

/**
 * Given a <table>, returns the steps that write its rows as grid lines at their expanded
 * columns. A row with a table nested in one of its cells is layout, not data: its cells
 * are walked as blocks, so the inner table's rows come out as rows of their own.
 */
function tableSteps(table: Element, w: LineWriter): Step[] {
  flush(w);
  const steps: Step[] = [];
  const caption = childElements(table).find((c) => c.tagName === 'caption');
  if (caption) steps.push(caption, () => flush(w));
  let index: number | null = null;
  for (const section of tableToSpanRows(table)) {
    const bounded = boundedSpans(section);
    if (bounded !== section) w.spansIgnored++;
    for (const slots of expandSpans(bounded)) {
      if (slots.some((s) => w.holding.has(s.value))) {
        for (const s of slots) if (s.firstRow) steps.push(s.value, () => flush(w));
        continue;
      }
      if (slots.length === 0) continue;
      steps.push(() => {
        index ??= w.openTable ?? w.nextTable++;
        // x0/x1 in grid columns: a header spanning columns 2–3 covers a value at column 3.
        const cells: Cell[] = slots.map((s) => ({ text: cellText(s.value, w.dropped), col: s.col, x0: s.col, x1: s.col + s.width }));
        w.lines.push({ cells, grid: true, table: index });
        w.openTable = index;
      });
    }
  }
  return steps;
}

// Grid slots that spans may add beyond the cells a table writes. A report table has a few
// hundred; a few hundred bytes of rowspan=0 colspan=1000 would otherwise fill gigabytes.
const MAX_SPAN_FILL = 100_000;

/** Given a table section's rows, returns them as written, or with every span reset to 1 when the spans would blow up the grid. */
function boundedSpans<T>(rows: SpanCell<T>[][]): SpanCell<T>[][] {
  let cells = 0;
  let area = 0;
  rows.forEach((row, r) => {
    for (const c of row) {
      cells++;
      const height = c.rowspan <= 0 ? rows.length - r : Math.min(c.rowspan, rows.length - r);
      area += height * Math.min(Math.max(c.colspan, 1), 1000);
    }
  });
  return area - cells <= MAX_SPAN_FILL ? rows : rows.map((row) => row.map((c) => ({ ...c, rowspan: 1, colspan: 1 })));
}

// ── Page metadata ───────────────────────────────────────────────────────────

// <meta name="…"> names used by Chinese government CMSes (TRS, 大汉, 拓尔思 …) and the usual standards.
const META_NAMES: Record<keyof PageMeta, string[]> = {
  title: ['articletitle', 'dc.title', 'og:title', 'title'],
  published: ['pubdate', 'publishdate', 'publish_date', 'article:published_time', 'firstpublishedtime', 'dc.date', 'dcterms.issued'],
  publisher: ['contentsource', 'dc.publisher', 'publisher', 'source'],
  indexNo: ['indexno', 'index_no'],
  sourceUrl: ['url', 'og:url'],
};

/**
 * Given the document, every line of the page, the report's own lines and the raw file,
 * returns the page metadata: <meta> tags first, then the labelled block the page prints
 * (发布时间：…, 发布机构, 索引号, label and value in one cell or in neighbouring cells).
 */
export function pageMeta(document: Dom.Document, pageLines: Line[], reportLines: Line[], raw: RawDoc): PageMeta {
  const tags = metaTags(document);
  const segments = pageLines.flatMap((l) => l.cells.map((c) => c.text)).filter((t) => t.length <= 300);
  const fromTags = (key: keyof PageMeta) => META_NAMES[key].map((n) => tags.get(n)).find((v) => v && v.trim())?.trim();
  const meta: PageMeta = {};
  const title = fromTags('title') ?? labelled(segments, /(?:标\s*题|名\s*称)\s*[:：]\s*/)?.replace(/\s.*$/, '') ?? titleFromLines(reportLines) ?? titleOfPage(document);
  if (title) meta.title = title;
  const published =
    isoDate(fromTags('published')) ??
    isoDate(labelled(segments, /(?:发布|公开)(?:时间|日期)\s*[:：]?\s*/)) ??
    isoDate(labelled(segments, /(?<!成文|印发|生成)(?:时间|日期)\s*[:：]\s*/));
  if (published) meta.published = published;
  const publisher = fromTags('publisher') ?? firstWord(labelled(segments, /(?:发布机构|发文机关|发布单位)\s*[:：]?\s*/) ?? labelled(segments, /来\s*源\s*[:：]\s*/));
  if (publisher) meta.publisher = publisher;
  const indexNo = fromTags('indexNo') ?? labelled(segments, /索\s*引\s*号\s*[:：]?\s*/)?.match(/^[A-Za-z0-9][A-Za-z0-9\-_/.—–]*/)?.[0];
  if (indexNo) meta.indexNo = indexNo;
  const sourceUrl = fromTags('sourceUrl') ?? canonicalLink(document) ?? savedFrom(document) ?? (/^https?:\/\//i.test(raw.origin) ? raw.origin : undefined);
  if (sourceUrl) meta.sourceUrl = sourceUrl;
  return meta;
}

/** Given the document, returns its <meta name|property=… content=…> pairs, names lower-cased. */
function metaTags(document: Dom.Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const m of descendants(document, 'meta')) {
    const name = (attr(m, 'name') ?? attr(m, 'property'))?.toLowerCase();
    const content = attr(m, 'content');
    if (name && content !== undefined && !tags.has(name)) tags.set(name, content);
  }
  return tags;
}

/** Given text segments and a label pattern, returns the value after the first label: in the same segment, or the next one. */
function labelled(segments: string[], label: RegExp): string | undefined {
  const re = new RegExp(label.source, label.flags.replace('g', ''));
  for (let i = 0; i < segments.length; i++) {
    const m = re.exec(segments[i]);
    if (!m) continue;
    const rest = segments[i].slice(m.index + m[0].length).trim();
    const value = rest || segments[i + 1]?.trim();
    if (value) return value;
  }
  return undefined;
}

function firstWord(s: string | undefined): string | undefined {
  return s?.split(/\s+/)[0] || undefined;
}

/** Given a date as pages print it (2024-01-20 15:35, 2024年1月20日, 2024/1/20), returns YYYY-MM-DD, or undefined. */
export function isoDate(s: string | undefined): string | undefined {
  const m = s && /(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Given the report lines, returns an early short line that names a report (the printed title), or undefined. */
function titleFromLines(lines: Line[]): string | undefined {
  return lines
    .slice(0, 8)
    .filter((l) => !l.grid)
    .map((l) => l.cells[0].text)
    .find((t) => t.length <= 80 && /报告/.test(t));
}

/** Given the document, returns its <title> without the site and column names CMSes append. */
function titleOfPage(document: Dom.Document): string | undefined {
  const title = descendants(document, 'title')[0];
  const text = title && normalizeText(title.childNodes.map((n) => (n as Dom.TextNode).value ?? '').join(''));
  if (!text) return undefined;
  const parts = text.split(/\s*(?:_|\||｜|--| - )\s*/).filter(Boolean);
  return parts.find((p) => /报告/.test(p)) ?? parts[0];
}

function canonicalLink(document: Dom.Document): string | undefined {
  const link = descendants(document, 'link').find((l) => (attr(l, 'rel') ?? '').toLowerCase() === 'canonical');
  return (link && attr(link, 'href')) || undefined;
}

/** Given the document, returns the URL a browser's "save page" comment records (<!-- saved from url=(0042)http… -->). */
function savedFrom(document: Dom.Document): string | undefined {
  for (const node of nodesUnder(document)) {
    const url = node.nodeName === '#comment' && /saved from url=\(\d+\)(\S+)/i.exec((node as Dom.CommentNode).data)?.[1];
    if (url) return url;
  }
  return undefined;
}

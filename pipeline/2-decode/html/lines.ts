// The report body → lines: each text block one single-cell line, each table row a grid line with
// its spans expanded (blanks kept as '').
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import type { Cell, Line } from '../../core/types.ts';
import { expandSpans, type SpanCell } from '../grid.ts';
import { attr, childElements, isElement, NEVER_TEXT, tableSections, type Element } from './dom.ts';
import { BLOCKS, cellText, normalizeText } from './text.ts';

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


/** Given a <table>, returns each section's rows as cells with their spans (the input `expandSpans` takes). */
function tableToSpanRows(table: Element): SpanCell<Element>[][][] {
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
export const MAX_SPAN_FILL = 100_000;

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

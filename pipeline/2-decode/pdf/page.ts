// One page's content → Lines in reading order; then, across pages, running headers,
// footers and page numbers dropped and tables numbered (a table broken by a page keeps its number).
import type { Cell, Line } from '../../core/types.ts';
import type { Char, PageContent } from './read.ts';
import { boxesToGrid, boxesToTables, edgesToRulings, gridToRows, rulingsToBoxes } from './grid.ts';
import type { GridTable } from './grid.ts';
import { charsToLines, lineToRuns } from './lines.ts';

/** A Line with what the cross-page steps need to know about it. */
export interface PageLine {
  line: Line;
  /** Top of the line or grid row band, for reading order. */
  top: number;
  /** Index of its grid table on the page; absent for text lines. */
  pageTable?: number;
  /** A text line in the page's top or bottom margin: a header/footer candidate. */
  margin: boolean;
}

/** The share of the page height at the top and at the bottom where headers, footers and page numbers live. */
const MARGIN_SHARE = 0.1;
/** `-3-`, `— 3 —`, `第 3 页`, `第3页 共12页`, `3/12`, `3`. */
const PAGE_NUMBER = /^(?:[-－—–]*\s*\d{1,4}\s*[-－—–]*|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

/** Given a page's tables found from its rulings, returns them with the glyphs outside every cell. */
export function contentToTables(content: PageContent): { tables: GridTable[]; rest: Char[] } {
  const tables: GridTable[] = [];
  let rest = content.chars;
  for (const boxes of boxesToTables(rulingsToBoxes(edgesToRulings(content.edges)))) {
    const found = boxesToGrid(boxes, rest);
    tables.push(found.table);
    rest = found.rest;
  }
  return { tables, rest };
}

/** Given a page's content and its number (1-based), returns its lines top to bottom. */
export function pageToLines(content: PageContent, page: number): PageLine[] {
  const { tables, rest } = contentToTables(content);
  const out: PageLine[] = [];
  const bandTop = MARGIN_SHARE * content.height;
  const bandBottom = content.height - bandTop;
  for (const l of charsToLines(rest)) {
    const cells: Cell[] = lineToRuns(l).map((r) => ({ text: r.text, page, x0: round(r.x0), x1: round(r.x1), y: round(r.baseline) }));
    out.push({ line: { cells, grid: false, page }, top: l.top, margin: l.bottom <= bandTop || l.top >= bandBottom });
  }
  tables.forEach((table, pageTable) => {
    for (const row of gridToRows(table)) {
      const cells: Cell[] = row.cells.map((c) => ({ text: c.text, page, x0: round(c.x0), x1: round(c.x1), y: round(c.baseline), col: c.col }));
      out.push({ line: { cells, grid: true, page }, top: row.top, pageTable, margin: false });
    }
  });
  // Stable: rows of one table keep their order even where a body line sits beside them.
  return out.sort((a, b) => a.top - b.top);
}

/**
 * Given every page's lines, returns them without running headers and footers: margin
 * lines that are page numbers, or whose text (digits aside) recurs in the margins of at
 * least half the pages (and two or more).
 */
export function dropRunningLines(pages: PageLine[][]): PageLine[][] {
  const key = (l: PageLine) => lineText(l).replace(/\d+/g, '#');
  const seen = new Map<string, number>();
  for (const lines of pages) {
    for (const k of new Set(lines.filter((l) => l.margin).map(key))) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const recurring = (l: PageLine) => {
    const n = seen.get(key(l)) ?? 0;
    return n >= 2 && n >= pages.length / 2;
  };
  return pages.map((lines) => lines.filter((l) => !(l.margin && (PAGE_NUMBER.test(lineText(l)) || recurring(l)))));
}

/**
 * Given the pages' lines, sets each grid row's `table`, numbering tables through the
 * document; a table that opens a page right after a page that ended in a table continues it.
 */
export function numberTables(pages: PageLine[][]): Line[] {
  const out: Line[] = [];
  let table = -1;
  let previousEndedInTable = false;
  for (const lines of pages) {
    let current: number | undefined;
    lines.forEach((l, i) => {
      if (l.pageTable !== undefined) {
        if (l.pageTable !== current) {
          current = l.pageTable;
          if (!(i === 0 && previousEndedInTable)) table++;
        }
        l.line.table = table;
      }
      out.push(l.line);
    });
    previousEndedInTable = lines.at(-1)?.pageTable !== undefined;
  }
  return out;
}

function lineText(l: PageLine): string {
  return l.line.cells.map((c) => c.text).join(' ').trim();
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

// Reads the tables back out of a `nianbao report` page, for the tests that hold them against the views.
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';

/** One table of the page: its part id, its columns and, per row, each cell's exact value (NULL for an empty cell). */
export interface PageTable {
  part: string;
  view: string;
  fields: string[];
  rows: (string | null)[][];
}

const attr = (el: T.Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

/** Given a node, returns every element under it, depth first. */
function* elementsUnder(node: T.ParentNode): Generator<T.Element> {
  for (const child of node.childNodes) {
    if (!('tagName' in child)) continue;
    yield child;
    yield* elementsUnder(child);
  }
}

/** Given an element, returns its text. */
function textOf(node: T.ParentNode): string {
  return node.childNodes.map((c) => ('value' in c && c.nodeName === '#text' ? c.value : 'childNodes' in c ? textOf(c) : '')).join('');
}

/** Given a report page, returns its tables; a number cell's value is its data-value, a text cell's its text. */
export function tablesOf(html: string): PageTable[] {
  const tables: PageTable[] = [];
  for (const table of elementsUnder(parse(html))) {
    if (table.tagName !== 'table' || attr(table, 'class') !== 'data') continue;
    const cells = [...elementsUnder(table)];
    const fields = cells.filter((e) => e.tagName === 'th').map((th) => attr(th, 'data-field')!);
    const rows = cells
      .filter((e) => e.tagName === 'tr' && e.childNodes.some((c) => 'tagName' in c && c.tagName === 'td'))
      .map((tr) => tr.childNodes.filter((c): c is T.Element => 'tagName' in c && c.tagName === 'td').map((td) => {
        const text = textOf(td);
        return attr(td, 'data-value') ?? (text === '' ? null : text);
      }));
    tables.push({ part: attr(table, 'data-part')!, view: attr(table, 'data-view')!, fields, rows });
  }
  return tables;
}

/** Given a page table and some of its columns, returns those columns of every row, numbers as numbers. */
export function columnsOf(table: PageTable, fields: readonly string[]): (string | number | null)[][] {
  const at = fields.map((f) => {
    const i = table.fields.indexOf(f);
    if (i < 0) throw new Error(`${table.part} has no column ${f}; it has ${table.fields.join(', ')}`);
    return i;
  });
  return table.rows.map((row) => at.map((i) => (row[i] !== null && /^-?\d+(\.\d+)?(e-?\d+)?$/.test(row[i]!) ? Number(row[i]) : row[i])));
}

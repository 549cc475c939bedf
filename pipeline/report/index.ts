// `nianbao report`: the warehouse as one static HTML page of charts and tables. Reads the views
// READ_ONLY, so it never blocks a nightly run; every figure is a view's.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { close, openForReading } from '../5-load/index.ts';
import { svgOf, type ChartRow } from './chart.ts';
import { pageOf, type RenderedSection } from './html.ts';
import { SECTIONS, type PartDefinition, type ReportFilter } from './sections.ts';

export { SECTIONS, type ReportFilter } from './sections.ts';

/** Rows already read in this build, by query: parts that share a query (a costly summary view) read it once. */
type RowsRead = Map<string, Promise<ChartRow[]>>;

/** Given a part and the filter, returns the part's rows from its view, in the order the table prints them. */
function readPart(conn: DuckDBConnection, part: PartDefinition, filter: ReportFilter, read: RowsRead = new Map()): Promise<ChartRow[]> {
  const sql = part.sql(filter);
  if (!read.has(sql)) read.set(sql, conn.runAndReadAll(sql, parametersOf(sql, filter)).then((r) => (r.getRowObjectsJS() as Record<string, unknown>[]).map(plainRow)));
  return read.get(sql)!;
}

/** Given a query and the filter, returns the values of the named parameters ($from, $to, $province) the query uses. */
function parametersOf(sql: string, filter: ReportFilter): Record<string, DuckDBValue> {
  const values: Record<string, DuckDBValue> = { from: filter.from ?? null, to: filter.to ?? null, province: filter.province ?? null };
  const used = new Set([...sql.matchAll(/\$(from|to|province)\b/g)].map((m) => m[1]));
  return Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name)));
}

/** Given a row as DuckDB returns it, returns it with plain JSON values: BIGINT and HUGEINT as numbers, timestamps as ISO text. */
function plainRow(row: Record<string, unknown>): ChartRow {
  const plain: ChartRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') plain[key] = Number(value);
    else if (value instanceof Date) plain[key] = value.toISOString();
    else if (value === null || value === undefined) plain[key] = null;
    else if (typeof value === 'object') plain[key] = String(value);
    else plain[key] = value as string | number | boolean;
  }
  return plain;
}

/** Given a connection and the filter, returns the views the report's queries read that the warehouse lacks (one written before they existed). */
async function missingViews(conn: DuckDBConnection, filter: ReportFilter): Promise<string[]> {
  const wanted = new Set(SECTIONS.flatMap((s) => s.parts.flatMap((p) => [...p.sql(filter).matchAll(/\bv_\w+/g)].map((m) => m[0]))));
  const reader = await conn.runAndReadAll(`SELECT view_name FROM duckdb_views() WHERE NOT internal`);
  const present = new Set(reader.getRows().map(([name]) => String(name)));
  return [...wanted].filter((v) => !present.has(v)).sort();
}

/** Given a connection and the filter, returns every section with its parts' rows read and charts drawn. */
async function renderSections(conn: DuckDBConnection, filter: ReportFilter): Promise<RenderedSection[]> {
  const sections: RenderedSection[] = [];
  const read: RowsRead = new Map();
  for (const section of SECTIONS) {
    const parts = [];
    for (const [i, part] of section.parts.entries()) {
      const rows = await readPart(conn, part, filter, read);
      const svgs = rows.length ? await Promise.all(part.charts.map((spec) => svgOf(spec, rows))) : [];
      parts.push({ id: `${section.id}-${i + 1}`, title: part.title, view: part.view, note: part.note, svgs, columns: part.columns, rows });
    }
    sections.push({ id: section.id, title: section.title, intro: section.intro, parts });
  }
  return sections;
}

/** Given a filter, returns it in words for the page header; empty when it narrows nothing. */
export function scopeOf(filter: ReportFilter): string {
  const years =
    filter.from && filter.to ? `years ${filter.from}–${filter.to}` : filter.from ? `years from ${filter.from}` : filter.to ? `years to ${filter.to}` : '';
  return [years, filter.province ? `province ${filter.province}` : ''].filter(Boolean).join(' · ');
}

/** Given an open warehouse connection, its path and a filter, returns the report page. */
export async function buildReport(conn: DuckDBConnection, warehouse: string, filter: ReportFilter = {}): Promise<string> {
  const missing = await missingViews(conn, filter);
  if (missing.length) {
    throw new Error(`${basename(warehouse)} lacks the views ${missing.join(', ')}: it was written by an older nianbao; the next \`nianbao ingest\` into it (of its usual sources: unchanged files are skipped) brings its views up to date`);
  }
  const sections = await renderSections(conn, filter);
  return pageOf(sections, { warehouse: basename(warehouse), generatedAt: new Date(), scope: scopeOf(filter) });
}

/** Given a warehouse file, an output file and a filter, opens the warehouse READ_ONLY, writes the report, and returns its size in bytes. */
export async function writeReport(warehouse: string, out: string, filter: ReportFilter = {}): Promise<number> {
  const wh = await openForReading(warehouse);
  try {
    const html = await buildReport(wh.conn, warehouse, filter);
    await writeFile(out, html);
    return Buffer.byteLength(html);
  } finally {
    close(wh);
  }
}

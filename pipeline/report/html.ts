// The report as one self-contained HTML page: styles inlined, charts as inline SVG, no script, so it
// opens from disk or as an e-mail attachment exactly as it was built.
import { pathToFileURL } from 'node:url';
import { CJK_FONT_STACK, type ChartRow } from './chart.ts';
import type { Column } from './sections.ts';

/** A part ready to print: its charts already rendered to SVG, its rows as the view gave them. */
export interface RenderedPart {
  /** The section's id and the part's number in it, e.g. applications-2: the anchor of its table. */
  id: string;
  title: string;
  view: string;
  note?: string;
  svgs: string[];
  columns: Column[];
  rows: ChartRow[];
}

export interface RenderedSection {
  id: string;
  title: string;
  intro: string;
  parts: RenderedPart[];
}

/** What the page says about itself in its header. */
export interface PageMeta {
  warehouse: string;
  generatedAt: Date;
  /** The filter in words, e.g. "years 2020–2023 · province 350000"; empty for everything. */
  scope: string;
}

/** Given the sections and the page's facts, returns the whole HTML document. */
export function pageOf(sections: readonly RenderedSection[], meta: PageMeta): string {
  const nav = sections.map((s) => `<a href="#${s.id}">${escape(s.title)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nianbao report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>nianbao 政府信息公开年报 — report</h1>
<p class="meta">warehouse <code>${escape(meta.warehouse)}</code> · built ${escape(meta.generatedAt.toISOString().replace('T', ' ').slice(0, 19))} UTC · ${escape(meta.scope || 'every year and province')}</p>
<nav>${nav}</nav>
</header>
<main>
${sections.map(sectionHtml).join('\n')}
</main>
</body>
</html>
`;
}

/** Given a section, returns its HTML: heading, intro, and each part's charts above its table. */
function sectionHtml(section: RenderedSection): string {
  return `<section id="${section.id}" class="report-section">
<h2>${escape(section.title)}</h2>
<p class="intro">${escape(section.intro)}</p>
${section.parts.map(partHtml).join('\n')}
</section>`;
}

/** Given a part, returns its charts (each an inline SVG in a figure) and its table, or a line saying it is empty. */
function partHtml(part: RenderedPart): string {
  const body = part.rows.length
    ? `<div class="charts">${part.svgs.map((svg) => `<figure class="chart">${svg}</figure>`).join('')}</div>
${tableHtml(part)}`
    : '<p class="empty">Nothing in the warehouse for this part.</p>';
  return `<div class="part" id="${part.id}">
<h3>${escape(part.title)}</h3>
${part.note ? `<p class="note">${escape(part.note)}</p>` : ''}
${body}
<p class="from">from <code>${escape(part.view)}</code></p>
</div>`;
}

/** Given a part, returns its rows as a table; each number cell keeps the exact value in data-value, a NULL is an empty cell. */
function tableHtml(part: RenderedPart): string {
  const head = part.columns.map((c) => `<th data-field="${escape(c.field)}" class="${c.kind}">${escape(c.label)}</th>`).join('');
  const rows = part.rows.map((row) => `<tr>${part.columns.map((c) => cellHtml(c, row)).join('')}</tr>`).join('\n');
  return `<div class="table"><table class="data" data-part="${part.id}" data-view="${escape(part.view)}"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

/** Given a column and a row, returns the cell: formatted for reading, the exact value beside it. */
function cellHtml(column: Column, row: ChartRow): string {
  const value = row[column.field];
  const attrs = `data-field="${escape(column.field)}" class="${column.kind}"`;
  if (value === null || value === undefined) return `<td ${attrs} title="no number"></td>`;
  if (column.kind === 'source') {
    const origin = String(row.origin ?? value);
    const href = /^[a-z][a-z0-9+.-]*:\/\//i.test(origin) ? origin : pathToFileURL(origin).href;
    return `<td ${attrs}><a href="${escape(href)}" title="${escape(origin)}">${escape(String(value))}</a></td>`;
  }
  return `<td ${attrs} data-value="${escape(String(value))}">${escape(formatted(column, value))}</td>`;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Given a column and a non-NULL value, returns the value as the table prints it. */
function formatted(column: Column, value: string | number | boolean): string {
  if (typeof value !== 'number') return String(value);
  switch (column.kind) {
    case 'count': return COUNT.format(value);
    case 'rate': return `${(value * 100).toFixed(1)}%`;
    case 'seconds': return `${value.toFixed(1)} s`;
    default: return String(value);
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const STYLE = `
body { font-family: ${CJK_FONT_STACK}; color: #222; margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; line-height: 1.45; }
header { border-bottom: 2px solid #4e79a7; margin-bottom: 8px; }
h1 { font-size: 22px; margin: 20px 0 4px; }
h2 { font-size: 19px; margin: 36px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 22px 0 6px; }
.meta, .note, .from, .intro { color: #555; font-size: 13px; margin: 4px 0; }
nav { font-size: 14px; margin: 8px 0 12px; }
nav a { color: #4e79a7; text-decoration: none; }
code { font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure.chart { margin: 8px 0; overflow-x: auto; max-width: 100%; }
.table { max-height: 26em; overflow: auto; border: 1px solid #eee; margin-top: 6px; }
table.data { border-collapse: collapse; font-size: 12px; }
table.data th { position: sticky; top: 0; background: #f5f7fa; text-align: left; font-weight: 600; }
table.data th, table.data td { padding: 3px 8px; border-bottom: 1px solid #eee; white-space: nowrap; }
table.data td.count, table.data td.rate, table.data td.seconds, table.data th.count, table.data th.rate, table.data th.seconds { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: #888; font-style: italic; }
@media print { .table { max-height: none; overflow: visible; } section { break-inside: avoid-page; } }
`;

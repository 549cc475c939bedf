// Extract stage: DecodedDoc → Report. Finds the sections, reads the three tables by
// their labels, and takes the agency, year, template and publication date.
import type { DecodedDoc, Finding, Line, Report, ReportCell, ReportStatus, Template } from '../core/types.ts';
import { profileAgency, resolveRegion } from '../core/regions/index.ts';
import { normaliseLabel } from './labels.ts';
import { detectTemplate, missingOf, normaliseDate, publishedFromSignature, readNames } from './metadata.ts';
import { APPLICANT_LABELS, APPLICANTS } from '../core/catalogue.ts';
import { columnSpans } from './columns.ts';
import { linesToRows, type Row } from './rows.ts';
import { findSections, sectionRange, sectionsText, type SectionSpans } from './sections.ts';
import { rowsToTable2 } from './table2.ts';
import { rowsToTable3 } from './table3.ts';
import { rowsToTable4 } from './table4.ts';
import { readLegacy } from './legacy/index.ts';

/** Reports before this data year are free-form: no template tables; their statistics table and sentences are read apart (legacy/). */
const FIRST_TEMPLATE_YEAR = 2019;
/** Table 4's data rows print at least one group of five; shorter value rows there are stray numbers in prose. */
const T4_MIN_VALUES = 5;

/** Given a decoded document, returns the report read from it: metadata, sections, every table cell, and findings. */
export function extract(doc: DecodedDoc): Report {
  const findings: Finding[] = [...doc.findings];
  const lines = doc.lines;
  const spans = findSections(lines);
  const firstSection = Math.min(...spans.starts.values(), lines.length);
  const allText = lines.map((l) => l.cells.map((c) => c.text).join(' ')).join('\n');
  const names = readNames(doc, lines.slice(0, Math.max(firstSection, 1)), allText);
  const { title, agency, year } = names;
  const published = publishedFromSignature(lines, year) ?? normaliseDate(doc.meta.published);

  const region = resolveRegion({ agency, title, text: allText, hints: doc.hints });
  const { kind, level, scope } = profileAgency(agency, title, allText);

  const base: Report = {
    source: doc.source,
    sha256: doc.sha256,
    bytes: doc.bytes,
    format: doc.format,
    encoding: doc.encoding,
    agency,
    regionCode: region.code,
    year,
    template: null,
    published,
    title,
    status: 'loaded',
    profile: { kind, level, scope, regionMethod: region.method, regionConfidence: region.confidence },
    sections: sectionsText(lines, spans),
    cells: [],
    findings,
    hints: doc.hints,
  };

  if (lines.length === 0) return { ...base, status: doc.findings.some((f) => f.severity === 'error') ? 'failed' : 'not_report' };
  const titled = isTitledReport(allText);
  if (year !== null && year < FIRST_TEMPLATE_YEAR && titled) {
    const legacy = readLegacy(lines);
    findings.push(...names.conflicts, ...missingOf(names), ...legacy.findings);
    return { ...base, template: 'legacy', cells: legacy.cells, status: legacy.cells.some((c) => c.state === 'unreadable') ? 'partial' : 'loaded' };
  }
  if (!titled || !hasReportBody(allText, spans)) {
    findings.push({ check: 'report.not_annual_report', severity: 'warning', subject: 'file', message: 'the document is not a government information disclosure annual report (no 政府信息公开 report title or sections)', stage: 'extract' });
    return { ...base, status: 'not_report' };
  }
  findings.push(...region.findings, ...names.conflicts, ...missingOf(names));

  const t2Lines = regionLines(lines, spans, 2);
  const template = detectTemplate(normaliseLabel(linesText(t2Lines.length ? t2Lines : lines)), year);
  if (template === null) {
    findings.push({ check: 'template.unknown', severity: 'error', subject: 'template', message: 'neither the table-2 headers nor the year tell the template', stage: 'extract' });
    return { ...base, status: 'partial' };
  }
  return { ...base, template, ...readTables(doc, spans, template, findings) };
}

/** The table-3 header over the value columns, whose positions place blank cells in space-aligned text. */
const APPLICANT_NAMES = APPLICANTS.map((a) => APPLICANT_LABELS[a].zh);

/** Given the document, sections and template, returns the cells of the three tables and the report status. */
function readTables(doc: DecodedDoc, spans: SectionSpans, template: Exclude<Template, 'legacy'>, findings: Finding[]): { cells: ReportCell[]; status: ReportStatus } {
  const { lines } = doc;
  const t2 = rowsToTable2(linesToRows(regionLines(lines, spans, 2)), template);
  const t3Lines = regionLines(lines, spans, 3);
  const t3Rows = linesToRows(t3Lines);
  // Positions are character columns only in text; elsewhere a blank cell is a cell (grids) or is not placed.
  const t3 = rowsToTable3(t3Rows, template, doc.format === 'text' ? columnSpans(t3Rows, t3Lines, APPLICANT_NAMES) : null);
  const t4Rows = linesToRows(regionLines(lines, spans, 4));
  const t4 = rowsToTable4(keepTableRows(t4Rows));
  const cells: ReportCell[] = [];
  for (const [name, table, found] of [['t2', t2, t2.found > 0], ['t3', t3, t3.found > 0], ['t4', t4, t4.found]] as const) {
    findings.push(...table.findings.filter((f) => found || f.check !== 'row.missing'));
    if (found) cells.push(...table.cells);
    else findings.push({ check: 'table.missing', severity: 'error', subject: name, message: `table ${name.slice(1)} was not found`, stage: 'extract' });
  }
  const complete = t2.found > 0 && t3.found > 0 && t4.found && cells.every((c) => c.state !== 'unreadable');
  return { cells, status: complete ? 'loaded' : 'partial' };
}

/** Given table-4 rows, returns the data rows: those with a group's worth of values (else all, for odd layouts). */
function keepTableRows(rows: Row[]): Row[] {
  const wide = rows.filter((r) => r.values.length >= T4_MIN_VALUES);
  return wide.length ? wide : rows;
}

/** Given the lines and section starts, returns the lines of section `no`, or [] when it was not found. */
function regionLines(lines: Line[], spans: SectionSpans, no: number): Line[] {
  const range = sectionRange(spans, no, lines.length);
  return range ? lines.slice(...range) : [];
}

const linesText = (lines: Line[]) => lines.map((l) => l.cells.map((c) => c.text).join('')).join('');

/** Given the text, returns whether its head names a disclosure report (政府信息公开…报告). */
function isTitledReport(text: string): boolean {
  const head = text.slice(0, 2000).replace(/\s+/g, '');
  return /政府信息公开|政务公开|信息公开/.test(head) && /报告/.test(head);
}

/** Given the text and the sections found, returns whether it has the body of a template report: sections or its tables. */
function hasReportBody(text: string, spans: SectionSpans): boolean {
  return spans.starts.size >= 2 || /第二十条|本年新收政府信息公开申请/.test(text.replace(/\s+/g, ''));
}

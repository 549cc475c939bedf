// Report → warehouse rows: the pure half of loading. One Report becomes one fact_report row and its
// cells, findings and sections; cells that cannot be stored as they are become findings, not errors.
import { createHash } from 'node:crypto';
import type { Finding, Report, ReportCell, Severity, SourceHints } from '../core/types.ts';
import type { Cell } from './append.ts';

/** A report to load and where its bytes came from. */
export interface LoadItem {
  report: Report;
  /** Absolute path or URL of the raw file: the report's identity in the warehouse. */
  origin: string;
}

/** What every row of one run carries. */
export interface LoadContext {
  runId: string;
  loadedAt: Date;
  extractorVersion: string;
}

export interface ReportRows {
  reportId: string;
  report: Cell[];
  table2: Cell[][];
  table3: Cell[][];
  table4: Cell[][];
  legacy: Cell[][];
  findings: Cell[][];
  sections: Cell[][];
  findingsBySeverity: Record<Severity, number>;
}

/** Stable across runs: the same origin always maps to the same report_id. */
export function reportIdOf(origin: string): string {
  return createHash('sha256').update(origin).digest('hex').slice(0, 16);
}

export function agencyKeyOf(agency: string, regionCode: string | null): string {
  return createHash('md5').update(`${agency}|${regionCode ?? ''}`).digest('hex');
}

/** Given a source's hints, returns them as fact_report.source_hints stores them: JSON, keys in one order, `{}` for none. */
export function hintsJson(hints: SourceHints | undefined): string {
  return JSON.stringify({ agency: hints?.agency, year: hints?.year, regionCode: hints?.regionCode });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Given a report and its origin, returns its rows for every table, in each table's column order. */
export function reportRows({ report, origin }: LoadItem, ctx: LoadContext): ReportRows {
  const reportId = reportIdOf(origin);
  const extra: Finding[] = [];
  const tables: Record<'t2' | 't3' | 't4' | 'legacy', Cell[][]> = { t2: [], t3: [], t4: [], legacy: [] };
  const seen: SeenCells = new Map();
  for (const cell of report.cells) {
    const problem = cellProblem(cell, seen);
    if (problem) {
      extra.push({
        check: 'load.cell_rejected',
        severity: 'error',
        subject: cell.applicant ? `${cell.metric}/${cell.applicant}` : cell.metric,
        actual: cell.raw,
        message: `cell not stored: ${problem}`,
        stage: 'load',
      });
      continue;
    }
    const value = cell.state === 'number' ? cell.value : null;
    const { metric, state, raw } = cell;
    const inferred = cell.inferred ?? false;
    const page = cell.page ?? null;
    const x = cell.x ?? null;
    const y = cell.y ?? null;
    if (cell.legacy) tables.legacy.push([reportId, metric, value, state, raw, cell.legacy.unit, cell.legacy.foundBy, cell.legacy.evidence, page]);
    else if (cell.applicant) tables.t3.push([reportId, metric, cell.applicant, value, state, raw, inferred, page, x, y]);
    else tables[metric.startsWith('t2.') ? 't2' : 't4'].push([reportId, metric, value, state, raw, inferred, page, x, y]);
  }
  if (report.published !== null && !DATE.test(report.published)) {
    extra.push({
      check: 'load.published_unparsed',
      severity: 'warning',
      subject: 'published',
      actual: report.published,
      message: 'publication date is not YYYY-MM-DD; stored as unknown',
      stage: 'load',
    });
  }
  const findings = [...report.findings, ...extra];
  const findingsBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) findingsBySeverity[f.severity]++;
  const p = report.profile;
  return {
    reportId,
    report: [
      reportId, report.source, origin, report.sha256, report.bytes, report.format, report.encoding,
      report.template, report.year, report.agency,
      report.agency ? agencyKeyOf(report.agency, report.regionCode) : null,
      report.regionCode,
      report.published !== null && DATE.test(report.published) ? report.published : null,
      report.title, report.status, ctx.extractorVersion, ctx.loadedAt, ctx.runId,
      p.kind, p.level, p.scope, p.regionMethod, p.regionConfidence, hintsJson(report.hints),
    ],
    table2: tables.t2,
    table3: tables.t3,
    table4: tables.t4,
    legacy: tables.legacy,
    findings: findings.map((f, i) => findingRow(reportId, i, f)),
    sections: report.sections.map((s) => [reportId, s.no, s.title, s.text]),
    findingsBySeverity,
  };
}

/** Given a report, a finding's number on it and the finding, returns its fact_finding row. */
export function findingRow(reportId: string, no: number, f: Finding): Cell[] {
  return [reportId, no, f.check, f.severity, f.subject, f.expected ?? null, f.actual ?? null, f.message, f.stage ?? null, f.page ?? null];
}

/** The cells of one report so far: metric → applicants ('' for tables 2 and 4). */
type SeenCells = Map<string, Set<string>>;

/** Why a cell cannot go into its fact table as it is, or null when it can. Records the cell in `seen`. */
function cellProblem(cell: ReportCell, seen: SeenCells): string | null {
  const { metric } = cell;
  const t3 = metric.startsWith('t3.');
  if (metric.startsWith('legacy.') !== (cell.legacy !== undefined)) return `metric ${metric} ${cell.legacy ? 'is not a legacy code but has a legacy source' : 'is a legacy code without a legacy source'}`;
  if (!t3 && !metric.startsWith('t2.') && !metric.startsWith('t4.') && !cell.legacy) return `metric ${metric} belongs to no table`;
  if (t3 && !cell.applicant) return 'a table-3 cell without an applicant';
  if (!t3 && cell.applicant) return `applicant ${cell.applicant} on a table-${metric[1]} cell`;
  if (cell.state === 'number' && (cell.value === null || !Number.isFinite(cell.value))) return 'state number without a finite value';
  // Nested sets, not a joined "metric|applicant" key: no string is built per cell.
  const applicant = cell.applicant ?? '';
  const applicants = seen.get(metric);
  if (!applicants) seen.set(metric, new Set([applicant]));
  else if (applicants.has(applicant)) return 'the same cell twice in one report';
  else applicants.add(applicant);
  return null;
}

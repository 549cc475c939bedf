// Cross-year identities (report-format.md, 勾稽关系): a report's numbers against the same agency's
// report of the year before. They depend on which reports the whole warehouse holds, so they are
// recomputed over all of it after each load instead of in the per-report validate stage.
import type { DuckDBConnection } from '@duckdb/node-api';
import { APPLICANTS } from '../core/catalogue.ts';
import { inTransaction } from './duckdb.ts';
import { queryRows } from './warehouse.ts';
import { replaceFindings, type ReportFinding } from './findings.ts';

/** A cross-year finding, the year-N report it belongs to, and the year N − 1 report it compares with. */
export interface CrossYearFinding extends ReportFinding {
  previousId: string;
}

// Pairs each agency's latest report of year N with its latest of year N−1 (v_report.is_current).
const PAIRS = `
  WITH current_reports AS (SELECT report_id, agency_key, year, template FROM v_report WHERE is_current)
  SELECT n.report_id, n.year, n.template, p.report_id AS previous_id, p.template AS previous_template
  FROM current_reports n
  JOIN current_reports p ON p.agency_key = n.agency_key AND p.year = n.year - 1`;

const CARRY = `
  WITH pairs AS (${PAIRS})
  SELECT pairs.report_id, pairs.previous_id, pairs.year, i.applicant, o.value AS expected, i.value AS actual
  FROM pairs
  JOIN fact_table3 i ON i.report_id = pairs.report_id AND i.metric = 't3.carried_in' AND i.state = 'number'
  JOIN fact_table3 o ON o.report_id = pairs.previous_id AND o.metric = 't3.carried_out' AND o.state = 'number'
                    AND o.applicant = i.applicant
  WHERE abs(i.value - o.value) > 1e-9`;

// Only the 2021 pairs' six in-force metrics are pivoted, once: pivoting all of fact_table2 and
// joining it to itself took 19 s and 13 GB on a 10k-report warehouse (measured). The year N−1
// values are keyed by the year-N report before the join: joined straight to year N's, the two
// copies of t2 shared only `row` (two values) and DuckDB could pair them on it first, ~2M rows
// for 1,000 pairs; that query took 190 ms and ~190 MB at 10k reports, the largest moment of an
// ingest's memory, against 46 ms and ~20 MB now (measured).
const IN_FORCE = `
  WITH pairs AS MATERIALIZED (
    SELECT * FROM (${PAIRS}) WHERE template = '2021' AND previous_template = '2021'
  ),
  wanted AS (SELECT report_id FROM pairs UNION SELECT previous_id FROM pairs),
  t2 AS MATERIALIZED (
    SELECT f.report_id, 't2.' || split_part(f.metric, '.', 2) AS row,
           max(f.value) FILTER (WHERE f.metric LIKE '%.in_force') AS in_force,
           max(f.value) FILTER (WHERE f.metric LIKE '%.issued')   AS issued,
           max(f.value) FILTER (WHERE f.metric LIKE '%.repealed') AS repealed
    FROM fact_table2 f
    JOIN wanted w ON w.report_id = f.report_id
    WHERE f.state = 'number'
      AND f.metric IN ('t2.rules.in_force', 't2.rules.issued', 't2.rules.repealed',
                       't2.normative.in_force', 't2.normative.issued', 't2.normative.repealed')
    GROUP BY f.report_id, row
  ),
  previous AS (SELECT pairs.report_id, t2.row, t2.in_force FROM pairs JOIN t2 ON t2.report_id = pairs.previous_id)
  SELECT pairs.report_id, pairs.previous_id, pairs.year, n.row, p.in_force AS previous, n.issued, n.repealed, n.in_force AS actual
  FROM pairs
  JOIN t2 n ON n.report_id = pairs.report_id
  JOIN previous p ON p.report_id = n.report_id AND p.row = n.row
  WHERE abs(p.in_force + n.issued - n.repealed - n.in_force) > 1e-9
  ORDER BY pairs.report_id, n.row`;

/** Given a connection, returns the xyear.carry failures: carried_in of year N ≠ carried_out of N−1, per applicant column. */
async function carryFindings(conn: DuckDBConnection): Promise<CrossYearFinding[]> {
  const rows = await queryRows(conn, CARRY);
  return rows
    .sort((a, b) => String(a.report_id).localeCompare(String(b.report_id)) || applicantOrder(a.applicant) - applicantOrder(b.applicant))
    .map((r) => ({
      reportId: String(r.report_id),
      previousId: String(r.previous_id),
      check: 'xyear.carry',
      severity: 'error',
      subject: `t3.carried_in/${r.applicant}`,
      expected: num(r.expected),
      actual: num(r.actual),
      message: `${r.applicant}: 上年结转 ${num(r.actual)} in ${r.year}, but the ${Number(r.year) - 1} report carries ${num(r.expected)} over (结转下年度)`,
      stage: 'validate',
    }));
}

/** Given a connection, returns the xyear.in_force failures of 2021-template pairs: in_force(N) ≠ in_force(N−1) + issued(N) − repealed(N). */
async function inForceFindings(conn: DuckDBConnection): Promise<CrossYearFinding[]> {
  const rows = await queryRows(conn, IN_FORCE);
  return rows.map((r) => {
    const expected = Number(r.previous) + Number(r.issued) - Number(r.repealed);
    return {
      reportId: String(r.report_id),
      previousId: String(r.previous_id),
      check: 'xyear.in_force',
      severity: 'error',
      subject: `${r.row}.in_force`,
      expected: num(expected),
      actual: num(r.actual),
      message: `${r.row}: 现行有效 ${num(r.actual)} in ${r.year}, but ${num(r.previous)} in force in ${Number(r.year) - 1} + ${num(r.issued)} 制发 − ${num(r.repealed)} 废止 = ${num(expected)}`,
      stage: 'validate',
    };
  });
}

/**
 * Given a connection open for writing (and outside a transaction), replaces every xyear.* finding
 * with those the warehouse now implies, each on its year-N report after that report's own findings.
 * Idempotent. Returns the findings written.
 */
export async function recomputeCrossYearFindings(conn: DuckDBConnection): Promise<CrossYearFinding[]> {
  const found = [...(await carryFindings(conn)), ...(await inForceFindings(conn))];
  await inTransaction(conn, () => replaceFindings(conn, 'xyear.', found));
  return found;
}

/**
 * Given a connection, a run and the cross-year findings after it, returns those that belong to the
 * run: on a pair of reports one of which the run loaded (a run that loads year N − 1 can break year
 * N's carry-over), so etl_run counts them with the run's own findings.
 */
export async function crossYearOfRun(conn: DuckDBConnection, runId: string, found: readonly CrossYearFinding[]): Promise<CrossYearFinding[]> {
  const rows = await queryRows(conn, 'SELECT report_id FROM fact_report WHERE run_id = $1', [runId]);
  const loaded = new Set(rows.map((r) => String(r.report_id)));
  return found.filter((f) => loaded.has(f.reportId) || loaded.has(f.previousId));
}

const applicantOrder = (a: unknown) => APPLICANTS.indexOf(a as (typeof APPLICANTS)[number]);

/** Given a number as stored, returns it as validate prints one (5, not 5.0). */
const num = (v: unknown) => String(Math.round(Number(v) * 1e6) / 1e6);

// Validate stage: the identities (勾稽关系) that apply to one report. A failed identity is a
// finding with both sides as printed; the numbers are never changed. An identity over a cell
// the reader could not read is not checked: that is the reader's miss, said in its own finding,
// never an error against the report.
import { APPLICANTS, T4_GROUPS } from '../core/catalogue.ts';
import { identityHolds, identityUnread } from '../3-extract/fit.ts';
import { columnIdentities } from '../3-extract/table3.ts';
import { T4_IDENTITIES } from '../3-extract/table4.ts';
import { toMillionths as round } from '../3-extract/numbers.ts';
import type { Finding, Report, Value } from '../core/types.ts';
import { legacyFindings } from './legacy.ts';

const addend = (v: Value) => (v.state === 'number' ? v.value! : 0);

/** Given an extracted report, returns the findings of every identity that applies to it alone. */
export function validate(report: Report): Finding[] {
  return [...table3Findings(report), ...table4Findings(report), ...legacyFindings(report)];
}

/** Given a report, returns its table-3 cells as row code → seven values. */
function table3Rows(report: Report): Map<string, Value[]> {
  const rows = new Map<string, Value[]>();
  for (const c of report.cells) {
    if (!c.metric.startsWith('t3.') || !c.applicant) continue;
    const code = c.metric.slice(3);
    if (!rows.has(code)) rows.set(code, []);
    rows.get(code)![APPLICANTS.indexOf(c.applicant)] = c;
  }
  return rows;
}

/** Given a report, returns t3.balance and t3.outcomes per column and t3.applicants per row. */
function table3Findings(report: Report): Finding[] {
  const rows = table3Rows(report);
  if (rows.size === 0) return [];
  const { failures, unchecked } = columnIdentities(rows);
  const out: Finding[] = failures.map((f) => ({
    ...pageOf(rows.get('total')?.[f.column]),
    check: f.check,
    severity: 'error',
    subject: `column ${APPLICANTS[f.column]}`,
    expected: String(round(f.expected)),
    actual: String(round(f.actual)),
    message:
      f.check === 't3.balance'
        ? `${APPLICANTS[f.column]}: new + carried over in = ${round(f.expected)}, but total + carried over out = ${round(f.actual)}`
        : `${APPLICANTS[f.column]}: the outcomes add up to ${round(f.expected)}, but the printed total is ${round(f.actual)}`,
    stage: 'validate',
  }));
  for (const check of ['t3.balance', 't3.outcomes'] as const) {
    const missed = unchecked.filter((u) => u.check === check);
    if (missed.length) {
      const cells = [...new Set(missed.flatMap((u) => u.unreadable))].map((c) => `t3.${c}`);
      out.push(notChecked(check, `${missed.length} column(s): ${missed.map((u) => APPLICANTS[u.column]).join(', ')}`, cells));
    }
  }
  const applicants = { check: 't3.applicants', total: 6, parts: [0, 1, 2, 3, 4, 5] };
  for (const [code, values] of rows) {
    if (values.length !== APPLICANTS.length) continue;
    if (identityUnread(values, applicants)) out.push(notChecked('t3.applicants', `t3.${code}`, [`t3.${code}`]));
    if (identityHolds(values, applicants)) continue;
    const sum = values.slice(0, 6).reduce((s, v) => s + addend(v), 0);
    out.push({
      ...pageOf(values[6]),
      check: 't3.applicants',
      severity: 'error',
      subject: `t3.${code}`,
      expected: String(round(sum)),
      actual: String(values[6].value),
      message: `t3.${code}: the six applicant columns add up to ${round(sum)}, but the 总计 column prints ${values[6].value}`,
      stage: 'validate',
    });
  }
  return out;
}

/** Given a report, returns t4.group per group of five. */
function table4Findings(report: Report): Finding[] {
  const cells = report.cells.filter((c) => c.metric.startsWith('t4.'));
  if (cells.length !== 15) return [];
  return T4_IDENTITIES.flatMap((id, g) => {
    if (identityUnread(cells, id)) return [notChecked('t4.group', T4_GROUPS[g].prefix, [T4_GROUPS[g].prefix])];
    if (identityHolds(cells, id)) return [];
    const sum = id.parts.reduce((s, p) => s + addend(cells[p]), 0);
    return [{
      ...pageOf(cells[id.total]),
      check: 't4.group',
      severity: 'error' as const,
      subject: T4_GROUPS[g].prefix,
      expected: String(round(sum)),
      actual: String(cells[id.total].value),
      message: `${T4_GROUPS[g].zh}: 维持 + 纠正 + 其他 + 尚未审结 = ${round(sum)}, but 总计 prints ${cells[id.total].value}`,
      stage: 'validate',
    }];
  });
}

/** Given an identity, where it was not checked and the cells not read there, returns the finding that names the reader's miss. */
function notChecked(check: string, where: string, unread: string[]): Finding {
  return {
    check: 'identity.unchecked',
    severity: 'warning',
    subject: check,
    message: `${check} not checked in ${where}: ${unread.join(', ')} could not be read, so the reader's miss is not counted against the report`,
    stage: 'validate',
  };
}

/** Given the printed cell a finding is about, returns its page, so the finding points at it (PDFs). */
const pageOf = (v: Value | undefined): { page?: number } => (v?.page === undefined ? {} : { page: v.page });

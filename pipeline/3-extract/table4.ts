// Table 4 (行政复议、行政诉讼情况): fifteen numbers in three groups of five.
import { T4_GROUPS, T4_OUTCOMES } from '../core/catalogue.ts';
import type { Finding, ReportCell } from '../core/types.ts';
import { agreedValues, readRow, type RowIdentity } from './fit.ts';
import type { Row } from './rows.ts';

const COLUMNS = T4_GROUPS.length * T4_OUTCOMES.length;
/** t4.group: in each group, 总计 = 维持 + 纠正 + 其他 + 尚未审结. */
export const T4_IDENTITIES: RowIdentity[] = T4_GROUPS.map((_, g) => ({ check: 't4.group', total: g * 5 + 4, parts: [g * 5, g * 5 + 1, g * 5 + 2, g * 5 + 3] }));

export interface Table4 {
  cells: ReportCell[];
  findings: Finding[];
  found: boolean;
}

/** Given table 4's rows, returns its fifteen cells and findings. Rows printed per group are read in order. */
export function rowsToTable4(rows: Row[]): Table4 {
  const findings: Finding[] = [];
  const full = rows.find((r) => r.values.length === COLUMNS);
  const printed = full ? full.values : rows.flatMap((r) => r.values);
  const runs = rows.length > 0 && rows.every((r) => r.runs);
  const readings = printed.length ? readRow(printed, COLUMNS, T4_IDENTITIES, { runs }) : [];
  const raw = printed.map((c) => c.text).join(' ');
  const values = readings.length === 1 ? readings[0].values : agreedValues(readings, COLUMNS, raw);
  if (printed.length && readings.length !== 1) {
    findings.push({
      check: readings.length ? 'cell.ambiguous' : 'cell.unplaced', severity: 'warning', subject: 't4', stage: 'extract',
      message: `table 4 printed ${printed.length} cells for ${COLUMNS} columns${runs ? ' (the file drops a line equal to the one before it)' : ''}; ${readings.length ? 'the identities allow several placements' : 'they cannot be placed'}`,
    });
  } else if (readings[0]?.placed === 'runs' && readings[0].printed! < COLUMNS) {
    findings.push({ check: 'cell.inferred', severity: 'info', subject: 't4', message: `table 4 printed ${printed.length} values for ${COLUMNS} columns (the file drops a line equal to the one before it); only one expansion keeps t4.group`, stage: 'extract' });
  } else if (readings[0]?.filled !== undefined) {
    findings.push({ check: 'cell.inferred', severity: 'info', subject: cellCode(readings[0].filled), actual: String(values[readings[0].filled].value), message: 'a lost cell filled from t4.group', stage: 'extract' });
  }
  const cells: ReportCell[] = values.map((v, i) => ({ metric: cellCode(i), applicant: null, ...v }));
  return { cells, findings, found: printed.length > 0 };
}

/** Given a column 0–14, returns its metric code. */
function cellCode(i: number): string {
  return `${T4_GROUPS[Math.floor(i / 5)].prefix}.${T4_OUTCOMES[i % 5].suffix}`;
}

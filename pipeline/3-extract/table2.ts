// Table 2 (主动公开政府信息情况): rows matched by label, values read as printed, money in 万元.
import { T2_ROWS } from '../core/catalogue.ts';
import type { Finding, ReportCell, Template, Value } from '../core/types.ts';
import { readRow } from './fit.ts';
import { alignRows } from './match.ts';
import { declaredMoneyUnit, numberInWanYuan, parseValue } from './numbers.ts';
import type { Row } from './rows.ts';

export interface Table2 {
  cells: ReportCell[];
  findings: Finding[];
  found: number;
}

/** Given table 2's rows and the template, returns its cells (every catalogue cell) and findings. */
export function rowsToTable2(rows: Row[], template: Exclude<Template, 'legacy'>): Table2 {
  const entries = T2_ROWS[template];
  const aligned = alignRows(rows, entries);
  const cells: ReportCell[] = [];
  const findings: Finding[] = [];
  let found = 0;
  entries.forEach((entry, e) => {
    const rowIndex = aligned.indexOf(e);
    const row = rowIndex >= 0 ? rows[rowIndex] : undefined;
    const readings = row ? readRow(row.values, entry.columns.length, [], { runs: row.runs }) : [];
    if (row) found++;
    if (!row) findings.push({ check: 'row.missing', severity: 'warning', subject: entry.prefix, message: `row ${entry.zh} not found in table 2`, stage: 'extract' });
    else {
      const printed = `the row printed ${row.values.filter((c) => c.text.trim() !== '').length} cells for ${entry.columns.length} columns${row.runs ? ' (the file drops a line equal to the one before it)' : ''}`;
      if (readings.length !== 1) {
        findings.push({ check: 'cell.unplaced', severity: 'warning', subject: entry.prefix, stage: 'extract', message: `${printed}${readings.length ? `; ${readings.length} readings fit` : ''} and cannot be placed` });
      } else if (readings[0].placed === 'runs' && readings[0].printed! < entry.columns.length) {
        findings.push({ check: 'cell.inferred', severity: 'info', subject: entry.prefix, stage: 'extract', message: `${printed}; only one expansion is possible` });
      }
    }
    entry.columns.forEach((column, i) => {
      const metric = `${entry.prefix}.${column.suffix}`;
      const printed: Value = readings.length === 1 ? readings[0].values[i] : { state: 'unreadable', value: null, raw: row?.values.map((c) => c.text).join(' ') ?? '' };
      const { value, finding } = column.unit === 'wan_yuan' ? inWanYuan(printed, metric, row?.label ?? '') : { value: printed, finding: undefined };
      if (finding) findings.push(finding);
      cells.push({ metric, applicant: null, ...value });
    });
  });
  return { cells, findings, found };
}

/** Given a printed money value and the header text above it, returns it in 万元, or unreadable with a unit.unknown finding. */
function inWanYuan(printed: Value, metric: string, header: string): { value: Value; finding?: Finding } {
  if (printed.state !== 'number') return { value: printed };
  const inWanYuan = numberInWanYuan(printed, parseValue(printed.raw).unit ?? declaredMoneyUnit(header));
  if (inWanYuan) return { value: inWanYuan };
  return {
    value: { ...printed, state: 'unreadable', value: null },
    finding: {
      check: 'unit.unknown', severity: 'warning', subject: metric, actual: printed.raw, stage: 'extract',
      message: `amount ${printed.raw} printed with no unit in the cell or the header; kept as raw text, not converted to 万元`,
    },
  };
}


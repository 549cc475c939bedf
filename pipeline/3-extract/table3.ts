// Table 3 (收到和处理政府信息公开申请情况): rows matched by label, values fitted to the
// seven applicant columns, lost or doubled cells placed only where the identities agree.
import { APPLICANTS, T3_BLOCK_HEADERS, t3RowsFor, type T3Row } from '../core/catalogue.ts';
import type { Finding, ReportCell, Template, Value } from '../core/types.ts';
import type { ColumnSpan } from './columns.ts';
import { agreedValues, readRow, type Reading, type RowIdentity } from './fit.ts';
import { normaliseLabel } from './labels.ts';
import { alignRows } from './match.ts';
import type { Row } from './rows.ts';

const COLUMNS = APPLICANTS.length;
const TOTAL_COLUMN = COLUMNS - 1;
/** t3.applicants: the 总计 column is the sum of the six applicant columns. */
const APPLICANTS_IDENTITY: RowIdentity = { check: 't3.applicants', total: TOTAL_COLUMN, parts: [0, 1, 2, 3, 4, 5] };
/** Joint placement tries at most this many combinations of ambiguous rows. */
const MAX_COMBINATIONS = 20_000;

export interface Table3 {
  cells: ReportCell[];
  findings: Finding[];
  /** Rows of the catalogue that were found, by code. */
  found: number;
}

/** Given table 3's rows, the template and where its columns stand (space-aligned text), returns its cells (every catalogue cell) and findings. */
export function rowsToTable3(rows: Row[], template: Exclude<Template, 'legacy'>, spans: ColumnSpan[] | null = null): Table3 {
  const entries = t3RowsFor(template);
  const assigned = assignRows(rows, entries);
  const findings: Finding[] = [];
  for (const { rowIndex, entryIndex } of assigned.byPosition) {
    findings.push({
      check: 'row.by_position',
      severity: 'info',
      subject: `t3.${entries[entryIndex].row}`,
      message: `row printed without its label ("${rows[rowIndex].label.slice(-30)}"); placed as the only unlabelled row left in its block`,
      stage: 'extract',
    });
  }

  const read = (r: Row) => readRow(r.values, COLUMNS, [APPLICANTS_IDENTITY], { runs: r.runs, spans });
  const readings = new Map<number, Reading[]>();
  for (const [rowIndex, entryIndex] of assigned.rows) readings.set(entryIndex, read(rows[rowIndex]));
  narrowByColumnIdentities(readings, entries);
  for (const gap of assigned.shortGaps) {
    const gapReadings = gap.rows.map((r) => read(rows[r]));
    const filled = fillShortGap(gap, readings, gapReadings, entries);
    findings.push({
      check: 'row.lost', severity: 'warning', subject: `t3.${entries[gap.entries[0]].block}`, stage: 'extract',
      message: filled
        ? `the block printed ${gap.rows.length} rows for ${gap.entries.length}; every printed row and the identities agree, so all read the same`
        : `the block printed ${gap.rows.length} rows for ${gap.entries.length}; which row was lost cannot be told, so the block is unreadable`,
    });
  }

  const rowOf = new Map([...assigned.rows.entries()].map(([r, e]) => [e, r]));
  const printedOther = entries.some((e, i) => e.row === 'other' && rowOf.has(i));
  const cells: ReportCell[] = [];
  for (const [entryIndex, entry] of entries.entries()) {
    if (template === '2021' && (entry.row === 'other' ? !printedOther : printedOther && entry.block === 'other')) continue;
    const rowIndex = rowOf.get(entryIndex);
    const options = readings.get(entryIndex) ?? [];
    const raw = rowIndex === undefined ? '' : rows[rowIndex].values.map((c) => c.text).join(' ');
    const values = options.length === 1 ? options[0].values : agreedValues(options, COLUMNS, raw);
    findings.push(...placementFindings(entry, options, rowIndex === undefined ? null : rows[rowIndex]));
    APPLICANTS.forEach((applicant, i) => cells.push({ metric: `t3.${entry.row}`, applicant, ...values[i] }));
  }
  return { cells, findings, found: assigned.rows.size };
}

interface Assignment {
  /** row index → entry index */
  rows: Map<number, number>;
  byPosition: { rowIndex: number; entryIndex: number }[];
  /** Blocks that printed one row fewer than they have: the rows there, and the entries they stand for. */
  shortGaps: { rows: number[]; entries: number[] }[];
}

/** Given rows and table-3 entries, returns which row is which entry: by label, then by block label, then unlabelled rows by their place in a block. */
function assignRows(rows: Row[], entries: readonly T3Row[]): Assignment {
  const result: Assignment = { rows: new Map(), byPosition: [], shortGaps: [] };
  alignRows(rows, entries).forEach((e, i) => e !== null && result.rows.set(i, e));
  anchorBlockLabels(rows, entries, result.rows);
  const anchors = [...result.rows.entries()].sort((a, b) => a[0] - b[0]);
  for (let k = 0; k + 1 < anchors.length; k++) {
    const [r1, e1] = anchors[k];
    const [r2, e2] = anchors[k + 1];
    const gapRows = range(r1 + 1, r2);
    if (gapRows.length === 0) continue;
    const between = range(e1 + 1, e2);
    const gapEntries = gapEntriesFitting(entries, between, gapRows.length);
    if (gapEntries) {
      gapRows.forEach((rowIndex, i) => {
        result.rows.set(rowIndex, gapEntries[i]);
        result.byPosition.push({ rowIndex, entryIndex: gapEntries[i] });
      });
    } else {
      const lostOne = gapEntriesFitting(entries, between, gapRows.length + 1);
      if (lostOne) result.shortGaps.push({ rows: gapRows, entries: lostOne });
    }
  }
  return result;
}

/**
 * Given rows whose label names only a block (（三）不予公开 with no sub-item), sets each as
 * that block's first sub-row — where the merged block label is printed — when the order allows.
 */
function anchorBlockLabels(rows: Row[], entries: readonly T3Row[], assigned: Map<number, number>): void {
  rows.forEach((row, i) => {
    if (assigned.has(i)) return;
    const own = normaliseLabel(row.ownLabel);
    const block = Object.entries(T3_BLOCK_HEADERS).find(([, keys]) => keys!.some((k) => own.includes(k)))?.[0];
    const e = entries.findIndex((x) => x.block === block && x.item === 1);
    if (e < 0 || [...assigned.values()].includes(e)) return;
    const before = [...assigned.entries()].filter(([r]) => r < i).map(([, x]) => x);
    const after = [...assigned.entries()].filter(([r]) => r > i).map(([, x]) => x);
    if (before.every((x) => x < e) && after.every((x) => x > e)) assigned.set(i, e);
  });
}

/** Given the entries between two matched rows, returns the ones a gap of `count` unlabelled rows fills, or null. */
function gapEntriesFitting(entries: readonly T3Row[], between: number[], count: number): number[] | null {
  // 其他处理 is printed either as one row or as three sub-rows, never both.
  const variants = [between, between.filter((e) => entries[e].row !== 'other'), between.filter((e) => !(entries[e].block === 'other' && entries[e].item))];
  return variants.find((v) => v.length === count) ?? null;
}

/**
 * Given a block that printed one row too few, fills its entries when every printed row reads
 * the same and the identities give that same reading for the lost row (t3.outcomes per
 * column; t3.applicants for the 总计 column where t3.outcomes is broken). Else leaves them.
 */
function fillShortGap(gap: { rows: number[]; entries: number[] }, readings: Map<number, Reading[]>, gapReadings: Reading[][], entries: readonly T3Row[]): boolean {
  if (gapReadings.some((r) => r.length !== 1)) return false;
  const shared = gapReadings[0][0].values;
  const same = (a: Value[], b: Value[]) => a.every((v, i) => v.state === b[i].state && v.value === b[i].value);
  if (!gapReadings.every((r) => same(r[0].values, shared))) return false;
  const byCode = new Map<string, Value[]>();
  for (const [e, r] of readings) if (r.length === 1 && !gap.entries.includes(e)) byCode.set(entries[e].row, r[0].values);
  const total = byCode.get('total');
  if (!total) return false;
  const outcomes = [...byCode.entries()].filter(([c]) => OUTCOME_BLOCKS.has(c.split('.')[0])).map(([, v]) => v);
  const lost: (number | null)[] = APPLICANTS.map((_, col) => {
    if (total[col].state !== 'number') return null;
    const printed = outcomes.reduce((s, v) => s + (v[col].state === 'number' ? v[col].value! : 0), 0) + gap.rows.length * (shared[col].value ?? 0);
    const x = total[col].value! - printed;
    return x >= 0 && Number.isInteger(x) ? x : null;
  });
  if (lost[TOTAL_COLUMN] === null && lost.slice(0, TOTAL_COLUMN).every((x) => x !== null)) {
    lost[TOTAL_COLUMN] = lost.slice(0, TOTAL_COLUMN).reduce((s, x) => s! + x!, 0);
  }
  if (!lost.every((x, col) => x === shared[col].value)) return false;
  for (const e of gap.entries) readings.set(e, [{ values: shared, identity: 't3.outcomes+t3.applicants' }]);
  return true;
}

/** Given readings per entry, narrows ambiguous rows to the combinations under which every column identity holds. */
function narrowByColumnIdentities(readings: Map<number, Reading[]>, entries: readonly T3Row[]): void {
  const ambiguous = [...readings.entries()].filter(([, r]) => r.length > 1);
  if (ambiguous.length === 0) return;
  const combinations = ambiguous.reduce((n, [, r]) => n * r.length, 1);
  if (combinations > MAX_COMBINATIONS) return;
  const code = (e: number) => entries[e].row;
  const byCode = (values: Map<number, Reading>) => {
    const out = new Map<string, Value[]>();
    for (const [e, r] of values) out.set(code(e), r.values);
    return out;
  };
  const fixed = new Map<number, Reading>();
  // A printed row that cannot be placed counts as unread, so no identity is checked over it.
  const unread: Reading = { values: APPLICANTS.map(() => ({ state: 'unreadable', value: null, raw: '' })) };
  for (const [e, r] of readings) if (r.length <= 1) fixed.set(e, r[0] ?? unread);
  const keep = new Map<number, Set<Reading>>(ambiguous.map(([e]) => [e, new Set()]));
  let satisfied = 0;
  const choice = new Map(fixed);
  const visit = (k: number) => {
    if (k === ambiguous.length) {
      if (columnIdentitiesHold(byCode(choice))) {
        satisfied++;
        for (const [e] of ambiguous) keep.get(e)!.add(choice.get(e)!);
      }
      return;
    }
    const [e, options] = ambiguous[k];
    for (const option of options) {
      choice.set(e, option);
      visit(k + 1);
    }
  };
  visit(0);
  if (satisfied === 0) return;
  for (const [e] of ambiguous) {
    readings.set(
      e,
      readings.get(e)!.filter((r) => keep.get(e)!.has(r)).map((r) => ({ ...r, identity: `${r.identity}+t3.balance+t3.outcomes` })),
    );
  }
}

const OUTCOME_BLOCKS = new Set(['granted', 'partial', 'denied', 'unavailable', 'rejected', 'other']);

export interface ColumnFailure {
  check: 't3.balance' | 't3.outcomes';
  column: number;
  /** The side the identity computes (new + carried_in; the sum of the outcomes). */
  expected: number;
  /** The side as printed (total + carried_out; the printed total). */
  actual: number;
}

/** A column identity that could not be checked: a cell it adds up was not read. */
interface ColumnUnchecked {
  check: 't3.balance' | 't3.outcomes';
  column: number;
  /** The row codes whose cell in the column is unreadable. */
  unreadable: string[];
}

/** Given values by row code, returns whether t3.balance and t3.outcomes hold in every column where they can be checked. */
function columnIdentitiesHold(byCode: Map<string, Value[]>): boolean {
  return columnIdentities(byCode).failures.length === 0;
}

const sum = (vs: Value[]) => vs.reduce((s, v) => s + (v.state === 'number' ? v.value! : 0), 0);
const anyNumber = (vs: Value[]) => vs.some((v) => v.state === 'number');

/**
 * Given values by row code, returns each column where t3.balance or t3.outcomes fails (checked only
 * where both sides print a number), and each where it cannot be checked because a cell was not read.
 */
export function columnIdentities(byCode: Map<string, Value[]>): { failures: ColumnFailure[]; unchecked: ColumnUnchecked[] } {
  const failures: ColumnFailure[] = [];
  const unchecked: ColumnUnchecked[] = [];
  const outcomeRows = [...byCode.keys()].filter((c) => OUTCOME_BLOCKS.has(c.split('.')[0]));
  for (let column = 0; column < COLUMNS; column++) {
    const cell = (code: string): Value => byCode.get(code)?.[column] ?? { state: 'blank', value: null, raw: '' };
    const compare = (check: ColumnFailure['check'], codes: string[], computed: Value[], printed: Value[]) => {
      const unreadable = codes.filter((c) => cell(c).state === 'unreadable');
      if (unreadable.length) unchecked.push({ check, column, unreadable });
      else if (anyNumber(computed) && anyNumber(printed) && Math.abs(sum(computed) - sum(printed)) > 1e-6) {
        failures.push({ check, column, expected: sum(computed), actual: sum(printed) });
      }
    };
    compare('t3.balance', ['new', 'carried_in', 'total', 'carried_out'], [cell('new'), cell('carried_in')], [cell('total'), cell('carried_out')]);
    compare('t3.outcomes', [...outcomeRows, 'total'], outcomeRows.map(cell), [cell('total')]);
  }
  return { failures, unchecked };
}

/** Given an entry, the readings left for it and its printed row (null when missing), returns findings on what was inferred, dropped, placed or left unreadable. */
function placementFindings(entry: T3Row, options: Reading[], row: Row | null): Finding[] {
  const metric = `t3.${entry.row}`;
  if (!row) {
    return [{ check: 'row.missing', severity: 'warning', subject: metric, message: `row ${entry.zh} not found in table 3`, stage: 'extract' }];
  }
  const printed = `the row printed ${row.values.filter((c) => c.text.trim() !== '').length} values for ${COLUMNS} columns`;
  const runs = row.runs ? ' (the file drops a line equal to the one before it)' : '';
  if (options.length === 0) {
    return [{ check: 'cell.unplaced', severity: 'warning', subject: metric, message: `${printed}${runs}; they cannot be placed`, stage: 'extract' }];
  }
  if (options.length > 1) {
    return [{ check: 'cell.ambiguous', severity: 'warning', subject: metric, message: `${printed}${runs}; the identities allow ${options.length} placements; cells they disagree on are unreadable`, stage: 'extract' }];
  }
  const [reading] = options;
  if (reading.placed === 'runs' && reading.printed! < COLUMNS) {
    const by = reading.identity ? `only one expansion keeps ${reading.identity}` : 'only one expansion is possible';
    return [{ check: 'cell.inferred', severity: 'info', subject: metric, message: `${printed}${runs}; ${by}`, stage: 'extract' }];
  }
  if (reading.placed === 'position') {
    return [{ check: 'cell.by_position', severity: 'info', subject: metric, message: `${printed}; each stands under one column, the others are blank`, stage: 'extract' }];
  }
  if (reading.filled !== undefined) {
    const applicant = APPLICANTS[reading.filled];
    return [{
      check: 'cell.inferred', severity: 'info', subject: `${metric}/${applicant}`, actual: String(reading.values[reading.filled].value),
      message: `a lost cell filled from ${reading.identity} (the row printed ${COLUMNS - 1} cells for ${COLUMNS} columns)`, stage: 'extract',
    }];
  }
  if (reading.dropped !== undefined) {
    return [{
      check: 'cell.doubled', severity: 'info', subject: metric,
      message: `the row printed ${COLUMNS + 1} cells for ${COLUMNS} columns; the placement ${reading.identity} allows was kept`, stage: 'extract',
    }];
  }
  return [];
}

/** Given two bounds, returns the integers from `from` up to but not including `to`. */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

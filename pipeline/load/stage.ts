// Staged loading: a report's rows as CSV text, written to per-table staging files and loaded with
// one COPY per table. Serialising is pure and runs wherever the report is made (a pool worker);
// the loading thread only appends text to files and runs a few statements per batch, holding no
// Report objects or row arrays.
//
// Exactness: strings are always quoted ("" inside), so an unquoted empty field is NULL and a
// quoted one is '' (ALLOW_QUOTED_NULLS false); numbers are written in JavaScript's shortest
// round-trip form, so a DOUBLE reads back bit for bit; booleans as true/false; timestamps in UTC.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Severity } from '../types.ts';
import type { Cell } from './append.ts';
import { reportRows, type LoadContext, type LoadItem } from './rows.ts';

/** The fact tables a report's rows go to, in staging order. */
export const FACT_TABLES = ['fact_report', 'fact_table2', 'fact_table3', 'fact_table4', 'fact_finding', 'fact_section'] as const;

/** One report, ready to load: its identity and its rows as CSV text, one string per fact table. */
export interface SerialisedReport {
  reportId: string;
  origin: string;
  source: string;
  sha256: string;
  /** CSV lines per table, in FACT_TABLES order. */
  csv: string[];
  cells: number;
  findings: Record<Severity, number>;
}

/** Given a report to load and the run's context, returns its rows as CSV text. */
export function serialiseReport(item: LoadItem, ctx: LoadContext): SerialisedReport {
  const r = reportRows(item, ctx);
  return {
    reportId: r.reportId,
    origin: item.origin,
    source: item.report.source,
    sha256: item.report.sha256,
    csv: [csvLines([r.report]), csvLines(r.table2), csvLines(r.table3), csvLines(r.table4), csvLines(r.findings), csvLines(r.sections)],
    cells: r.table2.length + r.table3.length + r.table4.length,
    findings: r.findingsBySeverity,
  };
}

export function csvLines(rows: readonly Cell[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i === 0 ? '' : ',') + csvField(row[i]);
    out += '\n';
  }
  return out;
}

function csvField(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return String(v);
  return `"${v.toISOString().replace('T', ' ').slice(0, -1)}"`;
}

interface Staged {
  report: Omit<SerialisedReport, 'csv'>;
  /** Byte offset and length of its rows in each table's file. */
  ranges: [number, number][];
}

/**
 * A batch of reports staged on disk: one CSV file per fact table, appended to as reports arrive.
 * Holds only each report's identity and byte ranges in memory.
 */
export class StagedBatch {
  readonly entries: Staged[] = [];
  private readonly fds: number[];
  private readonly sizes: number[];

  private constructor(readonly dir: string) {
    this.fds = FACT_TABLES.map((t) => openSync(this.pathOf(t), 'w+'));
    this.sizes = FACT_TABLES.map(() => 0);
  }

  static create(): StagedBatch {
    return new StagedBatch(mkdtempSync(join(tmpdir(), 'nianbao-stage-')));
  }

  get length(): number {
    return this.entries.length;
  }

  pathOf(table: string): string {
    return join(this.dir, `${table}.csv`);
  }

  /** Appends a report's rows; returns its index in the batch. */
  add(s: SerialisedReport): number {
    const ranges: [number, number][] = s.csv.map((text, i) => {
      const start = this.sizes[i];
      if (text.length === 0) return [start, 0];
      const n = writeSync(this.fds[i], text);
      this.sizes[i] += n;
      return [start, n];
    });
    const { csv: _csv, ...report } = s;
    this.entries.push({ report, ranges });
    return this.entries.length - 1;
  }

  /** Whether a table has any rows staged. */
  hasRows(i: number): boolean {
    return this.sizes[i] > 0;
  }

  /** A new batch holding just these entries of this one (read back from its files). */
  subset(indices: readonly number[]): StagedBatch {
    const sub = StagedBatch.create();
    try {
      for (const idx of indices) {
        const e = this.entries[idx];
        const csv = e.ranges.map(([start, len], i) => {
          if (len === 0) return '';
          const buf = Buffer.alloc(len);
          readSync(this.fds[i], buf, 0, len, start);
          return buf.toString('utf8');
        });
        sub.add({ ...e.report, csv });
      }
    } catch (err) {
      sub.dispose();
      throw err;
    }
    return sub;
  }

  /** Bytes staged, all tables. */
  get bytes(): number {
    return this.sizes.reduce((a, b) => a + b, 0);
  }

  /** Closes and deletes the staging files. */
  dispose(): void {
    for (const fd of this.fds.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The COPY statement loading one staged table file. */
export function copySql(table: string, path: string): string {
  return `COPY ${table} FROM '${path.replaceAll("'", "''")}' (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', ` +
    `NEW_LINE '\\n', ALLOW_QUOTED_NULLS false, AUTO_DETECT false)`;
}

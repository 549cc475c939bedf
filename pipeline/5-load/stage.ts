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
import { dirname, join } from 'node:path';
import type { Severity } from '../core/types.ts';
import type { Cell } from './append.ts';
import { reportRows, type LoadContext, type LoadItem } from './rows.ts';

/** The fact tables a report's rows go to, in staging order. */
export const FACT_TABLES = ['fact_report', 'fact_table2', 'fact_table3', 'fact_table4', 'fact_legacy', 'fact_finding', 'fact_section'] as const;

/**
 * One report, ready to load: its identity and its rows as UTF-8 CSV, every table's lines one after
 * another in one buffer. Bytes, not strings: a worker's buffer moves to the loading thread without a
 * copy, and is written to the staging files without being encoded there.
 */
export interface SerialisedReport {
  reportId: string;
  origin: string;
  source: string;
  sha256: string;
  /** The CSV lines of every table, in FACT_TABLES order. */
  csv: Uint8Array;
  /** Byte length of each table's lines in `csv`, in FACT_TABLES order. */
  csvLengths: number[];
  cells: number;
  findings: Record<Severity, number>;
}

/** Given a report to load and the run's context, returns its rows as CSV. */
export function serialiseReport(item: LoadItem, ctx: LoadContext): SerialisedReport {
  const r = reportRows(item, ctx);
  const out = writer;
  out.reset();
  const csvLengths = [[r.report], r.table2, r.table3, r.table4, r.legacy, r.findings, r.sections].map((rows) => {
    const before = out.length;
    for (const row of rows) out.row(row);
    return out.length - before;
  });
  return {
    reportId: r.reportId,
    origin: item.origin,
    source: item.report.source,
    sha256: item.report.sha256,
    csv: out.bytes(),
    csvLengths,
    cells: r.table2.length + r.table3.length + r.table4.length + r.legacy.length,
    findings: r.findingsBySeverity,
  };
}

/** Bytes one UTF-16 code unit can take in UTF-8 (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;
const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * CSV lines written straight into a growing byte buffer, field by field: serialising is a third of
 * what a report allocates when built as strings and then encoded (measured), and the loading thread
 * spends nothing on it.
 */
class CsvWriter {
  private buf = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  /** Starts over, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  /** Appends one line: the values (one or more) in column order. */
  row(values: readonly Cell[]): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // Room for the field and the comma or newline after it.
      if (typeof v === 'string') {
        this.reserve(v.length * MAX_UTF8_PER_UNIT + 3);
        this.quoted(v);
      } else {
        this.reserve(MAX_SCALAR_BYTES + 1);
        if (v !== null && v !== undefined) this.ascii(scalarText(v));
      }
      this.buf[this.length++] = COMMA;
    }
    this.buf[this.length - 1] = NEWLINE;
  }

  /** The lines so far, in a buffer of their own (so it can move to another thread alone). */
  bytes(): Uint8Array {
    // A copy (a Buffer's slice would be a view of the buffer this writer reuses).
    const out = new Uint8Array(this.length);
    out.set(this.buf.subarray(0, this.length));
    return out;
  }

  /** Writes a string quoted, a quote inside doubled, UTF-8 straight into the buffer. */
  private quoted(s: string): void {
    const buf = this.buf;
    let at = this.length;
    buf[at++] = QUOTE;
    // A doubled quote takes 2 of the MAX_UTF8_PER_UNIT bytes reserved for its unit.
    at += buf.write(s.includes('"') ? s.replaceAll('"', '""') : s, at);
    buf[at++] = QUOTE;
    this.length = at;
  }

  private ascii(s: string): void {
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.length = at;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}

/** Longest text of a non-string value: a double's shortest round-trip form, or a timestamp, quoted. */
const MAX_SCALAR_BYTES = 32;

/** Given a non-string value, returns its CSV text: numbers in shortest round-trip form, timestamps quoted, in UTC. */
function scalarText(v: Exclude<Cell, string | null>): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return String(v);
  return `"${v.toISOString().replace('T', ' ').slice(0, -1)}"`;
}

/** One per thread, reused: each report's CSV is copied out of it. */
const writer = new CsvWriter();

interface Staged {
  report: Omit<SerialisedReport, 'csv' | 'csvLengths'>;
  /** Byte offset and length of its rows in each table's file. */
  ranges: [number, number][];
}

/**
 * Bytes of a table's staged lines held in memory before they are written out: a few writes per
 * batch instead of one per report and table (a syscall each: a fifth of the loading thread's busy
 * time, measured), in one buffer per table that is reused.
 */
const WRITE_BEHIND_BYTES = 256 * 1024;

/**
 * A batch of reports staged on disk: one CSV file per fact table, appended to as reports arrive.
 * Holds only each report's identity and byte ranges in memory, and one WRITE_BEHIND_BYTES buffer
 * per table of lines not yet written. Lines are copied into that buffer, never kept by reference:
 * a report's CSV arrives in a buffer of its own from a worker, and keeping a slice of it until a
 * table's lines were written (for the small tables, the whole batch) kept every report's buffer
 * alive, ~18 MB a batch. Copying them out: 27–28 full collections of the loading thread's heap in
 * a 10k run instead of 44, and peak RSS ~10 MB lower (measured).
 */
export class StagedBatch {
  readonly entries: Staged[] = [];
  private readonly fds: number[];
  /** Bytes of each table so far, written or not. */
  private readonly sizes: number[];
  /** Each table's lines not yet written, at the start of its buffer (allocated on first use). */
  private readonly pending: (Uint8Array | undefined)[];
  private readonly pendingBytes: number[];

  private constructor(readonly dir: string) {
    this.fds = FACT_TABLES.map((t) => openSync(this.pathOf(t), 'w+'));
    this.sizes = FACT_TABLES.map(() => 0);
    this.pending = FACT_TABLES.map(() => undefined);
    this.pendingBytes = FACT_TABLES.map(() => 0);
  }

  /** An empty batch, its files in a new folder under `parent`. */
  static create(parent = tmpdir()): StagedBatch {
    return new StagedBatch(mkdtempSync(join(parent, 'nianbao-stage-')));
  }

  get length(): number {
    return this.entries.length;
  }

  private pathOf(table: string): string {
    return join(this.dir, `${table}.csv`);
  }

  /** Given a table's index in FACT_TABLES, returns its staging file with every line written, or null when it has none. */
  fileOf(table: number): string | null {
    if (this.sizes[table] === 0) return null;
    this.writePending(table);
    this.pending[table] = undefined;
    return this.pathOf(FACT_TABLES[table]);
  }

  /** Appends a report's rows; returns its index in the batch. */
  add(s: SerialisedReport): number {
    let at = 0;
    const ranges = s.csvLengths.map((length, i) => this.append(i, s.csv.subarray(at, (at += length))));
    const { csv: _csv, csvLengths: _lengths, ...report } = s;
    this.entries.push({ report, ranges });
    return this.entries.length - 1;
  }

  /** Appends bytes to a table's file (writing them out once enough wait); returns where they went. */
  private append(table: number, bytes: Uint8Array): [number, number] {
    const start = this.sizes[table];
    if (this.pendingBytes[table] + bytes.length > WRITE_BEHIND_BYTES) this.writePending(table);
    if (bytes.length > WRITE_BEHIND_BYTES) {
      writeAll(this.fds[table], bytes);
    } else if (bytes.length > 0) {
      const buffer = (this.pending[table] ??= new Uint8Array(WRITE_BEHIND_BYTES));
      buffer.set(bytes, this.pendingBytes[table]);
      this.pendingBytes[table] += bytes.length;
    }
    this.sizes[table] += bytes.length;
    return [start, bytes.length];
  }

  /** Writes out a table's waiting lines. */
  private writePending(table: number): void {
    if (this.pendingBytes[table] === 0) return;
    writeAll(this.fds[table], this.pending[table]!.subarray(0, this.pendingBytes[table]));
    this.pendingBytes[table] = 0;
  }

  /** A new batch holding just these entries of this one (read back from its files). */
  subset(indices: readonly number[]): StagedBatch {
    const sub = StagedBatch.create(dirname(this.dir));
    try {
      FACT_TABLES.forEach((_, i) => this.writePending(i));
      for (const idx of indices) {
        const e = this.entries[idx];
        const ranges = e.ranges.map(([start, len], i) => {
          const buf = new Uint8Array(len);
          if (len > 0) readSync(this.fds[i], buf, 0, len, start);
          return sub.append(i, buf);
        });
        sub.entries.push({ report: e.report, ranges });
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

/** Writes all the bytes (writeSync may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/** The COPY statement loading one staged table file. */
export function copySql(table: string, path: string): string {
  return `COPY ${table} FROM '${path.replaceAll("'", "''")}' (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', ` +
    `NEW_LINE '\\n', ALLOW_QUOTED_NULLS false, AUTO_DETECT false)`;
}

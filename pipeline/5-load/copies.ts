// Copies of one report: the same agency's report of one year, held by several files (a portal's
// HTML page and its PDF attachment, a crawler's text dump beside the page, a re-published copy).
// Which files are copies depends on the whole warehouse, so, like the cross-year checks, they are
// recomputed over all of it after each load: report_copy links the copies and names the one the
// views count (v_report), report_copy_cell holds that report's cells, each from the best copy that
// read it (read through v_cell_by_report), and the copies.disagree findings say where they differ.
import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, listValue } from './duckdb.ts';
import { appendRows, type Cell } from './append.ts';
import { queryRows } from './warehouse.ts';
import { replaceFindings, type ReportFinding } from './findings.ts';

// Below this many cells read by both files, agreeing tables prove little (a dump that reads 2% of
// its cells agrees with anything), and their prose decides instead.
export const MIN_SHARED_CELLS = 10;
// Cells both files read and read differently, at most, for two files to still be one report. A
// misread digit or two is a reader's miss; a different version of a report (a draft, a correction)
// changes a figure and the totals the identities carry it to, and the copies' prose cannot overrule
// the tables: a correction keeps its prose and changes its numbers.
export const MAX_DISAGREEING_CELLS = 2;
// Files whose cells are compared in full in one query: the self-join's build side grows with them.
// At 10k synthetic reports (9,999 files) one query peaked at ~440 MB of the process, in shares of
// this size ~250 MB, for the same CPU (2.8 CPU-s).
const FILES_PER_COMPARISON = 2000;
// One cell in this many is in the sample every same-bucket pair is first compared on (see PAIRS_LEFT).
const CELL_SAMPLE_SHARES = 8;
// Dice coefficient of two texts' character bigrams (letters and digits only) from which the prose
// of two files is the same text: a dump and its page differ in line breaks, spacing, a stray title.
const NEAR_IDENTICAL_PROSE = 0.9;
// Sections without tables (1 总体情况, 5 问题及改进, 6 其他事项): tables 2–4 differ by layout between formats.
const PROSE_SECTIONS = [1, 5, 6];

/** A file that may be a copy: one of several files naming the same agency, scope and year, in a pair the sample of cells left. */
export interface CopyCandidate {
  reportId: string;
  /** agency_key, scope and year: files in different buckets are never copies. */
  bucket: string;
  loadedAt: Date;
  cellsRead: number;
  findings: number;
  formatRank: number;
}

/** What two files of one bucket show when their cells are compared (a pair the sample of cells tells apart is never compared: no copies). */
export interface CellComparison {
  a: string;
  b: string;
  /** cells both read (number, blank or dash; not inferred) */
  shared: number;
  /** of those, the cells they read differently (cells_agree) */
  disagreeing: number;
}

/** A group of copies, best first: the first is the chosen one. */
export interface CopyGroup {
  copies: CopyCandidate[];
  /** how each copy after the first was found a copy of the first: by its tables or its prose */
  matchedBy: Map<string, 'tables' | 'text'>;
}

// Files naming an agency and a year (any template: legacy reports have copies too) that share them
// with another file: each numbered, with its bucket as text and as a hash.
const COPY_FILES = `
  CREATE OR REPLACE TEMP TABLE copy_files AS
  WITH files AS (
    SELECT report_id, concat_ws('|', agency_key, coalesce(agency_scope, ''), year) AS bucket
    FROM fact_report
    WHERE agency_key IS NOT NULL AND year IS NOT NULL AND template IS NOT NULL
  )
  SELECT report_id, bucket, hash(bucket) AS bucket_hash, row_number() OVER () AS file_no
  FROM files
  WHERE bucket IN (SELECT bucket FROM files GROUP BY bucket HAVING count(*) > 1)`;

// Every pair of files in one bucket is compared where both read a cell. A bucket of n files joins
// n² / 2 pairs of every cell, so the joined rows are kept narrow: the bucket and the cell (table,
// metric, applicant) as 64-bit hashes, the file as a small number. At 10k synthetic reports in
// ~1,000 buckets of ~10 files, the wide rows (names and codes as text) took DuckDB to ~930 MB.
// Most pairs in a bucket are different reports, so every pair is first compared on a sample of the
// cells (those whose hash falls in one of CELL_SAMPLE_SHARES shares), all buckets in one query: a
// pair that already disagrees in more than MAX_DISAGREEING_CELLS of the sample is no copy. Only the
// pairs left have their files' cells gathered and compared in full, a share of the buckets at a time
// (FILES_PER_COMPARISON), and only their files are ranked. Exact either way; at 10k synthetic reports
// (no copies among them) recomputing the copies took 2.0 s, now 0.2 s.
const readCells = (files: string) => `
  SELECT f.bucket_hash, f.file_no, hash(p.printed_in, p.metric, coalesce(p.applicant, '')) AS cell, p.state, p.value
  FROM v_cell_by_file p JOIN ${files} f USING (report_id)
  WHERE p.state <> 'unreadable' AND NOT p.inferred`;

// The same-bucket pairs the sample does not tell apart.
const PAIRS_LEFT = `
  CREATE OR REPLACE TEMP TABLE copy_pairs AS
  WITH sample AS MATERIALIZED (
    SELECT * FROM (${readCells('copy_files')}) WHERE cell % ${CELL_SAMPLE_SHARES} = 0
  ),
  apart AS (
    SELECT a.file_no AS a_no, b.file_no AS b_no
    FROM sample a
    JOIN sample b ON b.bucket_hash = a.bucket_hash AND b.cell = a.cell AND a.file_no < b.file_no
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE NOT cells_agree(a.state, a.value, b.state, b.value)) > ${MAX_DISAGREEING_CELLS}
  )
  SELECT a.bucket_hash, a.file_no AS a_no, b.file_no AS b_no, a.report_id AS a, b.report_id AS b
  FROM copy_files a
  JOIN copy_files b ON b.bucket = a.bucket AND a.file_no < b.file_no
  ANTI JOIN apart ON apart.a_no = a.file_no AND apart.b_no = b.file_no`;

// How many files the pairs left hold.
const FILES_LEFT = 'SELECT count(DISTINCT f) AS n FROM (SELECT unnest([a_no, b_no]) AS f FROM copy_pairs)';

// The pairs left of one share of the buckets (`part` of `parts`), compared cell by cell.
const comparedInFull = (part: number, parts: number) => `
  WITH pairs AS MATERIALIZED (
    SELECT * FROM copy_pairs WHERE bucket_hash % ${parts} = ${part}
  ),
  files AS (
    SELECT * FROM copy_files WHERE file_no IN (SELECT a_no FROM pairs UNION SELECT b_no FROM pairs)
  ),
  cells AS MATERIALIZED (${readCells('files')}),
  compared AS (
    SELECT p.a_no, p.b_no, count(*) AS shared,
           count(*) FILTER (WHERE NOT cells_agree(ca.state, ca.value, cb.state, cb.value)) AS disagreeing
    FROM pairs p
    JOIN cells ca ON ca.file_no = p.a_no
    JOIN cells cb ON cb.file_no = p.b_no AND cb.cell = ca.cell
    GROUP BY ALL
  )
  SELECT p.a, p.b, coalesce(c.shared, 0) AS shared, coalesce(c.disagreeing, 0) AS disagreeing
  FROM pairs p
  LEFT JOIN compared c USING (a_no, b_no)`;

// The files of the pairs left, with what ranks their readings.
const CANDIDATES = `
  WITH candidates AS (
    SELECT f.report_id, f.bucket, r.loaded_at, r.format
    FROM copy_files f JOIN fact_report r USING (report_id)
    WHERE f.file_no IN (SELECT a_no FROM copy_pairs UNION SELECT b_no FROM copy_pairs)
  ),
  cells AS (
    SELECT report_id, count(*) AS cells_read FROM v_cell_by_file
    WHERE report_id IN (SELECT report_id FROM candidates) AND state <> 'unreadable' AND NOT inferred
    GROUP BY report_id
  ),
  findings AS (
    SELECT report_id, count(*) AS findings FROM fact_finding
    WHERE report_id IN (SELECT report_id FROM candidates)
      AND NOT starts_with("check", 'copies.') AND NOT starts_with("check", 'xyear.')
    GROUP BY report_id
  )
  SELECT c.report_id, c.bucket, c.loaded_at,
         coalesce(n.cells_read, 0) AS cells_read,
         coalesce(f.findings, 0) AS findings,
         CASE WHEN c.format IN ('html', 'docx', 'doc') THEN 1 WHEN c.format = 'pdf' THEN 2 WHEN c.format = 'text' THEN 3 ELSE 4 END AS format_rank
  FROM candidates c
  LEFT JOIN cells n USING (report_id)
  LEFT JOIN findings f USING (report_id)`;

// Each chosen copy's counted cell beside every other copy's reading of it, where both read it and
// differ: only the disputed cells (a copy read them, but not alike) are joined.
const DISAGREEMENTS = `
  SELECT c.report_id, c.metric, c.applicant, c.state, c.value, c.raw, c.from_report_id, cf.source AS from_source,
         o.report_id AS other_id, of.source AS other_source, o.state AS other_state, o.value AS other_value, o.raw AS other_raw
  FROM report_copy_cell c
  JOIN copy_cells o ON o.chosen_id = c.report_id AND o.report_id <> c.from_report_id AND o.printed_in = c.printed_in
                   AND o.metric = c.metric AND o.applicant IS NOT DISTINCT FROM c.applicant
  JOIN fact_report cf ON cf.report_id = c.from_report_id
  JOIN fact_report of ON of.report_id = o.report_id
  WHERE c.copies_read > c.copies_agreeing AND o.is_read AND NOT cells_agree(c.state, c.value, o.state, o.value)
  ORDER BY c.report_id, c.printed_in, c.metric, c.applicant NULLS FIRST, o.copy_rank`;

// The cells of every copy, under the copy chosen for their report: what COUNTED_CELLS and
// DISAGREEMENTS both read.
const COPY_CELLS = `
  CREATE OR REPLACE TEMP TABLE copy_cells AS
  SELECT k.chosen_id, k.copy_rank, c.report_id, c.printed_in, c.metric, c.applicant, c.value, c.state, c.raw, c.inferred,
         c.state <> 'unreadable' AND NOT c.inferred AS is_read
  FROM report_copy k
  JOIN v_cell_by_file c ON c.report_id = k.report_id`;

// Each chosen copy's cells as its best copy reads them: a read cell before an inferred one before an
// unreadable one, then the better-ranked copy's; and how many copies read it, and read it alike.
// One aggregate (the best reading is the least struct) rather than window functions: half the CPU
// (540k cells of 2,800 copies: 0.6 s against 1.3 s, measured).
const COUNTED_CELLS = `
  INSERT INTO report_copy_cell
  WITH best AS (
    SELECT chosen_id, printed_in, metric, applicant,
           min({unread: (NOT is_read)::INTEGER + (state = 'unreadable')::INTEGER, copy_rank: copy_rank,
                value: value, state: state, raw: raw, inferred: inferred, report_id: report_id}) AS cell,
           list({state: state, value: value}) FILTER (WHERE is_read) AS readings
    FROM copy_cells
    GROUP BY ALL
  )
  SELECT chosen_id, printed_in, metric, applicant, cell.value, cell.state, cell.raw, cell.inferred, cell.report_id,
         len(coalesce(readings, [])),
         len(list_filter(coalesce(readings, []), r -> cells_agree(r.state, r.value, cell.state, cell.value)))
  FROM best`;

// Each report's confidence, on every copy's row: its counted cells another copy read alike, and
// those some copy reads otherwise.
const AGREEMENT = `
  UPDATE report_copy k SET cells_confirmed = n.confirmed, cells_disputed = n.disputed
  FROM (
    SELECT report_id, count(*) FILTER (WHERE copies_agreeing >= 2) AS confirmed,
           count(*) FILTER (WHERE copies_read > copies_agreeing) AS disputed
    FROM report_copy_cell
    GROUP BY report_id
  ) n
  WHERE k.chosen_id = n.report_id`;

/** Given a connection with the temp table copy_pairs, returns the files of its pairs. */
async function copyCandidates(conn: DuckDBConnection): Promise<CopyCandidate[]> {
  const rows = await queryRows(conn, CANDIDATES);
  return rows.map((r) => ({
    reportId: String(r.report_id),
    bucket: String(r.bucket),
    loadedAt: r.loaded_at as Date,
    cellsRead: Number(r.cells_read),
    findings: Number(r.findings),
    formatRank: Number(r.format_rank),
  }));
}

/** Given a connection with the temp tables copy_files and copy_pairs, returns the cell comparison of each pair in copy_pairs. */
async function cellComparisons(conn: DuckDBConnection): Promise<CellComparison[]> {
  const filesLeft = Number((await queryRows(conn, FILES_LEFT))[0].n);
  const parts = Math.max(1, Math.ceil(filesLeft / FILES_PER_COMPARISON));
  const comparisons: CellComparison[] = [];
  for (let part = 0; filesLeft > 0 && part < parts; part++) {
    for (const r of await queryRows(conn, comparedInFull(part, parts))) {
      comparisons.push({ a: String(r.a), b: String(r.b), shared: Number(r.shared), disagreeing: Number(r.disagreeing) });
    }
  }
  return comparisons;
}

/** Given a connection and report ids, returns each one's prose (sections without tables) as one text. */
async function proseOf(conn: DuckDBConnection, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows(
    conn,
    `SELECT report_id, string_agg(text, '' ORDER BY section_no) AS prose FROM fact_section
     WHERE report_id IN (SELECT unnest($1::VARCHAR[])) AND section_no IN (${PROSE_SECTIONS.join(', ')})
     GROUP BY report_id`,
    [listValue(ids)],
  );
  return new Map(rows.map((r) => [String(r.report_id), String(r.prose)]));
}

/** Given two texts, returns the Dice coefficient of their character bigrams, letters and digits only (0 … 1). */
export function proseSimilarity(a: string, b: string): number {
  const x = bigramCounts(a);
  const y = bigramCounts(b);
  let total = 0;
  let common = 0;
  for (const n of x.values()) total += n;
  for (const [bigram, n] of y) {
    total += n;
    common += Math.min(n, x.get(bigram) ?? 0);
  }
  return total === 0 ? 0 : (2 * common) / total;
}

/** Given a text, returns how often each bigram of its letters and digits occurs. */
function bigramCounts(text: string): Map<string, number> {
  const chars = [...text.replace(/[^\p{L}\p{N}]+/gu, '')];
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const bigram = chars[i] + chars[i + 1];
    counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
  }
  return counts;
}

/**
 * Given a pair's cell comparison and the pair's prose (when the tables cannot tell), returns how the
 * two files are copies of one report — by their tables or by their prose — or null when they are not.
 */
export function copyEvidence(c: CellComparison, prose?: [string | undefined, string | undefined]): 'tables' | 'text' | null {
  if (c.shared >= MIN_SHARED_CELLS) return c.disagreeing <= MAX_DISAGREEING_CELLS ? 'tables' : null;
  if (c.disagreeing > MAX_DISAGREEING_CELLS) return null;
  const [a, b] = prose ?? [];
  return a && b && proseSimilarity(a, b) >= NEAR_IDENTICAL_PROSE ? 'text' : null;
}

/** Given two copies, orders the better reading first: most cells read, fewest findings, most faithful format, latest loaded. */
export function byReading(a: CopyCandidate, b: CopyCandidate): number {
  return (
    b.cellsRead - a.cellsRead ||
    a.findings - b.findings ||
    a.formatRank - b.formatRank ||
    b.loadedAt.getTime() - a.loadedAt.getTime() ||
    b.reportId.localeCompare(a.reportId)
  );
}

/**
 * Given the candidates and how each pair is a copy (evidence(a, b), null when not), returns the
 * groups of two or more copies, best reading first. Files are taken latest loaded first, each into
 * the first group every member of which it is a copy of: a file that agrees with two versions of a
 * report (an unreadable scan agrees with anything) cannot join them into one.
 */
export function groupCopies(candidates: readonly CopyCandidate[], evidence: (a: string, b: string) => 'tables' | 'text' | null): CopyGroup[] {
  const groupsByBucket = new Map<string, CopyCandidate[][]>();
  const newestFirst = [...candidates].sort((a, b) => b.loadedAt.getTime() - a.loadedAt.getTime() || b.reportId.localeCompare(a.reportId));
  for (const file of newestFirst) {
    const bucket = groupsByBucket.get(file.bucket) ?? [];
    groupsByBucket.set(file.bucket, bucket);
    const group = bucket.find((g) => g.every((member) => evidence(member.reportId, file.reportId)));
    if (group) group.push(file);
    else bucket.push([file]);
  }
  return [...groupsByBucket.values()]
    .flat()
    .filter((g) => g.length > 1)
    .map((g) => {
      const copies = [...g].sort(byReading);
      const chosen = copies[0].reportId;
      return { copies, matchedBy: new Map(copies.slice(1).map((c) => [c.reportId, evidence(chosen, c.reportId)!])) };
    });
}

/** Given a disagreement row, returns the copies.disagree finding on the chosen report. */
function disagreementFinding(r: Record<string, unknown>): ReportFinding {
  const subject = r.applicant === null ? String(r.metric) : `${r.metric}/${r.applicant}`;
  const expected = printed(r.state, r.value, r.raw);
  const actual = printed(r.other_state, r.other_value, r.other_raw);
  return {
    reportId: String(r.report_id),
    check: 'copies.disagree',
    severity: 'warning',
    subject,
    expected,
    actual,
    message: `${subject}: ${r.from_source} reads ${expected}, its copy ${r.other_source} reads ${actual}; the views count ${expected}`,
    stage: 'load',
  };
}

/** Given a cell's state, value and raw text, returns it as a finding prints it (5, not 5.0; a blank as 空白). */
function printed(state: unknown, value: unknown, raw: unknown): string {
  if (state === 'number') return String(Math.round(Number(value) * 1e6) / 1e6);
  return state === 'blank' ? '空白' : String(raw || state);
}

export interface CopiesRecomputed {
  /** reports held by more than one file */
  reports: number;
  /** the files holding them */
  files: number;
  disagreements: ReportFinding[];
}

/**
 * Given a connection open for writing (outside a transaction), rebuilds report_copy and
 * report_copy_cell and replaces
 * every copies.* finding from the warehouse as it now is. Idempotent; run before the cross-year
 * checks, which pair the reports the views count.
 */
export async function recomputeCopies(conn: DuckDBConnection): Promise<CopiesRecomputed> {
  await conn.run(COPY_FILES);
  await conn.run(PAIRS_LEFT);
  const comparisons = await cellComparisons(conn);
  const candidates = await copyCandidates(conn);
  await conn.run('DROP TABLE copy_pairs');
  await conn.run('DROP TABLE copy_files');
  const undecided = comparisons.filter((c) => c.shared < MIN_SHARED_CELLS).flatMap((c) => [c.a, c.b]);
  const prose = await proseOf(conn, [...new Set(undecided)]);
  const evidence = new Map(comparisons.map((c) => [pairKey(c.a, c.b), copyEvidence(c, [prose.get(c.a), prose.get(c.b)])]));
  const groups = groupCopies(candidates, (a, b) => evidence.get(pairKey(a, b)) ?? null);

  const rows: Cell[][] = groups.flatMap((g) =>
    g.copies.map((c, i) => [
      c.reportId, g.copies[0].reportId, g.copies.length, i + 1, c.cellsRead, c.findings, c.formatRank,
      g.matchedBy.get(c.reportId) ?? null, 0, 0,
    ]),
  );
  return inTransaction(conn, async () => {
    await conn.run('DELETE FROM report_copy');
    await conn.run('DELETE FROM report_copy_cell');
    await appendRows(conn, 'report_copy', rows);
    await conn.run(COPY_CELLS);
    await conn.run(COUNTED_CELLS);
    await conn.run(AGREEMENT);
    const disagreements = (await queryRows(conn, DISAGREEMENTS)).map(disagreementFinding);
    await replaceFindings(conn, 'copies.', disagreements);
    await conn.run('DROP TABLE copy_cells');
    return { reports: groups.length, files: rows.length, disagreements };
  });
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

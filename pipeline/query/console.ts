// SQL for analysts, as `nianbao sql` runs it: statements in, results out as an aligned table, CSV or
// JSON; and the interactive console, where statements end with `;` and may span lines, dot-commands
// (.tables, .help, .exit) stand alone, and entered lines are kept in a history file.
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';

export const HISTORY_FILE = join(homedir(), '.nianbao_history');
const HISTORY_SIZE = 1000;

const HELP = `Statements end with ; and may span lines. Results print as tables. The warehouse is read-only.
  .tables   list tables and views
  .help     this text
  .exit     leave (or Ctrl-D)
Start with the views: SELECT * FROM v_summary_by_year;  (docs/warehouse.md describes them all)
`;

const TABLES = `
  SELECT table_name AS name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS type
  FROM information_schema.tables
  WHERE table_schema = 'main'
  ORDER BY type, name;`;

export type OutputFormat = 'table' | 'csv' | 'json';

/** Given a connection and SQL of one or more statements, runs them in order and returns each result as the format prints it. */
export async function runSql(conn: DuckDBConnection, sql: string, format: OutputFormat): Promise<string> {
  const statements = await conn.extractStatements(sql);
  const out: string[] = [];
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    const reader = await prepared.runAndReadAll();
    if (reader.columnCount > 0) out.push(formatResult(reader, format));
  }
  return out.join(format === 'table' ? '\n' : '');
}

/** Given a result and a format, returns its text: an aligned table with a row count, CSV, or a JSON array of row objects. */
export function formatResult(reader: DuckDBResultReader, format: OutputFormat): string {
  if (format === 'csv') return toCsv(reader);
  if (format === 'json') return `${JSON.stringify(jsonRows(reader), null, 2)}\n`;
  const rows = reader.getRowsJson().map((row) => row.map((v) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v))));
  return `${alignedTable(reader.columnNames(), rows)}(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`;
}

/** Given a result, returns it as CSV text, values through DuckDB's JSON conversion (dates as YYYY-MM-DD, NULL as an empty field). */
export function toCsv(reader: DuckDBResultReader): string {
  return stringify(reader.getRowsJson() as unknown[][], { header: true, columns: reader.columnNames(), record_delimiter: '\n' });
}

const INTEGER_TYPES = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT']);

/** Given a result, returns its rows as objects; DuckDB's JSON gives 64-bit integers as strings, so safe ones become numbers. */
function jsonRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.columnNames();
  const integer = reader.columnTypes().map((t) => INTEGER_TYPES.has(String(t)));
  return reader.getRowsJson().map((row) =>
    Object.fromEntries(row.map((v, i) => [names[i], integer[i] && typeof v === 'string' && Number.isSafeInteger(Number(v)) ? Number(v) : v])),
  );
}

/** A character a terminal prints two columns wide (CJK, Hangul, fullwidth forms); the report's charts measure them as 1 em. */
export const WIDE_CHARACTER = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Given text, returns how many terminal columns it takes: two for a wide character, one for any other. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE_CHARACTER.test(ch) ? 2 : 1;
  return width;
}

/** Given column names and rows of text, returns them as plain aligned columns; CJK characters count two columns wide. */
export function alignedTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...rows.map((r) => displayWidth(r[i]))));
  const line = (values: string[]) => values.map((v, i) => v + ' '.repeat(widths[i] - displayWidth(v))).join('  ').trimEnd() + '\n';
  return line(columns) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

export interface ConsoleIO {
  input: Readable;
  output: Writable;
  historyFile: string;
  /** A terminal gets prompts, line editing and the history on the arrow keys. */
  terminal?: boolean;
}

/** Given a connection and the console's streams, reads and runs statements until .exit or the end of input. */
export async function startConsole(conn: DuckDBConnection, io: ConsoleIO): Promise<void> {
  const rl = createInterface({
    input: io.input,
    output: io.output,
    terminal: io.terminal ?? false,
    history: readHistory(io.historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const prompt = (more: boolean) => {
    if (!io.terminal) return;
    rl.setPrompt(more ? '   ...> ' : 'nianbao> ');
    rl.prompt();
  };
  if (io.terminal) io.output.write(HELP);
  let pending = '';
  prompt(false);
  for await (const line of rl) {
    if (line.trim()) appendFileSync(io.historyFile, `${line}\n`);
    if (!pending && line.trim().startsWith('.')) {
      const command = line.trim();
      if (command === '.exit' || command === '.quit') break;
      io.output.write(command === '.tables' ? await run(conn, TABLES) : command === '.help' ? HELP : `unknown command ${command}; try .help\n`);
    } else if (line.trim() || pending) {
      pending += `${line}\n`;
      if (pending.trim().endsWith(';')) {
        io.output.write(await run(conn, pending));
        pending = '';
      }
    }
    prompt(pending !== '');
  }
  rl.close();
}

/** Given a connection and SQL, returns its results as tables, or the error's message: a bad query does not end the console. */
async function run(conn: DuckDBConnection, sql: string): Promise<string> {
  try {
    return await runSql(conn, sql, 'table');
  } catch (err) {
    return `Error: ${(err as Error).message}\n`;
  }
}

/** Given the history file, returns its last lines, newest first (as readline wants them); none when it does not exist yet. */
function readHistory(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

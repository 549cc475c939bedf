// Turning command-line arguments and sources files into the list of sources a run fetches.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import type { SourceHints } from '../core/types.ts';
import type { Source, SourceKind } from './types.ts';
import { localPath } from './local.ts';
import { SIDECAR_SUFFIX } from './store.ts';

const LIST_EXTENSIONS = new Set(['.txt', '.list']);
const ENABLED_VALUES: Record<string, boolean> = { '': true, '1': true, true: true, '0': false, false: false };
const KINDS: Record<string, SourceKind> = { '': 'report', report: 'report', channel: 'channel' };

/**
 * Given command-line arguments, returns the sources they name, each location once, in order:
 * a URL is itself; a folder is its files (recursive, sorted, skipping dotfiles and fetch
 * sidecars); a *.csv is a sources file; a *.list, or a *.txt whose every line is a location, is
 * a list of locations; any other file is itself. A missing path is kept as a source, so the
 * run reports it as fetch.missing instead of silently skipping it.
 */
export async function expandInputs(args: string[]): Promise<Source[]> {
  const seen = new Map<string, Source>();
  for (const arg of args) {
    for (const source of await expandOne(arg)) {
      if (!seen.has(source.location)) seen.set(source.location, source);
    }
  }
  return [...seen.values()];
}

/** Given one location and the list files it was reached through, returns the sources it stands for. */
async function expandOne(location: string, viaLists: ReadonlySet<string> = new Set()): Promise<Source[]> {
  const path = localPath(location);
  if (path === undefined) return [{ location, enabled: true }];
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) return (await walk(path)).map((file) => ({ location: file, enabled: true }));
  if (info?.isFile()) {
    const ext = extname(path).toLowerCase();
    if (ext === '.csv') return readSourcesFile(path);
    if (LIST_EXTENSIONS.has(ext)) {
      // A list that names itself, directly or through another, would expand forever.
      if (viaLists.has(path)) return [];
      const entries = await listEntries(path, ext === '.list');
      const via = new Set([...viaLists, path]);
      if (entries) return (await Promise.all(entries.map((e) => expandOne(e, via)))).flat();
    }
  }
  return [{ location: path, enabled: true }];
}

/** Given a folder, returns the paths of the documents under it, sorted by name (code-point order, so stable across locales). */
async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.') && !e.name.endsWith(SIDECAR_SUFFIX))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // A symlink's Dirent describes the link; what counts is what it points at.
    const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (info?.isDirectory()) files.push(...(await walk(path)));
    else if (info?.isFile()) files.push(path);
  }
  return files;
}

/**
 * Given a list file, returns its locations (blank and # lines skipped, paths relative to the
 * file) — or undefined when it is a .txt that is not a list, since a .txt may be a report.
 */
async function listEntries(path: string, isList: boolean): Promise<string[] | undefined> {
  const lines = (await readFile(path, 'utf8'))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const locations = lines.map((l) => relativeTo(path, l));
  if (isList) return locations;
  if (locations.length === 0) return undefined;
  // One by one: a report's very first line is usually not a location, so this stops at once.
  for (const location of locations) if (!(await isLocation(location))) return undefined;
  return locations;
}

/** Given the file a location was read from and the location, returns URLs as they are and paths made absolute from the file's folder. */
function relativeTo(file: string, location: string): string {
  return /^(https?|file):/i.test(location) ? location : resolve(dirname(file), location);
}

/** Given a line of a .txt, returns whether it names something fetchable: a URL or an existing path. */
async function isLocation(location: string): Promise<boolean> {
  const path = localPath(location);
  return path === undefined || (await stat(path).then(() => true, () => false));
}

/**
 * Given a sources.csv (UTF-8, header row; columns url or path, kind, agency, year, region, enabled),
 * returns one source per row, disabled rows included with enabled false. A `channel` row is a
 * listing page whose agency and region hints apply to every report found under it; it takes no
 * year, since its reports span years. Relative paths are
 * relative to the file. Throws on a malformed file, naming the row: a bad sources file
 * should stop the run, not quietly drop reports.
 */
export async function readSourcesFile(path: string): Promise<Source[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...rows] = parseCsv(text);
  const columns = (header ?? []).map((c) => c.trim().toLowerCase());
  const locationColumn = columns.includes('url') ? columns.indexOf('url') : columns.indexOf('path');
  if (locationColumn < 0) throw new Error(`${path}: the header needs a "url" or "path" column`);
  const sources: Source[] = [];
  rows.forEach((row, i) => {
    const field = (name: string) => (columns.includes(name) ? (row[columns.indexOf(name)] ?? '').trim() : '');
    const where = `${path} row ${i + 2}`;
    const location = (row[locationColumn] ?? '').trim();
    if (location === '') return;
    const enabled = ENABLED_VALUES[field('enabled').toLowerCase()];
    if (enabled === undefined) throw new Error(`${where}: enabled must be 1, 0, true or false, not "${field('enabled')}"`);
    const kind = KINDS[field('kind').toLowerCase()];
    if (kind === undefined) throw new Error(`${where}: kind must be report or channel, not "${field('kind')}"`);
    if (kind === 'channel' && field('year')) throw new Error(`${where}: a channel takes no year: the reports found under it span years`);
    if (kind === 'channel' && !/^https?:\/\//i.test(location)) throw new Error(`${where}: a channel is a web page: its url must be http(s), not "${location}"`);
    const hints = rowHints(field('agency'), field('year'), field('region'), where);
    const source: Source = { location: relativeTo(path, location), enabled };
    if (hints) source.hints = hints;
    if (kind === 'channel') source.kind = kind;
    sources.push(source);
  });
  return sources;
}

/** Given a row's agency, year and region cells, returns the hints they give, or undefined for none. */
function rowHints(agency: string, year: string, region: string, where: string): SourceHints | undefined {
  const hints: SourceHints = {};
  if (agency) hints.agency = agency;
  if (year) {
    if (!/^\d{4}$/.test(year)) throw new Error(`${where}: year must be four digits, not "${year}"`);
    hints.year = Number(year);
  }
  if (region) hints.regionCode = region;
  return Object.keys(hints).length > 0 ? hints : undefined;
}

/**
 * Given CSV text (RFC 4180: commas, double-quoted fields with "" escapes, CRLF or LF),
 * returns its rows of fields, blank lines dropped. Kept to this one function until the
 * project takes a CSV parser as a dependency.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.some((f) => f !== '')) rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      endRow();
    } else if (c !== '\r') {
      field += c;
    }
  }
  endRow();
  return rows;
}

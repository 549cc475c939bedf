// The analyst views of sql/views: one CREATE OR REPLACE VIEW per file, named as the file. A view may
// read other views, so they are created in dependency order, found from the names each file's SQL
// mentions rather than from file names.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';

export const VIEWS_DIR = fileURLToPath(new URL('../../sql/views/', import.meta.url));

export interface ViewFile {
  /** The view's name: the file name without `.sql`. */
  name: string;
  sql: string;
}

/** Given nothing, returns the view files of sql/views in name order. */
export async function readViewFiles(): Promise<ViewFile[]> {
  const names = (await readdir(VIEWS_DIR)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(names.map(async (n) => ({ name: n.slice(0, -'.sql'.length), sql: await readFile(join(VIEWS_DIR, n), 'utf8') })));
}

/** Given a view's SQL and the names of all views, returns the other views it reads (comments ignored). */
export function dependenciesOf(view: ViewFile, names: readonly string[]): string[] {
  const code = view.sql.replace(/--[^\n]*/g, '');
  return names.filter((n) => n !== view.name && new RegExp(`\\b${n}\\b`).test(code));
}

/** Given view files, returns them ordered so each comes after the views it reads; throws on a cycle. */
export function inDependencyOrder(views: readonly ViewFile[]): ViewFile[] {
  const names = views.map((v) => v.name);
  const byName = new Map(views.map((v) => [v.name, v]));
  const ordered: ViewFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (view: ViewFile, path: string[]): void => {
    if (state.get(view.name) === 'done') return;
    if (state.get(view.name) === 'visiting') throw new Error(`views depend on each other in a cycle: ${[...path, view.name].join(' → ')}`);
    state.set(view.name, 'visiting');
    for (const dep of dependenciesOf(view, names)) visit(byName.get(dep)!, [...path, view.name]);
    state.set(view.name, 'done');
    ordered.push(view);
  };
  for (const view of views) visit(view, []);
  return ordered;
}

/** Given a connection open for writing and the view files (readViewFiles), (re)creates every view in dependency order; returns their names. */
export async function applyViews(conn: DuckDBConnection, views: readonly ViewFile[]): Promise<string[]> {
  const ordered = inDependencyOrder(views);
  for (const view of ordered) {
    try {
      await conn.run(view.sql);
    } catch (err) {
      throw new Error(`view ${view.name}: ${(err as Error).message}`);
    }
  }
  return ordered.map((v) => v.name);
}

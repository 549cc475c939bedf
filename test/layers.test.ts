// The tree reads as the flow, and the flow stays one-way: a stage imports only the shared
// vocabulary (pipeline/core) and the stages before it, never a later stage, the run or the query
// side; the query side reads the warehouse through load and nothing of the run; only the CLI and
// the shared vocabulary sit outside a folder; no two modules import each other, however far round.
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PIPELINE = fileURLToPath(new URL('../pipeline/', import.meta.url));

/** Each top folder of pipeline/ with its rank: a folder may import folders of equal or lower rank only. */
const RANKS: Record<string, number> = {
  core: 0,
  '1-fetch': 1,
  '2-decode': 2,
  '3-extract': 3,
  '4-validate': 4,
  '5-load': 5,
  run: 6,
  query: 6,
  report: 6,
  'cli.ts': 7,
};
/** Folders of one rank that still may not import each other: the run is apart from the query side and the report. */
const APART = [['run', 'query'], ['run', 'report']];

/** Given a source text, returns every relative module it names: static and dynamic imports, re-exports, and `new URL(…, import.meta.url)` worker modules. */
function relativeSpecifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g;
  for (const m of source.matchAll(pattern)) found.push(m[2]);
  return found;
}

/** Given a path under pipeline/ (posix), returns its top folder, or the file name for a loose file. */
function topOf(path: string): string {
  return path.split('/')[0];
}

/** Given pipeline files (path → source), returns one line per import that runs against the flow. */
function layerViolations(files: Record<string, string>): string[] {
  const wrong: string[] = [];
  for (const [path, source] of Object.entries(files)) {
    const from = topOf(path);
    for (const spec of relativeSpecifiers(source)) {
      const target = posix.normalize(posix.join(posix.dirname(path), spec));
      if (target.startsWith('..')) continue; // outside pipeline/: sql/, raw/, node_modules
      const to = topOf(target);
      if (to === from) continue;
      const apart = APART.some((pair) => pair.includes(from) && pair.includes(to));
      if (!(to in RANKS) || !(from in RANKS) || RANKS[to] > RANKS[from] || apart) wrong.push(`${path} imports ${target}`);
    }
  }
  return wrong;
}

/** Given a folder, returns its source files (path relative to it → text). */
function sourcesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (/\.(ts|mjs)$/.test(f)) files[f.split('\\').join('/')] = readFileSync(dir + f, 'utf8');
  }
  return files;
}

describe('the pipeline tree', () => {
  const files = sourcesUnder(PIPELINE);

  it('imports only along the flow', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('keeps no file outside a folder but the CLI', () => {
    const loose = readdirSync(PIPELINE, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('.md')).map((e) => e.name);
    expect(loose).toEqual(['cli.ts']);
  });

  it('opens every folder with a README of what it takes and returns', () => {
    const folders = readdirSync(PIPELINE, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const without = folders.filter((d) => !readdirSync(PIPELINE + d).includes('README.md'));
    expect(without).toEqual([]);
  });
});

describe('layerViolations', () => {
  it('names a stage that imports a later stage, the run or the query side', () => {
    const files = {
      '2-decode/text.ts': "import { extract } from '../3-extract/index.ts';",
      '3-extract/index.ts': "import type { X } from '../run/index.ts';\nimport { a } from '../2-decode/text.ts';",
      '5-load/views.ts': "const m = await import('../query/export.ts');",
      'run/pool.ts': "const W = new URL('./worker.ts', import.meta.url); import { q } from '../query/summary.ts';",
      'core/types.ts': "export * from '../1-fetch/types.ts';",
    };
    expect(layerViolations(files)).toEqual([
      '2-decode/text.ts imports 3-extract/index.ts',
      '3-extract/index.ts imports run/index.ts',
      '5-load/views.ts imports query/export.ts',
      'run/pool.ts imports query/summary.ts',
      'core/types.ts imports 1-fetch/types.ts',
    ]);
  });

  it('lets a stage import the shared vocabulary and the stages before it', () => {
    const files = {
      '4-validate/index.ts': "import { fit } from '../3-extract/fit.ts';\nimport type { Report } from '../core/types.ts';",
      'query/export.ts': "import { openForReading } from '../5-load/index.ts';",
      'cli.ts': "import { ingest } from './run/index.ts';",
    };
    expect(layerViolations(files)).toEqual([]);
  });
});

/** Given pipeline files (path → source), returns the import cycles among them, each as its files in order. */
function importCycles(files: Record<string, string>): string[][] {
  const edges = new Map<string, string[]>();
  for (const [path, source] of Object.entries(files)) {
    const targets = relativeSpecifiers(source).map((spec) => posix.normalize(posix.join(posix.dirname(path), spec)));
    edges.set(path, targets.filter((t) => t in files));
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    trail.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push(trail.slice(trail.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('importCycles', () => {
  it('finds none in the pipeline', () => {
    expect(importCycles(sourcesUnder(PIPELINE))).toEqual([]);
  });

  it('finds a module pair that import each other', () => {
    const files = {
      '1-fetch/index.ts': "import { readLocal } from './local.ts';",
      '1-fetch/local.ts': "import type { Source } from './index.ts';",
      '1-fetch/types.ts': '',
    };
    expect(importCycles(files)).toEqual([['1-fetch/index.ts', '1-fetch/local.ts']]);
  });
});

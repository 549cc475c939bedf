#!/usr/bin/env node
// The CLI's door. It runs pipeline/cli.ts as one plain JavaScript file that esbuild bundles on first
// use and keeps under node_modules/.cache/nianbao/, named by the size and modification time of
// every source it could hold: the next start stats the sources (a few milliseconds) and imports the
// file, instead of sending a hundred TypeScript modules through tsx's loader thread. Measured: half
// the CPU of `nianbao --help` (0.6 → 0.3 s) and ~0.3 s of every run. Where it cannot be built or
// written (a read-only node_modules), the CLI runs through tsx as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'pipeline', 'cli.ts');
const CACHE = join(ROOT, 'node_modules', '.cache', 'nianbao');
/** What the bundle is made of besides the sources: this file, the installed packages, the Node it targets. */
const STAMPED = [fileURLToPath(import.meta.url), join(ROOT, 'package-lock.json')];

/** Given nothing, returns a key that changes whenever a source, this file, the lock file or Node changes. */
function sourcesKey() {
  const hash = createHash('sha256').update(process.version);
  const dir = join(ROOT, 'pipeline');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => join(dir, f));
  for (const file of [...files, ...STAMPED]) {
    const s = statSync(file, { throwIfNoEntry: false });
    if (s?.isFile()) hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * esbuild plugin: each module's `import.meta.url` becomes its own source file's URL, so the paths
 * the code finds beside itself (sql/, raw/samples/, the worker task) stay right inside one bundle.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const code = await readFile(args.path, 'utf8');
      return { contents: code.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** Given nothing, returns the path of the bundled CLI, building and writing it when its sources changed; throws when it cannot. */
async function bundledCli() {
  const file = join(CACHE, `cli-${sourcesKey()}.mjs`);
  if (existsSync(file)) return file;
  const { build } = await import('esbuild');
  const built = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [sourceUrls],
  });
  mkdirSync(CACHE, { recursive: true });
  // Written beside its final name and renamed: a run starting meanwhile never imports half a file.
  const writing = `${file}.${process.pid}.tmp`;
  writeFileSync(writing, built.outputFiles[0].contents);
  try {
    renameSync(writing, file);
  } finally {
    rmSync(writing, { force: true });
  }
  return file;
}

let cli;
try {
  cli = await bundledCli();
} catch {
  cli = undefined;
}
if (cli) {
  await import(pathToFileURL(cli).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../pipeline/cli.ts');
}

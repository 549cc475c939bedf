// The worker pool: tasks run on worker threads; a task that hangs past the time limit has its
// worker terminated and replaced and its file recorded as `<stage>.timeout`; a worker that dies
// is replaced and its file recorded as `<stage>.failed`; the run goes on either way.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PoolBroken, TaskTimeout, WorkerCrashed, WorkerPool } from '../pipeline/run/pool.ts';
import { BUNDLE_CACHE, bundleTask } from '../pipeline/run/pool-bundle.ts';
import { processInPool } from '../pipeline/run/index.ts';
import { PROCESS_STAGES, type Processed } from '../pipeline/run/processed.ts';
import type { RawDoc } from '../pipeline/core/types.ts';

const TIME_LIMIT_MS = 1_500;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-pool-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // The bundles of this file's made-up task modules, named by content that includes their temp path.
  for (const url of testBundles) rmSync(fileURLToPath(new URL('.', url)), { recursive: true, force: true });
});
const testBundles: URL[] = [];

/**
 * An injected task (the test seam): given a RawDoc, names the decode and extract stages, then
 * busy-loops for ever on the text `hang`, exits the worker on `crash`, throws on `throw`, and
 * otherwise returns a minimal Processed naming its thread.
 */
const TASK = pathToFileURL(join(dir, 'task.mjs'));
writeFileSync(TASK, `
import { threadId } from 'node:worker_threads';
export default function (raw, enterStage) {
  const text = new TextDecoder().decode(raw.bytes);
  enterStage('decode');
  enterStage('extract');
  if (text === 'hang') for (;;);
  if (text === 'crash') process.exit(3);
  if (text === 'throw') throw new Error('bad input');
  return { report: { source: raw.source, status: 'loaded', findings: [], bytes: raw.bytes.length, thread: threadId, url: import.meta.url }, durationMs: 0 };
}
`);

const raw = (text: string, source = `${text}.txt`): RawDoc => ({ source, origin: join(dir, source), bytes: new TextEncoder().encode(text), sha256: 'x' });

let pool: WorkerPool<RawDoc, Processed> | undefined;
afterEach(() => pool?.close());
const newPool = (size: number, taskModule = TASK) =>
  (pool = new WorkerPool<RawDoc, Processed>({ size, taskModule, timeLimitMs: TIME_LIMIT_MS, stages: PROCESS_STAGES }));

describe('WorkerPool', () => {
  it('runs tasks on at most `size` worker threads, moving the bytes rather than copying them', async () => {
    const p = newPool(2);
    const bytes = new TextEncoder().encode('moved');
    const first = p.run({ ...raw('x'), bytes }, [bytes.buffer]);
    const rest = await Promise.all(Array.from({ length: 7 }, (_, i) => p.run(raw(`r${i}`))));
    expect((await first).report.bytes).toBe(5);
    expect(bytes.byteLength).toBe(0); // moved to the worker: detached here
    const threads = new Set(rest.map((r) => (r.report as unknown as { thread: number }).thread));
    expect(threads.size).toBeGreaterThanOrEqual(1);
    expect(threads.size).toBeLessThanOrEqual(2);
  });

  it('terminates a task that overruns the limit, naming its stage, and carries on with a fresh worker', async () => {
    const p = newPool(1);
    const hung = p.run(raw('hang'));
    const next = p.run(raw('after'));
    await expect(hung).rejects.toThrow(TaskTimeout);
    await expect(hung).rejects.toMatchObject({ stage: 'extract' });
    expect((await next).report.source).toBe('after.txt');
  });

  it('replaces a worker that dies, failing only its task; a task that throws fails alone', async () => {
    const p = newPool(1);
    const crashed = p.run(raw('crash'));
    const thrown = p.run(raw('throw'));
    const next = p.run(raw('after'));
    await expect(crashed).rejects.toThrow(WorkerCrashed);
    await expect(thrown).rejects.toThrow('bad input');
    expect((await next).report.source).toBe('after.txt');
  });

  it('breaks, rejecting every task, when a worker cannot even start', async () => {
    const p = newPool(1, pathToFileURL(join(dir, 'no-such-task.mjs')));
    await expect(p.run(raw('x'))).rejects.toThrow(PoolBroken);
    await expect(p.run(raw('y'))).rejects.toThrow(PoolBroken);
  });
});

describe('processInPool (the run’s per-file boundary)', () => {
  it('records a hung file as a failed report with `<stage>.timeout`, and the next file goes through', async () => {
    const p = newPool(1);
    const hung = await processInPool(p, raw('hang', 'hung.txt'));
    expect(hung.failure?.stage).toBe('extract');
    expect(hung.report).toMatchObject({ source: 'hung.txt', status: 'failed', bytes: 4, format: 'text' });
    expect(hung.report.findings).toEqual([expect.objectContaining({ check: 'extract.timeout', severity: 'error', stage: 'extract' })]);
    const crashed = await processInPool(p, raw('crash', 'crash.txt'));
    expect(crashed.report.findings).toEqual([expect.objectContaining({ check: 'extract.failed', stage: 'extract' })]);
    expect((await processInPool(p, raw('fine'))).report.status).toBe('loaded');
  });

  it('runs the real decode → extract → validate in a worker', async () => {
    const p = new WorkerPool<RawDoc, Processed>({ size: 1, taskModule: new URL('../pipeline/run/worker.ts', import.meta.url), timeLimitMs: 60_000, stages: PROCESS_STAGES });
    try {
      const text = '示例区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度无。\n';
      const { report, failure } = await processInPool(p, raw(text, 'sample.txt'));
      expect(failure).toBeUndefined();
      expect(report).toMatchObject({ source: 'sample.txt', format: 'text', year: 2023 });
    } finally {
      await p.close();
    }
  });
});

describe('bundleTask', () => {
  /** Given a bundle's entry, returns every module it imports before its task runs: local chunks followed, packages named. */
  const staticImports = (entry: URL): string[] => {
    const found: string[] = [];
    const visit = (url: URL) => {
      for (const [, spec] of readFileSync(url, 'utf8').matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gms)) {
        if (spec.startsWith('./')) visit(new URL(spec, url));
        else found.push(spec);
      }
    };
    visit(entry);
    return found;
  };

  it('runs the task as one plain JavaScript module, without tsx, written once per content', async () => {
    const p = newPool(1);
    const { report } = await p.run(raw('x'));
    const url = (report as unknown as { url: string }).url;
    expect(url.startsWith(BUNDLE_CACHE.href)).toBe(true);
    const again = bundleTask(TASK);
    testBundles.push(again);
    expect(again.href).toBe(url);
  });

  it('leaves the PDF and Word decoders out of what a worker loads before its first file', () => {
    const imports = staticImports(bundleTask(new URL('../pipeline/run/worker.ts', import.meta.url)));
    expect(imports).toContain('parse5');
    expect(imports.filter((s) => /pdfjs|pdf-parse|mammoth/.test(s))).toEqual([]);
  });

  it('throws where the bundle cannot be written, so the pool falls back to tsx', async () => {
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, '');
    expect(() => bundleTask(TASK, pathToFileURL(`${notAFolder}/bundles/`))).toThrow(/ENOTDIR/);
  });
});

// A pool of worker threads running one task function, one input at a time per worker.
//
// - Workers start lazily, as inputs arrive, up to the pool size: a run with nothing to extract
//   starts none.
// - A task that overruns the time limit has its worker terminated (the only way to stop
//   synchronous code that never returns) and replaced; the task rejects with TaskTimeout naming
//   the stage it had reported reaching. A worker that dies mid-task rejects it with WorkerCrashed.
//   The stage is shared memory the worker writes, not a message: three messages more per file cost
//   the worker more than its own postMessage of the result (measured).
// - Workers run the task module bundled into plain JavaScript (pipeline/pool-bundle.ts), so the pool
//   works the same under `tsx`, `bin/nianbao.mjs` and vitest, and a worker does not carry tsx; where
//   the bundle cannot be written (a read-only node_modules) they run it through tsx instead
//   (pool-worker.mjs). A task module may also export `transfer`, naming the buffers of a result to
//   move rather than copy.
import { Worker, type Transferable } from 'node:worker_threads';
import { bundleTask } from './pool-bundle.ts';

/**
 * Each worker's heap. Old generation: a runaway decoder dies alone; the worst page at the size caps
 * needs about 1 GB (measured), so past 2 GB the worker is ended and its file fails. Young
 * generation: V8's default (16 MB semi-spaces, a 34 MB new space) is more than a file's garbage
 * needs; at 24 MB (a 17 MB new space) peak RSS at 10k reports fell ~20 MB for the same CPU, while
 * 12 MB cost ~12% more CPU in scavenges (alternating runs).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 24 };

/** The worker entry when the task cannot be bundled: tsx, then the task module named in workerData. */
const TSX_ENTRY = new URL('./pool-worker.mjs', import.meta.url);

export interface PoolOptions {
  /** Worker threads at most. */
  size: number;
  /** The module whose default export is the task (a Task, see pool-serve.ts). */
  taskModule: URL;
  /** How long one input may take once a worker has it. */
  timeLimitMs: number;
  /** The stages a task goes through: it is in the first until it names another. */
  stages: readonly string[];
}

/** The task overran the time limit; its worker was terminated. */
export class TaskTimeout extends Error {
  constructor(readonly stage: string, limitMs: number) {
    super(`${stage} took longer than ${limitMs / 1000} s`);
  }
}

/** The worker died while running the task (an uncaught error, out of memory, process.exit). */
export class WorkerCrashed extends Error {
  constructor(readonly stage: string, why: string) {
    super(`worker crashed during ${stage}: ${why}`);
  }
}

/** A worker could not even start (the task module failed to load): no task can run. */
export class PoolBroken extends Error {}

type Message<Out> = { ready: true } | { done: Out } | { error: string };

interface Job<In, Out> {
  input: In;
  transfer: Transferable[];
  resolve: (out: Out) => void;
  reject: (err: Error) => void;
}

interface Slot<In, Out> {
  worker: Worker;
  ready: boolean;
  job?: Job<In, Out>;
  /** The index in `stages` of the stage the worker's task is in, written by the worker. */
  stage: Int32Array;
  timer?: NodeJS.Timeout;
}

export class WorkerPool<In, Out> {
  private readonly slots = new Set<Slot<In, Out>>();
  private readonly queue: Job<In, Out>[] = [];
  private broken: PoolBroken | undefined;
  private closed = false;
  private entry: URL | undefined;

  constructor(private readonly opts: PoolOptions) {}

  /** Given an input (and buffers to move rather than copy), returns the task's output once a worker has run it. */
  run(input: In, transfer: Transferable[] = []): Promise<Out> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Terminates every worker; queued inputs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the worker pool was closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  /** Hands queued inputs to ready idle workers, and starts workers while inputs wait and the pool is not full. */
  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.job) this.dispatch(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    for (let i = starting; i < this.queue.length && this.slots.size < this.opts.size; i++) this.spawn();
  }

  private spawn(): void {
    const stage = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    this.entry ??= this.workerEntry();
    const worker = new Worker(this.entry, {
      workerData: { taskModule: this.opts.taskModule.href, stages: this.opts.stages, stage },
      resourceLimits: WORKER_LIMITS,
    });
    const slot: Slot<In, Out> = { worker, ready: false, stage };
    this.slots.add(slot);
    worker.on('message', (msg: Message<Out>) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, err.message));
    worker.on('exit', (code) => this.onDeath(slot, `exited with code ${code}`));
  }

  /** Given nothing, returns the module a worker starts from: the bundled task, or tsx and the task module when bundling fails. */
  private workerEntry(): URL {
    try {
      return bundleTask(this.opts.taskModule);
    } catch {
      return TSX_ENTRY;
    }
  }

  private dispatch(slot: Slot<In, Out>, job: Job<In, Out>): void {
    slot.job = job;
    Atomics.store(slot.stage, 0, 0);
    slot.timer = setTimeout(() => this.onTimeout(slot), this.opts.timeLimitMs);
    slot.worker.postMessage(job.input, job.transfer);
  }

  private onMessage(slot: Slot<In, Out>, msg: Message<Out>): void {
    if ('ready' in msg) {
      slot.ready = true;
    } else {
      const job = this.finish(slot);
      if ('done' in msg) job?.resolve(msg.done);
      else job?.reject(new Error(msg.error));
    }
    this.pump();
  }

  private stageOf(slot: Slot<In, Out>): string {
    return this.opts.stages[Atomics.load(slot.stage, 0)];
  }

  private onTimeout(slot: Slot<In, Out>): void {
    const stage = this.stageOf(slot);
    this.finish(slot)?.reject(new TaskTimeout(stage, this.opts.timeLimitMs));
    void this.retire(slot);
    this.pump();
  }

  /** A worker that exits or throws: its task fails; one that never got ready breaks the pool. */
  private onDeath(slot: Slot<In, Out>, why: string): void {
    if (!this.slots.has(slot)) return;
    this.slots.delete(slot);
    const stage = this.stageOf(slot);
    const job = this.finish(slot);
    void slot.worker.terminate();
    if (!slot.ready) {
      this.broken = new PoolBroken(`a worker failed to start: ${why}`);
      for (const queued of this.queue.splice(0)) queued.reject(this.broken);
      job?.reject(this.broken);
      return;
    }
    job?.reject(new WorkerCrashed(stage, why));
    if (!this.closed) this.pump();
  }

  /** Clears the slot's job and timer, returning the job. */
  private finish(slot: Slot<In, Out>): Job<In, Out> | undefined {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    return job;
  }

  private async retire(slot: Slot<In, Out>): Promise<void> {
    this.slots.delete(slot);
    this.finish(slot)?.reject(new Error('the worker pool was closed'));
    await slot.worker.terminate();
  }
}

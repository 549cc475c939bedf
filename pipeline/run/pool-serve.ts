// The worker side of pool.ts: the loop a worker thread runs, serving the pool's inputs.
import { parentPort, workerData, type Transferable } from 'node:worker_threads';

/**
 * A task module's default export: given an input and a callback to name the stage it enters (one
 * of the pool's `stages`), returns the output. Runs inside a worker thread.
 */
export type Task<In, Out> = (input: In, enterStage: (stage: string) => void) => Out | Promise<Out>;

/**
 * Inside a worker: runs the task on every input the pool posts, reporting stages and the result;
 * the buffers `transfer` names in a result move to the pool's thread instead of being copied.
 */
export function serve<In, Out>(task: Task<In, Out>, transfer: (out: Out) => Transferable[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error('serve() runs inside a worker thread');
  const { stages, stage } = workerData as { stages: readonly string[]; stage: Int32Array };
  const enterStage = (name: string) => {
    const index = stages.indexOf(name);
    if (index < 0) throw new Error(`unknown stage ${name}; the pool's stages are ${stages.join(', ')}`);
    Atomics.store(stage, 0, index);
  };
  port.on('message', async (input: In) => {
    try {
      const out = await task(input, enterStage);
      port.postMessage({ done: out }, transfer(out));
    } catch (err) {
      port.postMessage({ error: err instanceof Error ? err.message : String(err) });
    }
  });
  port.postMessage({ ready: true });
}

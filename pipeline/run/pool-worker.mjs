// Worker-thread entry for pipeline/run/pool.ts when its task cannot be bundled: TypeScript through tsx
// (as bin/nianbao.mjs does), then the task module named in workerData (its default export, and
// its `transfer` if any) served on the pool's port.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serve } = await import('./pool-serve.ts');
const { default: task, transfer } = await import(workerData.taskModule);
serve(task, transfer);

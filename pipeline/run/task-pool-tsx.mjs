// Worker entry of a task pool started from the TypeScript sources (pipeline/run/task-pool.ts):
// Node 20 does not run `--import` preloads in worker threads, so tsx is registered here before
// the TypeScript dispatcher (task-pool-worker.ts) and the pool's worker module load. Plain
// JavaScript: it runs before TypeScript can be loaded. The esbuild bundle never uses it.
import { register } from 'tsx/esm/api';

register();
const dispatcher = await import('./task-pool-worker.ts');

export const runBatch = dispatcher.runBatch;

// Worker entry of a task pool started from the TypeScript sources (pipeline/run/task-pool.ts):
// Node 20 does not run `--import` preloads in worker threads, so tsx is registered here, then the
// worker module named in workerData is loaded and its tasks are run by name. Plain JavaScript:
// it runs before TypeScript can be loaded. The esbuild bundle never uses it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
// Tinypool's workerData is [its own data, the pool's workerData].
const tasks = await import(workerData[1].module);

/** Runs export `task` of the worker module on `input`. */
export function run({ task, input }) {
  if (typeof tasks[task] !== 'function') throw new Error(`No task "${task}" exported from ${workerData[1].module}`);
  return tasks[task](input);
}

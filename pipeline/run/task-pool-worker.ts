/**
 * The module every worker thread of a task pool (`task-pool.ts`) starts: it loads the pool's worker
 * module (named in the pool's workerData) and runs its tasks by name over batches of inputs. An
 * entry point of `scripts/build.mjs` (build/task-pool-worker.js); from the sources,
 * `task-pool-tsx.mjs` registers tsx and loads it.
 */
import { workerData } from 'node:worker_threads';

/** A batch: export `task` of the worker module over `inputs`. */
export interface TaskBatch {
  task: string;
  inputs: unknown[];
}

// Tinypool's workerData is [its own data, the pool's workerData].
const module: string = (workerData as [unknown, { module: string }])[1].module;
const tasks = (await import(module)) as Record<string, unknown>;

/** The results of the batch's task over its inputs, in order; rejects with the task's error. */
export function runBatch(batch: TaskBatch): Promise<unknown[]> {
  const task = tasks[batch.task];
  if (typeof task !== 'function') throw new Error(`No task "${batch.task}" exported from ${module}`);
  return Promise.all(batch.inputs.map((input) => task(input)));
}

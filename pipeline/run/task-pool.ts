/**
 * A pool of worker threads (tinypool) that runs named tasks of one worker module, for work that
 * is pure and CPU-bound (parsing, segmenting) and pays on a machine with more than one core.
 *
 * A worker module is an ES module whose named exports are the tasks: `export function name(input)`
 * returning a value or a promise; each thread loads it once (`task-pool-worker.ts`). Inputs and
 * results cross threads by structured clone: plain objects, arrays, strings, numbers, Maps and
 * Sets travel; functions and class instances do not (a class instance arrives as a plain object,
 * a function throws).
 *
 * It runs both from the TypeScript sources (tests, tsx) and from the esbuild bundle in build/:
 * `workerModuleUrl` names the module for either layout, and from the sources the workers load
 * tsx first. A worker module used from the bundle must be an entry point of `scripts/build.mjs`
 * (it lands as build/<basename>.js, beside the chunks that start it), as `task-pool-worker.ts` is.
 */
import os from 'node:os';
import path from 'node:path';
import Tinypool from 'tinypool';
import type { TaskBatch } from './task-pool-worker.ts';

/** Environment variable: number of worker threads; `0` never starts a pool, a number > 0 always does (tests, measurements). */
export const WORKERS_ENV = 'TRANSLATE_WORKERS';

/** A started pool. Tasks queue in order; `close` ends the workers (a pool that is not closed keeps the process alive). */
export interface TaskPool {
  /** Number of worker threads. */
  readonly threads: number;
  /** Run export `task` of the worker module on `input`; rejects with the worker's error when the task throws. */
  run<I, O>(task: string, input: I): Promise<O>;
  /** `task` over every input, all queued at once; the results in input order. */
  map<I, O>(task: string, inputs: readonly I[]): Promise<O[]>;
  /** Ends the workers (queued tasks are cancelled). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The worker module at `sourcePath` (relative to `base`, e.g. `./article-worker.ts`), where `base`
 * is the caller's `import.meta.url`. From the sources (`base` ends in `.ts`) that is the file
 * itself; from the bundle (every chunk directly in build/) it is build/<basename>.js beside `base`.
 */
export function workerModuleUrl(sourcePath: string, base: string): URL {
  if (base.endsWith('.ts')) return new URL(sourcePath, base);
  return new URL(`./${path.posix.basename(sourcePath).replace(/\.ts$/, '.js')}`, base);
}

/**
 * How many worker threads a batch of `items` jobs should use; 0 means run them in this thread.
 * `TRANSLATE_WORKERS` (in `env`) decides when set: 0 never, N > 0 always N threads, however
 * few the items. Otherwise a pool pays only with at least `minItems` items (a worker takes
 * ~0.1 s to start and load its modules) and more than one core; then it has `threads` (default:
 * one per core) threads.
 */
export function workerThreads(items: number, options: { minItems: number; threads?: number; env?: NodeJS.ProcessEnv }): number {
  const forced = (options.env ?? process.env)[WORKERS_ENV];
  const cores = os.availableParallelism();
  // Forced, but never more threads than inputs or twice the cores (999 threads only thrash).
  if (forced !== undefined && forced.trim() !== '' && Number.isInteger(Number(forced)) && Number(forced) >= 0) return Math.min(Number(forced), Math.max(items, 1), 2 * cores);
  if (items < options.minItems || cores < 2 || items === 0) return 0;
  return Math.max(1, Math.min(options.threads ?? cores, cores, items));
}

/**
 * Start `threads` (≥ 1) worker threads for the worker module at `module` (see `workerModuleUrl`).
 * Inputs travel in batches (`map` sends one per thread), posted to the workers at once: the
 * workers keep going while this thread is busy with synchronous work, and the per-task cost of
 * the pool (messages, tinypool's memory reading) is paid per batch, not per input.
 */
export function openTaskPool(module: URL, threads: number): TaskPool {
  if (!(threads >= 1)) throw new RangeError(`openTaskPool: threads must be at least 1 (got ${threads})`);
  // From the sources the workers start in a small JavaScript entry that registers tsx first
  // (Node 20 does not run `--import` preloads in worker threads).
  const fromSources = import.meta.url.endsWith('.ts');
  const pool = new Tinypool({
    filename: fromSources ? new URL('./task-pool-tsx.mjs', import.meta.url).href : workerModuleUrl('./task-pool-worker.ts', import.meta.url).href,
    workerData: { module: module.href },
    minThreads: threads,
    maxThreads: threads,
    // Batches go to the workers as soon as they are queued, not when this thread next handles a
    // worker's answer (it may be busy writing files for a while).
    concurrentTasksPerWorker: 64,
  });
  const batch = (task: string, inputs: unknown[]) => pool.run({ task, inputs } satisfies TaskBatch, { name: 'runBatch' }) as Promise<unknown[]>;
  const map = async <I, O>(task: string, inputs: readonly I[]): Promise<O[]> => {
    const size = Math.ceil(inputs.length / threads);
    const batches: Array<Promise<unknown[]>> = [];
    for (let from = 0; from < inputs.length; from += size) batches.push(batch(task, inputs.slice(from, from + size)));
    return (await Promise.all(batches)).flat() as O[];
  };
  let closed: Promise<void> | undefined;
  return {
    threads,
    run: async <I, O>(task: string, input: I) => (await batch(task, [input]))[0] as O,
    map,
    close: () => (closed ??= pool.destroy()),
  };
}

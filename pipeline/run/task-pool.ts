/**
 * A pool of worker threads (tinypool) that runs named tasks of one worker module, for work that
 * is pure and CPU-bound (parsing, segmenting) and pays on a machine with more than one core.
 *
 * A worker module is an ES module whose named exports are the tasks: `export function name(input)`
 * returning a value or a promise. Inputs and results cross threads by structured clone: plain
 * objects, arrays, strings, numbers, Maps and Sets travel; functions and class instances do not
 * (a class instance arrives as a plain object, a function throws).
 *
 * It runs both from the TypeScript sources (tests, tsx) and from the esbuild bundle in build/:
 * `workerModuleUrl` names the module for either layout, and from the sources the workers load
 * tsx first. A worker module used from the bundle must be an entry point of `scripts/build.mjs`
 * (it lands as build/<basename>.js, beside the chunks that start it).
 */
import os from 'node:os';
import path from 'node:path';
import Tinypool from 'tinypool';

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
  if (forced !== undefined && forced.trim() !== '' && Number.isInteger(Number(forced)) && Number(forced) >= 0) return Number(forced);
  const cores = os.availableParallelism();
  if (items < options.minItems || cores < 2 || items === 0) return 0;
  return Math.max(1, Math.min(options.threads ?? cores, cores, items));
}

/** Start `threads` (≥ 1) worker threads for the worker module at `module` (see `workerModuleUrl`). */
export function openTaskPool(module: URL, threads: number): TaskPool {
  if (!(threads >= 1)) throw new RangeError(`openTaskPool: threads must be at least 1 (got ${threads})`);
  // From the sources the workers start in a small JavaScript entry that registers tsx and runs the
  // module's tasks by name (Node 20 does not run `--import` preloads in worker threads).
  const fromSources = module.href.endsWith('.ts');
  const pool = new Tinypool({
    filename: fromSources ? new URL('./task-pool-tsx.mjs', import.meta.url).href : module.href,
    workerData: { module: module.href },
    minThreads: threads,
    maxThreads: threads,
  });
  const run = <I, O>(task: string, input: I): Promise<O> => (fromSources ? pool.run({ task, input }, { name: 'run' }) : pool.run(input, { name: task }));
  let closed: Promise<void> | undefined;
  return {
    threads,
    run,
    map: <I, O>(task: string, inputs: readonly I[]) => Promise.all(inputs.map((input) => run<I, O>(task, input))),
    close: () => (closed ??= pool.destroy()),
  };
}

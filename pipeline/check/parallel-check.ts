/**
 * The check on every core: articles are read and checked in worker threads (`check-worker.ts`
 * over `run/task-pool.ts`), each returning only its diagnostics; this thread lists the articles,
 * checks the namespaces and orphans, and sorts. The report is `runCheck`'s, diagnostic for
 * diagnostic (test/check-equivalence.test.ts).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/load-config.ts';
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { openTaskPool, workerModuleUrl, workerThreads } from '../run/task-pool.ts';
import type { CheckArticlesInput } from './check-worker.ts';
import { loadLanguageDetector } from './detect-language.ts';
import { checkArticle, collectReport, streamCheckWith, type ArticleCheck, type CheckArticles, type CheckOptions, type CheckReport, type StreamedReport } from './run-check.ts';
import { spillThreshold, type DiagnosticSorterOptions } from './spill-sort.ts';

/** Fewer articles than this are checked in this thread: a worker takes ~0.2 s to start and load its modules. */
export const MIN_PARALLEL_ARTICLES = 100;

/** Articles per task sent to a worker. */
const ARTICLES_PER_TASK = 20;

/** Tasks queued per worker thread at a time (enough that a worker never waits for this thread). */
const TASKS_IN_FLIGHT_PER_THREAD = 4;

export interface ParallelCheckOptions {
  /** Language identification for `untranslated`/`source-language` (each thread loads its own detector). */
  detect: boolean;
  /** Worker threads; default: `workerThreads` (one per core, none for a small workspace, `TRANSLATE_WORKERS` overrides). */
  threads?: number;
}

/** `runCheck` with the articles spread over worker threads where that pays; same report. */
export async function runCheckInParallel(config: Config, options: CheckOptions, parallel: ParallelCheckOptions): Promise<CheckReport> {
  return collectReport(await streamCheckInParallel(config, options, parallel, { spillAt: spillThreshold(process.env, Infinity) }));
}

/**
 * `runCheckInParallel`'s report to be read once (`StreamedReport`: read `problems` to the end or
 * `close` it), holding at most a run of diagnostics (`spill`, default `CHECK_SPILL_AT` or
 * `DEFAULT_SPILL_AT`) while the articles are checked: what `npm run check` writes.
 */
export async function streamCheckInParallel(config: Config, options: CheckOptions, parallel: ParallelCheckOptions, spill?: DiagnosticSorterOptions): Promise<StreamedReport> {
  const detectLanguage = parallel.detect ? await loadLanguageDetector() : undefined;
  const deps = { split: segmentSentences, detectLanguage };
  const checkArticles: CheckArticles = async (plan, add) => {
    const worker = workerModuleUrl('./check-worker.ts', import.meta.url);
    // A build without the worker module (an older build script) checks in this thread.
    const threads = fs.existsSync(fileURLToPath(worker)) ? (parallel.threads ?? workerThreads(plan.files.length, { minItems: MIN_PARALLEL_ARTICLES })) : 0;
    if (threads === 0) {
      for (const file of plan.files) add(checkArticle(config, plan.targets, file, deps.split, plan.contexts));
      return;
    }
    const pool = openTaskPool(worker, threads);
    try {
      // Small tasks, a few per thread in flight: each worker's results come back (and leave its
      // memory) a few articles at a time, and results that arrive ahead of an earlier task's wait
      // here only for a window of tasks (all tasks queued at once, a worker running ahead of the
      // other made this thread hold a growing share of the report's diagnostics).
      const window = threads * TASKS_IN_FLIGHT_PER_THREAD;
      const pending: Array<Promise<ArticleCheck[]>> = [];
      let next = 0;
      const submit = () => {
        const files = plan.files.slice(next, next + ARTICLES_PER_TASK);
        next += files.length;
        const task = pool.run<CheckArticlesInput, ArticleCheck[]>('checkArticlesTask', { config, locales: options.locales, detect: parallel.detect, files });
        // A task that fails while an earlier one is awaited is reported when its turn comes, not as an unhandled rejection.
        task.catch(() => undefined);
        pending.push(task);
      };
      while (pending.length < window && next < plan.files.length) submit();
      while (pending.length > 0) {
        const parts = await (pending.shift() as Promise<ArticleCheck[]>);
        if (next < plan.files.length) submit();
        for (const part of parts) add(part);
      }
    } finally {
      await pool.close();
    }
  };
  return streamCheckWith(config, options, deps, checkArticles, spill);
}

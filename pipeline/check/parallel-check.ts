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
import { checkArticle, runCheckWith, type ArticleCheck, type CheckOptions, type CheckReport } from './run-check.ts';

/** Fewer articles than this are checked in this thread: a worker takes ~0.2 s to start and load its modules. */
export const MIN_PARALLEL_ARTICLES = 100;

/** Articles per task sent to a worker. */
const ARTICLES_PER_TASK = 20;

export interface ParallelCheckOptions {
  /** Language identification for `untranslated`/`source-language` (each thread loads its own detector). */
  detect: boolean;
  /** Worker threads; default: `workerThreads` (one per core, none for a small workspace, `TRANSLATE_WORKERS` overrides). */
  threads?: number;
}

/** `runCheck` with the articles spread over worker threads where that pays; same report. */
export async function runCheckInParallel(config: Config, options: CheckOptions, parallel: ParallelCheckOptions): Promise<CheckReport> {
  const detectLanguage = parallel.detect ? await loadLanguageDetector() : undefined;
  const deps = { split: segmentSentences, detectLanguage };
  return runCheckWith(config, options, deps, async (plan, add) => {
    const worker = workerModuleUrl('./check-worker.ts', import.meta.url);
    // A build without the worker module (an older build script) checks in this thread.
    const threads = fs.existsSync(fileURLToPath(worker)) ? (parallel.threads ?? workerThreads(plan.files.length, { minItems: MIN_PARALLEL_ARTICLES })) : 0;
    if (threads === 0) {
      for (const file of plan.files) add(checkArticle(config, plan.targets, file, deps.split, plan.contexts));
      return;
    }
    const pool = openTaskPool(worker, threads);
    try {
      // Small tasks: each worker's results come back (and leave its memory) a few articles at a time.
      const inputs: CheckArticlesInput[] = [];
      for (let from = 0; from < plan.files.length; from += ARTICLES_PER_TASK) inputs.push({ config, locales: options.locales, detect: parallel.detect, files: plan.files.slice(from, from + ARTICLES_PER_TASK) });
      const results = inputs.map((input) => pool.run<CheckArticlesInput, ArticleCheck[]>('checkArticlesTask', input));
      for (const result of results) for (const part of await result) add(part);
    } finally {
      await pool.close();
    }
  });
}

/**
 * Loading many articles on every core: parsing and segmenting (`extractSource`, the CPU-bound part)
 * in worker threads (`task-pool.ts`, worker module `article-worker.ts`), the rest of `loadArticle`
 * (reading the key record, assigning keys) in this thread, results in input order and equal to
 * what `loadArticle` gives. A pool starts only where it pays (enough articles, more than one
 * core, the default splitter); otherwise articles load in this thread exactly as before.
 */
import os from 'node:os';
import type { Config } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { readArticle, type LoadedArticle } from './article.ts';
import type { ExtractInput } from './article-worker.ts';
import type { SourceExtract } from './extract-source.ts';
import { keyArticle, loadArticle } from './load-article.ts';
import type { RunError } from './summary.ts';
import { openTaskPool, workerModuleUrl, workerThreads, type TaskPool } from './task-pool.ts';

/** Fewer articles than this load in this thread: starting a worker (~0.1 s) costs about what parsing 50 articles does. */
export const MIN_POOLED_ARTICLES = 100;

/** One article to load: its path (relative to the config's folder) and its text, or the error reading it gave. */
export interface ArticleToLoad {
  file: string;
  text: string | RunError;
}

/** A loader of articles, open for a whole run. */
export interface ArticleLoader {
  /** Worker threads in use; 0: articles load in this thread. */
  readonly threads: number;
  /**
   * Start loading `items`. With a pool, parsing starts now in the workers (so it overlaps whatever
   * this thread does next); in this thread, nothing happens until the returned function is called.
   * That function resolves to what `loadArticle(config, file, split, text)` gives for each item, in
   * item order; it rejects only on a fault of the pool itself (a worker that died).
   */
  start(items: readonly ArticleToLoad[]): () => Promise<Array<LoadedArticle | RunError>>;
  /** Ends the workers; call it when the run is done (or failed). */
  close(): Promise<void>;
}

/**
 * A loader for a run that expects to load about `articles` articles with `split`. `env` is read for
 * `TRANSLATE_WORKERS` (see `task-pool.ts`: 0 never pools, N > 0 always uses N threads).
 */
export function openArticleLoader(config: Config, split: SentenceSplitter, articles: number, env: NodeJS.ProcessEnv = process.env): ArticleLoader {
  // Workers build their own splitter: only the default one can be reproduced there.
  // One core stays with this thread, which plans, renders and writes meanwhile (a second worker on
  // two cores was no faster and cost ~50 MB more peak memory).
  const threads = split === segmentSentences ? workerThreads(articles, { minItems: MIN_POOLED_ARTICLES, threads: Math.max(1, os.availableParallelism() - 1), env }) : 0;
  if (threads === 0) {
    return {
      threads,
      start: (items) => async () => items.map((item) => loadArticle(config, item.file, split, typeof item.text === 'string' ? item.text : undefined)),
      close: async () => {},
    };
  }
  const pool: TaskPool = openTaskPool(workerModuleUrl('./article-worker.ts', import.meta.url), threads);
  const fields = [...config.fields];
  return {
    threads,
    start(items) {
      const extracts = Promise.all(
        items.map((item) => (typeof item.text === 'string' ? pool.run<ExtractInput, SourceExtract | RunError>('extract', { file: item.file, text: item.text, fields }) : undefined)),
      );
      extracts.catch(() => {}); // a run that fails before asking for these results must not crash on their rejection
      return async () => {
        const done = await extracts;
        return items.map((item, index) => {
          const extract = done[index];
          // Unreadable: loadArticle reads it again and names the problem.
          if (typeof item.text !== 'string' || extract === undefined) return loadArticle(config, item.file, split);
          return 'code' in extract ? extract : keyArticle(config, item.file, item.text, extract);
        });
      };
    },
    close: () => pool.close(),
  };
}

/**
 * Read and load `files` (paths relative to the config's folder): what `loadArticle` gives for
 * each, in order, parsed on every core when there are enough of them (see `openArticleLoader`).
 */
export async function loadArticles(config: Config, files: readonly string[], split: SentenceSplitter, env: NodeJS.ProcessEnv = process.env): Promise<Array<LoadedArticle | RunError>> {
  const loader = openArticleLoader(config, split, files.length, env);
  try {
    return await loader.start(files.map((file) => ({ file, text: readArticle(config, file) })))();
  } finally {
    await loader.close();
  }
}

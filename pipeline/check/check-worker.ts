/**
 * The worker module of the parallel check (`parallel-check.ts`, through `run/task-pool.ts`): each
 * task checks one article against every target in a worker thread, exactly as `runCheck` does in
 * its own thread. An entry point of `scripts/build.mjs` (build/check-worker.js).
 */
import type { Config } from '../config/load-config.ts';
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { loadLanguageDetector } from './detect-language.ts';
import { checkedTargets } from './load-workspace.ts';
import { checkArticle, targetContexts, type ArticleCheck } from './run-check.ts';
import type { DetectLanguage, TargetContext } from './unit.ts';

/** One article to check: the run's config and target subset, whether language identification is on, and the article's path. */
export interface CheckArticleInput {
  config: Config;
  locales?: string[];
  /** Load the language detector (the CLI's decision: some target is not Indonesian or Malay). */
  detect: boolean;
  file: string;
}

// One detector per thread (it remembers texts across the thread's articles), loaded on first need.
let detector: Promise<DetectLanguage> | undefined;
let contexts: { detect: boolean; value: Map<string, TargetContext> } | undefined;

/** Task `checkArticle`: the article's reading problems and rule findings (see `ArticleCheck`). */
export async function checkArticleTask(input: CheckArticleInput): Promise<ArticleCheck> {
  if (!contexts || contexts.detect !== input.detect) {
    const detectLanguage = input.detect ? await (detector ??= loadLanguageDetector()) : undefined;
    contexts = { detect: input.detect, value: targetContexts(input.config, detectLanguage) };
  }
  return checkArticle(input.config, checkedTargets(input.config, input.locales), input.file, segmentSentences, contexts.value);
}

/** Articles to check in one task: like `CheckArticleInput`, several files. */
export interface CheckArticlesInput extends Omit<CheckArticleInput, 'file'> {
  files: string[];
}

/** Task `checkArticlesTask`: `checkArticleTask` over several files, results in order. */
export async function checkArticlesTask(input: CheckArticlesInput): Promise<ArticleCheck[]> {
  const out: ArticleCheck[] = [];
  for (const file of input.files) out.push(await checkArticleTask({ config: input.config, locales: input.locales, detect: input.detect, file }));
  return out;
}

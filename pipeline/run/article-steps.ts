/**
 * What a run needs only for an article (or namespace) that changed, in one module that
 * `translate-run.ts` imports on first use: the markdown parser, key assignment, planner, provider
 * plumbing and renderers stay unloaded in a no-op rerun.
 */
export { loadArticle } from './load-article.ts';
export { openArticleLoader } from './article-pool.ts';
export { controlCharacterWarnings } from './control-character-warnings.ts';
export { writeSourceResources } from './write-outputs.ts';
export { processTarget } from './process-target.ts';
export { loadNamespace } from './namespace.ts';

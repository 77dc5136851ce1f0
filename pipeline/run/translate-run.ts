import path from 'node:path';
import type { Config, TargetConfig } from '../config/load-config.ts';
import type { Provider } from '../provider.ts';
import type { TranslationMemory } from '../store/translation-memory.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { articleId, COMMON_NAMESPACE, listArticles, sameIdArticles, readArticle, isRunError, localeFilePath, type LoadedArticle } from './article.ts';
import { articleFiles, memoryIdentity, openRunManifest, type RunManifest } from './run-manifest.ts';
import { outputVersion } from './output-version.ts';
import { unpublishRemoved } from './unpublish.ts';
import { noSourcesError } from './no-sources.ts';
import { emptyLocaleSummary, type RunError, type RunSummary } from './summary.ts';
import { emptyBands } from '../analysis/leverage-bands.ts';
import type { TargetRuntime } from './process-target.ts';
import type { ArticleLoader } from './article-pool.ts';
import { guardMemory } from '../store/memory-outage-guard.ts';
import { memoryOutage, noteMemoryOutage } from './memory-outage.ts';

export interface RunOptions {
  /** Subset of target locales. */
  locales?: string[];
  /** Use this provider for every target in this run. */
  provider?: string;
  /** Plan and cost only: no provider call, nothing written. */
  dryRun?: boolean;
  /**
   * With `dryRun`: the leverage analysis per target (`LocaleSummary.analysis`, see
   * analysis/leverage-bands.ts) over every article, those the run manifest would skip included.
   */
  analysis?: boolean;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Articles done of total; a no-op where progress is not shown. */
  progress(done: number, total: number): void;
}

export interface RunDeps {
  memory: TranslationMemory;
  split: SentenceSplitter;
  /** Creates the provider a target uses; may throw ProviderError (e.g. no API key). */
  createProvider(name: string, target: TargetConfig): Promise<Provider>;
  log: Logger;
  /** Whether the memory was found damaged and rebuilt empty during this run. */
  memoryRebuilt?: () => boolean;
}

/** Articles processed together: bounds memory on large archives while batching provider calls. */
const CHUNK = 200;


/** The steps of a changed article (markdown parser, planner, renderers): loaded with the first one. */
let steps: Promise<typeof import('./article-steps.ts')> | undefined;
const loadSteps = () => (steps ??= import('./article-steps.ts'));

/** `npm run translate`: source articles → locale files, state files, publication bundles. */
export async function runTranslate(config: Config, options: RunOptions, runDeps: RunDeps): Promise<RunSummary> {
  // A memory that went away stays away for the rest of the run: what was received is written to the
  // locale files, nothing more is asked of the provider, and the run ends with exit 3 (memory-outage.ts).
  const guarded = guardMemory(runDeps.memory);
  const deps: RunDeps = { ...runDeps, memory: guarded };
  const listed = sameIdArticles(config, listArticles(config));
  const files = listed.kept;
  const targets = config.targets.filter((t) => !options.locales || options.locales.includes(t.locale));
  const summary: RunSummary = { articles: 0, segments: 0, locales: {}, filesWritten: 0, unpublished: [], dryRun: Boolean(options.dryRun), errors: [...listed.errors], warnings: [], exitCode: 0, providerFailures: [] };
  const runtimes = targets.map((target): TargetRuntime => ({ target, providerName: options.provider ?? target.provider }));
  for (const runtime of runtimes) summary.locales[runtime.target.locale] = emptyLocaleSummary(runtime.providerName);
  // The analysis bands every segment: no article is skipped as unchanged (a dry run writes nothing).
  const analysis = Boolean(options.analysis && options.dryRun);
  if (analysis) for (const runtime of runtimes) summary.locales[runtime.target.locale].analysis = { bands: emptyBands() };
  // A memory deleted or rebuilt since the last run holds none of the reviewed translations of the
  // articles the manifest would skip: everything is processed once, which puts them back.
  const manifest = openRunManifest(path.join(path.dirname(config.cache), 'run-manifest.json'), { config: { ...config, file: undefined }, provider: options.provider, output: outputVersion() }, memoryIdentity(config.cache));
  const selected = runtimes.map((r) => r.target.locale);
  let loader: ArticleLoader | undefined;
  try {
    // Each chunk's sources are read and checked against the manifest one chunk ahead, and its changed
    // articles handed to the loader: with a worker pool (cold runs, large changes) they are parsed
    // and segmented while this thread plans, renders and writes the chunk before. Results, errors and
    // figures are taken in file order, as without a pool.
    const readChunk = async (from: number) => {
      const items = files.slice(from, from + CHUNK).map((file) => {
        const written = articleFiles(config, articleId(config, file), selected);
        // Times and inode as recorded with the text's digest: unchanged without reading it.
        const same = analysis ? undefined : manifest.unchangedByStat(file, path.resolve(config.root, file), written);
        if (same) return { file, text: undefined, unchanged: same };
        const text = readArticle(config, file);
        const unchanged = typeof text === 'string' && !analysis ? manifest.unchanged(file, text, written) : undefined;
        return { file, text, unchanged };
      });
      const changed = items.filter((item): item is { file: string; text: string | RunError; unchanged: undefined } => !item.unchanged);
      if (changed.length > 0) loader ??= (await loadSteps()).openArticleLoader(config, deps.split, changed.length);
      return { items, load: changed.length > 0 ? loader!.start(changed) : async () => [] };
    };
    let next = files.length > 0 ? readChunk(0) : undefined;
    for (let from = 0; from < files.length; from += CHUNK) {
      const { items, load } = await next!;
      next = from + CHUNK < files.length ? readChunk(from + CHUNK) : undefined;
      const articles = await load();
      const loaded: LoadedArticle[] = [];
      for (const { unchanged } of items) {
        if (unchanged) {
          // Source and every file it produced are as the last run left them: nothing to do.
          summary.articles++;
          summary.segments += unchanged.segments;
          for (const locale of selected) {
            summary.locales[locale].reused += unchanged.targets[locale].reused;
            summary.locales[locale].stale += unchanged.targets[locale].stale;
            summary.locales[locale].drafts += unchanged.targets[locale].drafts;
          }
          summary.warnings.push(...unchanged.warnings); // the source's own, as every run reports them
          continue;
        }
        const { controlCharacterWarnings } = await loadSteps();
        const article = articles.shift()!;
        if (isRunError(article)) summary.errors.push(article);
        else {
          const warnings = controlCharacterWarnings(article.file, article.text);
          summary.warnings.push(...warnings);
          manifest.noteWarnings(article.file, warnings);
          loaded.push(article);
        }
      }
      summary.articles += loaded.length;
      for (const article of loaded) summary.segments += article.segments.length;
      const chunk = Math.min(CHUNK, files.length - from);
      const work = loaded.length > 0 ? await loadSteps() : undefined;
      if (work && !options.dryRun) for (const article of loaded) work.writeSourceResources(config, article, summary, manifest);
      for (const [done, runtime] of runtimes.entries()) {
        if (work) await work.processTarget(config, loaded, runtime, options, deps, summary, manifest);
        // Progress moves per target too: on a long chunk the bar would otherwise stand still.
        deps.log.progress(from + Math.round((chunk * (done + 1)) / runtimes.length), files.length);
      }
    }
    // Articles that left the source leave dist/ in the same run (selected targets only).
    // A glob that matches nothing is a typo or a missing folder, not a newsroom that deleted everything.
    if (files.length === 0) summary.errors.push(noSourcesError(config));
    else summary.unpublished = unpublishRemoved(config, selected, new Set(files.map((file) => articleId(config, file))), Boolean(options.dryRun));
    const namespace = await processNamespace(config, COMMON_NAMESPACE, runtimes, options, deps, summary, manifest);
    // A run that found no article (exit 2) leaves the manifest as it was: a glob typo costs no cold run.
    if (!options.dryRun && files.length > 0) {
      manifest.prune(new Set([...files, ...(namespace ? [namespace] : [])]));
      // A memory that went away missed this run's reviewed entries: saved as rebuilt, the next run processes every article once, which stores them.
      manifest.save(deps.memoryRebuilt?.() || guarded.outage || memoryOutage(summary) ? undefined : memoryIdentity(config.cache));
    }
  } finally {
    await loader?.close();
    for (const runtime of runtimes) await runtime.provider?.close?.();
  }
  for (const runtime of runtimes) {
    const figures = summary.locales[runtime.target.locale];
    if (runtime.stopped && figures.pending.segments > 0) {
      summary.providerFailures.push(`${runtime.target.locale}: ${runtime.stopped.message}`);
      figures.stoppedBy = runtime.stopped.kind;
    }
  }
  if (guarded.outage) noteMemoryOutage(summary, guarded.outage);
  const pendingAny = Object.values(summary.locales).some((l) => l.pending.segments > 0);
  summary.exitCode = files.length === 0 ? 2 : summary.providerFailures.length > 0 || memoryOutage(summary) ? 3 : summary.errors.length > 0 || (!options.dryRun && (pendingAny || Object.values(summary.locales).some((l) => l.missing > 0))) ? 1 : 0;
  return summary;
}


/**
 * A hand-written namespace (`locales/<source>/<name>.yaml`) for each target, through the manifest
 * like an article: skipped when its source and each target's files are as the last run left them.
 * Returns the manifest key of the namespace (its source path), or undefined when it does not exist.
 */
async function processNamespace(config: Config, name: string, runtimes: TargetRuntime[], options: RunOptions, deps: RunDeps, summary: RunSummary, manifest: RunManifest): Promise<string | undefined> {
  const sourcePath = localeFilePath(config, config.sourceLocale, name);
  const text = readUtf8IfExists(sourcePath);
  if (text === undefined) return undefined;
  const key = path.relative(config.root, sourcePath);
  const changed: TargetRuntime[] = [];
  for (const runtime of runtimes) {
    const locale = runtime.target.locale;
    // Its source is the file itself (read above): no source-language record of its own.
    const unchanged = manifest.unchanged(key, text, { source: [], targets: articleFiles(config, name, [locale]).targets });
    if (!unchanged) {
      changed.push(runtime);
      continue;
    }
    summary.locales[locale].reused += unchanged.targets[locale].reused;
    summary.locales[locale].stale += unchanged.targets[locale].stale;
  }
  if (changed.length === 0) return key;
  if (!options.dryRun) manifest.recordArticle(key, text, 0, []);
  const { loadNamespace, processTarget } = await loadSteps();
  for (const runtime of changed) {
    const loaded = loadNamespace(config, name, runtime.target.locale, text);
    if (loaded && isRunError(loaded)) summary.errors.push(loaded);
    else if (loaded) await processTarget(config, [loaded], runtime, options, deps, summary, options.dryRun ? undefined : manifest);
  }
  return key;
}

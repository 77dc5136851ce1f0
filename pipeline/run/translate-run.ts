import path from 'node:path';
import type { Config, TargetConfig } from '../config/load-config.ts';
import type { Provider } from '../provider.ts';
import { ProviderError } from '../provider.ts';
import type { TranslationMemory, MemoryEntry } from '../store/translation-memory.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { notesOf, parseLocaleFile, LocaleFileError, type LocaleFile } from '../locale/locale-file.ts';
import { parseState, statePathFor, type StateMap } from '../locale/segment-state.ts';
import { planLocale, type PlannedEntry } from '../merge/plan-locale.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { articleId, listArticles, sameIdArticles, loadArticle, readArticle, isRunError, localeFilePath, type LoadedArticle } from './article.ts';
import { openRunManifest, type RunManifest } from './run-manifest.ts';
import { outputVersion } from './output-version.ts';
import { loadNamespace } from './namespace.ts';
import { resolveNeeds, type Need, type Resolution } from './resolve-needs.ts';
import { recordedTranslations } from './recorded-translations.ts';
import { disputedValues, lostRecords, restoreLostStates, settleDisputes } from './restore-states.ts';
import { controlCharacterWarnings } from './control-character-warnings.ts';
import { applyResolution, humanMemoryEntries, type AppliedEntry, type RunShared } from './apply-resolution.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { articleFiles, writeSourceResources, writeTarget, type ReadTexts } from './write-outputs.ts';
import { unpublishRemoved } from './unpublish.ts';
import { noSourcesError } from './no-sources.ts';
import { strayEntries, strayKeyErrors } from './stray-keys.ts';
import { emptyLocaleSummary, type RunError, type RunSummary } from './summary.ts';

export interface RunOptions {
  /** Subset of target locales. */
  locales?: string[];
  /** Use this provider for every target in this run. */
  provider?: string;
  /** Plan and cost only: no provider call, nothing written. */
  dryRun?: boolean;
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
}

/** Articles processed together: bounds memory on large archives while batching provider calls. */
const CHUNK = 200;

interface TargetRuntime {
  target: TargetConfig;
  providerName: string;
  provider?: Provider;
  /** Why no provider can be called (creation failed, or it failed earlier in this run). */
  stopped?: ProviderError;
}

/** `npm run translate`: source articles → locale files, state files, publication bundles. */
export async function runTranslate(config: Config, options: RunOptions, deps: RunDeps): Promise<RunSummary> {
  const listed = sameIdArticles(config, listArticles(config));
  const files = listed.kept;
  const targets = config.targets.filter((t) => !options.locales || options.locales.includes(t.locale));
  const summary: RunSummary = { articles: 0, segments: 0, locales: {}, filesWritten: 0, unpublished: [], dryRun: Boolean(options.dryRun), errors: [...listed.errors], warnings: [], exitCode: 0, providerFailures: [] };
  const runtimes = targets.map((target): TargetRuntime => ({ target, providerName: options.provider ?? target.provider }));
  for (const runtime of runtimes) summary.locales[runtime.target.locale] = emptyLocaleSummary(runtime.providerName);
  const manifest = openRunManifest(path.join(path.dirname(config.cache), 'run-manifest.json'), { config: { ...config, file: undefined }, provider: options.provider, output: outputVersion() });
  const selected = runtimes.map((r) => r.target.locale);
  try {
    for (let from = 0; from < files.length; from += CHUNK) {
      const loaded: LoadedArticle[] = [];
      for (const file of files.slice(from, from + CHUNK)) {
        const text = readArticle(config, file);
        const unchanged = typeof text === 'string' ? manifest.unchanged(file, text, articleFiles(config, articleId(config, file), selected)) : undefined;
        if (unchanged) {
          // Source and every file it produced are as the last run left them: nothing to do.
          summary.articles++;
          summary.segments += unchanged.segments;
          for (const locale of selected) {
            summary.locales[locale].reused += unchanged.targets[locale].reused;
            summary.locales[locale].stale += unchanged.targets[locale].stale;
            summary.locales[locale].drafts += unchanged.targets[locale].drafts;
          }
          continue;
        }
        const article = loadArticle(config, file, deps.split, typeof text === 'string' ? text : undefined);
        if (isRunError(article)) summary.errors.push(article);
        else {
          summary.warnings.push(...controlCharacterWarnings(article.file, article.text));
          loaded.push(article);
        }
      }
      summary.articles += loaded.length;
      for (const article of loaded) summary.segments += article.segments.length;
      if (!options.dryRun) for (const article of loaded) writeSourceResources(config, article, summary, manifest);
      const chunk = Math.min(CHUNK, files.length - from);
      for (const [done, runtime] of runtimes.entries()) {
        await processTarget(config, loaded, runtime, options, deps, summary, manifest);
        // Progress moves per target too: on a long chunk the bar would otherwise stand still.
        deps.log.progress(from + Math.round((chunk * (done + 1)) / runtimes.length), files.length);
      }
    }
    // Articles that left the source leave dist/ in the same run (selected targets only).
    // A glob that matches nothing is a typo or a missing folder, not a newsroom that deleted everything.
    if (files.length === 0) summary.errors.push(noSourcesError(config));
    else summary.unpublished = unpublishRemoved(config, selected, new Set(files.map((file) => articleId(config, file))), Boolean(options.dryRun));
    if (!options.dryRun) {
      manifest.prune(new Set(files));
      manifest.save();
    }
    for (const runtime of runtimes) {
      const common = loadNamespace(config, 'common', runtime.target.locale);
      if (common && isRunError(common)) summary.errors.push(common);
      else if (common) await processTarget(config, [common], runtime, options, deps, summary);
    }
  } finally {
    for (const runtime of runtimes) await runtime.provider?.close?.();
  }
  for (const runtime of runtimes) {
    const figures = summary.locales[runtime.target.locale];
    if (runtime.stopped && figures.pending.segments > 0) {
      summary.providerFailures.push(`${runtime.target.locale}: ${runtime.stopped.message}`);
      figures.stoppedBy = runtime.stopped.kind;
    }
  }
  const pendingAny = Object.values(summary.locales).some((l) => l.pending.segments > 0);
  summary.exitCode = files.length === 0 ? 2 : summary.providerFailures.length > 0 ? 3 : summary.errors.length > 0 || (!options.dryRun && (pendingAny || Object.values(summary.locales).some((l) => l.missing > 0))) ? 1 : 0;
  return summary;
}

async function processTarget(
  config: Config,
  articles: LoadedArticle[],
  runtime: TargetRuntime,
  options: RunOptions,
  deps: RunDeps,
  summary: RunSummary,
  manifest?: RunManifest,
): Promise<void> {
  const locale = runtime.target.locale;
  const figures = summary.locales[locale];
  const plans: Array<{ article: LoadedArticle; file?: LocaleFile; state: StateMap; entries: PlannedEntry[]; read: ReadTexts }> = [];
  for (const article of articles) {
    const localePath = localeFilePath(config, locale, article.id);
    let reading = localePath; // the file an error is about: the locale file, then its state file
    try {
      const text = readUtf8IfExists(localePath);
      const file = text === undefined ? undefined : parseLocaleFile(text);
      reading = statePathFor(localePath);
      const stateText = readUtf8IfExists(reading);
      const state = stateText === undefined ? new Map() : parseState(stateText);
      reading = localePath;
      // Values without a record (state file deleted or half-merged): rebuilt from evidence, never taken as human.
      const lost = lostRecords(article, file, state, stateText === undefined);
      const disputed = disputedValues(article, file, state);
      const evidence = lost.length + disputed.length === 0 ? undefined : { memory: deps.memory, sourceLocale: config.sourceLocale, targetLocale: locale, engine: await engineOf(runtime, deps) };
      const rebuilt = new Map([...(evidence && lost.length > 0 ? restoreLostStates(lost, evidence) : []), ...(evidence && disputed.length > 0 ? settleDisputes(disputed, evidence) : [])]);
      for (const [key, value] of rebuilt) state.set(key, value);
      const entries = planLocale({ segments: article.segments, keys: article.keys, edits: article.edits, entries: file?.entries ?? new Map(), state, provider: { name: runtime.providerName }, restored: new Set(rebuilt.keys()) });
      keepEarlierSources(entries, file);
      plans.push({ article, file, state, entries, read: { locale: text ?? null, state: stateText ?? null } });
    } catch (error) {
      if (reading !== localePath) {
        summary.errors.push(stateFileError(path.relative(config.root, reading), path.relative(config.root, localePath), error));
        continue;
      }
      const relative = path.relative(config.root, localePath);
      const line = error instanceof LocaleFileError ? error.line : undefined;
      summary.errors.push({
        file: relative,
        line,
        code: 'invalid-locale-file',
        message: `${relative}${line ? `:${line}` : ''}: ${(error as Error).message}. The file was left untouched; fix it and rerun.`,
      });
    }
  }
  const needs: Need[] = plans.flatMap((plan) => plan.entries.filter((e) => e.need).map((e) => ({ segment: e.segment, bypassMemory: Boolean(e.bypassMemory) })));
  const provider = needs.length === 0 ? undefined : await providerFor(runtime, deps);
  const resolution = await resolveNeeds(needs, {
    memory: deps.memory,
    sourceLocale: config.sourceLocale,
    targetLocale: locale,
    provider: options.dryRun || runtime.stopped ? undefined : provider,
    providerName: runtime.providerName,
    fingerprint: provider?.fingerprint(locale) ?? '',
    recorded: recordedTranslations(plans.flatMap((plan) => plan.entries), runtime.providerName),
  });
  if (resolution.error) runtime.stopped = resolution.error;
  figures.translated += resolution.fromProvider;
  figures.requests += resolution.requests;
  figures.billedCharacters += resolution.billedCharacters;
  figures.failed += resolution.failed;
  figures.repaired += resolution.repaired;
  figures.retried += resolution.retried;
  figures.pending.segments += resolution.pending.length;
  figures.pending.characters += resolution.pending.reduce((n, s) => n + [...normalizeSegment(s.source)].length, 0);
  if (options.dryRun) return;
  const human: MemoryEntry[] = [];
  const shared: RunShared = { fuzzy: new Map(), counted: new Set() };
  for (const plan of plans) {
    const applied = applyResolution(plan.entries, resolution, runtime.providerName, deps.memory, { sourceLocale: config.sourceLocale, targetLocale: locale }, shared);
    figures.reused += applied.reused;
    figures.stale += applied.stale;
    figures.missing += applied.missing;
    human.push(...humanMemoryEntries(plan, applied.entries, config.sourceLocale, locale));
    const stray = strayEntries(plan.article, plan.file);
    const { structure, notPublished, draft } = writeTarget(config, locale, plan.article, plan.file, applied.entries, summary, plan.read, stray);
    summary.errors.push(...structure);
    if (notPublished) summary.warnings.push(notPublished);
    const drafts = !plan.article.namespace && draft ? 1 : 0;
    figures.drafts += drafts;
    const empty = emptyTranslationErrors(config, locale, plan.article, plan.file, applied.entries);
    summary.errors.push(...empty, ...strayKeyErrors(config, locale, plan.article, plan.file, stray), ...brokenMarkupErrors(config, locale, plan.article, applied.entries, resolution.failures, runtime.providerName));
    const done = applied.missing === 0 && empty.length === 0 && stray.length === 0 && structure.length === 0 && !notPublished && applied.entries.every((e) => e.state?.status !== 'rejected');
    const files = articleFiles(config, plan.article.id, [locale]).targets[locale];
    manifest?.recordTarget(plan.article.file, locale, files, done ? { reused: applied.reused + applied.fresh, stale: applied.stale, drafts } : undefined);
  }
  if (human.length > 0) {
    const known = deps.memory.getMany(human);
    deps.memory.putMany(human.filter((entry, i) => known[i] !== entry.target));
  }
}

/**
 * `# was:` notes stay with stale entries only. A stale entry whose source did not change in this
 * run (its state came back from an older file) keeps the note the file shows; an entry that is not
 * stale but stands under such a note (a reviewer deleted the value line above it, comments left)
 * has its notes rewritten without it, so a later lost state file cannot take it for stale.
 */
function keepEarlierSources(entries: PlannedEntry[], file: LocaleFile | undefined): void {
  if (!file) return;
  const was = notesOf(file, 'was');
  for (const [key] of was) {
    const entry = entries.find((e) => e.key === key);
    if (!entry) continue;
    if (entry.state?.status !== 'stale') entry.touched = true;
    else if (entry.touched && entry.previousSource === undefined) entry.previousSource = was.get(key);
  }
}

/** A reviewer emptied a value: the sentence would vanish from the bundle, so it is not published and reported. */
function emptyTranslationErrors(config: Config, locale: string, article: LoadedArticle, file: LocaleFile | undefined, entries: readonly AppliedEntry[]): RunError[] {
  const relative = path.relative(config.root, localeFilePath(config, locale, article.id));
  return entries.flatMap((entry) => {
    if (entry.value === undefined || !isEmptyTranslation(entry.segment.source, entry.value)) return [];
    const line = file?.lines.get(entry.key);
    return [{ file: relative, line, code: 'empty-translation', message: `${relative}${line ? `:${line}` : ''}: "${entry.key}" is empty, so "${entry.segment.source}" would vanish from the published article; write its translation (or delete the line to have it translated again). The source text is published meanwhile.` }];
  });
}

/** Provider answers refused for broken markup, twice: named by article and key; the source sentence stands in the bundle. */
function brokenMarkupErrors(config: Config, locale: string, article: LoadedArticle, entries: readonly AppliedEntry[], failures: Resolution['failures'], provider: string): RunError[] {
  if (failures.length === 0) return [];
  const reasons = new Map(failures.map((f) => [normalizeSegment(f.segment.source), f]));
  const relative = path.relative(config.root, localeFilePath(config, locale, article.id));
  return entries.flatMap((entry) => {
    const failure = reasons.get(normalizeSegment(entry.segment.source));
    if (failure === undefined) return [];
    const why = failure.earlier ? `${failure.reason}; refused before (an earlier run, or an earlier chunk of this one) and not asked again, since the engine would answer the same` : `${failure.reason}, also when asked again alone`;
    return [{ file: relative, code: 'broken-markup', key: entry.key, message: `${article.file}:${entry.segment.line}: ${provider}'s ${locale} translation of "${entry.key}" broke the markup (${why}), so it was not written; ${entry.value === undefined ? 'the source sentence is published meanwhile' : 'the earlier translation stays'}. Write the translation in ${relative}.` }];
  });
}

/** A state file that cannot be read: it is the pipeline's, so the fix is to restore or delete it. */
function stateFileError(statePath: string, localePath: string, error: unknown): RunError {
  const reason = (error as Error).message.split('\n')[0].replace(/[.:]$/, '');
  return {
    file: statePath,
    code: 'invalid-state-file',
    message: `${statePath}: ${reason}. This state file is written by the pipeline, not by people, and was left untouched: restore it (git checkout -- ${statePath}) or delete it, and rerun: the next run writes a new one from ${localePath}.`,
  };
}

/** The target's engine and fingerprint (for memory look-ups), when it can be created. */
async function engineOf(runtime: TargetRuntime, deps: RunDeps): Promise<{ name: string; fingerprint: string } | undefined> {
  const provider = await providerFor(runtime, deps);
  return provider && { name: runtime.providerName, fingerprint: provider.fingerprint(runtime.target.locale) };
}

async function providerFor(runtime: TargetRuntime, deps: RunDeps): Promise<Provider | undefined> {
  if (!runtime.provider && !runtime.stopped) {
    try {
      runtime.provider = await deps.createProvider(runtime.providerName, runtime.target);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      runtime.stopped = error;
    }
  }
  return runtime.provider;
}

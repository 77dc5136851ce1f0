import path from 'node:path';
import fg from 'fast-glob';
import type { Config, TargetConfig } from '../config/load-config.ts';
import type { Provider } from '../provider.ts';
import { ProviderError } from '../provider.ts';
import type { TranslationMemory, MemoryEntry, FuzzyMatch } from '../store/translation-memory.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { parseLocaleFile, renderLocaleFile, LocaleFileError, type LocaleFile, type LocaleEntry } from '../locale/locale-file.ts';
import { parseState, serializeState, statePathFor, type StateMap } from '../locale/segment-state.ts';
import { planLocale, isPublishableOrigin, type PlannedEntry } from '../merge/plan-locale.ts';
import { renderMarkdownBundle, renderResourceBundle, type TranslationStatus } from '../bundle/render-bundle.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { textHash } from '../util/hash.ts';
import { loadArticle, readArticle, isRunError, localeFilePath, type LoadedArticle } from './article.ts';
import { openRunManifest, type RunManifest } from './run-manifest.ts';
import { outputVersion } from './output-version.ts';
import { loadNamespace } from './namespace.ts';
import { resolveNeeds, type Need, type Resolution } from './resolve-needs.ts';
import { emptyLocaleSummary, type RunSummary } from './summary.ts';

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
  const files = (await fg(config.source, { cwd: config.root, onlyFiles: true, ignore: ['**/node_modules/**'] })).sort();
  const targets = config.targets.filter((t) => !options.locales || options.locales.includes(t.locale));
  const summary: RunSummary = { articles: 0, segments: 0, locales: {}, filesWritten: 0, dryRun: Boolean(options.dryRun), errors: [], exitCode: 0, providerFailures: [] };
  const runtimes = targets.map((target): TargetRuntime => ({ target, providerName: options.provider ?? target.provider }));
  for (const runtime of runtimes) summary.locales[runtime.target.locale] = emptyLocaleSummary(runtime.providerName);
  const manifest = openRunManifest(path.join(path.dirname(config.cache), 'run-manifest.json'), { config: { ...config, file: undefined }, provider: options.provider, output: outputVersion() });
  const selected = runtimes.map((r) => r.target.locale);
  try {
    for (let from = 0; from < files.length; from += CHUNK) {
      const loaded: LoadedArticle[] = [];
      for (const file of files.slice(from, from + CHUNK)) {
        const text = readArticle(config, file);
        const unchanged = typeof text === 'string' ? manifest.unchanged(file, text, selected) : undefined;
        if (unchanged) {
          // Source and every file it produced are as the last run left them: nothing to do.
          summary.articles++;
          summary.segments += unchanged.segments;
          for (const locale of selected) {
            summary.locales[locale].reused += unchanged.targets[locale].reused;
            summary.locales[locale].stale += unchanged.targets[locale].stale;
          }
          continue;
        }
        const article = loadArticle(config, file, deps.split, typeof text === 'string' ? text : undefined);
        if (isRunError(article)) summary.errors.push(article);
        else loaded.push(article);
      }
      summary.articles += loaded.length;
      for (const article of loaded) summary.segments += article.segments.length;
      if (!options.dryRun) for (const article of loaded) writeSourceResources(config, article, summary, manifest);
      for (const runtime of runtimes) await processTarget(config, loaded, runtime, options, deps, summary, manifest);
      deps.log.progress(Math.min(from + CHUNK, files.length), files.length);
    }
    if (!options.dryRun) manifest.save();
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
    if (runtime.stopped && figures.pending.segments > 0) summary.providerFailures.push(`${runtime.target.locale}: ${runtime.stopped.message}`);
  }
  const pendingAny = Object.values(summary.locales).some((l) => l.pending.segments > 0);
  summary.exitCode = summary.providerFailures.length > 0 ? 3 : summary.errors.length > 0 || (!options.dryRun && (pendingAny || Object.values(summary.locales).some((l) => l.missing > 0))) ? 1 : 0;
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
  const plans: Array<{ article: LoadedArticle; file?: LocaleFile; state: StateMap; entries: PlannedEntry[] }> = [];
  for (const article of articles) {
    const localePath = localeFilePath(config, locale, article.id);
    try {
      const text = readUtf8IfExists(localePath);
      const file = text === undefined ? undefined : parseLocaleFile(text);
      const stateText = readUtf8IfExists(statePathFor(localePath));
      const state = stateText === undefined ? new Map() : parseState(stateText);
      const entries = planLocale({ segments: article.segments, keys: article.keys, edits: article.edits, entries: file?.entries ?? new Map(), state, provider: { name: runtime.providerName } });
      plans.push({ article, file, state, entries });
    } catch (error) {
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
  });
  if (resolution.error) runtime.stopped = resolution.error;
  figures.translated += resolution.fromProvider;
  figures.requests += resolution.requests;
  figures.billedCharacters += resolution.billedCharacters;
  figures.failed += resolution.failed;
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
    const written = writeTarget(config, locale, plan.article, plan.file, applied.entries, summary);
    const done = applied.missing === 0 && applied.entries.every((e) => e.state?.status !== 'rejected');
    manifest?.recordTarget(plan.article.file, locale, written, done ? { reused: applied.reused + applied.fresh, stale: applied.stale } : undefined);
  }
  if (human.length > 0) {
    const known = deps.memory.getMany(human);
    deps.memory.putMany(human.filter((entry, i) => known[i] !== entry.target));
  }
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

/** Per target and chunk: fuzzy look-ups done once per sentence, provider answers counted once. */
interface RunShared {
  fuzzy: Map<string, FuzzyMatch | undefined>;
  counted: Set<string>;
}

interface AppliedEntry extends PlannedEntry {
  notes?: string[];
}

/** Fill the planned entries from the resolution; count what was reused, stale and missing. */
function applyResolution(
  entries: PlannedEntry[],
  resolution: Resolution,
  providerName: string,
  memory: TranslationMemory,
  locales: { sourceLocale: string; targetLocale: string },
  shared: RunShared,
) {
  let reused = 0;
  let stale = 0;
  let missing = 0;
  const fuzzyCache = shared.fuzzy;
  const out = entries.map((entry): AppliedEntry => {
    const text = normalizeSegment(entry.segment.source);
    const result: AppliedEntry = { ...entry };
    let fresh = false;
    if (entry.need === 'translate') {
      const human = entry.bypassMemory ? undefined : resolution.human.get(text);
      const value = human ?? resolution.machine.get(text);
      if (value !== undefined) {
        fresh = human === undefined && resolution.fresh.has(text);
        result.value = value;
        result.state = { source: entry.sourceHash, written: textHash(value), origin: human === undefined ? providerName : 'human', status: human === undefined ? 'machine' : 'reviewed' };
        result.notes = [];
        const unknown = fresh ? resolution.unknownWords.get(text) : undefined;
        if (unknown) {
          result.state.unknownWords = unknown;
          result.notes.push(`unknown words: ${unknown} (the engine left them as they were; review this entry)`);
        }
        if (human === undefined) {
          if (!fuzzyCache.has(text)) fuzzyCache.set(text, memory.fuzzy({ ...locales, provider: 'human', source: entry.segment.source, minScore: 0.75, limit: 1 })[0]);
          const match = fuzzyCache.get(text);
          if (match && match.score < 1) result.notes.push(`fuzzy ${Math.floor(match.score * 100)}%: ${match.source} → ${match.target}`);
        }
      }
    }
    if (entry.need === 'suggest') {
      const suggestion = resolution.machine.get(text);
      fresh = resolution.fresh.has(text);
      result.notes = suggestion === undefined ? [] : [`suggestion (${providerName}): ${suggestion}`];
    }
    if (result.state?.status === 'stale' && entry.previousSource !== undefined) result.notes = [`was: ${entry.previousSource}`, ...(result.notes ?? [])];
    if (entry.touched) result.notes = [`id: ${entry.segment.source}`, ...(result.notes ?? [])];
    // The provider's answer counts once as translated; its repeats elsewhere are reuse.
    if (fresh && shared.counted.has(text)) fresh = false;
    if (fresh) shared.counted.add(text);
    if (result.value === undefined) missing++;
    else if (result.state?.status === 'stale') stale++;
    else if (!fresh) reused++;
    return result;
  });
  return { entries: out, reused, stale, missing, fresh: out.length - reused - stale - missing };
}

/**
 * Reviewed text goes to the human memory (for fuzzy suggestions and restored sentences): every
 * reviewed entry, so a fresh clone rebuilds it, and entries about to leave the file (orphans).
 */
function humanMemoryEntries(plan: { article: LoadedArticle; file?: LocaleFile; state: StateMap }, entries: AppliedEntry[], sourceLocale: string, targetLocale: string): MemoryEntry[] {
  const out: MemoryEntry[] = [];
  const add = (source: string, target: string) => out.push({ provider: 'human', fingerprint: '', sourceLocale, targetLocale, source, target });
  for (const entry of entries) if (entry.value !== undefined && entry.state?.status === 'reviewed') add(entry.segment.source, entry.value);
  const current = new Set(plan.article.keys);
  for (const [key, value] of plan.file?.entries ?? []) {
    const source = plan.article.previousSource.get(key);
    const state = plan.state.get(key);
    if (current.has(key) || source === undefined) continue;
    if (!state || state.status === 'reviewed' || textHash(value) !== state.written) add(source, value);
  }
  return out;
}

/** Write one target's locale file, state file and publication bundles for an article; returns their paths. */
function writeTarget(config: Config, locale: string, article: LoadedArticle, file: LocaleFile | undefined, entries: AppliedEntry[], summary: RunSummary): string[] {
  const localePath = localeFilePath(config, locale, article.id);
  const present = entries.filter((e) => e.value !== undefined);
  const localeEntries: LocaleEntry[] = present.map((e) => ({ key: e.key, value: e.value as string, notes: e.notes }));
  const header = `${locale} translation of ${article.file}. Edit the values; lines starting "# id:" show the source. See README "Reviewing translations".`;
  let written = 0;
  if (writeIfChanged(localePath, renderLocaleFile(file, localeEntries, header))) written++;
  const state: StateMap = new Map();
  for (const e of present) if (e.state) state.set(e.key, e.state);
  const stateText = serializeState(state, present.map((e) => e.key), path.relative(config.root, localePath).split(path.sep).join('/'));
  if (writeIfChanged(statePathFor(localePath), stateText)) written++;
  const bundles = article.namespace ? [path.join(config.output, locale, `${article.id}.yaml`)] : ['.md', '.yaml'].map((ext) => path.join(config.output, locale, `${article.id}${ext}`));
  written += article.namespace ? writeResourceBundle(config, locale, article, entries) : writeBundles(config, locale, article, entries);
  summary.filesWritten += written;
  return [localePath, statePathFor(localePath), ...bundles];
}

const publishableValues = (entries: AppliedEntry[]) =>
  entries.map((e) => (e.value !== undefined && e.state && (e.state.status !== 'machine' || isPublishableOrigin(e.state.origin)) ? e.value : undefined));

/** `dist/<lng>/<namespace>.yaml`: the publishable entries of a namespace of site strings. */
function writeResourceBundle(config: Config, locale: string, article: LoadedArticle, entries: AppliedEntry[]): number {
  const publishable = publishableValues(entries);
  const resources = entries.flatMap((e, i) => (publishable[i] === undefined ? [] : [[e.key, publishable[i] as string] as [string, string]]));
  return Number(writeIfChanged(path.join(config.output, locale, `${article.id}.yaml`), renderResourceBundle(resources)));
}

function writeBundles(config: Config, locale: string, article: LoadedArticle, entries: AppliedEntry[]): number {
  const publishable = publishableValues(entries);
  const base = path.join(config.output, locale, article.id);
  if (publishable.every((v) => v === undefined)) return Number(writeIfChanged(`${base}.md`, '')) + Number(writeIfChanged(`${base}.yaml`, ''));
  const status: TranslationStatus = publishable.some((v) => v === undefined) ? 'partial' : entries.every((e) => e.state?.status === 'reviewed') ? 'reviewed' : 'machine';
  const markdown = renderMarkdownBundle(article.text, article.segments, (i) => publishable[i], {
    lang: locale,
    translationKey: article.id,
    sourcePath: article.file.split(path.sep).join('/'),
    status,
  });
  const resources = renderResourceBundle(entries.flatMap((e, i) => (publishable[i] === undefined ? [] : [[e.key, publishable[i] as string] as [string, string]])));
  return Number(writeIfChanged(`${base}.md`, markdown)) + Number(writeIfChanged(`${base}.yaml`, resources));
}

/** `locales/id/<article>.yaml`: the source-language resources, and the record of segment keys. */
function writeSourceResources(config: Config, article: LoadedArticle, summary: RunSummary, manifest: RunManifest): void {
  const file = localeFilePath(config, config.sourceLocale, article.id);
  const entries = article.segments.map((segment, i) => ({ key: article.keys[i], value: segment.source, notes: [] }));
  const header = `Source segments of ${article.file}, written by \`npm run translate\`. Do not edit: edit the article.`;
  if (writeIfChanged(file, renderLocaleFile(article.sourceFile, entries, header))) summary.filesWritten++;
  manifest.recordArticle(article.file, article.text, article.segments.length, [file]);
}

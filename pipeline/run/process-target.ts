/**
 * The work of one target for the articles that changed: plan each locale file against the record,
 * resolve what is missing (memory, then provider), write the files, report what is left.
 */
import path from 'node:path';
import type { Config, TargetConfig } from '../config/load-config.ts';
import type { Provider } from '../provider.ts';
import type { Segment } from '../segment.ts';
import { ProviderError } from '../provider.ts';
import type { MemoryEntry } from '../store/translation-memory.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import { notesOf, parseLocaleFile, LocaleFileError, type LocaleFile } from '../locale/locale-file.ts';
import { parseState, statePathFor, type StateMap } from '../locale/segment-state.ts';
import { planLocale, type PlannedEntry } from '../merge/plan-locale.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { localeFilePath, type LoadedArticle } from './article.ts';
import { articleFiles, type RunManifest } from './run-manifest.ts';
import { ABSENT_MEMORY, memoryOutage, noteMemoryOutage, withoutMemoryOnOutage } from './memory-outage.ts';
import { engineFingerprint, resolveNeeds, type Need, type Resolution } from './resolve-needs.ts';
import { recordedTranslations } from './recorded-translations.ts';
import { disputedValues, lostRecords, restoreLostStates, settleDisputes } from './restore-states.ts';
import { applyResolution, humanMemoryEntries, type AppliedEntry, type RunShared } from './apply-resolution.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { writeTarget, type ReadTexts } from './write-outputs.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { openWriteQueue, type WriteQueue } from '../util/write-thread.ts';
import { workerThreads } from './task-pool.ts';
import { strayEntries, strayKeyErrors } from './stray-keys.ts';
import type { LocaleSummary, RunError, RunSummary } from './summary.ts';
import type { RunDeps, RunOptions } from './translate-run.ts';
import { analyzeEntries, newAnalysisState, type AnalysedEntry, type AnalysisState } from '../analysis/analyze-target.ts';

/** One target locale during a run: its provider, created when first needed. */
export interface TargetRuntime {
  target: TargetConfig;
  providerName: string;
  provider?: Provider;
  /** Why no provider can be called (creation failed, or it failed earlier in this run). */
  stopped?: ProviderError;
  /** The leverage analysis's memory of this run (`--dry-run --analysis`), from chunk to chunk. */
  analysis?: AnalysisState;
}

/**
 * Plan, resolve and write one target's files for loaded articles (or a namespace): locale file,
 * state file and bundles, recorded in the manifest when given and the target's work is complete.
 */
export async function processTarget(
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
      // Times noted before reading: a reviewer's save during the run is not recorded as seen.
      manifest?.noteRead(localePath);
      const text = readUtf8IfExists(localePath);
      const file = text === undefined ? undefined : parseLocaleFile(text);
      reading = statePathFor(localePath);
      manifest?.noteRead(reading);
      const stateText = readUtf8IfExists(reading);
      const state = stateText === undefined ? new Map() : parseState(stateText);
      reading = localePath;
      // Values without a record (state file deleted or half-merged): rebuilt from evidence, never taken as human.
      const lost = lostRecords(article, file, state, stateText === undefined);
      const disputed = disputedValues(article, file, state);
      const evidence = lost.length + disputed.length === 0 ? undefined : { memory: memoryOutage(summary) ? ABSENT_MEMORY : deps.memory, sourceLocale: config.sourceLocale, targetLocale: locale, engine: await engineOf(runtime, deps, config.sourceLocale) };
      // A memory gone away is no evidence: values are settled as without it (never promoted to a reviewer's).
      const settle = async (memory: typeof deps.memory) => {
        const context = { ...evidence!, memory };
        return new Map([...(lost.length > 0 ? await restoreLostStates(lost, context) : []), ...(disputed.length > 0 ? await settleDisputes(disputed, context) : [])]);
      };
      const rebuilt = evidence ? await withoutMemoryOnOutage(summary, () => settle(evidence.memory), () => settle(ABSENT_MEMORY)) : new Map();
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
  const needs: Need[] = plans.flatMap((plan) => {
    // The title as the provider sees it (its context: the text sent, addresses left out).
    const title = plan.article.segments.find((s) => s.field === 'title')?.context;
    return plan.entries.filter((e) => e.need).map((e) => ({ segment: e.segment, bypassMemory: Boolean(e.bypassMemory), title }));
  });
  const provider = needs.length === 0 ? undefined : await providerFor(runtime, deps);
  const pair = { sourceLocale: config.sourceLocale, targetLocale: locale };
  const recorded = recordedTranslations(plans.flatMap((plan) => plan.entries), runtime.providerName);
  const resolution = await resolveNeeds(needs, {
    memory: deps.memory,
    sourceLocale: config.sourceLocale,
    targetLocale: locale,
    // The memory gone away: asking the provider would pay again for what the database may hold.
    provider: options.dryRun || runtime.stopped || memoryOutage(summary) ? undefined : provider,
    providerName: runtime.providerName,
    fingerprint: provider?.fingerprint(pair) ?? '',
    segmentFingerprint: provider?.segmentFingerprint && ((source) => provider.segmentFingerprint!(pair, source)),
    recorded,
    onWait: (segments) => deps.log.info(`${locale}: waiting for ${segments} segment${segments === 1 ? '' : 's'} another runner is translating`),
  });
  if (resolution.error) runtime.stopped = resolution.error;
  if (resolution.memoryError) noteMemoryOutage(summary, resolution.memoryError);
  figures.translated += resolution.fromProvider;
  if (resolution.waited !== undefined) figures.waited = (figures.waited ?? 0) + resolution.waited;
  figures.requests += resolution.requests;
  figures.billedCharacters += resolution.billedCharacters;
  if (resolution.tokens.input + resolution.tokens.output > 0) {
    figures.tokens ??= { input: 0, output: 0 };
    figures.tokens.input += resolution.tokens.input;
    figures.tokens.output += resolution.tokens.output;
  }
  figures.failed += resolution.failed;
  figures.repaired += resolution.repaired;
  figures.retried += resolution.retried;
  figures.pending.segments += resolution.pending.length;
  figures.pending.characters += resolution.pending.reduce((n, s) => n + [...normalizeSegment(s.source)].length, 0);
  if (options.dryRun && figures.analysis) {
    // Articles in file order; a namespace is no article (its strings are not in the run's segments).
    const planned = new Map(plans.map((plan) => [plan.article, plan.entries]));
    const analysed = articles.filter((article) => !article.namespace).flatMap((article): AnalysedEntry[] => planned.get(article) ?? article.segments.map((segment) => ({ segment, need: 'translate', sourceHash: '' })));
    const fingerprintOf = engineFingerprint(provider?.fingerprint(pair) ?? '', provider?.segmentFingerprint && ((source) => provider.segmentFingerprint!(pair, source)));
    await analyzeEntries(analysed, { memory: deps.memory, sourceLocale: config.sourceLocale, targetLocale: locale, providerName: runtime.providerName, fingerprintOf, recorded, state: (runtime.analysis ??= newAnalysisState()) }, figures.analysis.bands);
  }
  if (options.dryRun) {
    if (provider?.estimate && resolution.pending.length > 0) await addEstimate(figures, provider, config.sourceLocale, locale, resolution.pending);
    return;
  }
  const human: MemoryEntry[] = [];
  const shared: RunShared = { fuzzy: new Map(), counted: new Set() };
  // Many articles: files are written on a thread of their own, in the order this loop asks for
  // them, while this thread renders the next article (util/write-thread.ts); each target's
  // manifest record is taken once its files are written. TRANSLATE_WORKERS=0 never, N always.
  const writes: WriteQueue | undefined = workerThreads(plans.length, { minItems: MIN_THREADED_WRITES, threads: 1 }) > 0 ? openWriteQueue() : undefined;
  try {
    for (const plan of plans) {
      // Without the memory, machine text is written without fuzzy notes (the next run adds none either: the text is reused).
      const apply = (memory: typeof deps.memory) => applyResolution(plan.entries, resolution, runtime.providerName, memory, { sourceLocale: config.sourceLocale, targetLocale: locale }, shared);
      const applied = await withoutMemoryOnOutage(summary, () => apply(memoryOutage(summary) ? ABSENT_MEMORY : deps.memory), () => apply(ABSENT_MEMORY));
      figures.reused += applied.reused;
      figures.stale += applied.stale;
      figures.missing += applied.missing;
      human.push(...humanMemoryEntries(plan, applied.entries, config.sourceLocale, locale));
      const stray = strayEntries(plan.article, plan.file);
      const write = writes?.write ?? writeIfChanged;
      const noted: typeof write = (file, content, previous) => {
        const changes = write(file, content, previous);
        if (changes) manifest?.noteWritten(file);
        return changes;
      };
      const { structure, notPublished, draft } = writeTarget(config, locale, plan.article, plan.file, applied.entries, summary, plan.read, stray, noted);
      summary.errors.push(...structure);
      if (notPublished) summary.warnings.push(notPublished);
      const drafts = !plan.article.namespace && draft ? 1 : 0;
      figures.drafts += drafts;
      const empty = emptyTranslationErrors(config, locale, plan.article, plan.file, applied.entries);
      summary.errors.push(...empty, ...strayKeyErrors(config, locale, plan.article, plan.file, stray), ...refusalErrors(config, locale, plan.article, applied.entries, resolution.failures, runtime.providerName));
      const done = applied.missing === 0 && empty.length === 0 && stray.length === 0 && structure.length === 0 && !notPublished && applied.entries.every((e) => e.state?.status !== 'rejected');
      const files = articleFiles(config, plan.article.id, [locale]).targets[locale];
      const counts = done ? { reused: applied.reused + applied.fresh, stale: applied.stale, drafts } : undefined;
      const record = () => manifest?.recordTarget(plan.article.file, locale, files, counts);
      if (writes) writes.after(record);
      else record();
    }
  } catch (error) {
    // What was queued before the failure still lands, as when each file was written at once.
    await writes?.drain().catch(() => {});
    throw error;
  }
  await writes?.drain();
  // Not stored when the memory is gone: the run saves its manifest as after a rebuilt memory, so the next run processes every article once and stores them.
  if (human.length > 0 && !memoryOutage(summary)) {
    await withoutMemoryOnOutage(
      summary,
      async () => {
        const known = await deps.memory.getMany(human);
        await deps.memory.putMany(human.filter((entry, i) => known[i] !== entry.target));
      },
      () => {},
    );
  }
}

/** Fewer articles than this are written from this thread: starting the write thread costs ~20-30 ms. */
const MIN_THREADED_WRITES = 100;

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

/** Provider answers refused twice (broken markup, or the provider's own checks): named by article and key; the source sentence stands in the bundle. */
function refusalErrors(config: Config, locale: string, article: LoadedArticle, entries: readonly AppliedEntry[], failures: Resolution['failures'], provider: string): RunError[] {
  if (failures.length === 0) return [];
  const reasons = new Map(failures.map((f) => [normalizeSegment(f.segment.source), f]));
  const relative = path.relative(config.root, localeFilePath(config, locale, article.id));
  return entries.flatMap((entry) => {
    const failure = reasons.get(normalizeSegment(entry.segment.source));
    if (failure === undefined) return [];
    const kept =
      entry.value === undefined || entry.state?.status === 'rejected'
        ? 'the source sentence is published meanwhile'
        : entry.state?.status === 'stale'
          ? "the reviewer's stale translation stays, without a new suggestion"
          : 'the earlier translation stays';
    if (failure.request)
      return [{ file: relative, code: failure.code, key: entry.key, message: `${article.file}:${entry.segment.line}: ${provider} could not translate "${entry.key}" into ${locale}: ${failure.reason}; ${kept}. The next run asks again: fix the server or the target's options (e.g. a model with a larger context), or write the translation yourself: ${writeYourself(relative, locale, article.id, entry.key)}.` }];
    const why = failure.earlier ? `${failure.reason}; refused before (an earlier run, or an earlier chunk of this one) and not asked again, since the engine would answer the same` : `${failure.reason}, also when asked again alone`;
    const what = failure.code === 'broken-markup' ? 'broke the markup' : 'was refused';
    return [{ file: relative, code: failure.code, key: entry.key, message: `${article.file}:${entry.segment.line}: ${provider}'s ${locale} translation of "${entry.key}" ${what} (${why}), so it was not written; ${kept}. Write the translation yourself: ${writeYourself(relative, locale, article.id, entry.key)}.` }];
  });
}

/** How a reviewer supplies a translation the provider did not: the file line, then an approval (it becomes theirs). */
const writeYourself = (localeFile: string, locale: string, article: string, key: string) =>
  `add \`${key}: <translation>\` to ${localeFile}, then \`npm run review -- approve ${locale} ${article} ${key}\``;

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
async function engineOf(runtime: TargetRuntime, deps: RunDeps, sourceLocale: string): Promise<{ name: string; fingerprintOf: (source: string) => string } | undefined> {
  const provider = await providerFor(runtime, deps);
  if (!provider) return undefined;
  const pair = { sourceLocale, targetLocale: runtime.target.locale };
  return { name: runtime.providerName, fingerprintOf: engineFingerprint(provider.fingerprint(pair), provider.segmentFingerprint && ((source) => provider.segmentFingerprint!(pair, source))) };
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

/**
 * Add the provider's estimate for `pending` (a dry run) to the target's figures: per chunk of
 * articles, so batches are planned as a real run would plan them.
 */
async function addEstimate(figures: LocaleSummary, provider: Provider, sourceLocale: string, targetLocale: string, pending: readonly Segment[]): Promise<void> {
  const estimate = await (provider.estimate as NonNullable<Provider['estimate']>)({
    sourceLocale,
    targetLocale,
    segments: pending.map((segment, i) => ({ id: String(i), text: segment.tagged, context: segment.context })),
  });
  const total = (figures.estimate ??= { requests: 0 });
  total.requests += estimate.requests;
  if (estimate.tokens) {
    total.tokens ??= { input: 0, output: 0 };
    total.tokens.input += estimate.tokens.input;
    total.tokens.output += estimate.tokens.output;
  }
  if (estimate.cost !== undefined) total.cost = (total.cost ?? 0) + estimate.cost;
  if (provider.budget !== undefined) figures.budget = provider.budget;
}

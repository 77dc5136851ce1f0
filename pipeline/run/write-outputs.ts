import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { renderLocaleFile, type LocaleFile, type LocaleEntry } from '../locale/locale-file.ts';
import { serializeState, statePathFor, type StateMap } from '../locale/segment-state.ts';
import { isPublishableOrigin } from '../merge/plan-locale.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { renderMarkdownBundle, renderResourceBundle, type TranslationStatus } from '../bundle/render-bundle.ts';
import { holdReasons } from '../bundle/publication-policy.ts';
import { guardStructure } from '../bundle/structure-guard.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { withoutNewControlCharacters } from '../util/control-characters.ts';
import { localeFilePath, type LoadedArticle } from './article.ts';
import { notPublishedWarning } from './not-published.ts';
import type { AppliedEntry } from './apply-resolution.ts';
import type { RunManifest } from './run-manifest.ts';
import { articleFiles } from './run-manifest.ts';
import type { RunError, RunSummary } from './summary.ts';

/** The locale and state files as the run read them (null: absent), so they are not read again. */
export interface ReadTexts {
  locale: string | null;
  state: string | null;
}

/** What writing a target's files for an article left to report. */
export interface TargetWritten {
  /** Translations withheld from the bundle because they would break its markup (rule `structure`): errors naming the locale file, line and key. */
  structure: RunError[];
  /** Set when the article got no markdown bundle in this target (nothing publishable): a `not-published` warning. */
  notPublished?: RunError;
  /** The review policy holds the article's bundle back (`draft: true`); a withheld translation counts as missing. */
  draft: boolean;
}

/** How a file is written: `writeIfChanged`'s contract (returns whether the file changes). */
export type WriteFile = (file: string, content: string, known?: string | null) => boolean;

/**
 * Write one target's locale file, state file and publication bundles for an article, in that
 * order, through `write` (default: at once; a `WriteQueue`'s `write` queues them in that order).
 */
export function writeTarget(config: Config, locale: string, article: LoadedArticle, file: LocaleFile | undefined, entries: AppliedEntry[], summary: RunSummary, read: ReadTexts, keep: readonly LocaleEntry[] = [], write: WriteFile = writeIfChanged): TargetWritten {
  const localePath = localeFilePath(config, locale, article.id);
  const present = entries.filter((e) => e.value !== undefined);
  // `keep`: entries that are not the article's but must not be lost (a reviewer's mistyped key).
  const localeEntries: LocaleEntry[] = [...present.map((e) => ({ key: e.key, value: e.value as string, notes: e.notes, source: e.segment.source })), ...keep];
  const header = localeFileHeader(locale, article.file);
  let written = 0;
  const rendered = renderLocaleFile(file, localeEntries, header);
  if (write(localePath, rendered, read.locale)) written++;
  const state: StateMap = new Map();
  for (const e of present) if (e.state) state.set(e.key, e.state);
  const stateText = serializeState(state, present.map((e) => e.key), path.relative(config.root, localePath).split(path.sep).join('/'));
  if (write(statePathFor(localePath), stateText, read.state)) written++;
  const structure: RunError[] = [];
  let notPublished: RunError | undefined;
  let draft = false;
  written += article.namespace ? writeResourceBundle(config, locale, article, entries, write) : writeBundles(config, locale, article, entries, write, (index, message) => {
    const relative = path.relative(config.root, localePath);
    const key = entries[index].key;
    // The line in the file as written now (the run may have added the key or notes above it).
    const at = rendered.split('\n').findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`));
    const line = at === -1 ? undefined : at + 1;
    structure.push({ file: relative, line, key, code: 'structure', message: `${relative}${line ? `:${line}` : ''}: "${key}" would break the published markdown (${message}), so the source sentence is published in its place. Keep the source's markup (${excerpt(entries[index].segment.source)}) around the matching words, then rerun.` });
  }, (warning) => (notPublished = warning), (held) => (draft = held));
  summary.filesWritten += written;
  return { structure, notPublished, draft };
}

/** The comment a new locale file starts with (`locale`: the target; `articleFile`: the article's source path as the run names it). */
export function localeFileHeader(locale: string, articleFile: string): string {
  return `${locale} translation of ${articleFile}. Edit the values; lines starting "# id:" show the source. See README "Reviewing translations".`;
}

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

const publishableValues = (entries: AppliedEntry[]) =>
  entries.map((e) =>
    // Pseudo text is never published, approved or not; a reviewer's own text has origin `human`;
    // rejected text waits for its replacement unpublished (the source stands in).
    // Control characters a reviewer typed as YAML escapes (`\0`, `\e`) are not published, in either bundle.
    e.value !== undefined && !isEmptyTranslation(e.segment.source, e.value) && e.state && e.state.status !== 'rejected' && isPublishableOrigin(e.state.origin) ? withoutNewControlCharacters(e.value, e.segment.source) : undefined,
  );

/** `dist/<lng>/<namespace>.yaml`: the publishable entries of a namespace of site strings. */
function writeResourceBundle(config: Config, locale: string, article: LoadedArticle, entries: AppliedEntry[], write: WriteFile): number {
  const publishable = publishableValues(entries);
  const resources = entries.flatMap((e, i) => (publishable[i] === undefined ? [] : [[e.key, publishable[i] as string] as [string, string]]));
  return Number(write(path.join(config.output, locale, `${article.id}.yaml`), renderResourceBundle(resources)));
}

/**
 * `dist/<lng>/<article>.md` and `.yaml`. An article without segments (nothing to translate) is
 * published as it is, with its publication fields; one whose segments all lack a publishable
 * translation gets no bundle (an earlier one is removed) and a `not-published` warning.
 */
function writeBundles(config: Config, locale: string, article: LoadedArticle, entries: AppliedEntry[], write: WriteFile, withheld: (index: number, message: string) => void, notPublished: (warning: RunError) => void, drafted: (draft: boolean) => void): number {
  // Never publish broken markup, whoever wrote it (engine or reviewer): the invariant decides.
  const guarded = guardStructure(article.text, article.segments, publishableValues(entries), article.structure);
  for (const w of guarded.withheld) withheld(w.index, w.message);
  // For the review policy a withheld translation is a missing one: its source sentence stands in the bundle.
  const withheldAt = new Set(guarded.withheld.map((w) => w.index));
  const draft = isDraft(config, locale, entries.map((e, i) => (withheldAt.has(i) ? { ...e, value: undefined } : e)));
  drafted(draft);
  const publishable = guarded.values;
  const base = path.join(config.output, locale, article.id);
  if (publishable.length > 0 && publishable.every((v) => v === undefined)) {
    notPublished(notPublishedWarning(config, locale, article, entries, publishable));
    return Number(write(`${base}.md`, '')) + Number(write(`${base}.yaml`, ''));
  }
  // Nothing to translate counts as reviewed: nothing in the bundle is machine text.
  const status: TranslationStatus = publishable.some((v) => v === undefined) ? 'partial' : entries.every((e) => e.state?.status === 'reviewed') ? 'reviewed' : 'machine';
  const markdown = renderMarkdownBundle(article.text, article.segments, (i) => publishable[i], {
    lang: locale,
    translationKey: article.id,
    sourcePath: article.file.split(path.sep).join('/'),
    status,
    draft,
  });
  const resources = renderResourceBundle(entries.flatMap((e, i) => (publishable[i] === undefined ? [] : [[e.key, publishable[i] as string] as [string, string]])));
  return Number(write(`${base}.md`, markdown)) + Number(write(`${base}.yaml`, resources));
}

/** The target's review policy holds the article back: its markdown bundle is written with `draft: true`. */
export function isDraft(config: Config, locale: string, entries: AppliedEntry[]): boolean {
  const target = config.targets.find((t) => t.locale === locale);
  return holdReasons(entries, { requireReview: target?.requireReview ?? false, publishStale: target?.publishStale ?? false }).length > 0;
}

/** `locales/id/<article>.yaml`: the source-language resources, and the record of segment keys. */
export function writeSourceResources(config: Config, article: LoadedArticle, summary: RunSummary, manifest: RunManifest): void {
  const file = localeFilePath(config, config.sourceLocale, article.id);
  const entries = article.segments.map((segment, i) => ({ key: article.keys[i], value: segment.source, notes: [] }));
  const header = `Source segments of ${article.file}, written by \`npm run translate\`. Do not edit: edit the article.`;
  // Rendered afresh, in the article's order: edit detection looks at a sentence's neighbours in
  // the record, so the record must follow moves (nobody edits it, nothing there to keep).
  if (writeIfChanged(file, renderLocaleFile(undefined, entries, header))) summary.filesWritten++;
  manifest.recordArticle(article.file, article.text, article.segments.length, articleFiles(config, article.id, []).source);
}

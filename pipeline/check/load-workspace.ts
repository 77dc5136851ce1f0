/**
 * The I/O edge of the check: read the articles, the source-language namespaces and every target's
 * locale and state files, and turn them into pure `SourceResource`/`TargetResource` pairs. Reads
 * only; a file that cannot be read or parsed becomes an `invalid-file` diagnostic.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Config, TargetConfig } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { isRunError, localeFilePath, articleId, listArticles, sameIdArticles } from '../run/article.ts';
import { loadArticle } from '../run/load-article.ts';
import { parseLocaleFile, LocaleFileError, type LocaleFile } from '../locale/locale-file.ts';
import { parseState, statePathFor, type StateMap } from '../locale/segment-state.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import type { Diagnostic } from './diagnostic.ts';
import { controlCharacterProblems } from './control-characters.ts';
import { noSourcesError } from '../run/no-sources.ts';
import type { SourceResource, TargetResource } from './check-resource.ts';
import type { ArticleStructure } from './structure-rule.ts';

export interface ResourcePair {
  target: TargetConfig;
  source: SourceResource;
  resource: TargetResource;
  /** The article behind an article resource, for rule `structure`. */
  article?: ArticleStructure;
}

export interface Workspace {
  pairs: ResourcePair[];
  /** Problems found while reading (`invalid-file`, orphaned files). */
  problems: Diagnostic[];
}

const rel = (config: Config, file: string) => path.relative(config.root, file).split(path.sep).join('/');

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Diagnostic };

function readLocale(config: Config, locale: string, file: string, problems: Diagnostic[]): Parsed<LocaleFile | undefined> {
  const relative = rel(config, file);
  try {
    const text = readUtf8IfExists(file);
    if (text !== undefined) problems.push(...controlCharacterProblems(relative, locale, text, 'error'));
    return { ok: true, value: text === undefined ? undefined : parseLocaleFile(text) };
  } catch (error) {
    const line = error instanceof LocaleFileError ? error.line : 1;
    return {
      ok: false,
      problem: { rule: 'invalid-file', severity: 'error', locale, file: relative, line, key: null, message: `${(error as Error).message}. Fix the YAML: a flat map of "key: string" (quote values that start with a special character).` },
    };
  }
}

function readStateFile(config: Config, locale: string, localeFile: string): Parsed<StateMap | undefined> {
  const file = statePathFor(localeFile);
  try {
    const text = readUtf8IfExists(file);
    return { ok: true, value: text === undefined ? undefined : parseState(text) };
  } catch (error) {
    return {
      ok: false,
      problem: { rule: 'invalid-file', severity: 'error', locale, file: rel(config, file), line: 1, key: null, message: `${(error as Error).message}. State files are the pipeline's: restore it with \`git checkout -- ${rel(config, file)}\`.` },
    };
  }
}

function listYaml(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fg.sync('**/*.yaml', { cwd: dir, onlyFiles: true, ignore: ['**/*.state.yaml'] }).map((f) => f.replace(/\.yaml$/, '')).sort();
}

/**
 * Pair a source (article or namespace) with each target's locale file and state (the pipeline
 * keeps state for namespaces it translated too: their machine text must be reviewed as well).
 */
function pairWithTargets(config: Config, targets: TargetConfig[], source: SourceResource, id: string, pairs: ResourcePair[], problems: Diagnostic[], article?: ArticleStructure): void {
  for (const target of targets) {
    const localePath = localeFilePath(config, target.locale, id);
    const locale = readLocale(config, target.locale, localePath, problems);
    if (!locale.ok) {
      problems.push(locale.problem);
      continue;
    }
    const state = readStateFile(config, target.locale, localePath);
    if (!state.ok) problems.push(state.problem);
    pairs.push({ target, source, resource: toTarget(rel(config, localePath), locale.value, state.ok ? state.value : undefined), article });
  }
}

export interface LoadOptions {
  locales?: string[];
  split: SentenceSplitter;
}

/** What reading one article (or the namespaces) gives: its pairs and the problems found while reading. */
export interface LoadedPart {
  pairs: ResourcePair[];
  problems: Diagnostic[];
}

/** The targets a check covers (`--locale` narrows them). */
export function checkedTargets(config: Config, locales?: readonly string[]): TargetConfig[] {
  return config.targets.filter((t) => !locales || locales.includes(t.locale));
}

/**
 * The articles the check reads, in path order, and one `invalid-file` error per article that
 * shares its id with an earlier one (that one is not checked).
 */
export function listCheckedArticles(config: Config): { files: string[]; problems: Diagnostic[] } {
  const listed = sameIdArticles(config, listArticles(config));
  const problems: Diagnostic[] = listed.errors.map((error) => ({ rule: 'invalid-file', severity: 'error', locale: config.sourceLocale, file: error.file.split(path.sep).join('/'), line: 1, key: null, message: error.message }));
  return { files: listed.kept, problems };
}

/**
 * Read one article (`file`, relative to the config's folder) and each target's locale and state
 * file for it. An article that cannot be read or parsed gives one `invalid-file` problem and no pairs.
 */
export function loadArticlePairs(config: Config, targets: TargetConfig[], file: string, split: SentenceSplitter): LoadedPart {
  const pairs: ResourcePair[] = [];
  const problems: Diagnostic[] = [];
  const article = loadArticle(config, file, split);
  if (isRunError(article)) {
    problems.push({ rule: 'invalid-file', severity: 'error', locale: config.sourceLocale, file: article.file.split(path.sep).join('/'), line: article.line ?? 1, key: null, message: article.message });
    return { pairs, problems };
  }
  const entries = new Map<string, string>();
  const lines = new Map<string, number>();
  article.keys.forEach((key, i) => {
    entries.set(key, article.segments[i].source);
    lines.set(key, article.segments[i].line);
  });
  const source: SourceResource = { kind: 'article', file: article.file.split(path.sep).join('/'), entries, lines, recordKeys: new Set(article.previousSource.keys()), definitions: article.definitions };
  problems.push(...controlCharacterProblems(source.file, config.sourceLocale, article.text, 'warning'));
  pairWithTargets(config, targets, source, article.id, pairs, problems, { text: article.text, segments: article.segments, keys: article.keys, structure: article.structure });
  return { pairs, problems };
}

/**
 * Namespaces: hand-maintained resources in the source locale's folder that are not articles
 * (`common.yaml`), paired with each target. Also names the records of deleted articles
 * (`removedArticles`) and the namespaces found, for `finalProblems`.
 */
export function loadNamespacePairs(config: Config, targets: TargetConfig[], articleIds: ReadonlySet<string>): LoadedPart & { namespaces: string[]; removedArticles: string[] } {
  const pairs: ResourcePair[] = [];
  const problems: Diagnostic[] = [];
  const namespaces: string[] = [];
  const removedArticles: string[] = [];
  for (const ns of listYaml(path.join(config.locales, config.sourceLocale))) {
    if (articleIds.has(ns)) continue;
    const sourcePath = path.join(config.locales, config.sourceLocale, `${ns}.yaml`);
    // The pipeline's record of a deleted article's segments is not a namespace.
    if (/^# Source segments of /.test(readUtf8IfExists(sourcePath) ?? '')) {
      removedArticles.push(ns);
      continue;
    }
    namespaces.push(ns);
    const parsed = readLocale(config, config.sourceLocale, sourcePath, problems);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    if (!parsed.value) continue;
    const source: SourceResource = { kind: 'namespace', file: rel(config, sourcePath), entries: parsed.value.entries, lines: parsed.value.lines };
    pairWithTargets(config, targets, source, ns, pairs, problems);
  }
  return { pairs, problems, namespaces, removedArticles };
}

/**
 * The problems found once every source is known: orphaned locale files (or, when no article
 * matches at all but some were translated, the no-sources error instead).
 *
 * @param articles how many articles the source glob matched
 * @param known article ids and namespaces
 */
export function finalProblems(config: Config, targets: TargetConfig[], articles: number, known: ReadonlySet<string>, removedArticles: readonly string[]): Diagnostic[] {
  if (articles === 0 && removedArticles.length > 0) {
    // Articles were translated, now none matches: a glob typo or a missing folder far more likely
    // than a newsroom that deleted everything, so no `git rm` advice for every locale file.
    const error = noSourcesError(config);
    return [{ rule: 'invalid-file', severity: 'error', locale: config.sourceLocale, file: error.file, line: 1, key: null, message: error.message.replace('Nothing was translated, and nothing was unpublished.', 'Nothing was checked.') }];
  }
  return orphanedFiles(config, targets, known, removedArticles);
}

/**
 * The whole workspace in memory: every pair and every reading problem, in the order the check
 * reports ties. `runCheck` streams instead (one article at a time); this is for callers that want
 * all pairs at once (small workspaces, tools).
 */
export function loadWorkspace(config: Config, options: LoadOptions): Workspace {
  const targets = checkedTargets(config, options.locales);
  const listed = listCheckedArticles(config);
  const pairs: ResourcePair[] = [];
  const problems = [...listed.problems];
  const articleIds = new Set<string>();
  for (const file of listed.files) {
    articleIds.add(articleId(config, file));
    const part = loadArticlePairs(config, targets, file, options.split);
    pairs.push(...part.pairs);
    problems.push(...part.problems);
  }
  const ns = loadNamespacePairs(config, targets, articleIds);
  pairs.push(...ns.pairs);
  problems.push(...ns.problems);
  problems.push(...finalProblems(config, targets, listed.files.length, new Set([...articleIds, ...ns.namespaces]), ns.removedArticles));
  return { pairs, problems };
}

/**
 * Locale files whose article (or namespace) left the source: `locales/<lng>/<id>.yaml`, its
 * `.state.yaml` and the record `locales/<source>/<id>.yaml`. An error: the article is unpublished,
 * its files must go too (or the source come back). The fix names every such file of the article,
 * in every target, even when `--locale` narrows which of them are reported.
 */
function orphanedFiles(config: Config, targets: TargetConfig[], known: ReadonlySet<string>, removedArticles: readonly string[]): Diagnostic[] {
  const byId = new Map<string, Array<{ locale: string; file: string }>>();
  const add = (id: string, locale: string, file: string) => byId.set(id, [...(byId.get(id) ?? []), { locale, file: rel(config, file) }]);
  for (const id of removedArticles) add(id, config.sourceLocale, path.join(config.locales, config.sourceLocale, `${id}.yaml`));
  for (const target of config.targets) {
    const dir = path.join(config.locales, target.locale);
    if (!fs.existsSync(dir)) continue;
    // Each locale file, then its state file.
    const files = fg.sync('**/*.yaml', { cwd: dir, onlyFiles: true }).map((file) => ({ file, id: file.replace(/(\.state)?\.yaml$/, '') }));
    files.sort((a, b) => (a.id === b.id ? a.file.length - b.file.length : a.id < b.id ? -1 : 1));
    for (const { file, id } of files) if (!known.has(id)) add(id, target.locale, path.join(dir, file));
  }
  const reported = new Set([config.sourceLocale, ...targets.map((t) => t.locale)]);
  const problems: Diagnostic[] = [];
  for (const [id, files] of [...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const what = removedArticles.includes(id) ? `the article "${id}" is no longer in the source (deleted, renamed or taken down; \`npm run translate\` unpublishes its bundles)` : `no source article or ${config.sourceLocale} namespace "${id}" any more`;
    const fix = `git rm ${files.map((f) => f.file).join(' ')}`;
    for (const { locale, file } of files) {
      if (!reported.has(locale)) continue;
      problems.push({ rule: 'orphaned', severity: 'error', locale, file, line: 1, key: null, message: `${what}: this file is orphaned. Remove ${removedArticles.includes(id) ? "the article's" : 'its'} locale files with \`${fix}\`, or restore the source.` });
    }
  }
  return problems;
}

function toTarget(file: string, locale: LocaleFile | undefined, state: StateMap | undefined): TargetResource {
  return { file, exists: locale !== undefined, entries: locale?.entries ?? new Map(), lines: locale?.lines ?? new Map(), state };
}

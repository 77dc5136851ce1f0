/**
 * The check as it was before it streamed (issue 13): a frozen copy of the whole-workspace
 * orchestration (load every article and locale file, then check every pair, then sort), kept only
 * as the reference that test/check-equivalence.test.ts compares the streaming, parallel check with.
 * It uses the real `eld` package for language identification, never the check's compact reader.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Config, TargetConfig } from '../../pipeline/config/load-config.ts';
import type { SentenceSplitter } from '../../pipeline/markdown/block-segments.ts';
import { isRunError, localeFilePath, articleId, listArticles, sameIdArticles } from '../../pipeline/run/article.ts';
import { loadArticle } from '../../pipeline/run/load-article.ts';
import { parseLocaleFile, LocaleFileError, type LocaleFile } from '../../pipeline/locale/locale-file.ts';
import { parseState, statePathFor, type StateMap } from '../../pipeline/locale/segment-state.ts';
import { readUtf8IfExists } from '../../pipeline/util/read-text.ts';
import type { Diagnostic } from '../../pipeline/check/diagnostic.ts';
import { controlCharacterProblems } from '../../pipeline/check/control-characters.ts';
import { noSourcesError } from '../../pipeline/run/no-sources.ts';
import type { SourceResource, TargetResource } from '../../pipeline/check/check-resource.ts';
import type { ArticleStructure } from '../../pipeline/check/structure-rule.ts';

interface ResourcePair {
  target: TargetConfig;
  source: SourceResource;
  resource: TargetResource;
  /** The article behind an article resource, for rule `structure`. */
  article?: ArticleStructure;
}

interface Workspace {
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

interface LoadOptions {
  locales?: string[];
  split: SentenceSplitter;
}

function loadWorkspace(config: Config, options: LoadOptions): Workspace {
  const targets = config.targets.filter((t) => !options.locales || options.locales.includes(t.locale));
  const pairs: ResourcePair[] = [];
  const problems: Diagnostic[] = [];
  const listed = sameIdArticles(config, listArticles(config));
  const files = listed.kept;
  for (const error of listed.errors) problems.push({ rule: 'invalid-file', severity: 'error', locale: config.sourceLocale, file: error.file.split(path.sep).join('/'), line: 1, key: null, message: error.message });
  const articleIds = new Set<string>();
  for (const file of files) {
    articleIds.add(articleId(config, file));
    const article = loadArticle(config, file, options.split);
    if (isRunError(article)) {
      problems.push({ rule: 'invalid-file', severity: 'error', locale: config.sourceLocale, file: article.file.split(path.sep).join('/'), line: article.line ?? 1, key: null, message: article.message });
      continue;
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
  }
  // Namespaces: hand-maintained resources in the source locale's folder that are not articles (common.yaml).
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
  if (files.length === 0 && removedArticles.length > 0) {
    // Articles were translated, now none matches: a glob typo or a missing folder far more likely
    // than a newsroom that deleted everything, so no `git rm` advice for every locale file.
    const error = noSourcesError(config);
    problems.push({ rule: 'invalid-file', severity: 'error', locale: config.sourceLocale, file: error.file, line: 1, key: null, message: error.message.replace('Nothing was translated, and nothing was unpublished.', 'Nothing was checked.') });
  } else problems.push(...orphanedFiles(config, targets, new Set([...articleIds, ...namespaces]), removedArticles));
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

// ---- the old runCheck, verbatim but for its name ----
import { compareDiagnostics } from '../../pipeline/check/diagnostic.ts';
import { checkResource } from '../../pipeline/check/check-resource.ts';
import { checkStructure } from '../../pipeline/check/structure-rule.ts';
import { targetContext, type CheckOptions, type CheckReport } from '../../pipeline/check/run-check.ts';
import type { DetectLanguage, TargetContext } from '../../pipeline/check/unit.ts';

const MARKUP_RULES = new Set(['inline-markup', 'links', 'inline-code', 'placeholders', 'urls']);

/** The reference check: the whole workspace loaded, every pair checked, sorted (stable). */
export function referenceCheck(config: Config, options: CheckOptions, deps: { split: SentenceSplitter; detectLanguage?: DetectLanguage }): CheckReport {
  const workspace = loadWorkspace(config, { locales: options.locales, split: deps.split });
  const contexts = new Map(config.targets.map((t) => [t.locale, targetContext(config, t, deps.detectLanguage)]));
  const problems = [...workspace.problems];
  for (const pair of workspace.pairs) {
    const found = checkResource(pair.source, pair.resource, contexts.get(pair.target.locale) as TargetContext);
    problems.push(...found);
    if (!pair.article || !pair.resource.exists) continue;
    const named = new Set(found.filter((p) => MARKUP_RULES.has(p.rule)).map((p) => p.key));
    problems.push(...checkStructure(pair.article, pair.resource, pair.target.locale).filter((p) => !named.has(p.key)));
  }
  problems.sort(compareDiagnostics);
  return { ok: !problems.some((p) => p.severity === 'error'), problems };
}

/** Language identification by the `eld` package itself (small database), as the check used it before. */
export async function referenceDetector(): Promise<DetectLanguage> {
  const { eld } = await import('eld/small');
  return (text) => {
    const result = eld.detect(text);
    return { language: result.language, reliable: result.isReliable() };
  };
}

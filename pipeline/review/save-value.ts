import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { isRunError, localeFilePath, type LoadedArticle } from '../run/article.ts';
import { loadArticle } from '../run/load-article.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { parseLocaleFile, parseLocaleFileAt, renderLocaleFile, type LocaleEntry } from '../locale/locale-file.ts';
import { parseState, serializeState, statePathFor } from '../locale/segment-state.ts';
import { acquireLock } from '../cli/workspace-lock.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { textHash } from '../util/hash.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { compareFragmentMarkup } from '../markdown/structure.ts';
import { guardStructure } from '../bundle/structure-guard.ts';
import { checkInlineCode, checkInlineMarkup, checkLinks, checkPlaceholders, checkUrls } from '../check/markup-rules.ts';
import { approvedState, ReviewError } from './apply-review.ts';
import type { MemoryEntry } from '../store/translation-memory.ts';
import { isStandIn } from '../merge/plan-locale.ts';
import { recordHash } from './record-hash.ts';
import { valueCharacterProblems } from './value-characters.ts';
import { localeFileHeader } from '../run/write-outputs.ts';

/** What a save did: written (the locale file's new hash), refused for a newer file on disk, or refused for the value's problems. */
export type SaveOutcome =
  | {
      ok: true;
      /** The view's hash after the save (`recordHash`). */ fileHash: string;
      /** True when the value is the one on disk already: nothing was written (status and origin kept, as for an unedited value in the CLI). */
      unchanged?: true;
    }
  | { conflict: { /** The key's value in the file on disk now (undefined: no such entry, or no file). */ disk?: string; yours: string } }
  | { problems: string[] };

/**
 * A reviewer's value for one entry, saved as if they had edited the locale file and run
 * `npm run translate`: the value replaces the entry's text (comments, quoting and key order of the
 * file kept, the pipeline's notes of that entry reduced to its `# id:` line), and its state becomes
 * `{ origin: 'human', status: 'reviewed' }` against the current source. Runs under the workspace
 * lock translate takes (`${config.cache}.lock`). One edit of `saveValues`.
 *
 * A value equal to the entry's text on disk is no edit (as an unedited line is none for
 * translate): nothing is written, the entry keeps its origin and status (a machine or pseudo
 * text does not become human-reviewed), and the outcome is `{ ok, unchanged: true }`.
 *
 * Refused, with nothing written:
 * - `conflict` when the view's hash (`recordHash`: source, locale and state files) is not
 *   `expectedFileHash`: one of them changed on disk since the reviewer's page loaded it;
 * - `problems` when the value holds control characters the source lacks or lone surrogates
 *   (`valueCharacterProblems`), is empty, or would not keep the source's markup: the acceptance
 *   gate's markdown comparison (`compareFragmentMarkup`), the check's markup rules (placeholders,
 *   inline markup, links, inline code, URLs) and the publication structure rule (`guardStructure`).
 *
 * @param articleId the article's id (path below the source folder, without extension)
 * @throws ReviewError for an unknown locale, article or key, or a locale file not written yet
 * @throws LocaleFileError when the locale file on disk is not a valid locale file
 * @throws LockedError when a translate or review run holds the workspace
 */
export function saveValue(config: Config, locale: string, articleId: string, key: string, value: string, expectedFileHash: string, split: SentenceSplitter): SaveOutcome {
  const outcome = saveValues(config, locale, articleId, [{ key, value }], expectedFileHash, split);
  if ('conflict' in outcome) return { conflict: { disk: outcome.conflict.disk.get(key), yours: value } };
  if ('problems' in outcome) return { problems: outcome.problems.flatMap((p) => p.messages) };
  return outcome.saved.length === 0 ? { ok: true, unchanged: true, fileHash: outcome.fileHash } : { ok: true, fileHash: outcome.fileHash };
}

/** One entry's new text for `saveValues`. */
export interface ValueEdit {
  key: string;
  /** The entry's text (markdown form, as in the locale file). */
  value: string;
  /**
   * The state a changed value gets: `reviewed` (default; a reviewer's edit, as translate records a
   * hand edit) or `unknown` (a human's text nobody has reviewed yet, e.g. an agency's XLIFF target
   * in state `translated`: kept, never overwritten, unreviewed until approved).
   */
  status?: 'reviewed' | 'unknown';
  /** Who wrote a changed value (default `human`); an unreviewed import names where it came from (`xliff`). */
  origin?: string;
  /** When `value` is the text on disk already: approve it as `npm run review -- approve` does (else such an edit changes nothing). */
  approveUnchanged?: boolean;
}

/** What `saveValues` did; nothing is written unless `ok`. */
export type ValuesOutcome =
  | {
      ok: true;
      /** The view's hash after the save (`recordHash`); the expected one when nothing was written. */ fileHash: string;
      /** Keys whose text was written. */ saved: string[];
      /** Keys whose unchanged text became reviewed (`approveUnchanged`). */ approved: string[];
      /** Keys left as they were (text on disk already, and nothing to approve). */ unchanged: string[];
      /** Reviewed text for the human memory, as `review approve` gives it (stand-in origins left out). */ remembered: MemoryEntry[];
    }
  | { conflict: { /** Each edited key's value on disk now (absent: no such entry, or no file). */ disk: Map<string, string> } }
  | { problems: Array<{ key: string; messages: string[] }> };

/**
 * Several reviewer's edits of one article × target, validated and written together under one
 * workspace lock (see `saveValue` for what one edit does and the refusals). All or nothing: when
 * any edit has problems, nothing is written. `expectedFileHash` undefined skips the conflict check.
 *
 * @throws ReviewError for an unknown locale, article or key, or a locale file not written yet
 * @throws LocaleFileError when the locale file on disk is not a valid locale file
 * @throws LockedError when a translate or review run holds the workspace
 */
export function saveValues(config: Config, locale: string, articleId: string, edits: readonly ValueEdit[], expectedFileHash: string | undefined, split: SentenceSplitter): ValuesOutcome {
  if (!config.targets.some((t) => t.locale === locale)) throw new ReviewError(`"${locale}" is not a target locale (targets: ${config.targets.map((t) => t.locale).join(', ')})`);
  const loaded = loadArticle(config, articleSourceFile(config, articleId), split);
  if (isRunError(loaded)) throw new ReviewError(loaded.message);
  for (const edit of edits) if (!loaded.keys.includes(edit.key)) throw new ReviewError(`"${edit.key}" is not a segment of ${loaded.file}`);
  const release = acquireLock(`${config.cache}.lock`, 'review');
  try {
    if (expectedFileHash !== undefined && recordHash(config, loaded.file, locale, loaded.id) !== expectedFileHash) {
      const bytes = readBytes(localeFilePath(config, locale, loaded.id));
      const disk = new Map<string, string>();
      for (const edit of edits) {
        const value = bytes === undefined ? undefined : diskValue(bytes, edit.key);
        if (value !== undefined) disk.set(edit.key, value);
      }
      return { conflict: { disk } };
    }
    return writeValueEdits(config, locale, loaded, edits, expectedFileHash);
  } finally {
    release();
  }
}

/**
 * The writing half of `saveValues` for a caller that holds the workspace lock already (an XLIFF
 * import writes many articles under one lock): validates every edit against the loaded article and
 * the locale file on disk, then writes the locale and state files (only when their bytes change).
 *
 * @param expectedFileHash returned as `fileHash` when nothing is written (undefined: computed)
 * @param options.dryRun decide and report as for a write, but write nothing (`fileHash` is then the current one)
 * @param options.create a missing locale file (and state file) is created as translate creates one
 *   (its header, `# id:` notes, the article's key order) instead of refused
 * @throws ReviewError when the locale file does not exist yet (without `create`); LocaleFileError when it does not parse
 */
export function writeValueEdits(config: Config, locale: string, loaded: LoadedArticle, edits: readonly ValueEdit[], expectedFileHash?: string, options: { dryRun?: boolean; create?: boolean } = {}): ValuesOutcome {
  const localePath = localeFilePath(config, locale, loaded.id);
  const relative = path.relative(config.root, localePath);
  const bytes = readBytes(localePath);
  if (bytes === undefined && !options.create) throw new ReviewError(`${relative} does not exist yet: run npm run translate first`);
  const file = bytes === undefined ? undefined : parseLocaleFileAt(relative, bytes.toString('utf8'));
  const onDisk: ReadonlyMap<string, string> = file?.entries ?? new Map();
  const statePath = statePathFor(localePath);
  const state = parseState(fs.existsSync(statePath) ? fs.readFileSync(statePath, 'utf8') : '');
  const indexOf = new Map(loaded.keys.map((k, i) => [k, i]));
  const sourceOf = new Map(loaded.keys.map((k, i) => [k, loaded.segments[i].source]));
  const problems: Array<{ key: string; messages: string[] }> = [];
  const saved = new Map<string, string>();
  const approved: string[] = [];
  const unchanged: string[] = [];
  const remembered: MemoryEntry[] = [];
  const human = (source: string, value: string): MemoryEntry => ({ provider: 'human', fingerprint: '', sourceLocale: config.sourceLocale, targetLocale: locale, source, target: value });
  for (const edit of edits) {
    const index = indexOf.get(edit.key);
    if (index === undefined) throw new ReviewError(`"${edit.key}" is not a segment of ${loaded.file}`);
    const source = loaded.segments[index].source;
    // The text on disk saved again: no edit (a machine or pseudo text must not become human-reviewed).
    if (onDisk.get(edit.key) === edit.value) {
      const before = state.get(edit.key);
      if (!edit.approveUnchanged) {
        unchanged.push(edit.key);
        continue;
      }
      if (isEmptyTranslation(source, edit.value)) {
        problems.push({ key: edit.key, messages: ['the translation is empty: write it before approving it'] });
        continue;
      }
      const after = approvedState(source, edit.value, before);
      if (JSON.stringify(before) === JSON.stringify(after)) {
        unchanged.push(edit.key);
        continue;
      }
      state.set(edit.key, after);
      approved.push(edit.key);
      if (!isStandIn(before?.origin ?? 'human')) remembered.push(human(source, edit.value));
      continue;
    }
    const messages = valueProblems(loaded, index, edit.value);
    if (messages.length > 0) {
      problems.push({ key: edit.key, messages });
      continue;
    }
    const status = edit.status ?? 'reviewed';
    state.set(edit.key, { source: textHash(source), written: textHash(edit.value), origin: edit.origin ?? 'human', status });
    saved.set(edit.key, edit.value);
    if (status === 'reviewed') remembered.push(human(source, edit.value));
  }
  if (problems.length > 0) return { problems };
  if ((saved.size === 0 && approved.length === 0) || options.dryRun) return { ok: true, fileHash: expectedFileHash ?? recordHash(config, loaded.file, locale, loaded.id), saved: [...saved.keys()], approved, unchanged, remembered };
  const touched = new Set([...saved.keys(), ...approved]);
  // The file's entries in its own order; a saved key the file lacks goes after the nearest
  // earlier segment of the article that the file has (as translate inserts it).
  const entries: LocaleEntry[] = [...onDisk].map(([k, v]) => (touched.has(k) ? { key: k, value: saved.get(k) ?? v, notes: [`id: ${sourceOf.get(k)}`] } : { key: k, value: v, source: sourceOf.get(k) }));
  for (const [key, value] of saved) {
    if (onDisk.has(key)) continue;
    const index = indexOf.get(key) as number;
    const present = new Set(entries.map((e) => e.key));
    const before = loaded.keys.slice(0, index).reverse().find((k) => present.has(k));
    const at = before === undefined ? 0 : entries.findIndex((e) => e.key === before) + 1;
    entries.splice(at, 0, { key, value, notes: [`id: ${sourceOf.get(key)}`] });
  }
  // A new file is written as translate writes one: its header, then the entries in article order.
  writeIfChanged(localePath, renderLocaleFile(file, entries, file ? undefined : localeFileHeader(locale, loaded.file)));
  // State lines in the article's order (as translate writes them), then any other key the file has.
  const inFile = new Set(entries.map((e) => e.key));
  const order = [...loaded.keys.filter((k) => inFile.has(k)), ...entries.map((e) => e.key).filter((k) => !sourceOf.has(k))];
  writeIfChanged(statePath, serializeState(state, order, relative.split(path.sep).join('/')));
  return { ok: true, fileHash: recordHash(config, loaded.file, locale, loaded.id), saved: [...saved.keys()], approved, unchanged, remembered };
}

/**
 * Why `value` cannot stand for segment `index` of the article (empty list: it can). Characters
 * no locale file should get (`valueCharacterProblems`) first; then the same rules as a provider's
 * answer and the check: no empty value, the source's inline markup kept
 * when read alone, placeholders, links, inline code and URLs unchanged, and the article's
 * markdown tree unchanged with this value spliced in.
 */
export function valueProblems(article: LoadedArticle, index: number, value: string): string[] {
  const segment = article.segments[index];
  const characters = valueCharacterProblems(value, segment.source);
  if (characters.length > 0) return characters;
  if (isEmptyTranslation(segment.source, value)) return ['the translation is empty: write it, or leave the entry as it is'];
  const problems: string[] = [];
  if (segment.field === undefined && value !== segment.source) {
    const difference = compareFragmentMarkup(segment.source, value);
    if (difference) problems.push(`markup: ${difference}`);
  }
  const unit = { key: article.keys[index], source: segment.source, target: value, definitions: article.definitions };
  for (const rule of [checkPlaceholders, checkInlineMarkup, checkLinks, checkInlineCode, checkUrls]) {
    for (const finding of rule(unit)) if (finding.severity === 'error') problems.push(finding.message);
  }
  if (!article.namespace) {
    const values = article.segments.map((_, i) => (i === index ? value : undefined));
    const withheld = guardStructure(article.text, article.segments, values, article.structure).withheld.find((w) => w.index === index);
    if (withheld) problems.push(`structure: this translation would break the published markdown (${withheld.message})`);
  }
  return [...new Set(problems)];
}

/**
 * The source file of an article id, validated against the workspace: no absolute path, no `..`,
 * no backslash, and an existing file `<sourceDir>/<id>.md|.mdx|.markdown` inside the source folder.
 * Returns the path relative to the config's folder.
 *
 * @throws ReviewError naming the id when it is not an article of the workspace
 */
export function articleSourceFile(config: Config, articleId: string): string {
  const unknown = () => new ReviewError(`no article "${articleId}" in ${config.sourceDir}/`);
  if (articleId === '' || articleId.includes('\\') || articleId.includes('\0') || path.isAbsolute(articleId) || articleId.split('/').some((part) => part === '..' || part === '.' || part === '')) throw unknown();
  const folder = path.resolve(config.root, config.sourceDir);
  for (const ext of ['.md', '.mdx', '.markdown']) {
    const file = path.resolve(folder, `${articleId}${ext}`);
    if (!file.startsWith(folder + path.sep)) throw unknown();
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return path.relative(config.root, file);
  }
  throw unknown();
}

function readBytes(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The key's value in a locale file's bytes; undefined when the file lacks the key or does not parse. */
export function diskValue(bytes: Buffer, key: string): string | undefined {
  try {
    return parseLocaleFile(bytes.toString('utf8')).entries.get(key);
  } catch {
    return undefined;
  }
}

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
import { ReviewError } from './apply-review.ts';
import { recordHash } from './record-hash.ts';
import { valueCharacterProblems } from './value-characters.ts';

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
 * lock translate takes (`${config.cache}.lock`).
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
  if (!config.targets.some((t) => t.locale === locale)) throw new ReviewError(`"${locale}" is not a target locale (targets: ${config.targets.map((t) => t.locale).join(', ')})`);
  const loaded = loadArticle(config, articleSourceFile(config, articleId), split);
  if (isRunError(loaded)) throw new ReviewError(loaded.message);
  const index = loaded.keys.indexOf(key);
  if (index === -1) throw new ReviewError(`"${key}" is not a segment of ${loaded.file}`);
  const release = acquireLock(`${config.cache}.lock`, 'review');
  try {
    const localePath = localeFilePath(config, locale, loaded.id);
    const relative = path.relative(config.root, localePath);
    const bytes = readBytes(localePath);
    if (recordHash(config, loaded.file, locale, loaded.id) !== expectedFileHash) return { conflict: { disk: bytes === undefined ? undefined : diskValue(bytes, key), yours: value } };
    if (bytes === undefined) throw new ReviewError(`${relative} does not exist yet: run npm run translate first`);
    const file = parseLocaleFileAt(relative, bytes.toString('utf8'));
    // The text on disk saved again: no edit (a machine or pseudo text must not become human-reviewed).
    if (file.entries.get(key) === value) return { ok: true, unchanged: true, fileHash: expectedFileHash };
    const problems = valueProblems(loaded, index, value);
    if (problems.length > 0) return { problems };
    const statePath = statePathFor(localePath);
    const state = parseState(fs.existsSync(statePath) ? fs.readFileSync(statePath, 'utf8') : '');
    const source = loaded.segments[index].source;
    state.set(key, { source: textHash(source), written: textHash(value), origin: 'human', status: 'reviewed' });
    const sourceOf = new Map(loaded.keys.map((k, i) => [k, loaded.segments[i].source]));
    // The file's entries in its own order; the saved key, when the file lacks it, after the
    // nearest earlier segment of the article that the file has (as translate inserts it).
    const entries: LocaleEntry[] = [...file.entries].map(([k, v]) => (k === key ? { key, value, notes: [`id: ${source}`] } : { key: k, value: v, source: sourceOf.get(k) }));
    if (!file.entries.has(key)) {
      const before = loaded.keys.slice(0, index).reverse().find((k) => file.entries.has(k));
      const at = before === undefined ? 0 : entries.findIndex((e) => e.key === before) + 1;
      entries.splice(at, 0, { key, value, notes: [`id: ${source}`] });
    }
    writeIfChanged(localePath, renderLocaleFile(file, entries));
    // State lines in the article's order (as translate writes them), then any other key the file has.
    const inFile = new Set(entries.map((e) => e.key));
    const order = [...loaded.keys.filter((k) => inFile.has(k)), ...entries.map((e) => e.key).filter((k) => !sourceOf.has(k))];
    writeIfChanged(statePath, serializeState(state, order, relative.split(path.sep).join('/')));
    return { ok: true, fileHash: recordHash(config, loaded.file, locale, loaded.id) };
  } finally {
    release();
  }
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

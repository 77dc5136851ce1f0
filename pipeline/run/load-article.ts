/**
 * Loading a changed article: parse, segment, and key its sentences against the record. A module of
 * its own (the markdown parser and the key assignment behind it): a run whose articles are all
 * unchanged never loads it.
 */
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { extractSource, type SourceExtract } from './extract-source.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { assignKeys } from '../identity/assign-keys.ts';
import { notesOf, parseLocaleFile, LocaleFileError, type LocaleFile } from '../locale/locale-file.ts';
import { parseState, statePathFor } from '../locale/segment-state.ts';
import { textHash } from '../util/hash.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { articleId, localeFilePath, readArticle, type LoadedArticle } from './article.ts';
import type { RunError } from './summary.ts';

/** Read (unless `text` is given) and segment one article. Returns a RunError for bad input instead of throwing. */
export function loadArticle(config: Config, file: string, split: SentenceSplitter, given?: string): LoadedArticle | RunError {
  const text = given ?? readArticle(config, file);
  if (typeof text !== 'string') return text;
  const extracted = extractSource(file, text, config.fields, split);
  return 'code' in extracted ? extracted : keyArticle(config, file, text, extracted);
}

/**
 * The rest of loading an article once its text is parsed (`extractSource`, maybe in a worker
 * thread: `article-pool.ts`): its key record read and keys assigned. A key record that cannot be
 * read is a RunError (`invalid-locale-file`).
 */
export function keyArticle(config: Config, file: string, text: string, extracted: SourceExtract): LoadedArticle | RunError {
  const id = articleId(config, file);
  const sourcePath = localeFilePath(config, config.sourceLocale, id);
  let sourceFile: LocaleFile | undefined;
  try {
    const existing = readUtf8IfExists(sourcePath);
    sourceFile = existing === undefined ? undefined : parseLocaleFile(existing);
  } catch (error) {
    const line = error instanceof LocaleFileError ? error.line : undefined;
    const where = path.relative(config.root, sourcePath) + (line ? `:${line}` : '');
    return { file: path.relative(config.root, sourcePath), line, code: 'invalid-locale-file', message: `${where}: ${(error as Error).message}; fix it or delete it (it is regenerated from ${file})` };
  }
  // Without the key record (deleted, or lost in a merge), the targets' `# id:` notes still say which
  // key holds which sentence: keys (and reviewers' text under them) survive.
  const previousSource = sourceFile?.entries ?? keysFromTargets(config, id);
  const { keys, edits } = assignKeys(
    [...previousSource].map(([key, source]) => ({ key, source })),
    extracted.segments,
  );
  return { id, file, text, segments: extracted.segments, keys, edits, previousSource, sourceFile, definitions: extracted.definitions, structure: extracted.structure };
}

/**
 * Key → source from the `# id:` notes of the article's target locale files (first target first).
 * A note the target's state contradicts (its source hash is neither the note's nor the `# was:`
 * note's: a reviewer moved lines) is no evidence and is skipped.
 */
function keysFromTargets(config: Config, id: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const target of config.targets) {
    try {
      const localePath = localeFilePath(config, target.locale, id);
      const text = readUtf8IfExists(localePath);
      if (text === undefined) continue;
      const file = parseLocaleFile(text);
      const state = parseState(readUtf8IfExists(statePathFor(localePath)) ?? '');
      const was = notesOf(file, 'was');
      for (const [key, source] of notesOf(file, 'id')) {
        const recorded = state.get(key);
        // A stale entry's state holds the earlier source's hash: its (rewritten each run) `# id:` line is taken as it is.
        const agrees = !recorded || recorded.status === 'stale' || recorded.source === textHash(source) || recorded.source === textHash(was.get(key) ?? '');
        if (agrees && !keys.has(key)) keys.set(key, source);
      }
    } catch {
      // A broken target file gives no evidence; the target's own run reports it.
    }
  }
  return keys;
}

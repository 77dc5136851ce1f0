import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { nearest } from '../config/schema-problems.ts';
import type { LocaleEntry, LocaleFile } from '../locale/locale-file.ts';
import { localeFilePath, type LoadedArticle } from './article.ts';
import type { RunError } from './summary.ts';

/**
 * Entries of a target's locale file under keys the article never had: neither a current segment
 * nor one in its key record (`locales/id/<article>.yaml`). A reviewer's typo in a key, most likely:
 * the text is theirs, so it is kept where it stands (never dropped) and reported until fixed.
 * Orphans (keys the record had, whose sentence left the article) are not strays.
 */
export function strayEntries(article: LoadedArticle, file: LocaleFile | undefined): LocaleEntry[] {
  if (!file || article.namespace) return [];
  const current = new Set(article.keys);
  const stray: LocaleEntry[] = [];
  for (const [key, value] of file.entries) if (!current.has(key) && !article.previousSource.has(key)) stray.push({ key, value });
  return stray;
}

/** One error per stray key, with file, line and the article's key it most likely meant. */
export function strayKeyErrors(config: Config, locale: string, article: LoadedArticle, file: LocaleFile | undefined, stray: readonly LocaleEntry[]): RunError[] {
  const relative = path.relative(config.root, localeFilePath(config, locale, article.id));
  return stray.map(({ key }) => {
    const line = file?.lines.get(key);
    const meant = nearest(key, article.keys);
    return {
      file: relative,
      line,
      code: 'unknown-key',
      message: `${relative}${line ? `:${line}` : ''}: "${key}" is not a key of ${article.file}${meant ? ` (did you mean "${meant}"?)` : ''}. Its text was kept and is not published: rename the key (the name before the colon) to the sentence's key, or delete the line.`,
    };
  });
}

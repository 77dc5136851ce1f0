import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Segment } from '../segment.ts';
import { escapeText } from '../tagged-text.ts';
import { parseLocaleFile, LocaleFileError } from '../locale/locale-file.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { localeFilePath, type LoadedArticle } from './article.ts';
import type { RunError } from './summary.ts';
import { expectedPluralCategories, parsePluralKey, pluralFormKey, pluralGroupId, pluralGroups, sourcePluralCategory } from '../locale/plural-keys.ts';

/** Interpolations and nested translations that must come back unchanged. */
const PLACEHOLDER = /\{\{[^{}]+\}\}|\$t\([^)]*\)/g;

/**
 * A hand-written namespace of site strings (`locales/<source>/<name>.yaml`, e.g. `common`) as an
 * article for one target: one segment per key, placeholders protected, and each plural group
 * (cardinal `x_other`, ordinal `x_ordinal_other`) expanded to the forms the target language needs
 * for its type (`locale/plural-keys.ts`, the definition check uses too), each translated from the
 * source's closest form. Undefined when the namespace does not exist; a RunError when its file
 * does not parse. `given`: its source text, when the caller read it already.
 */
export function loadNamespace(config: Config, name: string, targetLocale: string, given?: string): LoadedArticle | RunError | undefined {
  const sourcePath = localeFilePath(config, config.sourceLocale, name);
  const relative = path.relative(config.root, sourcePath);
  let entries: Map<string, string>;
  try {
    const text = given ?? readUtf8IfExists(sourcePath);
    if (text === undefined) return undefined;
    entries = parseLocaleFile(text).entries;
  } catch (error) {
    const line = error instanceof LocaleFileError ? error.line : undefined;
    return { file: relative, line, code: 'invalid-locale-file', message: `${relative}${line ? `:${line}` : ''}: ${(error as Error).message}` };
  }
  const groups = pluralGroups(entries.keys());
  const keys: string[] = [];
  const segments: Segment[] = [];
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    const plural = parsePluralKey(key);
    if (!plural) {
      keys.push(key);
      segments.push(stringSegment(value));
      continue;
    }
    // A plural group is expanded where its first form is, once.
    const id = pluralGroupId(plural);
    if (seen.has(id)) continue;
    seen.add(id);
    const group = groups.get(id)!;
    const present = [...group.categories];
    for (const category of expectedPluralCategories(targetLocale, plural.ordinal, present)) {
      keys.push(pluralFormKey(plural.base, plural.ordinal, category));
      segments.push(stringSegment(entries.get(pluralFormKey(plural.base, plural.ordinal, sourcePluralCategory(category, present))) ?? value));
    }
  }
  return { id: name, file: relative, text: '', segments, keys, edits: new Map(), previousSource: new Map(), sourceFile: undefined, namespace: true };
}

/** A whole string as one segment, its placeholders as atoms. */
function stringSegment(text: string): Segment {
  const tags: Segment['tags'] = {};
  let tagged = '';
  let last = 0;
  let next = 1;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    tagged += `${escapeText(text.slice(last, index))}<x${next}/>`;
    tags[`x${next++}`] = { atom: match[0] };
    last = index + match[0].length;
  }
  tagged += escapeText(text.slice(last));
  return { source: text, tagged, tags, start: 0, end: text.length, linePrefixes: [], context: text, line: 1 };
}

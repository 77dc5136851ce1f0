import { parseDocument, stringify } from 'yaml';
import type { Segment } from '../segment.ts';
import { spliceTranslations } from '../markdown/splice.ts';

export type TranslationStatus = 'reviewed' | 'machine' | 'partial';

export interface BundleMeta {
  lang: string;
  /** Shared by every language version of the article. */
  translationKey: string;
  /** The Indonesian original, relative to the config's folder. */
  sourcePath: string;
  status: TranslationStatus;
}

/**
 * The publishable markdown of an article in one language: the source with publishable translations
 * spliced in (the source text stands where none is publishable yet) and publication fields added
 * to the front matter.
 */
export function renderMarkdownBundle(source: string, segments: readonly Segment[], valueOf: (index: number) => string | undefined, meta: BundleMeta): string {
  const spliced = spliceTranslations(source, segments, (_, index) => valueOf(index));
  const fence = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*$/m.exec(spliced);
  const fields = { lang: meta.lang, translationKey: meta.translationKey, sourcePath: meta.sourcePath, translationStatus: meta.status };
  if (!fence || fence.index !== 0) return `---\n${stringify(fields)}---\n\n${spliced}`;
  const doc = parseDocument(fence[1]);
  if (Object.keys(fields).every((key) => !doc.has(key))) {
    // Append before the closing fence: the article's own front matter stays byte for byte.
    const closing = fence.index + fence[0].length - fence[0].slice(fence[0].lastIndexOf('\n') + 1).length;
    return `${spliced.slice(0, closing)}${stringify(fields, { lineWidth: 0 })}${spliced.slice(closing)}`;
  }
  for (const [key, value] of Object.entries(fields)) doc.set(key, value);
  return `---\n${doc.toString({ lineWidth: 0 })}---${spliced.slice(fence[0].length)}`;
}

/** Clean resources for front ends: publishable entries only, no comments. */
export function renderResourceBundle(entries: ReadonlyArray<[string, string]>): string {
  return entries.length === 0 ? '' : stringify(Object.fromEntries(entries), { lineWidth: 0 });
}

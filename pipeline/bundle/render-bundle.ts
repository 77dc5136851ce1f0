import { Document, parse, parseDocument, Scalar, visit } from 'yaml';
import { escapeControlCharacters, hasControlCharacters, removeControlCharacters } from '../util/control-characters.ts';
import { needsDoubleQuotes } from '../util/yaml-portable.ts';
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
  /** The review policy holds the article back: `draft: true` (Hugo does not publish it). */
  draft?: boolean;
}

/** The front matter between the `---` fences at the start of a markdown file. */
const FENCE = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*$/m;

/**
 * The publishable markdown of an article in one language: the source with publishable translations
 * spliced in (the source text stands where none is publishable yet) and publication fields added
 * to the front matter. A draft gets `draft: true`, unless the article's own front matter already
 * says `draft: true` (the newsroom's draft stays whatever the policy says).
 */
export function renderMarkdownBundle(source: string, segments: readonly Segment[], valueOf: (index: number) => string | undefined, meta: BundleMeta): string {
  const spliced = withoutControlsInFrontMatter(spliceTranslations(source, segments, (_, index) => valueOf(index)));
  const fence = FENCE.exec(spliced);
  const fields: Record<string, unknown> = { lang: meta.lang, translationKey: meta.translationKey, sourcePath: meta.sourcePath, translationStatus: meta.status };
  if (!fence || fence.index !== 0) return `---\n${portableYaml(meta.draft ? { ...fields, draft: true } : fields)}---\n\n${spliced}`;
  const doc = parseDocument(fence[1]);
  // `draft: false` in the article gives way to the policy; `draft: true` is kept as it is.
  if (meta.draft && doc.get('draft') !== true) fields.draft = true;
  if (Object.keys(fields).every((key) => !doc.has(key))) {
    // Append before the closing fence: the article's own front matter stays byte for byte.
    const closing = fence.index + fence[0].length - fence[0].slice(fence[0].lastIndexOf('\n') + 1).length;
    // In the article's own line endings: a CRLF front matter gets CRLF fields, not a mix.
    const added = fence[0].includes('\r\n') ? portableYaml(fields).replace(/\n/g, '\r\n') : portableYaml(fields);
    return `${spliced.slice(0, closing)}${added}${spliced.slice(closing)}`;
  }
  for (const [key, value] of Object.entries(fields)) doc.set(key, typeof value === 'string' && needsDoubleQuotes(value) ? Object.assign(new Scalar(value), { type: 'QUOTE_DOUBLE' }) : value);
  return `---\n${doc.toString({ lineWidth: 0 })}---${spliced.slice(fence[0].length)}`;
}

/** The `translationKey` of a markdown bundle this pipeline rendered (undefined: not one of its bundles). */
export function bundleTranslationKey(markdown: string): string | undefined {
  const fence = FENCE.exec(markdown);
  if (!fence || fence.index !== 0) return undefined;
  try {
    const key = (parse(fence[1]) as Record<string, unknown> | null)?.translationKey;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Clean resources for front ends: publishable entries only, no comments, control characters escaped. */
export function renderResourceBundle(entries: ReadonlyArray<[string, string]>): string {
  return entries.length === 0 ? '' : portableYaml(Object.fromEntries(entries));
}

/** YAML that every reader takes back as written: strings a YAML 1.1 reader would misread, and control characters, double-quoted. */
function portableYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && needsDoubleQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return escapeControlCharacters(doc.toString({ lineWidth: 0 }));
}

/**
 * Front matter is YAML: raw control characters copied from a scraped article would make Hugo and
 * PyYAML refuse the bundle, so they are dropped there (translated fields arrive escaped).
 */
function withoutControlsInFrontMatter(markdown: string): string {
  const fence = FENCE.exec(markdown);
  if (!fence || fence.index !== 0 || !hasControlCharacters(fence[0])) return markdown;
  return removeControlCharacters(fence[0]) + markdown.slice(fence[0].length);
}

import { Document, isMap, isScalar, parseDocument, Scalar, visit, type Node, type Pair } from 'yaml';
import { escapeControlCharacters, hasControlCharacters, removeControlCharacters } from '../util/control-characters.ts';
import { doubleQuoted, isPortablePlain, needsDoubleQuotes, scalarInPlaceOf } from '../util/yaml-portable.ts';
import type { Segment } from '../segment.ts';
import { spliceTranslations } from '../markdown/splice.ts';
import { frontMatterBounds, nodeEnd, type FrontMatterBounds } from '../markdown/front-matter.ts';

export type TranslationStatus = 'reviewed' | 'machine' | 'partial';

export interface BundleMeta {
  lang: string;
  /**
   * Shared by every language version of the article (the article's id). An article whose own front
   * matter sets `translationKey` keeps its own: that is how Hugo links its language versions.
   */
  translationKey: string;
  /** The Indonesian original, relative to the config's folder. */
  sourcePath: string;
  status: TranslationStatus;
  /** The review policy holds the article back: `draft: true` (Hugo does not publish it). */
  draft?: boolean;
}

/**
 * The publishable markdown of an article in one language: the source with publishable translations
 * spliced in (the source text stands where none is publishable yet) and publication fields set in
 * the front matter (`withPublicationFields`).
 */
export function renderMarkdownBundle(source: string, segments: readonly Segment[], valueOf: (index: number) => string | undefined, meta: BundleMeta): string {
  const spliced = withoutControlsInFrontMatter(spliceTranslations(source, segments, (_, index) => valueOf(index)));
  return withPublicationFields(spliced, meta);
}

/**
 * `markdown` with the publication fields `lang`, `translationKey`, `sourcePath`,
 * `translationStatus` (and `draft: true` for a draft) in its front matter, changing nothing else:
 * - a field the front matter lacks is added as one line before the closing fence;
 * - a field it has with another value gets its value node replaced in place (in the node's style
 *   where it can hold the value; comments, other keys, spacing and flow collections stay byte for
 *   byte);
 * - the article's own `translationKey` is kept (Hugo links language versions by it), and so is its
 *   `draft: true` (`draft: false` gives way to the review policy);
 * - lines added are in the file's own line ending (that of the opening fence; without front matter,
 *   that of the first line);
 * - string values a YAML 1.1 reader would misread (`no`, `on`, `y`, `null`, dates…) are quoted.
 * Without front matter, one is put on top. A front matter written as one flow map `{…}` is
 * rewritten by the yaml package. Pure; never throws for content.
 */
export function withPublicationFields(markdown: string, meta: BundleMeta): string {
  const wanted: Array<[string, string | boolean]> = [
    ['lang', meta.lang],
    ['translationKey', meta.translationKey],
    ['sourcePath', meta.sourcePath],
    ['translationStatus', meta.status],
  ];
  if (meta.draft) wanted.push(['draft', true]);
  const bounds = frontMatterBounds(markdown);
  if (!bounds) {
    const eol = /\r\n|\n|\r/.exec(markdown)?.[0] ?? '\n';
    return `---${eol}${wanted.map(([key, value]) => `${key}: ${newScalar(value)}${eol}`).join('')}---${eol}${eol}${markdown}`;
  }
  const yamlText = markdown.slice(bounds.yamlStart, bounds.yamlEnd);
  const doc = parseDocument(yamlText, { prettyErrors: false });
  const pairs = (isMap(doc.contents) ? doc.contents.items : []) as Array<Pair<unknown, unknown>>;
  // A front matter written as one flow map (`{title: …}`) has no line to add a field on: the yaml package writes it.
  if (isMap(doc.contents) && doc.contents.flow) return rewrittenByYaml(markdown, bounds, doc, wanted);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  let added = '';
  for (const [key, value] of wanted) {
    const pair = pairs.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) {
      added += `${key}: ${newScalar(value)}${bounds.eol}`;
      continue;
    }
    const node = pair.value as Node | null;
    const current = isScalar(node) ? node.value : undefined;
    // The article's own translationKey is kept; so is its `draft: true` (`draft` is only wanted for a draft).
    if ((key === 'translationKey' && current !== undefined && current !== null && current !== '') || current === value) continue;
    if (!node?.range) return rewrittenByYaml(markdown, bounds, doc, wanted);
    const start = node.range[0];
    const end = nodeEnd(yamlText, node as { range: [number, number, number] });
    let text = typeof value === 'string' ? scalarInPlaceOf(yamlText.slice(start, end), value) : String(value);
    if (start === end) {
      // An empty value (`lang:` or `lang: # note`): keep the blanks YAML needs around the new scalar.
      if (!/[ \t]/.test(yamlText[start - 1] ?? ' ')) text = ` ${text}`;
      if (yamlText[end] === '#') text = `${text} `;
    }
    edits.push({ start, end, text });
  }
  let out = '';
  let cursor = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    out += yamlText.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  out += yamlText.slice(cursor);
  return `${markdown.slice(0, bounds.yamlStart)}${out}${added}${markdown.slice(bounds.yamlEnd)}`;
}

/**
 * The cases without a line to add a field on or a value node to replace in place (a front matter
 * that is one flow map `{…}`; an explicit key `? lang` with no value): the front matter is
 * rewritten by the yaml package with the fields set (comments kept, layout its own).
 */
function rewrittenByYaml(markdown: string, bounds: FrontMatterBounds, doc: Document, wanted: ReadonlyArray<[string, string | boolean]>): string {
  for (const [key, value] of wanted) {
    const current = doc.get(key);
    if ((key === 'translationKey' && typeof current === 'string' && current !== '') || current === value) continue;
    doc.set(key, typeof value === 'string' && needsDoubleQuotes(value) ? Object.assign(new Scalar(value), { type: 'QUOTE_DOUBLE' }) : value);
  }
  const text = escapeControlCharacters(doc.toString({ lineWidth: 0 }));
  return `${markdown.slice(0, bounds.yamlStart)}${bounds.eol === '\n' ? text : text.replace(/\n/g, bounds.eol)}${markdown.slice(bounds.yamlEnd)}`;
}

/** A publication field's value on a line of its own: plain where every reader takes it back, else double-quoted. */
function newScalar(value: string | boolean): string {
  if (typeof value === 'boolean') return String(value);
  return isPortablePlain(value) ? value : doubleQuoted(value);
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
  const bounds = frontMatterBounds(markdown);
  if (!bounds || !hasControlCharacters(markdown.slice(0, bounds.yamlEnd))) return markdown;
  return removeControlCharacters(markdown.slice(0, bounds.yamlEnd)) + markdown.slice(bounds.yamlEnd);
}

import type { Nodes, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseMarkdown, type MarkdownDialect } from './parse-markdown.ts';
import { htmlTokens } from './html-tokens.ts';
import { textAtoms } from './inline-regions.ts';

/**
 * The markup skeleton of a markdown document: what must survive translation unchanged (issue 12's
 * publication invariant, rule `structure`). Text is left out; everything else is kept: block
 * structure in order, and per block the inline nodes (emphasis, strong, delete, links and
 * references with their URLs and labels, images, inline code, HTML, JSX, footnote references,
 * breaks) as a multiset, each with its inline ancestors, because translation may move phrases but
 * must not drop, add, empty or re-nest markup.
 */
export interface Skeleton {
  blocks: BlockShape[];
}

export interface BlockShape {
  /** Type and the attributes that text cannot change (`heading/2`, `code/ts`, `list/ordered`). */
  signature: string;
  /** Depth in the tree (0: child of the root). */
  depth: number;
  /** Source offsets (UTF-16) of the node in the document it was read from. */
  start: number;
  end: number;
  /** Inline markup directly in this block, sorted: `strong␟link(https://…)` (ancestors first), `strong∅` when emptied. */
  inline: string[];
  /** Inline HTML in document order is balanced (every opened element closed, properly nested). */
  htmlBalanced: boolean;
}

/** Paired inline markup: emptied when its text is gone. */
const WRAPPERS = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference', 'mdxJsxTextElement']);
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell']);
const INLINE = new Set([...WRAPPERS, 'text', 'image', 'imageReference', 'inlineCode', 'html', 'break', 'footnoteReference', 'mdxTextExpression']);
/** Between an inline node and its ancestors in a signature (never in URLs or markup). */
const SEP = '\u001F';
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Parse markdown (as `parse-markdown.ts` does, in the given dialect) and take its skeleton. */
export function skeletonOf(markdown: string, dialect: MarkdownDialect | 'auto' = 'auto'): Skeleton {
  return skeletonOfTree(parseMarkdown(markdown, dialect).tree, markdown);
}

/**
 * The skeleton of an already parsed tree (positions must be present). `markdown` is the text it
 * was parsed from: syntax the parser reads as text (template tags, `{{…}}`, `{#id}` anchors) is
 * found in it and counts as markup.
 */
export function skeletonOfTree(tree: Root, markdown: string): Skeleton {
  const blocks: BlockShape[] = [];
  const visitBlock = (node: Nodes, depth: number) => {
    const shape: BlockShape = { signature: blockSignature(node), depth, start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0, inline: [], htmlBalanced: true };
    blocks.push(shape);
    if (!('children' in node)) return;
    const html: string[] = [];
    const visitInline = (child: Nodes, ancestors: string) => {
      if (!INLINE.has(child.type)) return visitBlock(child, depth + 1);
      if (child.type === 'text') {
        for (const atom of textAtoms(markdown, child.position?.start.offset ?? 0, child.position?.end.offset ?? 0)) {
          const raw = markdown.slice(atom.start, atom.end);
          if (raw.startsWith('{')) shape.inline.push(`${ancestors}syntax(${raw})`);
        }
        return;
      }
      if (child.type === 'html') html.push(child.value);
      const emptied = (WRAPPERS.has(child.type) && 'children' in child && child.children.length > 0 && toString(child).trim() === '') || (child.type === 'image' && !child.alt?.trim());
      const name = `${ancestors}${inlineSignature(child)}${emptied ? '∅' : ''}`;
      shape.inline.push(name);
      if ('children' in child) for (const grandchild of (child as Parent).children) visitInline(grandchild as Nodes, `${name}${SEP}`);
    };
    // Only these hold phrasing content; elsewhere `html` is an HTML block (in a list item, a blockquote).
    const phrasing = PHRASING_PARENTS.has(node.type);
    for (const child of (node as Parent).children) {
      if (phrasing && INLINE.has(child.type)) visitInline(child as Nodes, '');
      else visitBlock(child as Nodes, depth + 1);
    }
    shape.inline.sort();
    shape.htmlBalanced = isBalanced(html);
  };
  // Front matter is YAML, not markdown: translated fields change its text, publication fields are added; it is checked by parsing it.
  for (const child of tree.children) if (child.type !== 'yaml') visitBlock(child as Nodes, 0);
  return { blocks };
}

export interface StructureDifference {
  /** Index into the source skeleton's blocks of the first block that differs (may equal its length: missing at the end). */
  sourceBlock: number;
  /** Index into the translated skeleton's blocks. */
  translatedBlock: number;
  /** What changed, for people: "bold (**…**) lost", "a new paragraph". */
  message: string;
}

/**
 * Compare a translation's skeleton with its source's. Returns the first difference (blocks are
 * compared in order; after one block differs the rest cannot be aligned reliably), or undefined
 * when the translation has the source's structure.
 */
export function compareSkeletons(source: Skeleton, translated: Skeleton): StructureDifference | undefined {
  const n = Math.max(source.blocks.length, translated.blocks.length);
  for (let i = 0; i < n; i++) {
    const a = source.blocks[i];
    const b = translated.blocks[i];
    const at = { sourceBlock: i, translatedBlock: i };
    if (!a) return { ...at, message: `an extra ${describeBlock(b.signature)} appears` };
    if (!b) return { ...at, message: `the ${describeBlock(a.signature)} is gone` };
    if (a.signature !== b.signature || a.depth !== b.depth) {
      const [was, now] = [describeBlock(a.signature), describeBlock(b.signature)];
      if (was !== now) return { ...at, message: `the ${was} became ${article(now)}` };
      return { ...at, message: `the ${was} changed its ${a.signature.startsWith('html/') ? 'tags' : a.signature.startsWith('tableRow/') ? 'number of cells' : 'form'} (${blockDetail(a.signature)} → ${blockDetail(b.signature)})` };
    }
    const inline = describeInlineDifference(a.inline, b.inline);
    if (inline) return { ...at, message: inline };
    if (a.htmlBalanced && !b.htmlBalanced) return { ...at, message: 'inline HTML tags are no longer balanced (a closing tag before its opening one, or crossed)' };
  }
  return undefined;
}

/** Inline difference of two sorted multisets, in words; undefined when equal. */
export function describeInlineDifference(source: readonly string[], translated: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const s of source) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const t of translated) counts.set(t, (counts.get(t) ?? 0) - 1);
  const lost = [...counts].filter(([, n]) => n > 0).map(([s]) => s);
  const added = [...counts].filter(([, n]) => n < 0).map(([s]) => s);
  if (lost.length === 0 && added.length === 0) return undefined;
  const emptied = lost.filter((s) => added.includes(`${s}∅`));
  const parts = [
    ...emptied.map((s) => `${describeInline(s)} emptied`),
    ...lost.filter((s) => !emptied.includes(s)).map((s) => `${describeInline(s)} lost`),
    ...added.filter((s) => !emptied.some((e) => `${e}∅` === s)).map((s) => `unexpected ${describeInline(s)}`),
  ];
  return parts.join('; ');
}

function blockSignature(node: Nodes): string {
  switch (node.type) {
    case 'heading':
      return `heading/${node.depth}`;
    case 'list':
      return `list/${node.ordered ? `ordered/${node.start ?? 1}` : 'bullet'}${node.spread ? '/loose' : ''}`;
    case 'listItem':
      return `listItem${node.checked === null || node.checked === undefined ? '' : `/${node.checked}`}`;
    case 'code':
      return `code/${node.lang ?? ''}/${node.meta ?? ''}/${node.value}`;
    case 'html':
      // Text inside an HTML block may be translated; its tags may not change.
      return `html/${htmlTokens(node.value)
        .filter((t) => t.type !== 'text')
        .map((t) => node.value.slice(t.start, t.end))
        .join('')}`;
    case 'definition':
      return `definition/${node.identifier}/${node.url}/${node.title ?? ''}`;
    case 'footnoteDefinition':
      return `footnoteDefinition/${node.identifier}`;
    case 'table':
      return `table/${(node.align ?? []).join(',')}`;
    case 'tableRow':
      return `tableRow/${node.children.length}`;
    case 'mdxFlowExpression':
    case 'mdxjsEsm':
      return `${node.type}/${node.value}`;
    case 'mdxJsxFlowElement':
      return `mdxJsxFlowElement/${node.name ?? ''}/${jsxAttributes(node)}`;
    default:
      return node.type;
  }
}

function inlineSignature(node: Nodes): string {
  switch (node.type) {
    case 'link':
      // A bare URL (GFM autolink literal, `<url>`) is not the source's `[text](url)`, though the URL is the same.
      return `${isBareLink(node) ? 'bareLink' : 'link'}(${node.url})`;
    case 'image':
      return `${node.type}(${node.url})`;
    case 'linkReference':
    case 'imageReference':
    case 'footnoteReference':
      // The label, not its form: `[Text][label]` may stand for `[label]` once the text is translated.
      return `${node.type}(${node.identifier})`;
    case 'inlineCode':
    case 'html':
    case 'mdxTextExpression':
      return `${node.type}(${node.value})`;
    case 'mdxJsxTextElement':
      return `${node.type}(${node.name ?? ''} ${jsxAttributes(node)})`;
    default:
      return node.type;
  }
}

function isBareLink(node: Nodes & { type: 'link' }): boolean {
  const text = toString(node);
  return text === node.url || `mailto:${text}` === node.url || `http://${text}` === node.url;
}

function jsxAttributes(node: Nodes & { attributes?: Array<{ type: string; name?: string; value?: unknown }> }): string {
  return (node.attributes ?? [])
    .map((a) => `${a.name ?? '{…}'}=${typeof a.value === 'string' ? a.value : a.value && typeof a.value === 'object' && 'value' in a.value ? String((a.value as { value: unknown }).value) : ''}`)
    .join(' ');
}

function isBalanced(html: readonly string[]): boolean {
  const open: string[] = [];
  for (const tag of html) {
    const m = /^<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>$/.exec(tag.trim());
    if (!m) continue; // comments, processing instructions, several tags in one node
    const [, closing, rawName, selfClosing] = m;
    const name = rawName.toLowerCase();
    if (selfClosing || VOID_ELEMENTS.has(name)) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

const BLOCK_NAMES: Record<string, string> = {
  paragraph: 'paragraph',
  heading: 'heading',
  list: 'list',
  listItem: 'list item',
  blockquote: 'blockquote',
  code: 'code block',
  html: 'HTML block',
  thematicBreak: 'thematic break',
  table: 'table',
  tableRow: 'table row',
  tableCell: 'table cell',
  definition: 'link definition',
  footnoteDefinition: 'footnote definition',
};

function describeBlock(signature: string): string {
  const [type, detail] = signature.split('/');
  const name = BLOCK_NAMES[type] ?? type;
  return type === 'heading' ? `level-${detail} heading` : name;
}

function article(phrase: string): string {
  return /^(?:[aeiou]|HTML)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

function blockDetail(signature: string): string {
  const detail = signature.slice(signature.indexOf('/') + 1);
  return detail.length > 60 ? `${detail.slice(0, 59)}…` : detail;
}

const INLINE_NAMES: Record<string, string> = {
  emphasis: 'emphasis (*…*)',
  strong: 'bold (**…**)',
  delete: 'strikethrough (~~…~~)',
  break: 'line break',
};

function describeInline(signature: string): string {
  const chain = signature.split(SEP);
  const own = chain[chain.length - 1].replace(/∅$/, '');
  const m = /^(\w+)(?:\((.*)\))?$/s.exec(own);
  const type = m?.[1] ?? own;
  const detail = m?.[2];
  const inside = chain.length > 1 ? ` inside ${chain.slice(0, -1).reverse().map((s) => describeInline(s)).join(' inside ')}` : '';
  const name =
    INLINE_NAMES[type] ??
    (type === 'link' ? `link to ${detail}` : type === 'bareLink' ? `bare URL ${detail}` : type === 'syntax' ? `template syntax ${detail}` : type === 'image' ? `image ${detail}` : type === 'linkReference' ? `link [${detail}]` : type === 'imageReference' ? `image [${detail}]` : type === 'footnoteReference' ? `footnote reference [^${detail}]` : type === 'inlineCode' ? `code \`${detail}\`` : type === 'html' ? `HTML ${detail}` : type === 'mdxJsxTextElement' ? `JSX <${(detail ?? '').trim()}>` : detail ? `${type} ${detail}` : type);
  return `${name}${inside}`;
}

/**
 * Compare the markup of two markdown fragments read alone (a segment and its translation). Where
 * the source reads as one plain paragraph (nearly always), the translation must too: an answer
 * that would open a list, quote, code block, HTML block or heading is refused. Where it does not (a
 * sentence starting "1. " reads as a list alone), only inline markup is compared. Returns what
 * differs in words, or undefined when the markup is the same.
 */
export function compareFragmentMarkup(source: string, translated: string): string | undefined {
  const sourceSkeleton = skeletonOf(source);
  const translatedSkeleton = skeletonOf(translated);
  if (sourceSkeleton.blocks.length === 1 && sourceSkeleton.blocks[0].signature === 'paragraph') {
    const difference = compareSkeletons(sourceSkeleton, translatedSkeleton);
    if (difference) return difference.message.replace(/^the paragraph became/, 'the sentence would become');
  }
  const a = flatInline(sourceSkeleton);
  const b = flatInline(translatedSkeleton);
  const difference = describeInlineDifference(a.inline, b.inline);
  if (difference) return difference;
  if (a.balanced && !b.balanced) return 'inline HTML tags are no longer balanced (a closing tag before its opening one, or crossed)';
  return undefined;
}

function flatInline(skeleton: Skeleton): { inline: string[]; balanced: boolean } {
  return { inline: skeleton.blocks.flatMap((b) => b.inline).sort(), balanced: skeleton.blocks.every((b) => b.htmlBalanced) };
}

import type { Html, Nodes, Parent, Root } from 'mdast';
import { parseMarkdown, type MarkdownDialect } from './parse-markdown.ts';
import { readFrontMatter } from './front-matter.ts';
import { blockSegments, type SentenceSplitter } from './block-segments.ts';
import { htmlBlockSegments } from './html-block-segments.ts';
import { offsets, templatePairable, type ProtectedSpan } from './inline-regions.ts';
import { templateSyntax } from './template-syntax.ts';
import type { Segment } from '../segment.ts';
import { lineIndex } from '../util/line-index.ts';
import { skeletonOfTree, type Skeleton } from './structure.ts';

export interface ExtractedArticle {
  /** Front-matter data, for bundles. */
  frontMatter: Record<string, unknown>;
  /** Front-matter field segments first, then prose sentences in document order. */
  segments: Segment[];
  dialect: MarkdownDialect;
  /**
   * Link reference definitions (`[label]: url`): normalised identifier (as mdast's `identifier`) →
   * destination. The first definition of a label wins, as in CommonMark. Lets the check resolve
   * `[text][label]`, `[label][]` and `[label]`.
   */
  definitions: Map<string, string>;
  /** The markup skeleton every bundle must keep (rule `structure`), read from the same parse. */
  skeleton: Skeleton;
}

/** Blocks whose inline content is prose. */
const PROSE_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
/** Blocks never translated, whatever they contain. */
const OPAQUE_BLOCKS = new Set(['code', 'yaml', 'mdxFlowExpression', 'mdxjsEsm', 'definition', 'math', 'thematicBreak']);
/** Nodes in which template syntax is an example, not syntax (documentation about Jekyll). */
const CODE_NODES = new Set(['code', 'inlineCode', 'math', 'inlineMath', 'yaml', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression']);

/**
 * Parse an article and list its segments. Pure: the same text always gives the same segments.
 * Prose comes from paragraphs, headings and table cells, and from the text of HTML blocks
 * (`html-block-segments.ts`); template syntax (Liquid tags, Hugo shortcodes) is protected wherever
 * it is, and the content of template code blocks (`{% codeblock %}…{% endcodeblock %}`) is never
 * prose (`template-syntax.ts`).
 */
export function extractArticle(source: string, options: { fields: readonly string[]; split: SentenceSplitter }): ExtractedArticle {
  const lineOf = lineIndex(source);
  const front = readFrontMatter(source, options.fields, lineOf);
  const { tree, dialect } = parseMarkdown(source);
  const { spans, codeBlocks } = protectedSpans(source, tree as Root);
  const insideCode = (start: number, end: number) => codeBlocks.some((span) => span.start <= start && end <= span.end);
  const near = (start: number, end: number) => spans.filter((span) => span.start < end && span.end > start);
  const segments = [...front.segments];
  const definitions = new Map<string, string>();
  const visit = (node: Nodes, inBlockquote: boolean) => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
    if (OPAQUE_BLOCKS.has(node.type)) return;
    if (node.type === 'html') {
      const { start, end } = offsets(node);
      if (!insideCode(start, end)) segments.push(...htmlBlockSegments(node as Html, source, options.split, lineOf, inBlockquote, near(start, end)));
      return;
    }
    if (PROSE_BLOCKS.has(node.type)) {
      const children = (node as Parent).children as Nodes[];
      if (children.length === 0) return;
      const start = offsets(children[0]).start;
      const end = offsets(children[children.length - 1]).end;
      if (insideCode(start, end)) return;
      const found = blockSegments(node as Nodes & { children: Nodes[] }, source, options.split, lineOf, inBlockquote, near(start, end));
      if (node.type === 'tableCell') for (const segment of found) segment.inTableCell = true;
      segments.push(...found);
      return;
    }
    if ('children' in node) for (const child of (node as Parent).children) visit(child as Nodes, inBlockquote || node.type === 'blockquote');
  };
  visit(tree as Root, false);
  return { frontMatter: front.data, segments, dialect, definitions, skeleton: skeletonOfTree(tree as Root, source) };
}

/**
 * Template tags and template code blocks outside code, as spans to copy unchanged (in order), and
 * the code blocks alone (blocks inside them are not prose at all).
 */
function protectedSpans(source: string, tree: Root): { spans: ProtectedSpan[]; codeBlocks: ProtectedSpan[] } {
  if (!/\{%|\{\{[<%]/.test(source)) return { spans: [], codeBlocks: [] }; // most articles: no template syntax at all
  const excluded: Array<[number, number]> = [];
  const walk = (node: Nodes) => {
    if (CODE_NODES.has(node.type) && node.position) excluded.push([offsets(node).start, offsets(node).end]);
    else if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes);
  };
  walk(tree);
  const { tags, codeBlocks } = templateSyntax(source, excluded);
  // A code block over several lines ends the sentence before it; one inside a line (`{% raw %}{{ x }}{% endraw %}`) is a word of it.
  const blocks = codeBlocks.map(([start, end]) => ({ start, end, boundary: source.slice(start, end).includes('\n') }));
  const spans: ProtectedSpan[] = [...tags.map((tag) => ({ start: tag.start, end: tag.end, pairable: templatePairable(source.slice(tag.start, tag.end)) })), ...blocks];
  return { spans: spans.sort((a, b) => a.start - b.start), codeBlocks: blocks };
}

/** 1-based line number of an offset (moved to util/line-index.ts; kept exported here). */
export { lineIndex };

import type { Nodes, Parent, Root } from 'mdast';
import { parseMarkdown, type MarkdownDialect } from './parse-markdown.ts';
import { readFrontMatter } from './front-matter.ts';
import { blockSegments, type SentenceSplitter } from './block-segments.ts';
import type { Segment } from '../segment.ts';
import { lineIndex } from '../util/line-index.ts';

export interface ExtractedArticle {
  /** Front-matter data, for bundles. */
  frontMatter: Record<string, unknown>;
  /** Front-matter field segments first, then prose sentences in document order. */
  segments: Segment[];
  dialect: MarkdownDialect;
}

/** Blocks whose inline content is prose. */
const PROSE_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
/** Blocks never translated, whatever they contain. */
const OPAQUE_BLOCKS = new Set(['code', 'html', 'yaml', 'mdxFlowExpression', 'mdxjsEsm', 'definition', 'math', 'thematicBreak']);

/** Parse an article and list its segments. Pure: the same text always gives the same segments. */
export function extractArticle(source: string, options: { fields: readonly string[]; split: SentenceSplitter }): ExtractedArticle {
  const lineOf = lineIndex(source);
  const front = readFrontMatter(source, options.fields, lineOf);
  const { tree, dialect } = parseMarkdown(source);
  const segments = [...front.segments];
  const visit = (node: Nodes, inBlockquote: boolean) => {
    if (OPAQUE_BLOCKS.has(node.type)) return;
    if (PROSE_BLOCKS.has(node.type)) {
      segments.push(...blockSegments(node as Nodes & { children: Nodes[] }, source, options.split, lineOf, inBlockquote));
      return;
    }
    if ('children' in node) for (const child of (node as Parent).children) visit(child as Nodes, inBlockquote || node.type === 'blockquote');
  };
  visit(tree as Root, false);
  return { frontMatter: front.data, segments, dialect };
}

/** 1-based line number of an offset (moved to util/line-index.ts; kept exported here). */
export { lineIndex };

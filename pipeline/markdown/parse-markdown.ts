import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import type { Root } from 'mdast';

export type MarkdownDialect = 'mdx' | 'commonmark';

export interface ParsedMarkdown {
  tree: Root;
  dialect: MarkdownDialect;
}

const mdxParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMdx);
const commonmarkParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/**
 * Parse with MDX first (JSX components and `{/*id*\/}` anchors become nodes we can protect), and
 * fall back to CommonMark + GFM when the file is not valid MDX (HTML comments, autolinks, `{#id}`
 * anchors, stray `<` or `{` in news prose). Both keep exact source offsets, which splicing needs.
 */
export function parseMarkdown(source: string, preferred: MarkdownDialect | 'auto' = 'auto'): ParsedMarkdown {
  if (preferred !== 'commonmark' && looksLikeMdx(source)) {
    try {
      return { tree: mdxParser.parse(source) as Root, dialect: 'mdx' };
    } catch {
      // Not valid MDX: CommonMark reads everything.
    }
  }
  return { tree: commonmarkParser.parse(source) as Root, dialect: 'commonmark' };
}

/** MDX only where the file uses it: a capitalised JSX tag or an expression anchor. */
function looksLikeMdx(source: string): boolean {
  return /<[A-Z][\w.]*[\s/>]|\{\/\*/.test(source);
}

/** One unit of translation in an article: a sentence of prose or a translatable front-matter field. */
export interface Segment {
  /** Markdown form of the source: what reviewers see, what memory keys on. */
  source: string;
  /** Tagged text for providers (see `provider.ts`). */
  tagged: string;
  /** Raw markdown behind each tag id, to turn a tagged translation back into markdown. */
  tags: Record<string, TagMarkup>;
  /** Source range in the article file that the translation replaces. */
  start: number;
  end: number;
  /** Container prefix (blockquote marker, list indentation) after each line break in the range. */
  linePrefixes: string[];
  /** The surrounding paragraph as plain text, for provider context. */
  context: string;
  /** 1-based line of `start` in the article file. */
  line: number;
  /** Front-matter field name for field segments; undefined for prose. */
  field?: string;
  /** A field whose value sits in a flow collection (`{title: …}`), where a plain scalar cannot hold `,[]{}`: written quoted. */
  flow?: boolean;
  /** Prose in a GFM table cell, where a bare `|` would end the cell: written `\|`. */
  inTableCell?: boolean;
}

export type TagMarkup = { open: string; close: string } | { atom: string };

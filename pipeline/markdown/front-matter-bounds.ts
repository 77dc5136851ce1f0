/**
 * The fences of a YAML front matter, apart from reading it: the run's unpublish step and the
 * bundle origin need only the bounds, not the segmenting reader (and what it loads).
 */

/** Where the YAML front matter of a markdown text lies (offsets are UTF-16 code units). */
export interface FrontMatterBounds {
  /** First character of the YAML text (after the opening `---` line and its line break). */
  yamlStart: number;
  /** End of the YAML text: the start of the closing `---` line. */
  yamlEnd: number;
  /** The line break of the opening fence line (`\n`, `\r\n` or `\r`): the file's own line ending. */
  eol: string;
}

/** The opening fence: `---` (trailing blanks allowed) on the first line. */
const OPEN = /^---[ \t]*(\r\n|\n|\r)/;
/** A closing fence: a line of `---` (trailing blanks allowed) after a line break (LF, CRLF or CR, as remark and YAML count lines). */
const CLOSE = /(?<=[\n\r])---[ \t]*(?=[\r\n]|$)/g;

/**
 * The front matter's place in `text`: its bounds when the text starts with a `---` line and a
 * closing `---` line follows; undefined when it does not start with one; null when it never
 * closes. The one definition of the fences: fields are read and bundles written through it.
 */
export function frontMatterBounds(text: string): FrontMatterBounds | null | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  CLOSE.lastIndex = open[0].length;
  const close = CLOSE.exec(text);
  if (!close) return null;
  return { yamlStart: open[0].length, yamlEnd: close.index, eol: open[1] };
}

/**
 * The error of an exchange file (TMX, XLIFF) that cannot be read: its message starts with
 * `FILE:LINE:COL:` (1-based line and column, never 0), as compilers and xmllint print positions.
 */

/** A malformed (or unusable) exchange file; `message` starts with `FILE:LINE:COL:`. */
export class XmlFileError extends Error {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (characters from the line start). */
  readonly column: number;
  /**
   * True when the file is not well-formed XML (any XML checker, e.g. `xmllint --noout`, reports it too);
   * false for a well-formed file we refuse: an entity declaration, an encoding we cannot decode,
   * the wrong root element, a missing attribute.
   */
  readonly syntax: boolean;
  constructor(file: string, line: number, column: number, reason: string, syntax = false) {
    const at = { line: Math.max(1, Math.trunc(line) || 1), column: Math.max(1, Math.trunc(column) || 1) };
    super(`${file}:${at.line}:${at.column}: ${reason}`);
    this.name = 'XmlFileError';
    this.file = file;
    this.line = at.line;
    this.column = at.column;
    this.syntax = syntax;
  }
}

/** 1-based line and column of the UTF-16 offset `offset` in `text` (lines end at LF). */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

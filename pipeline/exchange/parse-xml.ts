/**
 * Parse an exchange file (TMX, XLIFF) into a DOM with @xmldom/xmldom, refusing anything that is not
 * well-formed XML: every warning, error and fatal error of the parser becomes an `XmlFileError`
 * naming the file, line and column. A UTF-8 byte order mark is removed first. Pure but for the
 * parser.
 */
import { DOMParser, type Document } from '@xmldom/xmldom';

/** A malformed (or unusable) exchange file; `message` starts with `FILE:LINE:COL:`. */
export class XmlFileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, reason: string) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'XmlFileError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** XML 1.0 end-of-line handling only (CR LF and lone CR → LF); U+2028/2029/0085 are text, kept as they are. */
const xmlLineEndings = (text: string): string => text.replace(/\r\n?/g, '\n');

/**
 * `content` (a Buffer is decoded as UTF-8, as exchange files are; a BOM is dropped) → Document.
 * `file` only names the file in errors. Throws `XmlFileError` at the first problem the parser
 * reports (mismatched tags, undefined entities, duplicate attributes, text after the root …).
 */
export function parseXmlFile(content: string | Buffer, file: string): Document {
  let text = typeof content === 'string' ? content : content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new XmlFileError(file, 1, 1, 'the file is empty; expected an XML document');
  let reported: XmlFileError | undefined;
  const parser = new DOMParser({
    normalizeLineEndings: xmlLineEndings,
    onError(_level, message, context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) {
      reported ??= new XmlFileError(file, context?.locator?.lineNumber ?? 1, context?.locator?.columnNumber ?? 1, `not well-formed XML: ${message}`);
      throw reported;
    },
  });
  try {
    return parser.parseFromString(text, 'text/xml');
  } catch (error) {
    // xmldom wraps what onError throws in its own ParseError: report ours.
    if (reported) throw reported;
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    throw new XmlFileError(file, locator?.lineNumber ?? 1, locator?.columnNumber ?? 1, `not well-formed XML: ${(error as Error).message}`);
  }
}

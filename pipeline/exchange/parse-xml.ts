/**
 * Parse an exchange file (TMX, XLIFF) into a DOM, refusing anything that is not well-formed XML 1.0.
 *
 * Three steps: the bytes are decoded as the file says (byte order mark, XML declaration:
 * xml-encoding.ts); `saxes`, a strict XML 1.0 parser with namespaces, checks well-formedness
 * (a bare `&`, a control character such as U+0001, mismatched tags, an undefined entity, an
 * unbound prefix, text after the root …); then @xmldom/xmldom builds the DOM the readers walk.
 * A DOCTYPE may name an external DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`), which is never
 * loaded; entity declarations in it are refused (entity expansion bombs, external entities).
 * Every problem is an `XmlFileError` naming the file, line and column (1-based). Pure but for
 * the parsers.
 */
import { DOMParser, type Document } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { decodeXml } from './xml-encoding.ts';
import { XmlFileError, positionAt } from './xml-file-error.ts';

export { XmlFileError } from './xml-file-error.ts';

/** XML 1.0 end-of-line handling only (CR LF and lone CR → LF); U+2028/2029/0085 are text, kept as they are. */
const xmlLineEndings = (text: string): string => text.replace(/\r\n?/g, '\n');

/** A reference XML 1.0 defines without a DTD: the five predefined entities and character references. */
const REFERENCE = /^&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const NAMED = /^&([^\s&;<>"']+);/;

/**
 * The first `&` in `text[from, to)` that does not start a reference XML knows, as a reason for
 * the error: saxes reads an entity name up to the next `;`, so it reports a bare `&` far away
 * (at that `;`, or at the end of the file), not where it is.
 */
function badAmpersand(text: string, from: number, to: number): { offset: number; reason: string } | undefined {
  for (let offset = text.indexOf('&', from); offset !== -1 && offset < to; offset = text.indexOf('&', offset + 1)) {
    const rest = text.slice(offset, offset + 80);
    if (REFERENCE.test(rest)) continue;
    const named = NAMED.exec(rest);
    return named
      ? { offset, reason: `undefined entity &${named[1]}; (XML knows only &lt; &gt; &amp; &quot; &apos; and character references such as &#160;)` }
      : { offset, reason: 'a bare "&" (write it as &amp;)' };
  }
  return undefined;
}

/** Well-formedness of `text` (decoded, line ends normalized) by saxes; throws the first problem as an XmlFileError. */
function checkWellFormed(text: string, file: string): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  /** Where the last construct saxes reported ended: every `&` after it is in text or an attribute value. */
  let checked = 0;
  const mark = () => {
    checked = parser.position;
  };
  /** The open elements, for a message naming the one a wrong close tag meets. */
  const open: { name: string; line: number }[] = [];
  let closed: { name: string; line: number } | undefined;
  parser.on('opentag', (tag) => {
    if (!tag.isSelfClosing) open.push({ name: tag.name, line: parser.line });
    mark();
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) closed = open.pop();
    mark();
  });
  parser.on('text', mark);
  parser.on('cdata', mark);
  parser.on('comment', mark);
  parser.on('processinginstruction', mark);
  parser.on('xmldecl', mark);
  parser.on('doctype', (doctype) => {
    const entity = /<!ENTITY\b/.exec(doctype);
    if (entity) {
      const offset = text.indexOf('<!ENTITY', checked);
      const { line, column } = positionAt(text, offset === -1 ? checked : offset);
      throw new XmlFileError(file, line, column, 'entity declarations are not supported, for safety (entity expansion, external entities): write the text itself or character references (&#233;) instead');
    }
    mark();
  });
  parser.on('error', (error) => {
    // An entity error, or one at the end of the file (a bare & swallowed the rest): find the &.
    const bad = /entity/.test(error.message) || parser.position >= text.length ? badAmpersand(text, checked, Math.min(text.length, parser.position)) : undefined;
    if (bad) {
      const { line, column } = positionAt(text, bad.offset);
      throw new XmlFileError(file, line, column, `not well-formed XML: ${bad.reason}`, true);
    }
    const top = open[open.length - 1];
    const unexpected = /^\d+:\d+: unexpected close tag/.test(error.message); // saxes closed `closed` first
    if (unexpected || /^\d+:\d+: unmatched closing tag/.test(error.message)) {
      const meets = unexpected ? closed : top;
      const offset = text.lastIndexOf('</', parser.position - 1);
      const name = /^<\/([^\s>]*)/.exec(text.slice(offset))?.[1] ?? '';
      const { line, column } = positionAt(text, offset);
      const reason = meets ? `</${name}> where <${meets.name}> (line ${meets.line}) is open` : `</${name}> closes no open element`;
      throw new XmlFileError(file, line, column, `not well-formed XML: ${reason}`, true);
    }
    if (top && parser.position >= text.length) throw new XmlFileError(file, parser.line, parser.column, `not well-formed XML: the file ends inside <${top.name}> (line ${top.line})`, true);
    // saxes' message is "LINE:COLUMN: what." (column of the character just read).
    const reason = error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    throw new XmlFileError(file, parser.line, parser.column, `not well-formed XML: ${reason}`, true);
  });
  parser.write(text).close();
}

/**
 * `content` → Document. A Buffer is decoded by its byte order mark or XML declaration (UTF-8 by
 * default; UTF-16, ISO-8859-1, windows-1252 …); a string is taken as the decoded text. A byte
 * order mark is dropped; line ends are normalized (CR LF → LF). `file` only names the file in
 * errors; element nodes carry `lineNumber`/`columnNumber` (1-based) of their start tag.
 * @throws XmlFileError at the first problem: an empty file, an undecodable or unsupported
 *   encoding, an entity declaration, or anything not well-formed (`syntax` true).
 */
export function parseXmlFile(content: string | Buffer, file: string): Document {
  let text = typeof content === 'string' ? content : decodeXml(content, file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new XmlFileError(file, 1, 1, 'the file is empty; expected an XML document', true);
  text = xmlLineEndings(text);
  checkWellFormed(text, file);
  // A second net: what xmldom reports beyond saxes (warnings included) also refuses the file.
  let reported: XmlFileError | undefined;
  const parser = new DOMParser({
    normalizeLineEndings: xmlLineEndings,
    onError(level, message, context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) {
      // The text is decoded strictly (xml-encoding.ts): a U+FFFD in it is a real character, not a decoding loss.
      if (level === 'warning' && /replacement character/i.test(message)) return;
      reported ??= new XmlFileError(file, context?.locator?.lineNumber ?? 1, context?.locator?.columnNumber ?? 1, `not well-formed XML: ${message}`, true);
      throw reported;
    },
  });
  try {
    return parser.parseFromString(text, 'text/xml');
  } catch (error) {
    // xmldom wraps what onError throws in its own ParseError: report ours.
    if (reported) throw reported;
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    throw new XmlFileError(file, locator?.lineNumber ?? 1, locator?.columnNumber ?? 1, `not well-formed XML: ${(error as Error).message}`, true);
  }
}

/**
 * Read a TMX file (1.1 to 1.4b; level 1 or level 2) into plain data: its translation units, each
 * with its variants (language, text, properties, line). Pure but for the XML parser.
 *
 * Inline codes: TMX keeps the native code of the original format in `bpt`/`ept`/`ph`/`it`/`ut`
 * (for our own exports, the markdown behind the tags); their text content is kept in place, so a
 * variant's `text` is the segment in its original (markdown) form. `hi` marks text and is read
 * through; `sub` inside a code is part of that code's native text.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { XmlFileError, parseXmlFile } from './parse-xml.ts';

export interface TmxVariant {
  /** `xml:lang` (or TMX 1.1–1.3 `lang`) as written, e.g. `en-US`. */
  lang: string;
  /** The segment: text with inline codes' native content in place. */
  text: string;
  /** The variant's `prop` elements by type (the last one of a type wins), e.g. `{ 'x-status': 'reviewed' }`. */
  props: Record<string, string>;
  /** 1-based line of the `tuv`. */
  line: number;
}

export interface TmxUnit {
  /** 1-based line of the `tu`. */
  line: number;
  /** The unit's `srclang`, when it overrides the header's. */
  srclang?: string;
  variants: TmxVariant[];
}

export interface TmxDocument {
  /** `tmx@version` (`1.4` for 1.4b). */
  version?: string;
  /** The header's `srclang` (`*all*`: any variant may be the source); `*all*` when the header lacks it. */
  srclang: string;
  units: TmxUnit[];
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

/** Inline elements holding native code (their text is the original markup). */
const CODES = new Set(['bpt', 'ept', 'ph', 'it', 'ut']);

const childElements = (parent: Node, name: string): Element[] => {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) if (child.nodeType === ELEMENT && (child as Element).localName === name) out.push(child as Element);
  return out;
};

/** A `seg` (or `hi`) as text: text nodes, codes' native content, `hi` read through; comments left out. */
function segmentText(node: Node): string {
  let out = '';
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT || child.nodeType === CDATA) out += child.nodeValue ?? '';
    else if (child.nodeType === ELEMENT) out += CODES.has((child as Element).localName ?? '') ? (child.textContent ?? '') : segmentText(child);
  }
  return out;
}

function props(element: Element): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prop of childElements(element, 'prop')) {
    const type = prop.getAttribute('type');
    if (type) out[type] = prop.textContent ?? '';
  }
  return out;
}

const lineOf = (node: Node): number => (node as { lineNumber?: number }).lineNumber ?? 1;

/**
 * `content` (the bytes of a TMX file, decoded by its BOM or XML declaration, or its text) → its units. `file` names the file
 * in errors. Throws `XmlFileError` (`FILE:LINE:COL: …`) for malformed XML, a root that is not
 * `tmx`, a missing `body`, or a `tuv` without a language or without a `seg`.
 */
export function readTmx(content: string | Buffer, file: string): TmxDocument {
  const document = parseXmlFile(content, file);
  const root = document.documentElement;
  const at = (node: Node) => ({ line: lineOf(node), column: (node as { columnNumber?: number }).columnNumber ?? 1 });
  const fail = (node: Node, reason: string): never => {
    const { line, column } = at(node);
    throw new XmlFileError(file, line, column, reason);
  };
  if (!root || root.localName !== 'tmx') return fail(root ?? document, `expected a TMX document (root element <tmx>), found <${root?.tagName ?? 'nothing'}>`);
  const [header] = childElements(root, 'header');
  const [body] = childElements(root, 'body');
  if (!body) return fail(root, 'the <tmx> element has no <body>; expected <header …/> then <body> with the <tu> elements');
  const units: TmxUnit[] = [];
  for (const tu of childElements(body, 'tu')) {
    const variants: TmxVariant[] = [];
    for (const tuv of childElements(tu, 'tuv')) {
      const lang = tuv.getAttribute('xml:lang') || tuv.getAttribute('lang');
      if (!lang) fail(tuv, 'a <tuv> without xml:lang; every variant names its language (e.g. xml:lang="en-US")');
      const [seg] = childElements(tuv, 'seg');
      if (!seg) fail(tuv, `the <tuv xml:lang="${lang}"> has no <seg>`);
      variants.push({ lang: lang as string, text: segmentText(seg), props: props(tuv), line: lineOf(tuv) });
    }
    const srclang = tu.getAttribute('srclang') || undefined;
    units.push({ line: lineOf(tu), ...(srclang ? { srclang } : {}), variants });
  }
  return { version: root.getAttribute('version') || undefined, srclang: header?.getAttribute('srclang') || '*all*', units };
}

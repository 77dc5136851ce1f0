/**
 * A DOM document (xmldom) → the text of an XML file: declaration, two-space indentation between
 * structural elements only, and carriage returns kept. Shared by the XLIFF and TMX writers.
 */
import { XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;

/**
 * The document as UTF-8 XML text (a JS string; write it as UTF-8), ending in a line break.
 * Elements whose children are all elements get each child on its own line, indented two spaces per
 * level; elements named in `mixed` (those holding text: `source`, `target`, `note`, …) and any
 * element with a text child are written as they are, so no whitespace enters their content.
 * A carriage return in text becomes `&#13;` (a parser would otherwise read `\r\n` as `\n`).
 */
export function serializeXml(doc: Document, mixed: ReadonlySet<string>): string {
  if (doc.documentElement) indent(doc, doc.documentElement, 0, mixed);
  const body = new XMLSerializer().serializeToString(doc).replace(/\r/g, '&#13;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

function indent(doc: Document, element: Element, depth: number, mixed: ReadonlySet<string>): void {
  if (mixed.has(element.localName ?? element.nodeName)) return;
  const children: Node[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) children.push(child);
  if (children.length === 0 || children.some((c) => c.nodeType !== ELEMENT_NODE)) return;
  const pad = '\n' + '  '.repeat(depth + 1);
  for (const child of children) {
    element.insertBefore(doc.createTextNode(pad), child);
    indent(doc, child as Element, depth + 1, mixed);
  }
  element.appendChild(doc.createTextNode('\n' + '  '.repeat(depth)));
}

/**
 * Tagged text (tagged-text.ts) → XLIFF inline codes, written into a DOM element (`source`,
 * `target`). Our tag ids are the XLIFF ids, so a reader maps them straight back:
 *
 * | tagged        | XLIFF 1.2                                          | XLIFF 2.1                                                   |
 * |---------------|----------------------------------------------------|-------------------------------------------------------------|
 * | `<g1>…</g1>`  | `<g id="g1" ctype="bold" clone="no">…</g>`        | `<pc id="g1" dataRefStart="d1" dataRefEnd="d1" type="fmt" canCopy="no" canDelete="no">…</pc>` |
 * | `<x2/>`       | `<x id="x2" ctype="x-code" clone="no" equiv-text="`npm`"/>` | `<ph id="x2" dataRef="d2" type="other" canCopy="no" canDelete="no"/>` |
 * | U+0001        | `<x id="cp1" ctype="x-codepoint" equiv-text="U+0001"/>` | `<cp hex="0001"/>`                                     |
 *
 * 2.1 keeps the markdown behind each code in the unit's `<originalData>` (`originalDataIds` numbers
 * the distinct markup strings `d1`, `d2`, … in source order; empty markup gets no data). 1.2 has no
 * original data: the markdown is `equiv-text` of atoms and the unit's "Inline codes" note.
 * Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone
 * surrogates) travel as 2.1 `<cp>` or the 1.2 `x-codepoint` placeholder above (ids `cp1`, `cp2`, …
 * per element; a reader takes the character from `equiv-text`). A carriage return stays text: the
 * document writer (xml-document.ts) serializes it as `&#13;` so parsers keep it.
 */
import type { Document, Element, Node } from '@xmldom/xmldom';
import type { TagMarkup } from '../segment.ts';
import { tokenize } from '../tagged-text.ts';

/** The kind of markdown behind a tag, as far as XLIFF's code types tell a translator. */
export type MarkupKind = 'bold' | 'italic' | 'strike' | 'link' | 'image' | 'code' | 'html' | 'footnote' | 'template' | 'entity' | 'escape' | 'line-break' | 'url' | 'other';

/** Characters XML 1.0 does not allow in a document (a lone surrogate as its code unit). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every character XML 1.0 cannot hold shown as `U+HHHH` (for notes and attributes). */
export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML, codePointName);
}

function codePointName(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What a tag's markdown is: bold, a link, inline code, … (by its markup text; `other` when unsure). */
export function markupKind(markup: TagMarkup): MarkupKind {
  if ('atom' in markup) {
    const m = markup.atom;
    if (m.startsWith('`')) return 'code';
    if (m.startsWith('![')) return 'image';
    if (m.startsWith('[^')) return 'footnote';
    if (/^<br\s*\/?>$/i.test(m) || m === '\\\n' || /^ {2,}\n$/.test(m)) return 'line-break';
    if (/^<(?:https?:|mailto:|[^\s<>@]+@)/i.test(m) || /^(?:https?:\/\/|www\.)\S+$/i.test(m) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(m)) return 'url';
    if (/^&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);$/i.test(m)) return 'entity';
    if (/^\\[!-/:-@[-`{-~]$/.test(m)) return 'escape';
    if (m.startsWith('{{') || m.startsWith('{%')) return 'template';
    if (m.startsWith('<')) return 'html';
    return 'other';
  }
  const { open, close } = markup;
  if (open === '**' || open === '__') return 'bold';
  if (open === '*' || open === '_') return 'italic';
  if (open === '~~' || open === '~') return 'strike';
  if (open.startsWith('![')) return 'image';
  if (open.startsWith('[') && /^\](?:\(|\[)/.test(close)) return 'link';
  if (/^<(?:b|strong)\b/i.test(open)) return 'bold';
  if (/^<(?:i|em)\b/i.test(open)) return 'italic';
  if (/^<(?:s|del|strike)\b/i.test(open)) return 'strike';
  if (/^<a\b/i.test(open)) return 'link';
  if (open.startsWith('{{') || open.startsWith('{%')) return 'template';
  if (open.startsWith('<')) return 'html';
  return 'other';
}

/** XLIFF 1.2 `ctype` of a tag: the spec's values where one fits (`g`: bold, italic, link; `x`: image, lb), else `x-<kind>`. */
export function ctype12(markup: TagMarkup): string {
  const kind = markupKind(markup);
  if ('atom' in markup) return kind === 'image' ? 'image' : kind === 'line-break' ? 'lb' : `x-${kind}`;
  return kind === 'bold' || kind === 'italic' || kind === 'link' ? kind : `x-${kind}`;
}

/** XLIFF 2.1 `type` of a tag: fmt (formatting), link, image or other. */
export function type21(markup: TagMarkup): 'fmt' | 'link' | 'image' | 'other' {
  switch (markupKind(markup)) {
    case 'bold':
    case 'italic':
    case 'strike':
    case 'html':
      return 'fmt';
    case 'link':
    case 'url':
    case 'footnote':
      return 'link';
    case 'image':
      return 'image';
    default:
      return 'other';
  }
}

/**
 * The 2.1 `<data>` ids of a segment: each distinct non-empty markup string of its tags, in the
 * order the source uses them, → `d1`, `d2`, … (a bold pair's `**` open and close share one).
 * Tags of `tags` that the source text does not use are numbered after, in id order.
 */
export function originalDataIds(sourceTagged: string, tags: Readonly<Record<string, TagMarkup>>): Map<string, string> {
  const ids = new Map<string, string>();
  const add = (markup: string) => {
    if (markup !== '' && !ids.has(markup)) ids.set(markup, `d${ids.size + 1}`);
  };
  const addTag = (id: string, part: 'open' | 'close' | 'atom') => {
    const m = tags[id];
    if (!m) return;
    if ('atom' in m) add(m.atom);
    else add(part === 'close' ? m.close : m.open);
  };
  for (const token of tokenize(sourceTagged)) if (token.type !== 'text') addTag(token.id, token.type);
  for (const id of Object.keys(tags).sort()) {
    const m = tags[id];
    if ('atom' in m) add(m.atom);
    else {
      add(m.open);
      add(m.close);
    }
  }
  return ids;
}

/** Where and how to write: the version's namespace and, for 2.1, the unit's data ids. */
export type InlineTarget = { version: '1.2'; ns: string } | { version: '2.1'; ns: string; dataIds: ReadonlyMap<string, string> };

/**
 * Append `tagged` (escaped prose with `<gN>…</gN>` and `<xN/>`) to `parent` as text nodes and
 * XLIFF inline codes of `target.version`; `tags` is the source segment's markup per tag id.
 * Throws Error for a tag id `tags` lacks or for unbalanced tags (callers pass the source's tagged
 * text or a target built with its ids, which are balanced).
 */
export function appendInline(doc: Document, parent: Element, tagged: string, tags: Readonly<Record<string, TagMarkup>>, target: InlineTarget): void {
  const stack: Array<{ element: Element; id?: string }> = [{ element: parent }];
  let codePoints = 0;
  const top = () => stack[stack.length - 1].element;
  const append = (node: Node) => top().appendChild(node);
  const element = (name: string, attributes: Record<string, string | undefined>) => {
    const el = doc.createElementNS(target.ns, name);
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) el.setAttribute(key, value);
    return el;
  };
  const text = (value: string) => {
    let last = 0;
    for (const match of value.matchAll(NOT_XML)) {
      const at = match.index ?? 0;
      if (at > last) append(doc.createTextNode(value.slice(last, at)));
      const hex = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      if (target.version === '2.1') append(element('cp', { hex }));
      else append(element('x', { id: `cp${++codePoints}`, ctype: 'x-codepoint', 'equiv-text': `U+${hex}` }));
      last = at + match[0].length;
    }
    if (last < value.length) append(doc.createTextNode(value.slice(last)));
  };
  const markupOf = (id: string): TagMarkup => {
    const m = tags[id];
    if (!m) throw new Error(`tagged text uses <${id}>, which the segment's tags lack`);
    return m;
  };
  const dataRef = (markup: string) => (target.version === '2.1' && markup !== '' ? target.dataIds.get(markup) : undefined);

  for (const token of tokenize(tagged)) {
    if (token.type === 'text') {
      text(token.value);
    } else if (token.type === 'atom') {
      const m = markupOf(token.id);
      const atom = 'atom' in m ? m.atom : m.open + m.close;
      if (target.version === '2.1') append(element('ph', { id: token.id, dataRef: dataRef(atom), type: type21(m), canCopy: 'no', canDelete: 'no' }));
      else append(element('x', { id: token.id, ctype: ctype12(m), clone: 'no', 'equiv-text': xmlSafeText(atom) }));
    } else if (token.type === 'open') {
      const m = markupOf(token.id);
      if ('atom' in m) throw new Error(`tagged text pairs <${token.id}>, an atom in the segment's tags`);
      const el =
        target.version === '2.1'
          ? element('pc', { id: token.id, dataRefStart: dataRef(m.open), dataRefEnd: dataRef(m.close), type: type21(m), canCopy: 'no', canDelete: 'no' })
          : element('g', { id: token.id, ctype: ctype12(m), clone: 'no' });
      append(el);
      stack.push({ element: el, id: token.id });
    } else {
      if (stack.length === 1 || stack[stack.length - 1].id !== token.id) throw new Error(`tagged text closes <${token.id}> out of order`);
      stack.pop();
    }
  }
  if (stack.length > 1) throw new Error(`tagged text leaves <${stack[stack.length - 1].id}> open`);
}

/**
 * An XLIFF document model → XLIFF 1.2 text, valid against the OASIS 1.2 strict and transitional
 * XSDs (test/xliff-export.test.ts checks with xmllint).
 *
 * - `<file original="source/a.md" datatype="x-markdown" source-language target-language
 *   tool-id>` per article; `<header>` with the `<tool>` and the article's title as a note;
 * - `<trans-unit id="KEY" resname="KEY" approved="yes|no" extradata="jfid-translate written=HASH status=STATUS" xml:space="preserve">`
 *   per segment (`extradata`: what the locale file held and the entry's status, for the import's conflict checks);
 * - `<target state>`: machine → `translated` (`state-qualifier="leveraged-mt"`), unknown and
 *   stale → `needs-review-translation`, reviewed → `signed-off` (and `approved="yes"`);
 *   missing and rejected: no target;
 * - inline codes `<g>`/`<x>` (xliff-inline-write.ts); 1.2 has no original data, so the markdown
 *   behind the codes is `x@equiv-text` and an "Inline codes" note;
 * - notes (`from="jfid-translate"`, comments of the locale file `from="locale-file"`); fuzzy memory matches
 *   and a stale entry's machine suggestion as `<alt-trans>` (`match-quality` in percent).
 */
import { DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import type { TagMarkup } from '../segment.ts';
import { escapeText, tokenize } from '../tagged-text.ts';
import { appendInline, xmlSafeText } from './xliff-inline-write.ts';
import { noteText, type XliffDocument, type XliffNote, type XliffUnit } from './xliff-model.ts';
import { WRITTEN_CATEGORY, XLIFF12_NS, XML_NS } from './xliff-namespaces.ts';
import { serializeXml } from './xml-serialize.ts';

const MIXED = new Set(['source', 'target', 'note']);
const INLINE = { version: '1.2' as const, ns: XLIFF12_NS };

/** The XLIFF 1.2 text of `model` (UTF-8 XML, ending in a line break). */
export function writeXliff12(model: XliffDocument): string {
  const doc = new DOMImplementation().createDocument(XLIFF12_NS, 'xliff', null);
  const root = doc.documentElement as Element;
  root.setAttribute('version', '1.2');
  for (const file of model.files) {
    const fileEl = el(doc, root, 'file', {
      original: xmlSafeText(file.original),
      'source-language': model.sourceLocale,
      'target-language': model.targetLocale,
      datatype: 'x-markdown',
      'tool-id': model.tool.id,
    });
    const header = el(doc, fileEl, 'header', {});
    el(doc, header, 'tool', { 'tool-id': model.tool.id, 'tool-name': model.tool.id, 'tool-version': model.tool.version });
    for (const note of file.notes) appendNote(doc, header, note);
    const body = el(doc, fileEl, 'body', {});
    for (const unit of file.units) writeUnit(doc, body, unit);
  }
  return serializeXml(doc, MIXED);
}

function writeUnit(doc: Document, body: Element, unit: XliffUnit): void {
  const target12 = state12(unit);
  const unitEl = el(doc, body, 'trans-unit', { id: xmlSafeText(unit.key), resname: xmlSafeText(unit.key), approved: target12?.state === 'signed-off' ? 'yes' : 'no', extradata: `${WRITTEN_CATEGORY} written=${unit.written} status=${unit.status}` });
  unitEl.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  appendInline(doc, el(doc, unitEl, 'source', {}), unit.sourceTagged, unit.tags, INLINE);
  if (unit.targetTagged !== undefined && target12) {
    const targetEl = el(doc, unitEl, 'target', { state: target12.state, 'state-qualifier': target12.qualifier });
    appendInline(doc, targetEl, unit.targetTagged, unit.tags, INLINE);
  }
  for (const note of unit.notes) appendNote(doc, unitEl, note);
  const codes = codesNote(unit.sourceTagged, unit.tags);
  if (codes) appendNote(doc, unitEl, codes);
  for (const match of unit.matches) {
    const alt = el(doc, unitEl, 'alt-trans', { 'match-quality': match.similarity === undefined ? undefined : String(match.similarity), origin: xmlSafeText(match.origin) });
    appendInline(doc, el(doc, alt, 'source', {}), escapeText(match.source), {}, INLINE);
    appendInline(doc, el(doc, alt, 'target', {}), escapeText(match.target), {}, INLINE);
  }
}

/** 1.2 `target@state` (and `state-qualifier`) of a unit's status; undefined: no target is written. */
export function state12(unit: Pick<XliffUnit, 'status' | 'targetTagged'>): { state: string; qualifier?: string } | undefined {
  if (unit.targetTagged === undefined) return undefined;
  switch (unit.status) {
    case 'reviewed':
      return { state: 'signed-off' };
    case 'machine':
      return { state: 'translated', qualifier: 'leveraged-mt' };
    case 'unknown':
    case 'stale':
      return { state: 'needs-review-translation' };
    default:
      return undefined;
  }
}

/** "Inline codes: g1 = ** … **; x2 = `npm`": the markdown behind each code, in source order. */
function codesNote(tagged: string, tags: Readonly<Record<string, TagMarkup>>): XliffNote | undefined {
  const parts: string[] = [];
  for (const token of tokenize(tagged)) {
    if (token.type !== 'open' && token.type !== 'atom') continue;
    const m = tags[token.id];
    if (!m) continue;
    parts.push('atom' in m ? `${token.id} = ${m.atom}` : `${token.id} = ${m.open} … ${m.close}`);
  }
  return parts.length === 0 ? undefined : { category: 'codes', text: parts.join('; ') };
}

function appendNote(doc: Document, parent: Element, note: XliffNote): void {
  const annotates = note.appliesTo === 'source' ? 'source' : note.appliesTo === 'target' ? 'target' : undefined;
  const n = el(doc, parent, 'note', { from: note.category === 'comment' ? 'locale-file' : 'jfid-translate', annotates });
  n.appendChild(doc.createTextNode(xmlSafeText(noteText(note))));
}

function el(doc: Document, parent: Element, name: string, attributes: Record<string, string | undefined>): Element {
  const element = doc.createElementNS(XLIFF12_NS, name);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(key, value);
  parent.appendChild(element);
  return element;
}

/**
 * An XLIFF document model → XLIFF 2.1 text: core plus the Translation Candidates module
 * (`mtc:matches`). Valid against the OASIS XSDs `xliff_core_2.0.xsd` and `matches.xsd`
 * (test/xliff-export.test.ts checks with xmllint).
 *
 * - `<file id="f1" original="source/a.md">` per article, its title as a file note;
 * - `<unit id="KEY" name="KEY">` per segment (`id` = `u<N>` when the key is not an NMTOKEN), one
 *   `<segment id="s1" state="…">`; states: missing, rejected, stale → `initial` (a stale entry
 *   keeps its old target), machine and unknown → `translated`, reviewed → `reviewed`;
 * - source and target with `<pc>`/`<ph>` (xliff-inline-write.ts), the markdown in `<originalData>`;
 * - `mda:metadata` with what the locale file held (`written`) and the entry's status (`status`),
 *   for the import's conflict checks;
 * - notes with `category` (context, status, previous-source, …); fuzzy memory matches and a stale
 *   entry's machine suggestion as `<mtc:match ref="#s1">`.
 */
import { DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import { escapeText } from '../tagged-text.ts';
import { appendInline, originalDataIds, xmlSafeText } from './xliff-inline-write.ts';
import { noteText, type XliffDocument, type XliffNote, type XliffUnit } from './xliff-model.ts';
import { MATCHES_NS, METADATA_NS, WRITTEN_CATEGORY, XLIFF20_NS, XML_NS, XMLNS_NS } from './xliff-namespaces.ts';
import { serializeXml } from './xml-serialize.ts';

const MIXED = new Set(['source', 'target', 'note', 'data']);
/** XML NMTOKEN: name characters only (the XSD type of `unit@id`). */
const NMTOKEN = /^[-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]+$/;
const SEGMENT_ID = 's1';

/** The XLIFF 2.1 text of `model` (UTF-8 XML, ending in a line break). */
export function writeXliff21(model: XliffDocument): string {
  const doc = new DOMImplementation().createDocument(XLIFF20_NS, 'xliff', null);
  const root = doc.documentElement as Element;
  root.setAttribute('version', '2.1');
  root.setAttribute('srcLang', model.sourceLocale);
  root.setAttribute('trgLang', model.targetLocale);
  if (model.files.some((f) => f.units.some((u) => u.matches.length > 0))) root.setAttributeNS(XMLNS_NS, 'xmlns:mtc', MATCHES_NS);
  if (model.files.some((f) => f.units.length > 0)) root.setAttributeNS(XMLNS_NS, 'xmlns:mda', METADATA_NS);
  model.files.forEach((file, i) => {
    const fileEl = el(doc, root, 'file', { id: `f${i + 1}`, original: xmlSafeText(file.original) });
    appendNotes(doc, fileEl, file.notes);
    const usedIds = new Set<string>();
    file.units.forEach((unit, n) => writeUnit(doc, fileEl, unit, unitId(unit.key, n, usedIds)));
  });
  return serializeXml(doc, MIXED);
}

/** `unit@id`: the key when it is an NMTOKEN not used yet in the file, else `u<N>` (N = 1-based position). */
function unitId(key: string, index: number, used: Set<string>): string {
  let id = NMTOKEN.test(key) && !used.has(key) ? key : `u${index + 1}`;
  while (used.has(id)) id = `${id}_`;
  used.add(id);
  return id;
}

function writeUnit(doc: Document, parent: Element, unit: XliffUnit, id: string): void {
  const unitEl = el(doc, parent, 'unit', { id, name: xmlSafeText(unit.key) });
  const metadata = doc.createElementNS(METADATA_NS, 'mda:metadata');
  const group = doc.createElementNS(METADATA_NS, 'mda:metaGroup');
  group.setAttribute('category', WRITTEN_CATEGORY);
  const meta = doc.createElementNS(METADATA_NS, 'mda:meta');
  meta.setAttribute('type', 'written');
  meta.appendChild(doc.createTextNode(unit.written));
  unitEl.appendChild(metadata).appendChild(group).appendChild(meta);
  const status = doc.createElementNS(METADATA_NS, 'mda:meta');
  status.setAttribute('type', 'status');
  status.appendChild(doc.createTextNode(unit.status));
  group.appendChild(status);
  if (unit.matches.length > 0) {
    const matches = doc.createElementNS(MATCHES_NS, 'mtc:matches');
    unitEl.appendChild(matches);
    for (const match of unit.matches) {
      const m = doc.createElementNS(MATCHES_NS, 'mtc:match');
      m.setAttribute('ref', `#${SEGMENT_ID}`);
      m.setAttribute('type', match.type);
      m.setAttribute('origin', xmlSafeText(match.origin));
      if (match.similarity !== undefined) m.setAttribute('similarity', String(Math.max(0, Math.min(100, match.similarity))));
      matches.appendChild(m);
      textChild(doc, m, 'source', match.source);
      textChild(doc, m, 'target', match.target);
    }
  }
  appendNotes(doc, unitEl, unit.notes);
  const dataIds = originalDataIds(unit.sourceTagged, unit.tags);
  if (dataIds.size > 0) {
    const original = el(doc, unitEl, 'originalData', {});
    for (const [markup, dataId] of dataIds) {
      const data = el(doc, original, 'data', { id: dataId });
      appendInline(doc, data, escapeText(markup), {}, { version: '2.1', ns: XLIFF20_NS, dataIds: new Map() });
    }
  }
  const segment = el(doc, unitEl, 'segment', { id: SEGMENT_ID, state: state21(unit) });
  const target = { version: '2.1' as const, ns: XLIFF20_NS, dataIds };
  const source = el(doc, segment, 'source', {});
  source.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  appendInline(doc, source, unit.sourceTagged, unit.tags, target);
  if (unit.targetTagged !== undefined) {
    const targetEl = el(doc, segment, 'target', {});
    targetEl.setAttributeNS(XML_NS, 'xml:space', 'preserve');
    appendInline(doc, targetEl, unit.targetTagged, unit.tags, target);
  }
}

/** 2.1 `segment@state` of a unit's status. */
export function state21(unit: Pick<XliffUnit, 'status' | 'targetTagged'>): 'initial' | 'translated' | 'reviewed' {
  if (unit.targetTagged === undefined) return 'initial';
  switch (unit.status) {
    case 'reviewed':
      return 'reviewed';
    case 'machine':
    case 'unknown':
      return 'translated';
    default:
      return 'initial';
  }
}

function appendNotes(doc: Document, parent: Element, notes: readonly XliffNote[]): void {
  if (notes.length === 0) return;
  const notesEl = el(doc, parent, 'notes', {});
  for (const note of notes) {
    const n = el(doc, notesEl, 'note', { category: note.category, appliesTo: note.appliesTo });
    n.appendChild(doc.createTextNode(xmlSafeText(noteText(note))));
  }
}

/** A `source`/`target` of a match: its markdown as text (`<cp>` for characters XML cannot hold). */
function textChild(doc: Document, parent: Element, name: 'source' | 'target', text: string): void {
  const child = doc.createElementNS(XLIFF20_NS, name);
  child.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  parent.appendChild(child);
  appendInline(doc, child, escapeText(text), {}, { version: '2.1', ns: XLIFF20_NS, dataIds: new Map() });
}

function el(doc: Document, parent: Element, name: string, attributes: Record<string, string | undefined>): Element {
  const element = doc.createElementNS(XLIFF20_NS, name);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(key, value);
  parent.appendChild(element);
  return element;
}

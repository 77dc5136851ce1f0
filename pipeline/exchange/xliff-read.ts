/**
 * An XLIFF document (1.2, or 2.x: 2.0, 2.1, 2.2) read into plain units: per `<file>` its
 * `original`, per unit its id, key, line, state and the source and target content as inline
 * tokens (text and codes by their XLIFF ids). Parsed with @xmldom/xmldom (`parse-xml.ts`); any
 * parser warning or error is an `XmlFileError` naming FILE:LINE:COL. What the importer does with the units is
 * `xliff-import.ts`'s business.
 *
 * Inline codes read (ids as written; `rid` links a 1.2 begin/end pair when present):
 *
 * | token | XLIFF 1.2                                  | XLIFF 2.x                       |
 * |-------|--------------------------------------------|---------------------------------|
 * | open  | `<g>` start, `<bx/>`, `<bpt>`, `<it pos="open">`  | `<pc>` start, `<sc/>`     |
 * | close | `</g>`, `<ex/>`, `<ept>`, `<it pos="close">`      | `</pc>`, `<ec/>` (`startRef`) |
 * | atom  | `<x/>`, `<ph>`                             | `<ph/>`                         |
 * | text  | text; `<x ctype="x-codepoint" equiv-text="U+HHHH"/>` → the character; `<mrk>` is transparent | text; `<cp hex>` → the character; `<mrk>` transparent, `<sm/>`/`<em/>` dropped |
 */
import type { Element, Node } from '@xmldom/xmldom';
import { parseXmlFile, XmlFileError } from './parse-xml.ts';
import { METADATA_NS, WRITTEN_CATEGORY, XLIFF12_NS, XLIFF20_NS } from './xliff-namespaces.ts';

export type InlineToken = { type: 'text'; value: string } | { type: 'open' | 'close' | 'atom'; id: string };

/** One translation unit (2.x `unit`, 1.2 `trans-unit`). */
export interface XliffUnit {
  /** `unit@id` / `trans-unit@id`. */
  id: string;
  /** Our segment key: 2.x `unit@name`, 1.2 `trans-unit@resname`, else the id. */
  key: string;
  /** 1-based line and column of the unit's start tag. */
  line: number;
  column: number;
  source: InlineToken[];
  /** Absent when the unit has no `<target>` (in 2.x: no segment has one). */
  target?: InlineToken[];
  /** Line of the (first) `<target>`, for messages about the translation. */
  targetLine?: number;
  /**
   * The unit's state as written: 2.x the lowest `segment@state` of its segments (default
   * `initial`), 1.2 `target@state` (undefined when absent).
   */
  state?: string;
  /** The state says a reviewer signed the target off: 2.x `reviewed`/`final`; 1.2 `signed-off`/`final` or `trans-unit@approved="yes"`. */
  reviewed: boolean;
  /** What the locale file held at export (our exports only: `textHash` of the value, '' for none); undefined when the file does not say. */
  written?: string;
  /**
   * The entry's review status at export (our exports since the status was recorded: `reviewed`,
   * `machine`, …; 2.x `mda:meta type="status"`, 1.2 `extradata="… status=STATUS"`); undefined when
   * the file does not say (older exports, other tools, metadata removed).
   */
  exportedStatus?: string;
  /**
   * 2.x: why the unit is only partly translated (a segment without a target, or with an empty one,
   * while another segment has one): such a unit cannot be applied. Undefined otherwise (and in 1.2).
   */
  incomplete?: string;
  /** Content the reader could not map to tagged text (an unknown inline element, a code without id): the unit cannot be applied. */
  problems: string[];
}

export interface XliffFile {
  /** `file@original`: for our exports, the article's source path relative to the config's folder. */
  original?: string;
  line: number;
  units: XliffUnit[];
}

export interface XliffDocument {
  /** `xliff@version` as written (`1.2`, `2.0`, `2.1`, …). */
  version: string;
  sourceLanguage?: string;
  /** 2.x `xliff@trgLang`; 1.2 the files' `target-language` (all files must agree). */
  targetLanguage?: string;
  files: XliffFile[];
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const XLIFF2_STATES = ['initial', 'translated', 'reviewed', 'final'];

/**
 * Parse an XLIFF document (`parseXmlFile`: a Buffer is UTF-8, a leading BOM is dropped).
 *
 * @param fileName used in error messages only
 * @throws XmlFileError (`FILE:LINE:COL: …`) for malformed XML (any parser warning counts), a root that is not
 *   `<xliff>`, an unsupported version, 1.2 files that disagree on `target-language`
 */
export function readXliff(content: string | Buffer, fileName: string): XliffDocument {
  const doc = parseXmlFile(content, fileName);
  const root = doc.documentElement as Element | null;
  if (!root || root.localName !== 'xliff') throw new XmlFileError(fileName, line(root), column(root), `the root element is <${root?.nodeName ?? ''}>, not <xliff>: not an XLIFF file`);
  const version = root.getAttribute('version') ?? '';
  if (version === '1.2' || (version === '' && root.namespaceURI === XLIFF12_NS)) return read12(root, fileName);
  if (/^2\.\d$/.test(version) && root.namespaceURI === XLIFF20_NS) return read2(root, version);
  throw new XmlFileError(fileName, line(root), column(root), `XLIFF version "${version}" (namespace ${root.namespaceURI ?? 'none'}) is not supported: use 1.2 or 2.x (urn:oasis:names:tc:xliff:document:2.0)`);
}

function read2(root: Element, version: string): XliffDocument {
  const files: XliffFile[] = [];
  for (const file of children(root, XLIFF20_NS, 'file')) {
    const units: XliffUnit[] = [];
    const visit = (parent: Element) => {
      for (const child of children(parent, XLIFF20_NS)) {
        if (child.localName === 'group') visit(child);
        else if (child.localName === 'unit') units.push(unit2(child));
      }
    };
    visit(file);
    files.push({ original: file.getAttribute('original') ?? undefined, line: line(file), units });
  }
  return { version, sourceLanguage: root.getAttribute('srcLang') ?? undefined, targetLanguage: root.getAttribute('trgLang') ?? undefined, files };
}

function unit2(unit: Element): XliffUnit {
  const problems: string[] = [];
  const source: InlineToken[] = [];
  const target: InlineToken[] = [];
  let hasTarget = false;
  let targetLine: number | undefined;
  let lowest = XLIFF2_STATES.length - 1;
  let segments = 0;
  const untranslated: number[] = [];
  for (const part of children(unit, XLIFF20_NS)) {
    if (part.localName !== 'segment' && part.localName !== 'ignorable') continue;
    const src = children(part, XLIFF20_NS, 'source')[0];
    const trg = children(part, XLIFF20_NS, 'target')[0];
    if (src) source.push(...inline2(src, problems));
    else problems.push(`line ${line(part)}: <${part.localName}> without <source>`);
    if (trg) {
      hasTarget = true;
      targetLine ??= line(trg);
      target.push(...inline2(trg, problems));
    } else if (src) {
      // An ignorable without target stands as its source (XLIFF 2 core, 4.2.2.7); a segment without one leaves the unit untranslated.
      if (part.localName === 'ignorable') target.push(...inline2(src, []));
    }
    if (part.localName === 'segment') {
      segments++;
      if (!trg || inline2(trg, []).every((t) => t.type === 'text' && t.value.trim() === '')) untranslated.push(segments);
      const state = part.getAttribute('state') || 'initial';
      const rank = XLIFF2_STATES.indexOf(state);
      if (rank === -1) problems.push(`line ${line(part)}: segment state "${state}" is not one of ${XLIFF2_STATES.join(', ')}`);
      else lowest = Math.min(lowest, rank);
      if (!trg) lowest = 0;
    }
  }
  if (segments === 0) problems.push('the unit has no <segment>');
  const state = segments === 0 ? undefined : XLIFF2_STATES[lowest];
  const id = unit.getAttribute('id') ?? '';
  const record = record2(unit);
  const incomplete =
    hasTarget && untranslated.length > 0 && untranslated.length < segments
      ? `segment${untranslated.length === 1 ? '' : 's'} ${untranslated.join(', ')} of ${segments} ${untranslated.length === 1 ? 'has' : 'have'} no target (or an empty one): the unit is translated only in part`
      : undefined;
  return {
    id,
    key: unit.getAttribute('name') || id,
    line: line(unit),
    column: column(unit),
    source,
    target: hasTarget ? target : undefined,
    targetLine,
    state,
    reviewed: state === 'reviewed' || state === 'final',
    written: record.written,
    exportedStatus: record.status,
    incomplete,
    problems,
  };
}

function inline2(element: Element, problems: string[]): InlineToken[] {
  const out: InlineToken[] = [];
  const walk = (parent: Node) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
        out.push({ type: 'text', value: node.nodeValue ?? '' });
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) continue;
      const el = node as Element;
      const id = el.getAttribute('id') ?? '';
      const name = el.namespaceURI === XLIFF20_NS ? el.localName : `{${el.namespaceURI ?? ''}}${el.localName}`;
      const needId = () => {
        if (id === '') problems.push(`line ${line(el)}: <${el.localName}> without id`);
        return id;
      };
      switch (name) {
        case 'pc':
          out.push({ type: 'open', id: needId() });
          walk(el);
          out.push({ type: 'close', id });
          break;
        case 'ph':
          out.push({ type: 'atom', id: needId() });
          break;
        case 'sc':
          out.push({ type: 'open', id: needId() });
          break;
        case 'ec': {
          const ref = el.getAttribute('startRef') || id;
          if (ref === '') problems.push(`line ${line(el)}: <ec> without startRef or id`);
          out.push({ type: 'close', id: ref });
          break;
        }
        case 'cp':
          out.push({ type: 'text', value: codePoint(el.getAttribute('hex') ?? '', el, problems) });
          break;
        case 'mrk':
          walk(el);
          break;
        case 'sm':
        case 'em':
          break;
        default:
          problems.push(`line ${line(el)}: <${el.nodeName}> is not an XLIFF 2 inline element`);
      }
    }
  };
  walk(element);
  return out;
}

function read12(root: Element, fileName: string): XliffDocument {
  const ns = root.namespaceURI ?? null;
  const files: XliffFile[] = [];
  let sourceLanguage: string | undefined;
  let targetLanguage: string | undefined;
  for (const file of children(root, ns, 'file')) {
    sourceLanguage ??= file.getAttribute('source-language') ?? undefined;
    const target = file.getAttribute('target-language') || undefined;
    if (target !== undefined && targetLanguage !== undefined && target.toLowerCase() !== targetLanguage.toLowerCase()) {
      throw new XmlFileError(fileName, line(file), column(file), `this <file> has target-language "${target}", an earlier one "${targetLanguage}": import one target language per XLIFF file`);
    }
    targetLanguage ??= target;
    const units: XliffUnit[] = [];
    const visit = (parent: Element) => {
      for (const child of children(parent, ns)) {
        if (child.localName === 'group') visit(child);
        else if (child.localName === 'trans-unit') units.push(unit12(child, ns));
      }
    };
    for (const body of children(file, ns, 'body')) visit(body);
    files.push({ original: file.getAttribute('original') ?? undefined, line: line(file), units });
  }
  return { version: root.getAttribute('version') || '1.2', sourceLanguage, targetLanguage, files };
}

/** 1.2 `trans-unit@extradata` as our export writes it (`status=` since the status is recorded; older exports lack it). */
const RECORD_12 = new RegExp(`^${WRITTEN_CATEGORY} written=([0-9a-f]*)(?: status=([a-z]+))?$`);

/**
 * 2.x `<mda:metaGroup category="jfid-translate">`: what the locale file held at export
 * (`<mda:meta type="written">`) and the entry's status then (`<mda:meta type="status">`).
 */
function record2(unit: Element): { written?: string; status?: string } {
  const record: { written?: string; status?: string } = {};
  for (const group of Array.from(unit.getElementsByTagNameNS(METADATA_NS, 'metaGroup'))) {
    if (group.getAttribute('category') !== WRITTEN_CATEGORY) continue;
    for (const meta of Array.from(group.getElementsByTagNameNS(METADATA_NS, 'meta'))) {
      const text = meta.textContent ?? '';
      if (meta.getAttribute('type') === 'written' && /^[0-9a-f]*$/.test(text)) record.written ??= text;
      if (meta.getAttribute('type') === 'status' && /^[a-z]+$/.test(text)) record.status ??= text;
    }
  }
  return record;
}

function unit12(unit: Element, ns: string | null): XliffUnit {
  const problems: string[] = [];
  const src = children(unit, ns, 'source')[0];
  const trg = children(unit, ns, 'target')[0];
  if (!src) problems.push('the trans-unit has no <source>');
  const state = trg?.getAttribute('state') || undefined;
  const id = unit.getAttribute('id') ?? '';
  const record = RECORD_12.exec(unit.getAttribute('extradata') ?? '');
  return {
    id,
    key: unit.getAttribute('resname') || id,
    line: line(unit),
    column: column(unit),
    source: src ? inline12(src, ns, problems) : [],
    target: trg ? inline12(trg, ns, problems) : undefined,
    targetLine: trg ? line(trg) : undefined,
    state,
    reviewed: state === 'signed-off' || state === 'final' || unit.getAttribute('approved') === 'yes',
    written: record?.[1],
    exportedStatus: record?.[2],
    problems,
  };
}

function inline12(element: Element, ns: string | null, problems: string[]): InlineToken[] {
  const out: InlineToken[] = [];
  const walk = (parent: Node) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
        out.push({ type: 'text', value: node.nodeValue ?? '' });
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) continue;
      const el = node as Element;
      const name = (el.namespaceURI ?? null) === ns ? el.localName : `{${el.namespaceURI ?? ''}}${el.localName}`;
      // A begin/end pair (bx/ex, bpt/ept, it) is linked by rid when the tool wrote one, else by id.
      const ref = () => {
        const value = el.getAttribute('rid') || el.getAttribute('id') || '';
        if (value === '') problems.push(`line ${line(el)}: <${el.localName}> without id`);
        return value;
      };
      switch (name) {
        case 'g': {
          const id = ref();
          out.push({ type: 'open', id });
          walk(el);
          out.push({ type: 'close', id });
          break;
        }
        case 'x':
          if (el.getAttribute('ctype') === 'x-codepoint') {
            const hex = /^U\+([0-9A-Fa-f]{4,6})$/.exec(el.getAttribute('equiv-text') ?? '')?.[1] ?? '';
            out.push({ type: 'text', value: codePoint(hex, el, problems) });
          } else out.push({ type: 'atom', id: el.getAttribute('id') || ref() });
          break;
        case 'ph':
          out.push({ type: 'atom', id: el.getAttribute('id') || ref() });
          break;
        case 'bx':
        case 'bpt':
          out.push({ type: 'open', id: ref() });
          break;
        case 'ex':
        case 'ept':
          out.push({ type: 'close', id: ref() });
          break;
        case 'it':
          out.push({ type: el.getAttribute('pos') === 'close' ? 'close' : 'open', id: ref() });
          break;
        case 'mrk':
          walk(el);
          break;
        default:
          problems.push(`line ${line(el)}: <${el.nodeName}> is not an XLIFF 1.2 inline element`);
      }
    }
  };
  walk(element);
  return out;
}

function codePoint(hex: string, el: Element, problems: string[]): string {
  const value = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? Number.parseInt(hex, 16) : NaN;
  if (!Number.isInteger(value) || value > 0x10ffff) {
    problems.push(`line ${line(el)}: <${el.localName}> names no code point ("${hex}")`);
    return '';
  }
  return String.fromCodePoint(value);
}

/** Element children of `parent` in namespace `ns` (any local name, or `name`). */
function children(parent: Element, ns: string | null, name?: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    if ((el.namespaceURI ?? null) === ns && (name === undefined || el.localName === name)) out.push(el);
  }
  return out;
}

function line(node: Node | null | undefined): number {
  return (node as { lineNumber?: number } | null)?.lineNumber ?? 1;
}

function column(node: Node | null | undefined): number {
  return (node as { columnNumber?: number } | null)?.columnNumber ?? 1;
}

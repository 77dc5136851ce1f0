/**
 * TMX 1.4b text from translation units: header with the attributes the DTD requires, one `tu` per
 * unit, one `tuv` per language, and our inline tags as level-2 codes holding the markdown behind
 * them: paired `<gN>…</gN>` → `<bpt i x>open</bpt>…<ept i>close</ept>`, atoms `<xN/>` →
 * `<ph x>markdown</ph>`. `x` numbers the source's codes in order, so a target's codes name the
 * source codes they stand for. Pure (xmldom's DOM and serializer).
 *
 * Every variant reads back (tmx-read.ts) as its markdown: text with the codes' content in place.
 */
import { DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import type { TagMarkup } from '../segment.ts';
import { tokenize } from '../tagged-text.ts';
import { serializeXml } from './xml-serialize.ts';

export interface TmxHeader {
  creationtool: string;
  creationtoolversion: string;
  /** Our source locale (`srclang`). */
  srclang: string;
  /** `datatype` of the segments, e.g. `markdown`. */
  datatype: string;
  /** `o-tmf`: the format the memory came from. */
  oTmf: string;
  /** `adminlang`: language of notes and properties. */
  adminlang: string;
}

export interface TmxWriteVariant {
  lang: string;
  /**
   * The segment as tagged text (escaped prose with `<gN>`/`<xN/>`) using the unit's `tags`; or,
   * when its markup could not be matched to the source's tags, `markdown` instead (written as text).
   */
  tagged?: string;
  markdown?: string;
  /** `prop` elements, in this order (e.g. `x-status`, `x-origin`). */
  props?: Array<[type: string, value: string]>;
}

export interface TmxWriteUnit {
  /** The markdown behind every tag id of the unit's variants (`Segment.tags`). */
  tags: Record<string, TagMarkup>;
  /** The source variant first. */
  variants: TmxWriteVariant[];
}

/** Elements whose content is text (never indented). */
const MIXED = new Set(['seg', 'prop', 'note']);

/**
 * The TMX document (UTF-8 text with an XML declaration, no DOCTYPE) for `units`.
 *
 * No `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`: TMX does not require one, and its relative system id names
 * a file that is not beside the user's copy, so DTD-aware readers warn or fail on it
 * (`xmllint --dtdvalid tmx14.dtd` prints "failed to load external entity"; Java parsers load
 * external DTDs by default). Validate with the DTD given: `xmllint --noout --dtdvalid tmx14.dtd FILE`.
 * Throws for a variant without `tagged` or `markdown`, or a tag id missing from `tags`.
 */
export function writeTmx(header: TmxHeader, units: readonly TmxWriteUnit[]): string {
  const implementation = new DOMImplementation();
  const doc = implementation.createDocument(null, 'tmx', null);
  const root = doc.documentElement as Element;
  root.setAttribute('version', '1.4');
  const head = doc.createElement('header');
  head.setAttribute('creationtool', header.creationtool);
  head.setAttribute('creationtoolversion', header.creationtoolversion);
  head.setAttribute('segtype', 'sentence');
  head.setAttribute('o-tmf', header.oTmf);
  head.setAttribute('adminlang', header.adminlang);
  head.setAttribute('srclang', header.srclang);
  head.setAttribute('datatype', header.datatype);
  root.appendChild(head);
  const body = doc.createElement('body');
  root.appendChild(body);
  for (const unit of units) {
    const tu = doc.createElement('tu');
    const codes = codeNumbers(unit);
    for (const variant of unit.variants) {
      const tuv = doc.createElement('tuv');
      tuv.setAttribute('xml:lang', variant.lang);
      for (const [type, value] of variant.props ?? []) {
        const prop = doc.createElement('prop');
        prop.setAttribute('type', type);
        prop.appendChild(doc.createTextNode(value));
        tuv.appendChild(prop);
      }
      tuv.appendChild(segment(doc, unit, variant, codes));
      tu.appendChild(tuv);
    }
    body.appendChild(tu);
  }
  return serializeXml(doc, MIXED);
}

/** Tag id → `x` number: the order of the codes in the source variant (then any others, in order met). */
function codeNumbers(unit: TmxWriteUnit): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const variant of unit.variants) {
    if (variant.tagged === undefined) continue;
    for (const token of tokenize(variant.tagged)) if (token.type !== 'text' && !numbers.has(token.id)) numbers.set(token.id, numbers.size + 1);
  }
  return numbers;
}

function segment(doc: Document, unit: TmxWriteUnit, variant: TmxWriteVariant, codes: Map<string, number>): Element {
  const seg = doc.createElement('seg');
  if (variant.tagged === undefined) {
    if (variant.markdown === undefined) throw new Error(`TMX variant ${variant.lang} has neither tagged text nor markdown`);
    seg.appendChild(doc.createTextNode(variant.markdown));
    return seg;
  }
  for (const token of tokenize(variant.tagged)) {
    if (token.type === 'text') {
      seg.appendChild(doc.createTextNode(token.value));
      continue;
    }
    const markup = unit.tags[token.id];
    if (!markup) throw new Error(`TMX variant ${variant.lang}: tag ${token.id} has no markup`);
    const number = String(codes.get(token.id));
    // Paired tags: `i` pairs bpt with ept inside the segment; `x` matches codes across variants.
    const code = doc.createElement(token.type === 'atom' ? 'ph' : token.type === 'open' ? 'bpt' : 'ept');
    if (token.type !== 'atom') code.setAttribute('i', number);
    if (token.type !== 'close') code.setAttribute('x', number);
    const text = 'atom' in markup ? markup.atom : token.type === 'open' ? markup.open : markup.close;
    code.appendChild(doc.createTextNode(text));
    seg.appendChild(code);
  }
  return seg;
}

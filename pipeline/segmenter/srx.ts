/**
 * SRX 2.0 reader: turns the XML of a segmentation rules file into plain data.
 * Only the parts segmentation needs: language rules (in order) and the language map.
 * Format handles and other header options are ignored (we segment plain text).
 */

export interface SrxRule {
  /** true: split here (`break="yes"`, the SRX default); false: keep together. */
  break: boolean;
  /** Regex that must match the text ending at the position ('' = always). */
  before: string;
  /** Regex that must match the text starting at the position ('' = always). */
  after: string;
}

export interface SrxLanguageMap {
  /** Regex matched against the whole language code, e.g. `id` or `id-ID`. */
  pattern: string;
  ruleName: string;
}

export interface SrxDocument {
  /** `cascade="yes"`: every matching map contributes its rules, in map order. */
  cascade: boolean;
  languageRules: Map<string, SrxRule[]>;
  maps: SrxLanguageMap[];
}

export class SrxError extends Error {
  override name = 'SrxError';
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  // CDATA sections are literal; everything else has entities.
  return text
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(ENTITY, (_, hex: string, dec: string, name: string) =>
            hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : NAMED[name],
          ),
    )
    .join('');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decode(match[1] ?? match[2]) : undefined;
}

/** Text content of the first `<name>…</name>` inside `xml` ('' when absent or empty). */
function element(xml: string, name: string): string {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}\\s*>)`).exec(xml);
  return match?.[1] ? decode(match[1]) : '';
}

/** Parse an SRX 2.0 document. Throws SrxError naming what is wrong. */
export function parseSrx(xml: string): SrxDocument {
  // Comments may contain anything, including rule-like examples.
  const source = xml.replace(/<!--[\s\S]*?-->/g, '');
  if (!/<srx[\s>]/.test(source)) throw new SrxError('not an SRX document: no <srx> element');
  const header = /<header\b[^>]*>/.exec(source)?.[0] ?? '';
  const cascade = (attribute(header, 'cascade') ?? 'yes') === 'yes';

  const languageRules = new Map<string, SrxRule[]>();
  for (const block of source.matchAll(/<languagerule\b([^>]*)>([\s\S]*?)<\/languagerule\s*>/g)) {
    const name = attribute(block[1], 'languagerulename');
    if (!name) throw new SrxError('<languagerule> without languagerulename');
    const rules: SrxRule[] = [];
    for (const rule of block[2].matchAll(/<rule\b([^>]*)>([\s\S]*?)<\/rule\s*>/g)) {
      rules.push({
        break: (attribute(rule[1], 'break') ?? 'yes') !== 'no',
        before: element(rule[2], 'beforebreak'),
        after: element(rule[2], 'afterbreak'),
      });
    }
    languageRules.set(name, rules);
  }

  const maps: SrxLanguageMap[] = [];
  for (const map of source.matchAll(/<languagemap\b([^>]*)\/?>/g)) {
    const pattern = attribute(map[1], 'languagepattern');
    const ruleName = attribute(map[1], 'languagerulename');
    if (pattern === undefined || !ruleName) throw new SrxError('<languagemap> needs languagepattern and languagerulename');
    if (!languageRules.has(ruleName)) throw new SrxError(`<languagemap> names unknown languagerule "${ruleName}"`);
    maps.push({ pattern, ruleName });
  }
  return { cascade, languageRules, maps };
}

/** The rules that apply to `language` (e.g. `id`, `id-ID`), per the map rules and cascade flag. */
export function rulesForLanguage(doc: SrxDocument, language: string): SrxRule[] {
  const rules: SrxRule[] = [];
  for (const map of doc.maps) {
    if (!new RegExp(`^(?:${map.pattern})$`, 'u').test(language)) continue;
    rules.push(...(doc.languageRules.get(map.ruleName) ?? []));
    if (!doc.cascade) break;
  }
  return rules;
}

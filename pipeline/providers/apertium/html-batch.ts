/**
 * The wire format between the Apertium provider and the engine: many segments in one HTML
 * document, translated with Apertium's HTML deformatter (`-f html-noent` on the command line,
 * the default `deformat=html` / `reformat=html-noent` of apertium-apy).
 *
 * - Every segment becomes one `<p>…</p>` block, blocks separated by a newline. The deformatter
 *   turns block tags into sentence breaks, so no transfer rule spans two segments, and the
 *   reformatter gives the blocks back in order. The separator has no space and no `.`, so the
 *   places where apertium-apy may cut a long request never fall inside it.
 * - `<gN>`, `</gN>` and `<xN/>` are unknown inline tags to the deformatter: they travel as
 *   "superblanks" (blanks between words) and come back verbatim (`<xN/>` sometimes as
 *   `<xN></xN>`, normalized here).
 * - Apertium marks words it cannot translate: `*word` (not in the source dictionary), `@word`
 *   (not in the bilingual dictionary), `#word` (cannot be generated). Its generator also writes
 *   free variants as `a/b` ("tentera/ketenteraan"). Literal `*`, `@`, `#` and `/` of the source are
 *   sent as empty elements (`<ast/>`, `<at/>`, `<hash/>`, `<sl/>`), so every such character in the
 *   output comes from the engine: marks are counted and removed, variants cut to the first.
 */
import { escapeText, tokenize } from '../../tagged-text.ts';

/** Characters that mean something in Apertium's output, and the element each travels as. */
const PROTECTED: Record<string, string> = { '*': 'ast', '@': 'at', '#': 'hash', '/': 'sl' };
const PROTECTED_NAME = new Map(Object.entries(PROTECTED).map(([char, name]) => [name, char]));
const PROTECTED_CHARS = /[*@#/]/g;

/** One segment as an HTML block (without the separator). */
export function encodeSegment(tagged: string): string {
  const body = tokenize(tagged)
    .map((t) => {
      if (t.type === 'text') return escapeText(t.value).replace(PROTECTED_CHARS, (c) => `<${PROTECTED[c]}/>`);
      if (t.type === 'atom') return `<${t.id}/>`;
      return t.type === 'open' ? `<${t.id}>` : `</${t.id}>`;
    })
    .join('');
  return `<p>${body}</p>`;
}

/** The HTML document for a batch of tagged segments. */
export function encodeBatch(segments: readonly string[]): string {
  return segments.map(encodeSegment).join('\n') + '\n';
}

/** Bytes the encoded segment adds to a batch (UTF-8, separator included). */
export function encodedBytes(tagged: string): number {
  return Buffer.byteLength(encodeSegment(tagged), 'utf8') + 1;
}

export interface DecodedSegment {
  /** Tagged text, canonical escaping (`&amp;`, `&lt;`, `&gt;` only). */
  text: string;
  /** Words the engine could not translate (`*`, `@` and `#` marks). */
  unknownWords: number;
}

const BLOCK = /<p>([\s\S]*?)<\/p>/g;

/**
 * Split the engine's output into its blocks. Returns `undefined` when the number of blocks is not
 * the number sent (the batch cannot be aligned; nothing of it is trusted).
 */
export function decodeBatch(output: string, expected: number): DecodedSegment[] | undefined {
  const blocks = [...output.matchAll(BLOCK)].map((m) => m[1] ?? '');
  if (blocks.length !== expected) return undefined;
  return blocks.map(decodeBlock);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED[name] ?? whole;
  });
}

const ENTITY = /(&(?:#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);)/;
const ANY_TAG = /<(\/?)([A-Za-z][\w-]*)\s*(\/?)>/g;

/** One block's content back to tagged text, counting and removing unknown-word marks. */
export function decodeBlock(html: string): DecodedSegment {
  // `<x1></x1>` (how the command-line reformatter writes an empty element) → `<x1/>`.
  const atoms = html.replace(/<(x\d+|ast|at|hash|sl)\s*><\/\1\s*>/g, '<$1/>');
  let unknownWords = 0;
  let text = '';
  let last = 0;
  const prose = (chunk: string) => {
    // Entities (`&#233;`) are left alone: their `#` is no mark.
    const unmarked = chunk
      .split(ENTITY)
      .map((part, i) => {
        if (i % 2 === 1) return part;
        const marks = part.match(/[*@#]+(?=[^\s*@#])/g);
        unknownWords += marks ? marks.length : 0;
        return part.replace(/[*@#]/g, '');
      })
      .join('');
    const firstVariant = unmarked.replace(/([^\s/]+)(?:\/[^\s/]+)+/g, '$1').replace(/\//g, '');
    return escapeText(decodeEntities(firstVariant));
  };
  for (const m of atoms.matchAll(ANY_TAG)) {
    const index = m.index ?? 0;
    text += prose(atoms.slice(last, index));
    const [, slash, name, selfClose] = m;
    const literal = PROTECTED_NAME.get(name ?? '');
    if (literal !== undefined && !slash) text += literal;
    else if (/^[gx]\d+$/.test(name ?? '')) text += slash ? `</${name}>` : selfClose ? `<${name}/>` : `<${name}>`;
    // Any other tag is not ours: the engine invented it; drop it (verifyTags catches our own).
    last = index + m[0].length;
  }
  text += prose(atoms.slice(last));
  return { text, unknownWords };
}

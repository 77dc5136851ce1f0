import { findControlCharacters } from '../util/control-characters.ts';

/** Bidi embedding/override (U+202A–202E) and isolate (U+2066–2069) controls, zero-width space, BOM / zero-width no-break space. */
const INVISIBLE_FORMAT = /[\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/g;

const FORMAT_NAMES: Record<string, string> = {
  '202A': 'left-to-right embedding',
  '202B': 'right-to-left embedding',
  '202C': 'pop directional formatting',
  '202D': 'left-to-right override',
  '202E': 'right-to-left override',
  '2066': 'left-to-right isolate',
  '2067': 'right-to-left isolate',
  '2068': 'first strong isolate',
  '2069': 'pop directional isolate',
  '200B': 'zero-width space',
  FEFF: 'zero-width no-break space (byte order mark)',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Why a reviewer's value holds characters no locale file should get (empty list: none): C0 and C1
 * control characters other than tab and line breaks, and the line / paragraph separators
 * U+2028/2029 (`util/control-characters.ts`: YAML readers refuse or split on them), unless the
 * source itself holds that character (scraped text the translation mirrors: the pipeline keeps
 * those, escaped in YAML); invisible format characters, on the same terms: bidi embedding,
 * override and isolate controls (U+202A–202E, U+2066–2069: they reorder what a reader sees, the
 * "Trojan source" trick), the zero-width space U+200B and U+FEFF (a stray byte order mark); and lone UTF-16 surrogates (`"\ud800"` in a JSON body), which cannot be
 * written as UTF-8 at all. Each problem names the code point and its line in the value (1-based).
 */
export function valueCharacterProblems(value: string, source: string): string[] {
  const problems: string[] = [];
  const found = findControlCharacters(value).filter(({ codePoint }) => !source.includes(String.fromCharCode(parseInt(codePoint.slice(2), 16))));
  for (const codePoint of new Set(found.map((f) => f.codePoint))) {
    const lines = [...new Set(found.filter((f) => f.codePoint === codePoint).map((f) => f.line))];
    problems.push(`invisible control character ${codePoint} on line ${lines.join(', ')} of the translation (pasted from a word processor?): delete it; the source has none`);
  }
  const formats = new Map<string, number[]>();
  value.split('\n').forEach((text, i) => {
    for (const [c] of text.matchAll(INVISIBLE_FORMAT)) {
      if (source.includes(c)) continue;
      const codePoint = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      const lines = formats.get(codePoint) ?? [];
      if (!lines.includes(i + 1)) lines.push(i + 1);
      formats.set(codePoint, lines);
    }
  });
  for (const [codePoint, lines] of formats) {
    problems.push(`invisible character U+${codePoint} (${FORMAT_NAMES[codePoint]}) on line ${lines.join(', ')} of the translation: delete it; the source has none`);
  }
  const lone = value.match(LONE_SURROGATE);
  if (lone) problems.push(`broken character ${[...new Set(lone.map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase()}`))].join(', ')} (half of a UTF-16 surrogate pair) in the translation: it cannot be written to a file; retype the character`);
  return problems;
}

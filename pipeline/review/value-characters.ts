import { findControlCharacters } from '../util/control-characters.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Why a reviewer's value holds characters no locale file should get (empty list: none): C0 and C1
 * control characters other than tab and line breaks, and the line / paragraph separators
 * U+2028/2029 (`util/control-characters.ts`: YAML readers refuse or split on them), unless the
 * source itself holds that character (scraped text the translation mirrors: the pipeline keeps
 * those, escaped in YAML); and lone UTF-16 surrogates (`"\ud800"` in a JSON body), which cannot be
 * written as UTF-8 at all. Each problem names the code point and its line in the value (1-based).
 */
export function valueCharacterProblems(value: string, source: string): string[] {
  const problems: string[] = [];
  const found = findControlCharacters(value).filter(({ codePoint }) => !source.includes(String.fromCharCode(parseInt(codePoint.slice(2), 16))));
  for (const codePoint of new Set(found.map((f) => f.codePoint))) {
    const lines = [...new Set(found.filter((f) => f.codePoint === codePoint).map((f) => f.line))];
    problems.push(`invisible control character ${codePoint} on line ${lines.join(', ')} of the translation (pasted from a word processor?): delete it; the source has none`);
  }
  const lone = value.match(LONE_SURROGATE);
  if (lone) problems.push(`broken character ${[...new Set(lone.map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase()}`))].join(', ')} (half of a UTF-16 surrogate pair) in the translation: it cannot be written to a file; retype the character`);
  return problems;
}

/**
 * Indonesian sentence segmentation: the rules in `rules/id.srx`, applied by the SRX engine,
 * returned as trimmed spans so callers keep their own text (and its inline atoms, U+FFFC) intact.
 */
import { readFileSync } from 'node:fs';
import { parseSrx, rulesForLanguage } from './srx.ts';
import { compileSrxRules } from './srx-segmenter.ts';

/** UTF-16 offsets into the text; trimmed of surrounding whitespace; in order; non-overlapping. */
export interface SentenceSpan {
  start: number;
  end: number;
}

export const DEFAULT_RULES_URL = new URL('./rules/id.srx', import.meta.url);

/** A segmenter for `language` from SRX rules text (default: our Indonesian rules). */
export function createSentenceSegmenter(
  srx: string = readFileSync(DEFAULT_RULES_URL, 'utf8'),
  language = 'id',
): (text: string) => SentenceSpan[] {
  const rules = rulesForLanguage(parseSrx(srx), language);
  if (rules.length === 0) throw new Error(`The SRX rules have no language map matching "${language}"; add a <languagemap>.`);
  const findBreaks = compileSrxRules(rules);
  return (text) => spansFromBreaks(text, findBreaks(text));
}

// Same as \s in JavaScript regexes, so trimming agrees with the rules.
const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;

export function spansFromBreaks(text: string, breaks: readonly number[]): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let from = 0;
  for (let i = 0; i <= breaks.length; i++) {
    const to = i < breaks.length ? breaks[i] : text.length;
    let start = from;
    let end = to;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start) spans.push({ start, end });
    from = to;
  }
  return spans;
}

let indonesian: ((text: string) => SentenceSpan[]) | undefined; // compiled once, on first use

/** Split Indonesian text into sentences. Newlines alone are whitespace; blank lines end a sentence. */
export function segmentSentences(text: string): SentenceSpan[] {
  indonesian ??= createSentenceSegmenter();
  return indonesian(text);
}

/** The sentences themselves, for callers that want strings. */
export function splitSentences(text: string): string[] {
  return segmentSentences(text).map(({ start, end }) => text.slice(start, end));
}

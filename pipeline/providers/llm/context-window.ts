/**
 * How much of a segment's paragraph a request carries as context. A paragraph can be huge (a
 * 25,000-character paragraph of 120 sentences was once sent whole with every batch and pushed
 * short sentences over the model's context window), and the model needs only the sentences
 * around the segment. Pure.
 *
 * - Per segment (`segmentWindow`): the segment's own span in its paragraph plus neighbouring
 *   sentences (the project's Indonesian sentence rules, `segmenter/`), the previous and the next
 *   in turn, while the window stays within `WINDOW_CHARS` (600) characters. The segment is found
 *   in the paragraph by its plain text (exactly, else with white space runs collapsed, else by
 *   its longest piece between the gaps its atoms leave that occurs once); a segment not found
 *   there centres the window on the paragraph's start. A window that is only the
 *   segment itself (a one-sentence paragraph, a segment over the limit) is no context at all.
 * - Per request (`requestContext`): windows in the same paragraph are merged where they overlap
 *   or touch (consecutive segments share one span), each merged span is written with `…` where it
 *   cuts the paragraph, and the request's context stops at `REQUEST_CONTEXT_CHARS` (2,000)
 *   characters in all: a span that does not fit is cut at a word to the room left (when at least
 *   `MIN_PIECE_CHARS` remain), the rest left out.
 */
import { segmentSentences } from '../../segmenter/index.ts';

export const WINDOW_CHARS = 600;
export const REQUEST_CONTEXT_CHARS = 2000;
export const MIN_PIECE_CHARS = 80;

/** A window of one segment: `[start, end)` UTF-16 offsets into `paragraph`. */
export interface ContextWindow {
  paragraph: string;
  start: number;
  end: number;
}

/** Where `needle` occurs in `haystack`: exactly, else with white space runs matched loosely. */
function locate(haystack: string, needle: string): { start: number; end: number } | undefined {
  const trimmed = needle.trim();
  if (trimmed === '') return undefined;
  const exact = haystack.indexOf(trimmed);
  if (exact >= 0) return { start: exact, end: exact + trimmed.length };
  const pattern = trimmed
    .split(/\s+/u)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  const m = new RegExp(pattern, 'u').exec(haystack);
  if (m) return { start: m.index, end: m.index + m[0].length };
  // An atom (inline code, a link, a do-not-translate term) leaves a gap in the segment's plain
  // text that the paragraph fills: place the segment by its longest piece between gaps.
  const pieces = trimmed.split(/\s{2,}/u).filter((piece) => piece.length >= 15).sort((a, b) => b.length - a.length);
  for (const piece of pieces) {
    const at = haystack.indexOf(piece);
    if (at < 0 || haystack.indexOf(piece, at + 1) >= 0) continue; // absent, or not telling where
    const start = Math.max(0, at - trimmed.indexOf(piece));
    return { start, end: Math.min(haystack.length, start + trimmed.length) };
  }
  return undefined;
}

/**
 * The context window of a segment whose plain text is `segmentPlain` in `paragraph` (plain text),
 * at most `maxChars` characters; undefined when it would hold nothing but the segment.
 */
export function segmentWindow(paragraph: string | undefined, segmentPlain: string, maxChars: number = WINDOW_CHARS): ContextWindow | undefined {
  const text = paragraph?.trim();
  if (!text) return undefined;
  const segment = segmentPlain.trim();
  if (segment !== '' && text === segment) return undefined;
  const found = locate(text, segment);
  if (found && found.end - found.start >= maxChars) return undefined;
  const sentences = segmentSentences(text);
  if (sentences.length === 0) return undefined;
  // The sentences the segment covers (or, when it is not found, the first sentence).
  let first: number;
  let last: number;
  if (found) {
    first = sentences.findIndex((s) => s.end > found.start);
    last = findLastIndex(sentences, (s) => s.start < found.end);
    if (first < 0) first = 0;
    if (last < first) last = first;
  } else {
    first = last = 0;
  }
  let start = found ? Math.min(found.start, sentences[first].start) : 0;
  let end = found ? Math.max(found.end, sentences[last].end) : sentences[0].end;
  if (end - start > maxChars) {
    // The covering sentences are too long: keep the segment itself, or cut the first sentence.
    if (found) return undefined;
    return { paragraph: text, start: 0, end: cutAtWord(text, 0, maxChars) };
  }
  for (let before = first - 1, after = last + 1; before >= 0 || after < sentences.length; ) {
    let grew = false;
    if (before >= 0) {
      if (end - sentences[before].start <= maxChars) {
        start = sentences[before].start;
        before--;
        grew = true;
      } else before = -1;
    }
    if (after < sentences.length) {
      if (sentences[after].end - start <= maxChars) {
        end = sentences[after].end;
        after++;
        grew = true;
      } else after = sentences.length;
    }
    if (!grew) break;
  }
  if (found && start === found.start && end === found.end) return undefined;
  return { paragraph: text, start, end };
}

/**
 * The context of one request: its segments' windows merged per paragraph, in order of first
 * appearance, `…` where a span cuts its paragraph, at most `maxChars` characters in all.
 */
export function requestContext(windows: ReadonlyArray<ContextWindow | undefined>, maxChars: number = REQUEST_CONTEXT_CHARS): string[] {
  const byParagraph = new Map<string, Array<{ start: number; end: number }>>();
  for (const w of windows) {
    if (!w) continue;
    const spans = byParagraph.get(w.paragraph) ?? [];
    spans.push({ start: w.start, end: w.end });
    byParagraph.set(w.paragraph, spans);
  }
  const pieces: string[] = [];
  let room = maxChars;
  for (const [paragraph, spans] of byParagraph) {
    for (const span of mergeSpans(spans)) {
      if (room < MIN_PIECE_CHARS) return pieces;
      let end = span.end;
      if (end - span.start > room) end = cutAtWord(paragraph, span.start, room - 2);
      const piece = `${span.start > 0 ? '…' : ''}${paragraph.slice(span.start, end).trim()}${end < paragraph.length ? '…' : ''}`;
      pieces.push(piece);
      room -= piece.length;
    }
  }
  return pieces;
}

function mergeSpans(spans: ReadonlyArray<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const s of sorted) {
    const prev = merged[merged.length - 1];
    // Spans separated only by white space are one.
    if (prev && s.start <= prev.end + 1) prev.end = Math.max(prev.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** An end offset at most `max` characters after `start`, at a white space when there is one. */
function cutAtWord(text: string, start: number, max: number): number {
  const limit = Math.min(text.length, start + Math.max(1, max));
  if (limit === text.length) return limit;
  const space = text.lastIndexOf(' ', limit);
  return space > start ? space : limit;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

import { withoutNewControlCharacters } from '../util/control-characters.ts';
import { scalarInPlaceOf } from '../util/yaml-portable.ts';
import type { Segment } from '../segment.ts';
import { tokenize } from '../tagged-text.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';

/** Turn a provider's tagged translation back into markdown with the segment's own markup. */
export function taggedToMarkdown(segment: Pick<Segment, 'tags'>, tagged: string): string {
  return tokenize(tagged)
    .map((token) => {
      if (token.type === 'text') return token.value;
      const markup = segment.tags[token.id];
      if (!markup) throw new Error(`unknown tag ${token.id}`);
      if ('atom' in markup) return markup.atom;
      return token.type === 'open' ? markup.open : markup.close;
    })
    .join('');
}

/**
 * The article with each segment's range replaced by its translation (markdown form). Everything
 * outside the ranges is copied byte for byte. Segments without a translation, or whose translation
 * equals the source but for whitespace (a sentence repeated with other line breaks), keep their
 * source bytes.
 */
export function spliceTranslations(
  source: string,
  segments: readonly Segment[],
  translationOf: (segment: Segment, index: number) => string | undefined,
  /** Told where each segment landed in the output (UTF-16 offsets), e.g. to name the segment behind a problem found there. */
  placed?: (index: number, start: number, end: number) => void,
): string {
  const order = segments.map((segment, index) => ({ segment, index })).sort((a, b) => a.segment.start - b.segment.start);
  let out = '';
  let cursor = 0;
  for (const { segment, index } of order) {
    const translation = translationOf(segment, index);
    out += source.slice(cursor, segment.start);
    const unchanged = translation === undefined || normalizeSegment(translation) === normalizeSegment(segment.source);
    const at = out.length;
    out += unchanged ? source.slice(segment.start, segment.end) : render(segment, translation, source.slice(segment.start, segment.end));
    placed?.(index, at, out.length);
    cursor = segment.end;
  }
  return out + source.slice(cursor);
}

function render(segment: Segment, translation: string, original: string): string {
  // A front-matter field: the whole value node is replaced, in its own style where it can hold the translation.
  if (segment.field !== undefined) return scalarInPlaceOf(original, translation, { flow: segment.flow });
  // Never control characters the source lacks in a bundle (a reviewer may type `\u0007` or `\r` in YAML); a bare `|` would split a table cell.
  let text = withoutNewControlCharacters(translation, segment.source);
  if (segment.inTableCell) text = text.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|');
  let line = 0;
  // Put each line's container prefix back; a translation with more line breaks than its source gets
  // spaces there rather than breaking out of its blockquote or list item.
  return text.replace(/\n/g, () => (line < segment.linePrefixes.length ? `\n${segment.linePrefixes[line++]}` : ' '));
}

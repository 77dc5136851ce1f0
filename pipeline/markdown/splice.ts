import { escapeControlCharacters } from '../util/control-characters.ts';
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
export function spliceTranslations(source: string, segments: readonly Segment[], translationOf: (segment: Segment, index: number) => string | undefined): string {
  const order = segments.map((segment, index) => ({ segment, index })).sort((a, b) => a.segment.start - b.segment.start);
  let out = '';
  let cursor = 0;
  for (const { segment, index } of order) {
    const translation = translationOf(segment, index);
    out += source.slice(cursor, segment.start);
    const unchanged = translation === undefined || normalizeSegment(translation) === normalizeSegment(segment.source);
    out += unchanged ? source.slice(segment.start, segment.end) : render(segment, translation);
    cursor = segment.end;
  }
  return out + source.slice(cursor);
}

function render(segment: Segment, translation: string): string {
  // A double-quoted YAML scalar (JSON escapes C0; YAML needs DEL and C1 escaped too).
  if (segment.field !== undefined) return escapeControlCharacters(JSON.stringify(translation));
  let line = 0;
  // Put each line's container prefix back; a translation with more line breaks than its source gets
  // spaces there rather than breaking out of its blockquote or list item.
  return translation.replace(/\n/g, () => (line < segment.linePrefixes.length ? `\n${segment.linePrefixes[line++]}` : ' '));
}

import type { Nodes } from 'mdast';
import { inlineRegions, offsets, type InlineRegion, type ProtectedSpan } from './inline-regions.ts';
import { escapeText } from '../tagged-text.ts';
import type { Segment, TagMarkup } from '../segment.ts';
import type { SentenceSpan } from '../segmenter/segment-sentences.ts';

/** Stands for an atom in the plain text the segmenter sees: an opaque word. */
export const ATOM_CHAR = '\uFFFC';

export type SentenceSplitter = (text: string) => SentenceSpan[];

interface BlockView {
  plain: string;
  /** Source offset of each plain character (an atom's start for ATOM_CHAR). */
  plainToSource: number[];
  /** Source offset just past each plain character. */
  plainEnd: number[];
  /** Tag regions with the plain offset they sit at. */
  tags: Array<InlineRegion & { at: number }>;
  /** Container prefixes stripped after line breaks, one per break (possibly empty). */
  prefixes: Array<{ start: number; end: number }>;
}

/**
 * Split one block (paragraph, heading, table cell) into sentence segments. Every segment is a
 * source range whose markup travels as tags and whose line-break prefixes are kept aside, so
 * splicing a translation back touches nothing outside prose. `spans` are the document's template
 * tags and template code blocks (see `template-syntax.ts`): copied unchanged wherever they meet the
 * block.
 */
export function blockSegments(
  block: Nodes & { children: Nodes[] },
  source: string,
  split: SentenceSplitter,
  lineOf: (offset: number) => number,
  inBlockquote: boolean,
  spans: readonly ProtectedSpan[] = [],
): Segment[] {
  if (block.children.length === 0) return [];
  const start = offsets(block.children[0]).start;
  const end = offsets(block.children[block.children.length - 1]).end;
  return rangeSegments(source, start, end, inlineRegions(block.children, source, spans), split, lineOf, inBlockquote);
}

/**
 * Sentence segments of the inline content `source[start, end)` (UTF-16 offsets) whose markup is
 * `regions` (sorted, none inside another, within the range): the part shared by markdown blocks and
 * the text runs of HTML blocks (`html-block-segments.ts`). Sentences without a letter are left out.
 * After a line break, `[ \t]*` (and `>` markers inside a blockquote) is the container prefix.
 */
export function rangeSegments(
  source: string,
  start: number,
  end: number,
  regions: InlineRegion[],
  split: SentenceSplitter,
  lineOf: (offset: number) => number,
  inBlockquote: boolean,
): Segment[] {
  // A template code block cuts the run: the prose before and after it are separate ranges, and the
  // code is in neither (never sent, never shown to reviewers as part of a sentence).
  const cut = regions.findIndex((region) => region.boundary);
  if (cut !== -1) {
    const { start: cutStart, end: cutEnd } = regions[cut];
    const piece = (from: number, to: number, inside: InlineRegion[]) => {
      const covered = (at: number) => inside.some((r) => r.start <= at && at < r.end);
      while (from < to && /\s/.test(source[from]) && !covered(from)) from++;
      while (to > from && /\s/.test(source[to - 1]) && !covered(to - 1)) to--;
      return from < to ? rangeSegments(source, from, to, inside, split, lineOf, inBlockquote) : [];
    };
    return [...piece(start, cutStart, regions.slice(0, cut)), ...piece(cutEnd, end, regions.slice(cut + 1))];
  }
  const view = buildView(source, start, end, regions, inBlockquote ? /^[ \t]*(?:>[ \t]?)*/ : /^[ \t]*/);
  const context = view.plain.replaceAll(ATOM_CHAR, ' ').replace(/\s+/g, ' ').trim();
  const ranges = sentenceRanges(view, split(view.plain), start, end);
  const segments: Segment[] = [];
  for (const [s, e] of ranges) {
    const segment = buildSegment(source, s, e, regions, view.prefixes);
    if (!/\p{L}/u.test(segment.tagged.replace(/<[^>]*>/g, ''))) continue; // numbers, symbols: nothing to translate
    segments.push({ ...segment, context, line: lineOf(s) });
  }
  return segments;
}

function buildView(source: string, start: number, end: number, regions: InlineRegion[], prefix: RegExp): BlockView {
  const view: BlockView = { plain: '', plainToSource: [], plainEnd: [], tags: [], prefixes: [] };
  const chars: string[] = [];
  const emitText = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      chars.push(source[i]);
      view.plainToSource.push(i);
      view.plainEnd.push(i + 1);
      if (source[i] === '\n') {
        const length = prefix.exec(source.slice(i + 1, to))?.[0].length ?? 0;
        view.prefixes.push({ start: i + 1, end: i + 1 + length });
        i += length;
      }
    }
  };
  // Markup that spans lines (inline code, an HTML tag, a link destination) has container prefixes
  // too: they are kept aside like the text's, so the markup's own bytes survive a translation that
  // moves it (the splice puts each line's prefix back).
  const markupPrefixes = (from: number, to: number) => {
    for (let i = source.indexOf('\n', from); i !== -1 && i < to; i = source.indexOf('\n', i + 1)) {
      const length = prefix.exec(source.slice(i + 1, to))?.[0].length ?? 0;
      view.prefixes.push({ start: i + 1, end: i + 1 + length });
    }
  };
  let cursor = start;
  for (const region of regions) {
    if (region.start < cursor) continue; // nested inside an atom
    emitText(cursor, region.start);
    if (region.markup === undefined) markupPrefixes(region.start, region.end);
    if (region.kind === 'atom') {
      chars.push(ATOM_CHAR);
      view.plainToSource.push(region.start);
      view.plainEnd.push(region.end);
    } else {
      view.tags.push({ ...region, at: chars.length });
    }
    cursor = region.end;
  }
  emitText(cursor, end);
  view.plain = chars.join('');
  return view;
}

/** Map sentence spans of the plain text to source ranges that never cut a tag pair. */
function sentenceRanges(view: BlockView, spans: SentenceSpan[], blockStart: number, blockEnd: number): Array<[number, number]> {
  if (spans.length === 0) return [];
  // Each tag goes to one sentence: closing tags stay with what precedes them, opening tags with what follows.
  const owner = view.tags.map((tag) => {
    let index = spans.findIndex((span) => tag.at < span.end || (tag.at === span.end && tag.kind === 'close'));
    if (index === -1) index = spans.length - 1;
    if (tag.kind === 'close' && index > 0 && tag.at <= spans[index].start) index -= 1;
    return index;
  });
  // Merge sentences that a tag pair spans (emphasis over two sentences stays one segment).
  const groupOf = spans.map((_, i) => i);
  const pairs = new Map<number, number[]>();
  view.tags.forEach((tag, i) => pairs.set(tag.pair ?? -1, [...(pairs.get(tag.pair ?? -1) ?? []), owner[i]]));
  for (const [, owners] of pairs) {
    const lo = Math.min(...owners);
    const hi = Math.max(...owners);
    for (let i = lo + 1; i <= hi; i++) groupOf[i] = groupOf[lo];
  }
  for (let i = 1; i < groupOf.length; i++) if (groupOf[i] !== i) groupOf[i] = groupOf[i - 1];
  const ranges: Array<[number, number]> = [];
  spans.forEach((span, i) => {
    let s = view.plainToSource[span.start];
    let e = view.plainEnd[span.end - 1];
    view.tags.forEach((tag, t) => {
      if (owner[t] !== i) return;
      s = Math.min(s, tag.start);
      e = Math.max(e, tag.end);
    });
    s = Math.max(s, blockStart);
    e = Math.min(e, blockEnd);
    const last = ranges[ranges.length - 1];
    if (i > 0 && groupOf[i] === groupOf[i - 1] && last) last[1] = Math.max(last[1], e);
    else ranges.push([s, e]);
  });
  return ranges;
}

function buildSegment(
  source: string,
  start: number,
  end: number,
  regions: InlineRegion[],
  prefixes: Array<{ start: number; end: number }>,
): Omit<Segment, 'context' | 'line'> {
  const tags: Record<string, TagMarkup> = {};
  const pairIds = new Map<number, string>();
  const pendingOpen = new Map<string, string>();
  let md = '';
  let tagged = '';
  let next = 1;
  const linePrefixes: string[] = [];
  /** The bytes of [from, to) without the container prefixes after its line breaks (kept aside, in order). */
  const take = (from: number, to: number): string => {
    let out = '';
    let i = from;
    for (const p of prefixes) {
      if (p.start - 1 < from || p.start - 1 >= to) continue; // the prefix follows a line break in [from, to)
      out += source.slice(i, p.start);
      linePrefixes.push(source.slice(p.start, p.end));
      i = p.end;
    }
    return out + source.slice(i, to);
  };
  const text = (from: number, to: number) => {
    const bytes = take(from, to);
    md += bytes;
    tagged += escapeText(bytes);
  };
  let cursor = start;
  for (const region of regions) {
    if (region.start < cursor || region.end > end) continue;
    text(cursor, region.start);
    // The markdown form uses a region's own markup where it has one (a collapsed reference's label),
    // so a translation equal to it is the source, and splicing keeps the source bytes.
    const raw = region.markup ?? take(region.start, region.end);
    md += raw;
    if (region.kind === 'atom') {
      const id = `x${next++}`;
      tags[id] = { atom: raw };
      tagged += `<${id}/>`;
    } else if (region.kind === 'open') {
      const id = `g${next++}`;
      pairIds.set(region.pair ?? -1, id);
      pendingOpen.set(id, raw);
      tagged += `<${id}>`;
    } else {
      const id = pairIds.get(region.pair ?? -1) as string;
      tags[id] = { open: pendingOpen.get(id) as string, close: raw };
      tagged += `</${id}>`;
    }
    cursor = region.end;
  }
  text(cursor, end);
  return { source: md, tagged, tags, start, end, linePrefixes };
}

import type { Html } from 'mdast';
import { elementRole, htmlTokens, type HtmlToken } from './html-tokens.ts';
import { offsets, outermost, pairTagAtoms, protectSpans, textAtoms, type InlineRegion, type ProtectedSpan } from './inline-regions.ts';
import { rangeSegments, type SentenceSplitter } from './block-segments.ts';
import type { Segment } from '../segment.ts';

/**
 * Sentence segments of the prose inside a CommonMark HTML block (`<summary>…</summary>`,
 * `<div class="box">Teks …</div>`, `<figcaption>`), which the markdown parser hands over as raw
 * HTML (issue 12 item 6).
 *
 * The block is tokenized with htmlparser2; a run of text is what lies between block-level tags
 * (`elementRole`): its text is prose, its inline elements (`<b>`, `<a href>`) travel as paired tags,
 * void elements (`<br>`, `<img>`) and code-like elements (`<code>…</code>`) as atoms, and the
 * content of `<pre>`, `<script>`, `<style>` and the like is never a run. Only text runs become
 * segment ranges: every byte outside them (tags, attributes, comments, indentation) is copied as it
 * is. A block the tokenizer cannot account for byte by byte contributes no segment there (the gap
 * ends the run). Attribute values (`alt`, `title`) are not extracted.
 *
 * @param block an `html` node of the tree (flow level)
 * @param spans template tags and template code blocks of the document (`template-syntax.ts`)
 * @returns segments in document order; [] when the block has no prose, or when its lines cannot be
 *   mapped back to the source (container prefixes that do not match)
 */
export function htmlBlockSegments(
  block: Html,
  source: string,
  split: SentenceSplitter,
  lineOf: (offset: number) => number,
  inBlockquote: boolean,
  spans: readonly ProtectedSpan[] = [],
): Segment[] {
  const toSource = sourceOffsets(block, source);
  if (!toSource) return [];
  const segments: Segment[] = [];
  for (const run of textRuns(htmlTokens(block.value))) {
    const mapped = run.map((part) => ({ ...part, start: toSource[part.start], end: toSource[part.end] }));
    segments.push(...runSegments(source, mapped, split, lineOf, inBlockquote, spans));
  }
  return segments;
}

/** A piece of a run: text, or markup (`atom`), possibly one half of an inline element (`pairable`). */
interface RunPart {
  start: number;
  end: number;
  text: boolean;
  pairable?: InlineRegion['pairable'];
}

/** Runs of inline content between block-level boundaries, in value offsets. */
function textRuns(tokens: HtmlToken[]): RunPart[][] {
  const runs: RunPart[][] = [];
  let run: RunPart[] = [];
  const boundary = () => {
    if (run.some((part) => part.text)) runs.push(run);
    run = [];
  };
  let cursor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.start !== cursor) boundary(); // bytes the tokenizer did not report: leave them alone
    cursor = token.end;
    const role = token.name === undefined ? undefined : elementRole(token.name);
    if (token.type === 'text') run.push({ start: token.start, end: token.end, text: true });
    else if (token.type === 'other') run.push({ start: token.start, end: token.end, text: false });
    else if (role === 'inline' || role === 'void') {
      const pairable = role === 'inline' && !token.selfClosing ? { role: token.type as 'open' | 'close', key: `html:${token.name}` } : undefined;
      run.push({ start: token.start, end: token.end, text: false, pairable });
    } else if (token.type === 'open' && (role === 'code' || role === 'raw') && !token.selfClosing) {
      const close = matchingClose(tokens, i);
      if (role === 'code' && close !== -1) run.push({ start: token.start, end: tokens[close].end, text: false });
      else boundary();
      if (close === -1) return runs; // an unclosed <script> or <pre>: the rest is its content
      i = close;
      cursor = tokens[close].end;
    } else boundary();
  }
  boundary();
  return runs;
}

/** Index of the token closing the element opened at `open` (same name, nesting counted), or -1. */
function matchingClose(tokens: HtmlToken[], open: number): number {
  const name = tokens[open].name;
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i].name !== name) continue;
    if (tokens[i].type === 'open' && !tokens[i].selfClosing) depth++;
    else if (tokens[i].type === 'close' && depth-- === 0) return i;
  }
  return -1;
}

/** The segments of one run (source offsets): trimmed of whitespace, text atoms and template spans protected, inline pairs paired. */
function runSegments(
  source: string,
  run: RunPart[],
  split: SentenceSplitter,
  lineOf: (offset: number) => number,
  inBlockquote: boolean,
  spans: readonly ProtectedSpan[],
): Segment[] {
  let start = run[0].start;
  let end = run[run.length - 1].end;
  if (run[0].text) while (start < run[0].end && /\s/.test(source[start])) start++;
  const last = run[run.length - 1];
  if (last.text) while (end > last.start && /\s/.test(source[end - 1])) end--;
  if (start >= end) return [];
  const regions: InlineRegion[] = [];
  for (const part of run) {
    if (part.text) regions.push(...textAtoms(source, Math.max(part.start, start), Math.min(part.end, end)));
    else regions.push({ start: part.start, end: part.end, kind: 'atom', pairable: part.pairable });
  }
  const pairs = { next: 0 };
  const protectedRegions = outermost(protectSpans(regions, spans, start, end));
  return rangeSegments(source, start, end, pairTagAtoms(protectedRegions, pairs), split, lineOf, inBlockquote);
}

/**
 * For each offset of the node's value (0 … length), its offset in the document. The value is the
 * block without container prefixes (`> `, list indentation); each of its lines must end its source
 * line. Undefined when they do not.
 */
function sourceOffsets(block: Html, source: string): number[] | undefined {
  const { start, end } = offsets(block);
  const raw = source.slice(start, end);
  const value = block.value;
  if (raw === value) return Array.from({ length: value.length + 1 }, (_, i) => start + i);
  const rawLines = raw.split('\n');
  const valueLines = value.split('\n');
  if (rawLines.length !== valueLines.length) return undefined;
  const map: number[] = [];
  let lineStart = start;
  for (let l = 0; l < rawLines.length; l++) {
    const rawLine = rawLines[l].replace(/\r$/, '');
    const valueLine = valueLines[l].replace(/\r$/, '');
    if (!rawLine.endsWith(valueLine)) return undefined;
    const offset = lineStart + rawLine.length - valueLine.length;
    for (let c = 0; c < valueLines[l].length; c++) map.push(offset + c);
    map.push(offset + valueLines[l].length); // the line break (or the end)
    lineStart += rawLines[l].length + 1;
  }
  return map;
}

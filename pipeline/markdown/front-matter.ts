import { parseDocument, isMap, isScalar, Scalar } from 'yaml';
import type { Segment } from '../segment.ts';
import { escapeText } from '../tagged-text.ts';

export interface FrontMatter {
  /** Plain data of the front matter ({} when there is none). */
  data: Record<string, unknown>;
  /** One segment per translatable string field. */
  segments: Segment[];
  /** Source range of the YAML text between the fences (for publication bundles). */
  range?: { start: number; end: number };
}

export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const FENCE = /^---[ \t]*\r?\n/;

/** Read the YAML front matter and make segments of the fields the config names. */
export function readFrontMatter(source: string, fields: readonly string[], lineOf: (offset: number) => number): FrontMatter {
  const open = FENCE.exec(source);
  if (!open) return { data: {}, segments: [] };
  const bodyStart = open[0].length;
  const close = /^---[ \t]*$/m.exec(source.slice(bodyStart));
  if (!close) throw new FrontMatterError('front matter starts with "---" but has no closing "---" line', 1);
  const yamlText = source.slice(bodyStart, bodyStart + close.index);
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = lineOf(bodyStart + (error.pos?.[0] ?? 0));
    throw new FrontMatterError(`invalid YAML front matter: ${error.message.split('\n')[0]}`, line);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new FrontMatterError('front matter must be a YAML mapping (key: value lines)', 2);
  const segments: Segment[] = [];
  for (const item of isMap(doc.contents) ? doc.contents.items : []) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    if (!fields.includes(key) || !isScalar(item.value) || typeof item.value.value !== 'string') continue;
    const value = item.value as Scalar<string>;
    if (!value.range || !/\p{L}/u.test(value.value)) continue;
    const start = bodyStart + value.range[0];
    const end = bodyStart + valueEnd(yamlText, value);
    segments.push({
      source: value.value,
      tagged: escapeText(value.value),
      tags: {},
      start,
      end,
      linePrefixes: [],
      context: value.value,
      line: lineOf(start),
      field: key,
    });
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  return { data, segments, range: { start: bodyStart, end: bodyStart + close.index } };
}

/**
 * Where a field's value ends in the YAML text. A block scalar (`|`, `>`) owns the line break that
 * ends its last line, which the `yaml` package counts in its range; the translation is written in
 * its place as a one-line double-quoted scalar, so that break must stay outside the range, or the
 * next key would be glued onto the value's line. Flow scalars (plain, quoted, over one or more
 * lines) end at their last character: a comment after them stays.
 */
function valueEnd(yamlText: string, value: Scalar<string>): number {
  let end = value.range![1];
  if (yamlText[end - 1] === '\n') end--;
  if (yamlText[end - 1] === '\r') end--;
  return end;
}

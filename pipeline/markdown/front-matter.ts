import { parseDocument, isMap, isScalar, Scalar } from 'yaml';
import type { Segment, TagMarkup } from '../segment.ts';
import { escapeText, plainText } from '../tagged-text.ts';
import { frontMatterBounds } from './front-matter-bounds.ts';
import { urlSpans } from './text-urls.ts';

export { frontMatterBounds, type FrontMatterBounds } from './front-matter-bounds.ts';

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

/** Hugo's TOML front matter opens with `+++` on the first line. */
const TOML_FENCE = /^\+\+\+[ \t]*(?:\r\n|\n|\r)/;
/**
 * Read the YAML front matter and make segments of the fields the config names (string scalars
 * with a letter; ranges cover the whole value node, see `nodeEnd`). Throws FrontMatterError (with
 * a 1-based line) for a fence that never closes, invalid YAML, a front matter that is not a
 * mapping, or TOML front matter (`+++`). Addresses in a value travel as atoms (`fieldTagged`).
 */
export function readFrontMatter(source: string, fields: readonly string[], lineOf: (offset: number) => number): FrontMatter {
  // Hugo also reads TOML between `+++` lines: neither translated nor given publication fields here,
  // it would be sent as prose and get a YAML front matter on top of it (two blocks, a broken page).
  if (TOML_FENCE.test(source)) throw new FrontMatterError('TOML front matter ("+++") is not supported: the pipeline reads and writes YAML front matter. Convert it to YAML between "---" lines (`hugo convert toYAML` does a whole site)', 1);
  const bounds = frontMatterBounds(source);
  if (bounds === undefined) return { data: {}, segments: [] };
  if (bounds === null) throw new FrontMatterError('front matter starts with "---" but has no closing "---" line', 1);
  const bodyStart = bounds.yamlStart;
  const yamlText = source.slice(bodyStart, bounds.yamlEnd);
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
    const end = bodyStart + nodeEnd(yamlText, value);
    const { tagged, tags } = fieldTagged(value.value);
    segments.push({
      source: value.value,
      tagged,
      tags,
      start,
      end,
      linePrefixes: [],
      // The field is its own paragraph: context equal to the text sent, so providers add none.
      context: plainText(tagged),
      line: lineOf(start),
      field: key,
      ...(doc.contents && isMap(doc.contents) && doc.contents.flow ? { flow: true } : {}),
    });
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  return { data, segments, range: { start: bodyStart, end: bounds.yamlEnd } };
}

/**
 * The tagged text of a field value (its decoded string, which is also the segment's markdown form):
 * prose escaped, and each URL, `www.` link, e-mail address and `<…>` autolink (`text-urls.ts`) one
 * atom `<xN/>` whose markup is the address as written, so a provider can neither translate it nor
 * have a do-not-translate term protected inside it, and `taggedToMarkdown` writes it back byte for
 * byte. A value without addresses is escaped text and no tags, as before.
 */
export function fieldTagged(value: string): { tagged: string; tags: Record<string, TagMarkup> } {
  const tags: Record<string, TagMarkup> = {};
  let tagged = '';
  let cursor = 0;
  for (const span of urlSpans(value)) {
    const id = `x${Object.keys(tags).length + 1}`;
    tags[id] = { atom: value.slice(span.start, span.end) };
    tagged += `${escapeText(value.slice(cursor, span.start))}<${id}/>`;
    cursor = span.end;
  }
  return { tagged: tagged + escapeText(value.slice(cursor)), tags };
}

/**
 * Where a value node ends in the YAML text (a UTF-16 offset into `yamlText`). A block scalar
 * (`|`, `>`) or block collection owns the line break that ends its last line, which the `yaml`
 * package counts in its range; whatever is written in its place is one line, so that break must
 * stay outside the range, or the next key would be glued onto the value's line. Flow nodes (plain,
 * quoted, over one or more lines, `[…]`, `{…}`) end at their last character: a comment after them
 * stays. Throws when the node has no range (nodes the `yaml` package parsed always have one).
 */
export function nodeEnd(yamlText: string, node: { range?: [number, number, number] | null }): number {
  if (!node.range) throw new Error('nodeEnd: a node without a source range');
  let end = node.range[1];
  if (yamlText[end - 1] === '\n') end--;
  if (yamlText[end - 1] === '\r') end--;
  return end;
}

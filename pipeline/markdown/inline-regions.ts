import type { Nodes, Parent } from 'mdast';

/**
 * A stretch of a block's source that is markup, not prose: it travels to providers as a tag.
 * `open`/`close` wrap translatable content (emphasis, link text); `atom` is copied unchanged.
 */
export interface InlineRegion {
  start: number;
  end: number;
  kind: 'open' | 'close' | 'atom';
  /** Shared by the open and close region of one element. */
  pair?: number;
}

/** Text patterns that are not prose even though the parser calls them text. */
const PROTECTED_IN_TEXT = new RegExp(
  [
    String.raw`\{#[^}\s]+\}`, // legacy heading anchors {#id}
    String.raw`\{\{[^{}]+\}\}`, // i18next interpolation {{name}}
    String.raw`&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]+);`, // character references
    String.raw`\\[!-/:-@[-\x60{-~]`, // backslash escapes
  ].join('|'),
  'g',
);

const ATOM_TYPES = new Set(['inlineCode', 'html', 'mdxTextExpression', 'footnoteReference', 'imageReference', 'inlineMath']);

type Handler = (node: Nodes, source: string, out: InlineRegion[], pairs: { next: number }) => void;

const atom = (node: Nodes, out: InlineRegion[]) => {
  const { start, end } = offsets(node);
  out.push({ start, end, kind: 'atom' });
};

/** Wrap translatable children between an opening and a closing region. */
const wrapper: Handler = (node, source, out, pairs) => {
  const children = (node as Parent).children;
  const { start, end } = offsets(node);
  if (children.length === 0) return atom(node, out);
  const first = offsets(children[0]).start;
  const last = offsets(children[children.length - 1]).end;
  const pair = pairs.next++;
  out.push({ start, end: first, kind: 'open', pair });
  for (const child of children) collect(child, source, out, pairs);
  out.push({ start: last, end, kind: 'close', pair });
};

const handlers: Record<string, Handler> = {
  text(node, source, out) {
    const { start, end } = offsets(node);
    const raw = source.slice(start, end);
    for (const m of raw.matchAll(PROTECTED_IN_TEXT)) {
      const at = start + (m.index ?? 0);
      out.push({ start: at, end: at + m[0].length, kind: 'atom' });
    }
  },
  emphasis: wrapper,
  strong: wrapper,
  delete: wrapper,
  linkReference: wrapper,
  mdxJsxTextElement: wrapper,
  link(node, source, out, pairs) {
    const { start, end } = offsets(node);
    const raw = source.slice(start, end);
    // Autolinks (<https://…>, bare URLs, e-mail addresses) are addresses, not prose.
    const text = (node as Parent).children.map((c) => ('value' in c ? c.value : '')).join('');
    if (raw.startsWith('<') || text === raw) return atom(node, out);
    wrapper(node, source, out, pairs);
  },
  image(node, source, out, pairs) {
    // ![alt](src): the alt text is translatable, the rest is markup.
    const { start, end } = offsets(node);
    const alt = (node as { alt?: string | null }).alt ?? '';
    if (!alt || source.slice(start + 2, start + 2 + alt.length) !== alt || source[start + 2 + alt.length] !== ']') {
      return atom(node, out);
    }
    const pair = pairs.next++;
    out.push({ start, end: start + 2, kind: 'open', pair });
    out.push({ start: start + 2 + alt.length, end, kind: 'close', pair });
  },
  break(node, source, out) {
    // Keep the line break itself as prose whitespace so the next line's container prefix is handled
    // like any other soft break.
    const { start, end } = offsets(node);
    const stop = source[end - 1] === '\n' ? end - 1 : end;
    if (stop > start) out.push({ start, end: stop, kind: 'atom' });
  },
};

/** Regions of markup among a block's inline children, in source order. */
export function inlineRegions(children: Nodes[], source: string): InlineRegion[] {
  const out: InlineRegion[] = [];
  const pairs = { next: 0 };
  for (const child of children) collect(child, source, out, pairs);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function collect(node: Nodes, source: string, out: InlineRegion[], pairs: { next: number }): void {
  const handler = handlers[node.type];
  if (handler) return handler(node, source, out, pairs);
  if (ATOM_TYPES.has(node.type) || !('children' in node)) return atom(node, out);
  for (const child of (node as Parent).children) collect(child, source, out, pairs);
}

export function offsets(node: Nodes): { start: number; end: number } {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) throw new Error(`markdown node ${node.type} has no source position`);
  return { start, end };
}

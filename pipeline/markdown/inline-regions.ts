import type { Nodes, Parent } from 'mdast';
import { elementRole, htmlTagRole } from './html-tokens.ts';
import { TEMPLATE_TAG, templateTagInfo } from './template-syntax.ts';

/**
 * A stretch of a block's source that is markup, not prose: it travels to providers as a tag.
 * `open`/`close` wrap translatable content (emphasis, link text); `atom` is copied unchanged.
 * Offsets are UTF-16, ends exclusive.
 */
export interface InlineRegion {
  start: number;
  end: number;
  kind: 'open' | 'close' | 'atom';
  /** Shared by the open and close region of one element. */
  pair?: number;
  /**
   * The markup that stands for this region in the segment's markdown form and in translations, when
   * it is not the source bytes (a collapsed reference's `][]` becomes `][label]`).
   */
  markup?: string;
  /**
   * An atom that may open or close an element whose other half is another atom (`<b>` … `</b>`,
   * `{% if %}` … `{% endif %}`): `pairTagAtoms` makes the two one paired tag. `key` names the
   * element (`html:b`, `liquid:if`, `hugo:notice`); `whole` marks an element whose content is not
   * prose (`<code>`, `<script>`): the two halves and everything between become one atom.
   */
  pairable?: { role: 'open' | 'close'; key: string; whole?: boolean };
  /** An atom that ends the run of prose (a template code block): no segment spans it. */
  boundary?: boolean;
}

/** A range of the document (UTF-16 offsets, end exclusive) that must be copied unchanged. */
export interface ProtectedSpan {
  start: number;
  end: number;
  /** Set for a template tag that may pair (`{% if %}`); absent for a code block. */
  pairable?: InlineRegion['pairable'];
  /** A code block (`{% codeblock %}…{% endcodeblock %}`): prose on either side is not one sentence. */
  boundary?: boolean;
}

/** Text patterns that are not prose even though the parser calls them text. */
const PROTECTED_IN_TEXT = new RegExp(
  [
    String.raw`\{#[^}\s]+\}`, // legacy heading anchors {#id}
    String.raw`\{\{[^{}]+\}\}`, // i18next interpolation {{name}}, Liquid output {{ page.title }}
    TEMPLATE_TAG, // Liquid tags {% … %}, Hugo shortcodes {{< … >}} {{% … %}}
    String.raw`&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]+);`, // character references
    String.raw`\\[!-/:-@[-\x60{-~]`, // backslash escapes
  ].join('|'),
  'g',
);

/**
 * `[text](dest)` whose destination holds template syntax (`{{< ref "x.md" >}}`, `{% link a.md %}`,
 * `{{ site.baseurl }}/a`): CommonMark reads no link (the destination has spaces) but the site
 * generator expands the template first, so it is a link: its text is prose, the rest markup.
 */
const DESTINATION_PART = String.raw`(?:${TEMPLATE_TAG}|\{\{[^{}]+\}\}|[^\s()<>{}])`;
const LINK_TO_TEMPLATE = new RegExp(
  String.raw`!?\[((?:[^\[\]\\\n]|\\.)+)\]\(\s*(?=${DESTINATION_PART}*(?:${TEMPLATE_TAG}|\{\{[^{}]+\}\}))${DESTINATION_PART}+(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)`,
  'g',
);

const ATOM_TYPES = new Set(['inlineCode', 'mdxTextExpression', 'footnoteReference', 'inlineMath']);

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
  text(node, source, out, pairs) {
    const { start, end } = offsets(node);
    const raw = source.slice(start, end);
    for (const m of raw.matchAll(LINK_TO_TEMPLATE)) {
      const at = start + (m.index ?? 0);
      const textStart = at + (m[0].startsWith('!') ? 2 : 1);
      const pair = pairs.next++;
      out.push({ start: at, end: textStart, kind: 'open', pair });
      out.push({ start: textStart + m[1].length, end: at + m[0].length, kind: 'close', pair });
    }
    out.push(...textAtoms(source, start, end));
  },
  html(node, _source, out) {
    // One inline tag per node; `<b>` and its `</b>` become one paired tag in `pairTagAtoms`.
    const { start, end } = offsets(node);
    const tag = htmlTagRole((node as { value: string }).value);
    const role = tag && elementRole(tag.name);
    out.push({ start, end, kind: 'atom', pairable: tag && { role: tag.role, key: `html:${tag.name}`, whole: role === 'code' || role === 'raw' } });
  },
  emphasis: wrapper,
  strong: wrapper,
  delete: wrapper,
  mdxJsxTextElement: wrapper,
  linkReference(node, source, out, pairs) {
    wrapper(node, source, out, pairs);
    const reference = node as Nodes & { referenceType: string; identifier: string };
    const close = out[out.length - 1];
    if (reference.referenceType === 'full' || close.kind !== 'close') return;
    // Collapsed `[label][]` and shortcut `[label]`: the text is the label, so a translated text would
    // name no definition. The text travels; the reference is kept: `[Price list][label]`.
    close.markup = `][${referenceLabel(source.slice(offsets(node).start + 1, close.start), reference.identifier)}]`;
  },
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
    const alt = verbatimAlt(node, source);
    if (alt === undefined) return atom(node, out);
    const pair = pairs.next++;
    out.push({ start, end: start + 2, kind: 'open', pair });
    out.push({ start: start + 2 + alt.length, end, kind: 'close', pair });
  },
  imageReference(node, source, out, pairs) {
    // ![alt][label], ![alt][] and ![alt]: the alt text is translatable, the rest is markup. For the
    // collapsed and shortcut forms the alt text is the label, so (as for links) the closing markup
    // names the label as written: `![Rice photo][Gambar beras]` still resolves to the definition.
    const { start, end } = offsets(node);
    const alt = verbatimAlt(node, source);
    if (alt === undefined) return atom(node, out);
    const reference = node as Nodes & { referenceType: string; identifier: string };
    const altEnd = start + 2 + alt.length;
    const pair = pairs.next++;
    out.push({ start, end: start + 2, kind: 'open', pair });
    out.push(...textAtoms(source, start + 2, altEnd));
    const close: InlineRegion = { start: altEnd, end, kind: 'close', pair };
    if (reference.referenceType !== 'full') close.markup = `][${referenceLabel(alt, reference.identifier)}]`;
    out.push(close);
  },
  break(node, source, out) {
    // Keep the line break itself as prose whitespace so the next line's container prefix is handled
    // like any other soft break.
    const { start, end } = offsets(node);
    const stop = source[end - 1] === '\n' ? end - 1 : end;
    if (stop > start) out.push({ start, end: stop, kind: 'atom' });
  },
};

/**
 * Regions of markup among a block's inline children, in source order, none inside another.
 * `spans` (template tags and template code blocks of the document, see `template-syntax.ts`) become
 * atoms wherever they meet the block; markup they cut through goes into the atom with them.
 */
export function inlineRegions(children: Nodes[], source: string, spans: readonly ProtectedSpan[] = []): InlineRegion[] {
  const out: InlineRegion[] = [];
  const pairs = { next: 0 };
  for (const child of children) collect(child, source, out, pairs);
  if (children.length === 0) return out;
  const blockStart = offsets(children[0]).start;
  const blockEnd = offsets(children[children.length - 1]).end;
  const protectedRegions = protectSpans(out, spans, blockStart, blockEnd);
  return pairTagAtoms(outermost(protectedRegions), pairs);
}

/** Sorted, and without regions that lie inside an earlier one (an entity inside a link's destination). */
export function outermost(regions: InlineRegion[]): InlineRegion[] {
  const sorted = [...regions].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: InlineRegion[] = [];
  let reach = -1;
  for (const region of sorted) {
    if (region.start < reach) continue;
    kept.push(region);
    reach = region.end;
  }
  return kept;
}

/**
 * Make each span (clipped to the block) one atom. A region the span cuts into joins the atom; the
 * other half of a pair so cut stays as an atom of its own (its bytes are copied, the prose between
 * still travels). A span already inside one region (a template in a link's destination) is left to it.
 */
export function protectSpans(regions: InlineRegion[], spans: readonly ProtectedSpan[], blockStart: number, blockEnd: number): InlineRegion[] {
  let out = regions;
  const brokenPairs = new Set<number>();
  for (const span of spans) {
    let start = Math.max(span.start, blockStart);
    let end = Math.min(span.end, blockEnd);
    if (start >= end) continue;
    if (out.some((r) => r.start <= start && r.end >= end)) continue;
    const whole = start === span.start && end === span.end;
    for (;;) {
      const cut = out.filter((r) => r.start < end && r.end > start);
      if (cut.length === 0) break;
      for (const r of cut) {
        if (r.pair !== undefined) brokenPairs.add(r.pair);
        start = Math.min(start, r.start);
        end = Math.max(end, r.end);
      }
      out = out.filter((r) => !cut.includes(r));
    }
    out.push({ start, end, kind: 'atom', pairable: whole && start === span.start && end === span.end ? span.pairable : undefined, boundary: span.boundary });
  }
  return out.map((r) => (r.pair !== undefined && brokenPairs.has(r.pair) ? { start: r.start, end: r.end, kind: 'atom' } : r));
}

/**
 * Turn atoms that open and close one element (`<b>` … `</b>`, `{% if %}` … `{% endif %}`,
 * `{{% notice %}}` … `{{% /notice %}}`) into one paired tag, so that a provider cannot reorder or
 * cross them unnoticed (`verifyTags` checks nesting). Only halves at the same nesting level pair;
 * an opener left unclosed, or a closer with no opener, stays an atom. An element whose content is
 * not prose (`<code>…</code>`) becomes one atom instead. `regions` must be sorted and not nested
 * (`outermost`).
 */
export function pairTagAtoms(regions: InlineRegion[], pairs: { next: number }): InlineRegion[] {
  const out: Array<InlineRegion | undefined> = regions.map((r) => ({ ...r }));
  type Frame = { pair: number } | { key: string; index: number };
  const stack: Frame[] = [];
  regions.forEach((region, index) => {
    if (region.kind === 'open') stack.push({ pair: region.pair ?? -1 });
    else if (region.kind === 'close') {
      let at = stack.length - 1;
      while (at >= 0 && !('pair' in stack[at] && (stack[at] as { pair: number }).pair === region.pair)) at--;
      if (at >= 0) stack.length = at;
    } else if (region.pairable?.role === 'open') stack.push({ key: region.pairable.key, index });
    else if (region.pairable?.role === 'close') {
      let at = stack.length - 1;
      while (at >= 0 && 'key' in stack[at] && (stack[at] as { key: string }).key !== region.pairable.key) at--;
      const frame = stack[at];
      if (at < 0 || !('key' in frame)) return;
      stack.length = at;
      const open = out[frame.index] as InlineRegion;
      if (region.pairable.whole) {
        // Everything between is balanced (frames opened there are closed or popped): one atom.
        out[frame.index] = { start: open.start, end: region.end, kind: 'atom' };
        for (let i = frame.index + 1; i <= index; i++) out[i] = undefined;
        return;
      }
      const pair = pairs.next++;
      out[frame.index] = { start: open.start, end: open.end, kind: 'open', pair };
      out[index] = { start: region.start, end: region.end, kind: 'close', pair };
    }
  });
  return out.filter((r): r is InlineRegion => r !== undefined);
}

/**
 * Atoms inside a run of text (`source[start, end)`): heading anchors, `{{…}}` interpolations,
 * template tags (pairable), character references and backslash escapes.
 */
export function textAtoms(source: string, start: number, end: number): InlineRegion[] {
  const out: InlineRegion[] = [];
  for (const m of source.slice(start, end).matchAll(PROTECTED_IN_TEXT)) {
    const at = start + (m.index ?? 0);
    const template = /^\{(?:%|\{[<%])/.test(m[0]);
    out.push({ start: at, end: at + m[0].length, kind: 'atom', pairable: template ? templatePairable(m[0]) : undefined });
  }
  return out;
}

/** The tag a template span stands for, for `ProtectedSpan.pairable`. */
export function templatePairable(tag: string): InlineRegion['pairable'] {
  const info = templateTagInfo(tag);
  return info.role === 'other' || info.name === '' ? undefined : { role: info.role, key: `${info.syntax}:${info.name}` };
}

/**
 * A reference label as written (`Daftar harga`), container prefixes and line breaks made single
 * spaces, or the parser's normalised identifier when the text does not normalise to it.
 */
function referenceLabel(raw: string, identifier: string): string {
  const label = raw.replace(/\n[ \t>]*/g, ' ').replace(/[\t\n\r ]+/g, ' ').trim();
  return label.toLowerCase().toUpperCase().toLowerCase() === identifier.toLowerCase().toUpperCase().toLowerCase() ? label : identifier;
}

/**
 * The alt text of an image (`image` or `imageReference`) when it is written verbatim right after
 * `![` and followed by `]`; undefined when empty or when the source spells it otherwise (escapes,
 * entities, emphasis, line breaks with container prefixes), so the caller keeps the image one atom.
 */
function verbatimAlt(node: Nodes, source: string): string | undefined {
  const start = offsets(node).start;
  const alt = (node as { alt?: string | null }).alt ?? '';
  if (!alt || source.slice(start + 2, start + 2 + alt.length) !== alt || source[start + 2 + alt.length] !== ']') return undefined;
  return alt;
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

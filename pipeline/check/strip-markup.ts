/**
 * The non-prose parts of a translation, extracted the same way from source and target: inline
 * code, placeholders, markdown links, URLs and e-mail addresses. Pure string scanning (the values
 * are single segments of markdown, not documents).
 */
import { TEMPLATE_TAG } from '../markdown/template-syntax.ts';

const CODE = /(`+)([\s\S]*?[^`])\1(?!`)/g;
/** i18next interpolation `{{name}}` / `{{name, format}}`, nesting `$t(key)`, printf, MDX `{expr}`. */
const PLACEHOLDER = /\{\{[^{}]*\}\}|\$t\([^()]*\)|%(?:\d+\$)?[sdif]|\{[^{}\s][^{}]*\}/g;
/**
 * A link destination: URL characters, balanced parentheses, and template syntax that the site
 * generator expands before the markdown is read (`{{< ref "a.md" >}}`, `{% link a.md %}`,
 * `{{ site.baseurl }}`). A `{` that starts `{{` or `{%` must be template syntax (no backtracking
 * over runs of braces).
 */
const DESTINATION = String.raw`(?:${TEMPLATE_TAG}|\{\{[^{}]*\}\}|\{(?![{%])|[^\s()<>{]|\([^\s()]*\))*`;
/** `[text](url "title")` and `![alt](url)`. */
const INLINE_LINK = new RegExp(String.raw`(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(${DESTINATION})>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`, 'g');
/**
 * Reference links and images, once inline links are gone: `[text][label]`, collapsed `[label][]`
 * (group 3 empty) and shortcut `[label]` (group 3 undefined; not before `(` or `:`).
 */
const REFERENCE = /(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\](?:\[((?:[^\[\]\\]|\\.)*)\]|(?![(:]))/g;
const AUTOLINK = /<((?:https?|ftp|mailto):[^\s<>]+)>/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`\])]+[^\s<>"'`\])。，.,;:!?]/g;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi;
const EMPHASIS = /\*\*|__|~~|(?<![\p{L}\p{N}*])\*(?=\S)|(?<=\S)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}])_(?=\S)|(?<=\S)_(?![\p{L}\p{N}])/gu;
const HTML_TAG = /<\/?([A-Za-z][\w.-]*)(?:\s[^<>]*)?\/?>/g;

/** A markdown link or image of a text, as written. */
export interface LinkMarkup {
  kind: 'link' | 'image';
  /** Destination of an inline link or autolink; undefined for a reference. */
  url?: string;
  /** Normalised label of a reference (case-folded, whitespace collapsed, as mdast's `identifier`). */
  label?: string;
  /** The link as it is written (`[Daftar harga][]`), for messages. */
  written: string;
}

export interface Markup {
  code: string[];
  placeholders: string[];
  /** Links and images: inline ones with their URL, references with their label (see `resolveLinks`). */
  links: LinkMarkup[];
  /** Bare URLs and e-mail addresses in the text. */
  urls: string[];
  /** HTML/JSX tags (`<b>`, `</b>`, `<Note/>`) and emphasis delimiters (`**`, `_`, `~~`). */
  tags: string[];
  /**
   * The text with all of the above blanked out: prose for the other rules. What a provider never
   * sees is not in it: inline code, link destinations and titles, HTML/JSX tags with their
   * attributes, placeholders, URLs; nor the alt text of images (see `alts`).
   */
  prose: string;
  /** The alt text of each image (`![alt](url)`, `![alt][label]`), as written: translated by the pipeline, but not in `prose`. */
  alts: string[];
}

const memo = new Map<string, Markup>();

/** `extractMarkup`, remembered for the last few thousand texts (every rule asks for the same two). */
export function markupOf(text: string): Markup {
  let markup = memo.get(text);
  if (!markup) {
    if (memo.size > 4096) memo.clear();
    markup = extractMarkup(text);
    memo.set(text, markup);
  }
  return markup;
}

export function extractMarkup(text: string): Markup {
  const out: Markup = { code: [], placeholders: [], links: [], urls: [], tags: [], prose: '', alts: [] };
  // Pseudo-localization wrapper (⟦…~~~⟧) is not markup.
  let rest = text.replace(/^(\s*)⟦/, '$1').replace(/~*⟧(\s*)$/, '$1').replace(CODE, (whole) => {
    out.code.push(whole);
    return ' ';
  });
  // Links before placeholders: a destination may hold template syntax, which is part of the link.
  rest = rest.replace(INLINE_LINK, (whole, bang: string, label: string, url: string) => {
    out.links.push({ kind: bang ? 'image' : 'link', url, written: whole });
    if (bang) out.alts.push(label);
    return ` ${bang ? '' : label} `;
  });
  rest = rest.replace(REFERENCE, (whole, bang: string, text: string, label: string | undefined) => {
    if (label === undefined && (text.trim() === '' || text.startsWith('^'))) return whole; // `[ ]`, footnote `[^1]`
    out.links.push({ kind: bang ? 'image' : 'link', label: normalizeLabel(label || text), written: whole });
    if (bang) out.alts.push(text);
    return ` ${bang ? '' : text} `;
  });
  rest = rest.replace(AUTOLINK, (whole, url: string) => {
    out.links.push({ kind: 'link', url, written: whole });
    return ' ';
  });
  rest = rest.replace(PLACEHOLDER, (whole) => {
    out.placeholders.push(whole.replace(/\s+/g, ''));
    return ' ';
  });
  rest = rest.replace(EMAIL, (whole) => {
    out.urls.push(whole);
    return ' ';
  });
  rest = rest.replace(URL, (whole) => {
    out.urls.push(whole);
    return ' ';
  });
  rest = rest.replace(HTML_TAG, (whole, name: string) => {
    out.tags.push(whole.startsWith('</') ? `</${name}>` : whole.endsWith('/>') ? `<${name}/>` : `<${name}>`);
    return ' ';
  });
  for (const match of rest.matchAll(EMPHASIS)) out.tags.push(match[0]);
  out.prose = rest.replace(EMPHASIS, ' ');
  return out;
}

/** A reference label as CommonMark matches it: whitespace collapsed, trimmed, case-folded. */
export function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').trim().toLowerCase().toUpperCase().toLowerCase();
}

/** A link with the destination it leads to: `link:URL` / `image:URL` (or `link:[label]` when no definition is known). */
export interface ResolvedLink {
  key: string;
  written: string;
}

/**
 * The destinations of a text's links. References are resolved against `definitions` (label →
 * URL, as `extract-article.ts` lists them); a reference whose label has no definition is no link
 * (CommonMark prints it as text). Without `definitions` (a site string, not an article) references
 * stay symbolic (`link:[label]`), so `[label][]` and `[Text][label]` still match.
 */
export function resolveLinks(links: readonly LinkMarkup[], definitions?: ReadonlyMap<string, string>): ResolvedLink[] {
  const out: ResolvedLink[] = [];
  for (const link of links) {
    if (link.url !== undefined) out.push({ key: `${link.kind}:${link.url}`, written: link.written });
    else if (!definitions) out.push({ key: `${link.kind}:[${link.label}]`, written: link.written });
    else {
      const url = definitions.get(link.label as string);
      if (url !== undefined) out.push({ key: `${link.kind}:${url}`, written: `${link.written} → ${url}` });
    }
  }
  return out;
}

/** Items of `expected` not in `actual` and items of `actual` not in `expected`, as multisets. */
export function multisetDiff(expected: readonly string[], actual: readonly string[]): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const item of actual) counts.set(item, (counts.get(item) ?? 0) + 1);
  const missing: string[] = [];
  for (const item of expected) {
    const n = counts.get(item) ?? 0;
    if (n > 0) counts.set(item, n - 1);
    else missing.push(item);
  }
  const extra = [...counts].flatMap(([item, n]) => Array<string>(n).fill(item));
  return { missing, extra };
}

/**
 * The non-prose parts of a translation, extracted the same way from source and target: inline
 * code, placeholders, markdown links, URLs and e-mail addresses. Pure string scanning (the values
 * are single segments of markdown, not documents).
 */

const CODE = /(`+)([\s\S]*?[^`])\1(?!`)/g;
/** i18next interpolation `{{name}}` / `{{name, format}}`, nesting `$t(key)`, printf, MDX `{expr}`. */
const PLACEHOLDER = /\{\{[^{}]*\}\}|\$t\([^()]*\)|%(?:\d+\$)?[sdif]|\{[^{}\s][^{}]*\}/g;
/** `[text](url "title")` and `![alt](url)`. */
const INLINE_LINK = /(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const AUTOLINK = /<((?:https?|ftp|mailto):[^\s<>]+)>/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`\])]+[^\s<>"'`\])。，.,;:!?]/g;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi;
const EMPHASIS = /\*\*|__|~~|(?<![\p{L}\p{N}*])\*(?=\S)|(?<=\S)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}])_(?=\S)|(?<=\S)_(?![\p{L}\p{N}])/gu;
const HTML_TAG = /<\/?([A-Za-z][\w.-]*)(?:\s[^<>]*)?\/?>/g;

export interface Markup {
  code: string[];
  placeholders: string[];
  /** Link and image targets: `link:URL` / `image:URL`. */
  links: string[];
  /** Bare URLs and e-mail addresses in the text. */
  urls: string[];
  /** HTML/JSX tags (`<b>`, `</b>`, `<Note/>`) and emphasis delimiters (`**`, `_`, `~~`). */
  tags: string[];
  /** The text with all of the above blanked out: prose for the other rules. */
  prose: string;
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
  const out: Markup = { code: [], placeholders: [], links: [], urls: [], tags: [], prose: '' };
  // Pseudo-localization wrapper (⟦…~~~⟧) is not markup.
  let rest = text.replace(/^(\s*)⟦/, '$1').replace(/~*⟧(\s*)$/, '$1').replace(CODE, (whole) => {
    out.code.push(whole);
    return ' ';
  });
  rest = rest.replace(PLACEHOLDER, (whole) => {
    out.placeholders.push(whole.replace(/\s+/g, ''));
    return ' ';
  });
  rest = rest.replace(INLINE_LINK, (_whole, bang: string, label: string, url: string) => {
    out.links.push(`${bang ? 'image' : 'link'}:${url}`);
    return ` ${bang ? '' : label} `;
  });
  rest = rest.replace(AUTOLINK, (_whole, url: string) => {
    out.links.push(`link:${url}`);
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

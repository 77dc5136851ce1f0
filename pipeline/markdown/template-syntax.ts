/**
 * Template syntax that static-site generators expand before (Hugo shortcodes) or around (Liquid in
 * Jekyll and Hexo) the markdown: never prose, whatever the markdown parser makes of it.
 *
 * - Liquid tags `{% name … %}` (also `{%- … -%}`), blocks closed by `{% endname %}`;
 * - Hugo shortcodes `{{< name … >}}` and `{{% name … %}}`, blocks closed by `{{< /name >}}`;
 * - the output tags `{{ … }}` are i18next-style interpolations, protected in `inline-regions.ts`.
 */

/** One template tag; a blank line ends the search (an unclosed `{%` is not a tag). */
export const TEMPLATE_TAG = String.raw`\{%-?(?:(?!\n[ \t]*\n)[\s\S])*?-?%\}|\{\{<(?:(?!\n[ \t]*\n)[\s\S])*?>\}\}|\{\{%(?:(?!\n[ \t]*\n)[\s\S])*?%\}\}`;

/**
 * Blocks whose content is code or raw text, not prose: Jekyll/Liquid `highlight` and `raw`
 * (`comment` too), Hexo `codeblock` and `code`, Hugo's `highlight` shortcode and the common `code`
 * shortcode. Their whole range, tags included, is kept as it is.
 */
const CODE_BLOCKS = new Set(['highlight', 'codeblock', 'code', 'raw', 'comment']);

export interface TemplateTag {
  start: number;
  end: number;
  /** `open` for a tag a later `end…`/`/…` tag may close; `close` for that tag; `other` for `{{< x />}}`. */
  role: 'open' | 'close' | 'other';
  /** The tag's name without `end`/`/` (`codeblock`, `notice`); '' when it has none. */
  name: string;
  syntax: 'liquid' | 'hugo';
}

/** Name and role of a template tag's text (`{% endraw %}` → close `raw`). */
export function templateTagInfo(tag: string): Omit<TemplateTag, 'start' | 'end'> {
  const liquid = /^\{%-?\s*(\w+)/.exec(tag);
  if (liquid) {
    const word = liquid[1];
    if (/^end\w/.test(word)) return { role: 'close', name: word.slice(3), syntax: 'liquid' };
    return { role: 'open', name: word, syntax: 'liquid' };
  }
  const hugo = /^\{\{[<%]\s*(\/?)\s*([\w./-]+)/.exec(tag);
  if (!hugo) return { role: 'other', name: '', syntax: 'hugo' };
  if (hugo[1]) return { role: 'close', name: hugo[2], syntax: 'hugo' };
  return { role: /\/\s*[>%]\}\}$/.test(tag) ? 'other' : 'open', name: hugo[2], syntax: 'hugo' };
}

/**
 * Every template tag of a document outside the `excluded` ranges (code blocks and code spans,
 * where `{% … %}` is an example, not syntax), in order, plus the ranges of code-content blocks
 * (`{% codeblock %}…{% endcodeblock %}`, `{{< highlight go >}}…{{< /highlight >}}`) from the
 * opening tag's start to the closing tag's end. A code block without its closing tag is no block
 * (its opening tag is still a tag). Offsets are UTF-16, ends exclusive.
 */
export function templateSyntax(source: string, excluded: ReadonlyArray<readonly [number, number]> = []): { tags: TemplateTag[]; codeBlocks: Array<[number, number]> } {
  const tags: TemplateTag[] = [];
  const inExcluded = (at: number) => excluded.some(([s, e]) => at >= s && at < e);
  for (const match of source.matchAll(new RegExp(TEMPLATE_TAG, 'g'))) {
    const start = match.index ?? 0;
    if (inExcluded(start)) continue;
    tags.push({ start, end: start + match[0].length, ...templateTagInfo(match[0]) });
  }
  const codeBlocks: Array<[number, number]> = [];
  for (let i = 0; i < tags.length; i++) {
    const open = tags[i];
    if (open.role !== 'open' || !CODE_BLOCKS.has(open.name)) continue;
    let depth = 0;
    for (let j = i + 1; j < tags.length; j++) {
      const tag = tags[j];
      if (tag.syntax !== open.syntax || tag.name !== open.name) continue;
      if (tag.role === 'open') depth++;
      else if (tag.role === 'close' && depth-- === 0) {
        codeBlocks.push([open.start, tag.end]);
        i = j; // tags inside a code block are its content
        break;
      }
    }
  }
  const inCode = (tag: TemplateTag) => codeBlocks.some(([s, e]) => tag.start >= s && tag.end <= e);
  return { tags: tags.filter((tag) => !inCode(tag)), codeBlocks };
}

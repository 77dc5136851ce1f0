import { Tokenizer } from 'htmlparser2';

/**
 * One token of an HTML fragment with its exact source range (UTF-16 offsets into the string
 * tokenized, end exclusive). `open`/`close` carry the lower-cased element name; `other` is a
 * comment, declaration, processing instruction or CDATA section.
 */
export interface HtmlToken {
  type: 'text' | 'open' | 'close' | 'other';
  start: number;
  end: number;
  name?: string;
  /** `<name … />` */
  selfClosing?: boolean;
}

/**
 * Split HTML into tokens with htmlparser2's tokenizer (entities are not decoded: text ranges are raw).
 * The tokens are in order and do not overlap; bytes the tokenizer does not report (an unfinished
 * `<b` at the end) are in no token, so callers treat gaps as markup they must not touch.
 */
export function htmlTokens(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let cursor = 0;
  let openName = '';
  let openStart = 0;
  const push = (token: HtmlToken) => {
    const last = tokens[tokens.length - 1];
    // The tokenizer may report one run of text in pieces (`a `, `< b`): keep it one token.
    if (token.type === 'text' && last?.type === 'text' && last.end === token.start) last.end = token.end;
    else tokens.push(token);
    cursor = token.end;
  };
  /** Markup that started at `<` at or after the cursor and ends just after `end`. */
  const markupStart = () => html.indexOf('<', cursor);
  const tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      ontext: (start, end) => push({ type: 'text', start, end }),
      onopentagname(start, end) {
        openName = html.slice(start, end).toLowerCase();
        openStart = start - 1;
      },
      onopentagend: (end) => push({ type: 'open', start: openStart, end: end + 1, name: openName }),
      onselfclosingtag: (end) => push({ type: 'open', start: openStart, end: end + 1, name: openName, selfClosing: true }),
      onclosetag(start, end) {
        const close = html.indexOf('>', end);
        if (close !== -1) push({ type: 'close', start: start - 2, end: close + 1, name: html.slice(start, end).toLowerCase() });
      },
      oncomment: (_start, end) => push({ type: 'other', start: markupStart(), end: end + 1 }),
      oncdata: (_start, end) => push({ type: 'other', start: markupStart(), end: end + 1 }),
      ondeclaration: (_start, end) => push({ type: 'other', start: markupStart(), end: end + 1 }),
      onprocessinginstruction: (_start, end) => push({ type: 'other', start: markupStart(), end: end + 1 }),
      onattribname() {},
      onattribdata() {},
      onattribend() {},
      onattribentity() {},
      ontextentity() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return tokens;
}

/**
 * What an element's content is, for translation (after the HTML Living Standard's content
 * categories):
 * - `inline`: phrasing content whose text is prose (`<b>`, `<a>`, `<span>`): travels as a paired tag;
 * - `void`: no content (`<br>`, `<img>`): an atom;
 * - `code`: phrasing content that is not prose (`<code>`, `<kbd>`-like sample output, `<svg>`): the
 *   whole element is one atom;
 * - `raw`: content that is never prose, and that ends a run of text (`<pre>`, `<script>`, `<style>`);
 * - `block`: everything else (`<div>`, `<p>`, `<summary>`, `<figcaption>`, `<li>`, custom elements):
 *   a boundary between runs of text.
 */
export type ElementRole = 'inline' | 'void' | 'code' | 'raw' | 'block';

const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'label', 'mark', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const CODE = new Set(['code', 'samp', 'var', 'svg', 'math']);
const RAW = new Set(['pre', 'script', 'style', 'textarea', 'template', 'iframe', 'object', 'video', 'audio', 'canvas', 'noscript', 'select', 'title', 'xmp', 'plaintext', 'listing']);

/** The role of an element by its (lower-case) name; `hr` is void but ends a run like a block. */
export function elementRole(name: string): ElementRole {
  if (name === 'hr') return 'block';
  if (VOID.has(name)) return 'void';
  if (INLINE.has(name)) return 'inline';
  if (CODE.has(name)) return 'code';
  if (RAW.has(name)) return 'raw';
  return 'block';
}

/**
 * A single inline HTML tag as the markdown parser delivers it (one `html` node): opening, closing,
 * or neither (void, self-closing, comment, several tags). Used to pair `<b>` with its `</b>`.
 */
export function htmlTagRole(tag: string): { role: 'open' | 'close'; name: string } | undefined {
  const tokens = htmlTokens(tag);
  if (tokens.length !== 1 || tokens[0].start !== 0 || tokens[0].end !== tag.length) return undefined;
  const [token] = tokens;
  if (token.type === 'close') return { role: 'close', name: token.name as string };
  if (token.type === 'open' && !token.selfClosing && elementRole(token.name as string) !== 'void') return { role: 'open', name: token.name as string };
  return undefined;
}

/**
 * Tagged text: the XML fragment in which segments travel to providers (see `provider.ts`).
 * Pure helpers to build, split and verify it.
 */
import { decodeHTMLStrict } from 'entities';

export type TaggedToken =
  | { type: 'text'; value: string }
  | { type: 'open'; id: string }
  | { type: 'close'; id: string }
  | { type: 'atom'; id: string };

const TAG = /<(\/?)([gx])(\d+)(\/?)>/g;

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The characters of an escaped text run. Every named and numeric HTML character reference is
 * decoded in one pass (WHATWG named references; a semicolon is required), not only the XML five:
 * engines answer `&#39;`, `&quot;` or `&auml;` for characters the source had as such (issue 12
 * item 7). The source's own references never reach this: they travel as atoms.
 */
export function unescapeText(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

/** Split tagged text into text runs (unescaped) and tags. Unknown markup stays text. */
export function tokenize(tagged: string): TaggedToken[] {
  const tokens: TaggedToken[] = [];
  let last = 0;
  for (const match of tagged.matchAll(TAG)) {
    const [whole, slash, kind, num, selfClose] = match;
    const index = match.index ?? 0;
    const valid = kind === 'x' ? !slash && selfClose : !selfClose;
    if (!valid) continue;
    if (index > last) tokens.push({ type: 'text', value: unescapeText(tagged.slice(last, index)) });
    const id = kind + num;
    tokens.push(kind === 'x' ? { type: 'atom', id } : slash ? { type: 'close', id } : { type: 'open', id });
    last = index + whole.length;
  }
  if (last < tagged.length) tokens.push({ type: 'text', value: unescapeText(tagged.slice(last)) });
  return tokens;
}

/** The text without its tags (unescaped), e.g. for context, length and language checks. */
export function plainText(tagged: string): string {
  return tokenize(tagged)
    .map((t) => (t.type === 'text' ? t.value : ''))
    .join('');
}

/** Apply `fn` to every text run, keeping the tags as they are (pseudo-localization, engines without tag support). */
export function mapText(tagged: string, fn: (text: string) => string): string {
  return tokenize(tagged)
    .map((t) => {
      if (t.type === 'text') return escapeText(fn(t.value));
      if (t.type === 'atom') return `<${t.id}/>`;
      return t.type === 'open' ? `<${t.id}>` : `</${t.id}>`;
    })
    .join('');
}

export interface TagProblem {
  code: 'missing-tag' | 'extra-tag' | 'unbalanced-tag' | 'emptied-tag';
  tag: string;
}

/** A human-readable description of tag problems: "tag g1 missing; tag g2 emptied". */
export function describeTagProblems(problems: readonly TagProblem[]): string {
  const words = { 'missing-tag': 'missing', 'extra-tag': 'duplicated or invented', 'unbalanced-tag': 'closed out of order', 'emptied-tag': 'emptied (its text is gone)' };
  return [...new Set(problems.map((p) => `<${p.tag}> ${words[p.code]}`))].join('; ');
}

/**
 * Every tag of the source must come back exactly once, paired tags opened before they close and
 * properly nested, and a pair that held text in the source must hold text in the translation (an
 * emptied pair publishes `****` or `[](url)`: lost markup, issue 12 item 2). Order between siblings
 * may change (MT moves phrases).
 */
export function verifyTags(source: string, translation: string): TagProblem[] {
  const count = (tokens: TaggedToken[]) => {
    const seen = new Map<string, number>();
    for (const t of tokens) if (t.type !== 'text') seen.set(`${t.type}:${t.id}`, (seen.get(`${t.type}:${t.id}`) ?? 0) + 1);
    return seen;
  };
  const expected = count(tokenize(source));
  const targetTokens = tokenize(translation);
  const actual = count(targetTokens);
  const problems: TagProblem[] = [];
  for (const [tag, n] of expected) {
    const got = actual.get(tag) ?? 0;
    if (got < n) problems.push({ code: 'missing-tag', tag: tag.split(':')[1] });
    if (got > n) problems.push({ code: 'extra-tag', tag: tag.split(':')[1] });
  }
  for (const tag of actual.keys()) if (!expected.has(tag)) problems.push({ code: 'extra-tag', tag: tag.split(':')[1] });
  if (problems.length === 0) {
    const stack: string[] = [];
    for (const t of targetTokens) {
      if (t.type === 'open') stack.push(t.id);
      else if (t.type === 'close' && stack.pop() !== t.id) {
        problems.push({ code: 'unbalanced-tag', tag: t.id });
        break;
      }
    }
  }
  if (problems.length === 0) {
    const sourceFilled = filledPairs(tokenize(source));
    const targetFilled = filledPairs(targetTokens);
    for (const id of sourceFilled) if (!targetFilled.has(id)) problems.push({ code: 'emptied-tag', tag: id });
  }
  return problems;
}

/** Paired tags with something other than whitespace inside (text or an atom). Tokens must be balanced. */
function filledPairs(tokens: readonly TaggedToken[]): Set<string> {
  const filled = new Set<string>();
  const open: string[] = [];
  for (const t of tokens) {
    if (t.type === 'open') open.push(t.id);
    else if (t.type === 'close') open.pop();
    else if (t.type === 'atom' || t.value.trim() !== '') for (const id of open) filled.add(id);
  }
  return filled;
}

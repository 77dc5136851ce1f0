/**
 * Tagged text: the XML fragment in which segments travel to providers (see `provider.ts`).
 * Pure helpers to build, split and verify it.
 */

export type TaggedToken =
  | { type: 'text'; value: string }
  | { type: 'open'; id: string }
  | { type: 'close'; id: string }
  | { type: 'atom'; id: string };

const TAG = /<(\/?)([gx])(\d+)(\/?)>/g;

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) =>
    ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] as string,
  );
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
  code: 'missing-tag' | 'extra-tag' | 'unbalanced-tag';
  tag: string;
}

/**
 * Every tag of the source must come back exactly once, paired tags opened before they close and
 * properly nested. Order between siblings may change (MT moves phrases).
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
  return problems;
}

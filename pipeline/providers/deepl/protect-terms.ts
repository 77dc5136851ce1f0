import { escapeText, tokenize, type TaggedToken } from '../../tagged-text.ts';

/**
 * Do-not-translate terms travel as atoms (`<xN/>`, with N above the segment's own ids) and are
 * put back verbatim after translation. Atoms are the only protection DeepL cannot bend (a
 * glossary entry mapping a term to itself is a strong hint, not a guarantee), and a lost term
 * is then caught by the same tag check as any lost inline markup.
 */
export interface ProtectedText {
  /** Tagged text to send. */
  text: string;
  /** Put the terms back into a translation of `text`. */
  restore(translated: string): string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One pattern for whole-word occurrences of any of `terms` (longest first), or undefined for none.
 * `ignoreCase`: match in any case (the project glossary's do-not-translate terms); the occurrence is
 * still restored as the source wrote it.
 */
export function termPattern(terms: readonly string[], options: { ignoreCase?: boolean } = {}): RegExp | undefined {
  if (terms.length === 0) return undefined;
  const sorted = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.join('|')})(?![\\p{L}\\p{N}_])`, options.ignoreCase ? 'giu' : 'gu');
}

function serialize(tokens: TaggedToken[]): string {
  return tokens
    .map((t) => (t.type === 'text' ? escapeText(t.value) : t.type === 'atom' ? `<${t.id}/>` : t.type === 'open' ? `<${t.id}>` : `</${t.id}>`))
    .join('');
}

/**
 * `tagged` with every match of `pattern` (or of each pattern in turn, for a list) replaced by an
 * atom; `restore` puts the matched text back.
 */
export function protectTerms(tagged: string, pattern: RegExp | undefined | ReadonlyArray<RegExp | undefined>): ProtectedText {
  const identity: ProtectedText = { text: tagged, restore: (t) => t };
  const patterns: ReadonlyArray<RegExp | undefined> = pattern instanceof RegExp || pattern === undefined ? [pattern] : pattern;
  return patterns.reduce<ProtectedText>((outer, next) => {
    const inner = protectWith(outer.text, next);
    return inner.text === outer.text ? outer : { text: inner.text, restore: (t) => outer.restore(inner.restore(t)) };
  }, identity);
}

function protectWith(tagged: string, pattern: RegExp | undefined): ProtectedText {
  const identity: ProtectedText = { text: tagged, restore: (t) => t };
  if (!pattern) return identity;
  const tokens = tokenize(tagged);
  let next = 1 + Math.max(0, ...tokens.filter((t) => t.type !== 'text').map((t) => Number((t as { id: string }).id.slice(1))));
  const terms = new Map<string, string>();
  const out: TaggedToken[] = [];
  for (const token of tokens) {
    if (token.type !== 'text') {
      out.push(token);
      continue;
    }
    let last = 0;
    for (const match of token.value.matchAll(pattern)) {
      const index = match.index ?? 0;
      if (index > last) out.push({ type: 'text', value: token.value.slice(last, index) });
      const id = `x${next++}`;
      terms.set(id, match[0]);
      out.push({ type: 'atom', id });
      last = index + match[0].length;
    }
    if (last < token.value.length) out.push({ type: 'text', value: token.value.slice(last) });
  }
  if (terms.size === 0) return identity;
  return {
    text: serialize(out),
    restore: (translated) => translated.replace(/<(x\d+)\/>/g, (atom, id: string) => (terms.has(id) ? escapeText(terms.get(id) as string) : atom)),
  };
}

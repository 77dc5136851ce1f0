import type { GlossaryTerm } from '../../provider.ts';

/**
 * The glossary entries a request needs: those with a target rendering whose source term occurs in
 * one of the request's texts (plain text, whole words, case-insensitive: a sentence-initial
 * capital or an all-caps headline still matches). Do-not-translate terms are not listed: they
 * travel as atoms (`protect-terms.ts`) and no longer occur in the text.
 */
export function selectGlossary(terms: readonly GlossaryTerm[], texts: readonly string[]): GlossaryTerm[] {
  const candidates = terms.filter((t) => !t.doNotTranslate && t.target !== undefined && t.source.trim() !== '');
  if (candidates.length === 0) return [];
  const haystack = texts.join('\n');
  return candidates.filter((term) => termRegExp(term.source).test(haystack));
}

/** `<source term> → <target term>` (U+2192, one space either side), one line per entry. */
export function glossaryLines(terms: readonly GlossaryTerm[]): string {
  return terms.map((t) => `${t.source.trim()} \u2192 ${(t.target ?? t.source).trim()}`).join('\n');
}

const cache = new Map<string, RegExp>();

function termRegExp(term: string): RegExp {
  let re = cache.get(term);
  if (!re) {
    const escaped = term.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    re = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu');
    cache.set(term, re);
  }
  return re;
}

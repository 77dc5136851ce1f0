import { matchingTerms } from '../../glossary/glossary-terms.ts';
import type { GlossaryTerm } from '../../provider.ts';
import { escapeText } from '../../tagged-text.ts';

/**
 * The glossary entries a request needs: those with a target rendering whose source term occurs in
 * one of the request's texts, matched as the project glossary matches everywhere
 * (`glossary/glossary-terms.ts`: whole words, case-insensitive with Indonesian lower-casing, tags
 * ignored). Do-not-translate terms are not listed: they travel as atoms (`protect-terms.ts`) and
 * no longer occur in the text.
 */
export function selectGlossary(terms: readonly GlossaryTerm[], texts: readonly string[]): GlossaryTerm[] {
  return matchingTerms(
    terms.filter((t) => !t.doNotTranslate && t.target !== undefined && t.target.trim() !== ''),
    texts,
  );
}

/**
 * `<source term> → <target term>` (U+2192, one space either side), one line per entry. Both sides
 * are escaped exactly as segment text travels (`escapeText`: `&amp;`, `&lt;`, `&gt;`), so the
 * model sees `P&amp;G` in the glossary as in the segment, and a rendering such as `<Minister>`
 * comes back as text, not as markup.
 */
export function glossaryLines(terms: readonly GlossaryTerm[]): string {
  return terms.map((t) => `${escapeText(t.source.trim())} \u2192 ${escapeText((t.target ?? t.source).trim())}`).join('\n');
}

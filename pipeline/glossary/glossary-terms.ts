/**
 * The project glossary seen from one target: its terms (`glossaryTermsFor`), and the ones that
 * occur in some texts (`matchingTerms`, e.g. the segments of one LLM request or one check unit).
 * Pure and dependency-free: providers, the check's workers and the CLI import it.
 */
import type { GlossaryTerm } from '../provider.ts';
import type { ProjectGlossary } from './read-glossary.ts';

/** A project glossary term with the line of its row, for messages (`glossary.csv:7`). */
export interface ProjectTerm extends GlossaryTerm {
  line: number;
}

/**
 * The glossary's terms for the target `locale`: every `dnt` row (as a do-not-translate term), and
 * every row with a rendering in the target's column — the column named like the target, else the
 * column of its base language (`en` for `en-GB`). Rows with an empty cell there do not apply.
 * Row order is kept. Empty for an undefined glossary.
 */
export function glossaryTermsFor(glossary: ProjectGlossary | undefined, locale: string): ProjectTerm[] {
  if (!glossary) return [];
  const column = columnFor(glossary.locales, locale);
  const terms: ProjectTerm[] = [];
  for (const row of glossary.rows) {
    const note = row.note !== undefined ? { note: row.note } : {};
    if (row.doNotTranslate) terms.push({ source: row.source, doNotTranslate: true, ...note, line: row.line });
    else if (column !== undefined && row.renderings[column] !== undefined) terms.push({ source: row.source, target: row.renderings[column], doNotTranslate: false, ...note, line: row.line });
  }
  return terms;
}

function canonical(locale: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

/** The header column that serves `locale`: the same locale, else its base language. */
function columnFor(columns: readonly string[], locale: string): string | undefined {
  const target = canonical(locale);
  if (target === undefined) return undefined;
  return columns.find((c) => canonical(c) === target) ?? columns.find((c) => canonical(c)?.toLowerCase() === target.split('-')[0].toLowerCase());
}

/** Indonesian lower-casing, the one definition for glossary matching. */
export function glossaryLower(text: string): string {
  return text.toLocaleLowerCase('id');
}

const patterns = new Map<string, RegExp>();

/**
 * The pattern of a term: its words (lower-cased) separated by any run of white space, not preceded
 * or followed by a letter, digit or underscore. Matched against lower-cased text.
 */
function termRegExp(term: string): RegExp {
  let pattern = patterns.get(term);
  if (!pattern) {
    const words = glossaryLower(term).trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])${words.join('\\s+')}(?![\\p{L}\\p{M}\\p{N}_])`, 'u');
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(term, pattern);
  }
  return pattern;
}

/**
 * Text as the glossary reads it: tagged text's `<gN>`, `</gN>` and `<xN/>` tags removed (an atom
 * becomes a space), `&lt;`, `&gt;`, `&amp;` read as characters, then lower-cased. Plain text and
 * markdown pass through (markup characters are not word characters, so `**Putin**` holds `putin`).
 */
function normalize(text: string): string {
  const plain = text.includes('<') || text.includes('&') ? text.replace(/<x\d+\/>/g, ' ').replace(/<\/?g\d+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text;
  return glossaryLower(plain);
}

/** Whether `term` occurs in `text` as a whole word (or words), case-insensitively (Indonesian lower-casing). */
export function containsTerm(text: string, term: string): boolean {
  if (term.trim() === '') return false;
  return termRegExp(term).test(normalize(text));
}

/**
 * The entries of `terms` whose source term occurs in at least one of `texts` as a whole word,
 * case-insensitively with Indonesian lower-casing: `Bank Indonesia` matches "bank  Indonesia" and
 * "BANK INDONESIA," but `bank` does not match "bankir". Multi-word terms match across any white
 * space. Texts may be plain, markdown or tagged text (see `normalize`). Order of `terms` is kept;
 * each entry at most once. Cost: one regular expression test per term and text.
 */
export function matchingTerms<T extends GlossaryTerm>(terms: readonly T[], texts: readonly string[]): T[] {
  if (terms.length === 0 || texts.length === 0) return [];
  const normalized = texts.map(normalize);
  return terms.filter((term) => term.source.trim() !== '' && normalized.some((text) => termRegExp(term.source).test(text)));
}

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

/** A term compiled for matching: its pattern, and its words (to skip texts that lack one). */
interface CompiledTerm {
  /** Global (`g`): run with `lastIndex` reset to find every occurrence. */
  pattern: RegExp;
  words: string[];
}

const compiled = new Map<string, CompiledTerm>();

/**
 * The pattern of a term: its words separated by any run of white space, not preceded or followed
 * by a letter, mark, digit or underscore. Lower-cased (matched against lower-cased text) unless
 * `verbatim` (matched against text as written, case included).
 */
function compile(term: string, verbatim = false): CompiledTerm {
  const key = `${verbatim ? 'v' : 'l'}${term}`;
  let entry = compiled.get(key);
  if (!entry) {
    const words = (verbatim ? term : glossaryLower(term)).trim().split(/\s+/);
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    entry = { pattern: new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])${escaped.join('\\s+')}(?![\\p{L}\\p{M}\\p{N}_])`, 'gu'), words };
    if (compiled.size > 20_000) compiled.clear();
    compiled.set(key, entry);
  }
  return entry;
}

/** Whether the compiled term occurs in `text` (already normalized the same way). */
function occursIn(term: CompiledTerm, text: string): boolean {
  if (!term.words.every((w) => text.includes(w))) return false;
  term.pattern.lastIndex = 0;
  return term.pattern.test(text);
}

/**
 * Text as the glossary reads it: tagged text's `<gN>`, `</gN>` and `<xN/>` tags removed (an atom
 * becomes a space), `&lt;`, `&gt;`, `&amp;` read as characters, then lower-cased (unless
 * `verbatim`). Plain text and markdown pass through (markup characters are not word characters, so
 * `**Putin**` holds `putin`).
 */
function normalize(text: string, verbatim = false): string {
  const plain = text.includes('<') || text.includes('&') ? text.replace(/<x\d+\/>/g, ' ').replace(/<\/?g\d+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text;
  return verbatim ? plain : glossaryLower(plain);
}

/** Whether `term` occurs in `text` as a whole word (or words), case-insensitively (Indonesian lower-casing). */
export function containsTerm(text: string, term: string): boolean {
  if (term.trim() === '') return false;
  return occursIn(compile(term), normalize(text));
}

/**
 * Whether `term` occurs in `text` exactly as written, case included (`jfid` is not in "JFID" nor
 * "Jfid"), as a whole word (or words); only the white space between its words may differ (a line
 * break where markdown wraps). Tagged text is read as `containsTerm` reads it. For do-not-translate
 * terms, which must be kept verbatim.
 */
export function containsTermVerbatim(text: string, term: string): boolean {
  if (term.trim() === '') return false;
  return occursIn(compile(term, true), normalize(text, true));
}

/** One occurrence of a term in a normalized text: `[start, end)` in UTF-16 code units, and the term. */
interface Occurrence {
  start: number;
  end: number;
  term: number;
}

/**
 * The entries of `terms` whose source term occurs in at least one of `texts` as a whole word,
 * case-insensitively with Indonesian lower-casing: `Bank Indonesia` matches "bank  Indonesia" and
 * "BANK INDONESIA," but `bank` does not match "bankir". Multi-word terms match across any white
 * space. Texts may be plain, markdown or tagged text (see `normalize`).
 *
 * The longest match wins: an occurrence that lies inside a longer occurrence of another term of
 * `terms` does not count, so with `Bank Indonesia` and `Bank Indonesia Pusat`, the text "Bank
 * Indonesia Pusat" matches only the latter; a term matches if at least one of its occurrences is
 * not inside a longer one (two terms occurring at exactly the same place both match).
 *
 * Order of `terms` is kept; each entry at most once. Cost: per term and text, a substring test of
 * the term's words, and a regular expression scan where they are all present; then a sort of the
 * occurrences found in each text.
 */
export function matchingTerms<T extends GlossaryTerm>(terms: readonly T[], texts: readonly string[]): T[] {
  if (terms.length === 0 || texts.length === 0) return [];
  const patterns = terms.map((term) => (term.source.trim() === '' ? undefined : compile(term.source)));
  const matched = new Uint8Array(terms.length);
  for (const raw of texts) {
    const text = normalize(raw);
    const found: Occurrence[] = [];
    const scan = (wanted: 0 | 1) =>
      patterns.forEach((compiledTerm, term) => {
        if (compiledTerm === undefined || matched[term] !== wanted || !compiledTerm.words.every((w) => text.includes(w))) return;
        const { pattern } = compiledTerm;
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push({ start: m.index, end: m.index + m[0].length, term });
      });
    // Terms not matched yet; only if one occurs here, the matched ones too (they may contain it).
    scan(0);
    if (found.length === 0) continue;
    scan(1);
    // By start, longer first: an occurrence lies inside a longer one iff an occurrence before it
    // in this order (not at exactly the same place) reaches at least as far.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let reach = -1; // furthest end of the occurrences before the current place
    for (let i = 0; i < found.length; ) {
      let j = i;
      while (j < found.length && found[j].start === found[i].start && found[j].end === found[i].end) j++;
      if (reach < found[i].end) for (let k = i; k < j; k++) matched[found[k].term] = 1;
      reach = Math.max(reach, found[i].end);
      i = j;
    }
  }
  return terms.filter((_, index) => matched[index] === 1);
}

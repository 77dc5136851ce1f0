/**
 * Fuzzy similarity between two segments, OmegaT-like: the texts are cut into tokens (words and
 * single punctuation marks), the token sequences are compared with a Levenshtein distance and the
 * distance is normalized against the longer sequence: `1 - distance / max(n, m)`.
 *
 * Costs: insertion, deletion and substitution of a different word cost 1; a token that differs only
 * in letter case costs `CASE_PENALTY` (a slight penalty, so "Presiden" vs "presiden" still scores
 * close to 1). Texts whose tokens are identical but whose spacing differs score `SPACING_SCORE`
 * (1 is reserved for an exact match after whitespace normalization).
 *
 * A one-word edit in a 12-word sentence with a full stop (13 tokens) scores 1 - 1/13 ≈ 0.923.
 * Pure functions only.
 */

export interface FuzzyToken {
  /** The token as written (NFC). */
  text: string;
  /** Lower-cased form, used for case-insensitive comparison and for the prefilter index. */
  lower: string;
  /** True for word tokens (letters, marks, digits), false for a punctuation mark or symbol. */
  word: boolean;
}

/** Cost of a token that differs from its counterpart only in letter case. */
export const CASE_PENALTY = 0.1;
/** Score of two texts whose tokens are identical but whose spacing differs. */
export const SPACING_SCORE = 0.999;

/**
 * A word: letters, marks and digits, with internal apostrophes or hyphens (`anak-anak`, `Jum'at`)
 * and digit groups (`1.000.000`, `2,5`). Anything else that is not whitespace is a one-character
 * token.
 */
const TOKEN_PATTERN = /[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+|[.,]\p{N}+)*|[^\s\p{L}\p{M}\p{N}]/gu;
const WORD_START = /^[\p{L}\p{M}\p{N}]/u;

/** Cut a text into fuzzy-matching tokens (NFC-normalized first). */
export function tokenizeForFuzzy(text: string): FuzzyToken[] {
  const tokens: FuzzyToken[] = [];
  for (const match of text.normalize('NFC').matchAll(TOKEN_PATTERN)) {
    const value = match[0];
    tokens.push({ text: value, lower: value.toLowerCase(), word: WORD_START.test(value) });
  }
  return tokens;
}

/**
 * Weighted Levenshtein distance between two token sequences. When the distance is certainly
 * greater than `maxDistance`, returns `Infinity` early.
 */
export function tokenDistance(a: readonly FuzzyToken[], b: readonly FuzzyToken[], maxDistance = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > maxDistance) return Infinity;
  if (n === 0) return m;
  if (m === 0) return n;
  let previous = new Float64Array(m + 1);
  let current = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const left = a[i - 1];
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= m; j++) {
      const right = b[j - 1];
      const substitution = left.text === right.text ? 0 : left.lower === right.lower ? CASE_PENALTY : 1;
      let best = previous[j - 1] + substitution;
      const deletion = previous[j] + 1;
      if (deletion < best) best = deletion;
      const insertion = current[j - 1] + 1;
      if (insertion < best) best = insertion;
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > maxDistance) return Infinity;
    const swap = previous;
    previous = current;
    current = swap;
  }
  const distance = previous[m];
  return distance > maxDistance ? Infinity : distance;
}

/**
 * Similarity in [0, 1] of two token sequences: `1 - distance / max(n, m)`. Returns 0 as soon as the
 * score is certainly below `minScore` (so callers can use it as a fast filter).
 */
export function scoreTokens(a: readonly FuzzyToken[], b: readonly FuzzyToken[], minScore = 0): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  const maxDistance = minScore > 0 ? (1 - minScore) * longest + 1e-9 : Infinity;
  const distance = tokenDistance(a, b, maxDistance);
  if (!Number.isFinite(distance)) return 0;
  const score = 1 - distance / longest;
  return score < 0 ? 0 : score;
}

/** Collapse whitespace runs to one space, trim, NFC-normalize: the form a memory keys on. */
export function normalizeSegment(text: string): string {
  const nfc = text.normalize('NFC');
  // Most sentences are already normal; the test is far cheaper than the replace (a hot path).
  return UNUSUAL_SPACE.test(nfc) ? nfc.replace(/\s+/gu, ' ').trim() : nfc;
}

/** Whitespace that normalization would change: runs, non-space whitespace, leading or trailing. */
const UNUSUAL_SPACE = /\s\s|[^\S ]|^\s|\s$/u;

/**
 * Similarity in [0, 1] of two segments. 1 means equal after whitespace normalization;
 * a one-word edit in a 12-word sentence scores about 0.92.
 */
export function fuzzyScore(a: string, b: string): number {
  const left = normalizeSegment(a);
  const right = normalizeSegment(b);
  if (left === right) return 1;
  return Math.min(scoreTokens(tokenizeForFuzzy(left), tokenizeForFuzzy(right)), SPACING_SCORE);
}

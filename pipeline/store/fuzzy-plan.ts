/**
 * Fuzzy search without scoring everything: a plan that bounds the candidates a store must fetch,
 * and the ranking of the fetched candidates. Pure functions, shared by every store.
 *
 * Two filters, both exact (they never drop a candidate that could reach `minScore`):
 * - length window: a candidate of n tokens has distance >= |n - m| to a query of m tokens, so
 *   `score >= s` needs `s·m <= n <= m/s`;
 * - prefix filter on rare words: every edit that is not a case change costs 1, so a candidate
 *   within distance d leaves at most ⌊d⌋ query tokens unmatched. Any set of distinct words that
 *   covers ⌊d⌋ + 1 query positions therefore contains a word the candidate also has. The plan
 *   picks the rarest words (by document frequency) until they cover that many positions; the store
 *   fetches only candidates indexed under one of these "probe" words.
 */
import type { FuzzyMatch } from './translation-memory.ts';
import { type FuzzyToken, SPACING_SCORE, scoreTokens } from './fuzzy-score.ts';

export interface FuzzyPlan {
  minTokens: number;
  maxTokens: number;
  /** Probe words (lower-cased) or `null` when no word filter is possible (scan the length window). */
  probe: string[] | null;
}

/** The distinct lower-cased word tokens a store indexes for an entry. */
export function indexTerms(tokens: readonly FuzzyToken[]): string[] {
  const terms = new Set<string>();
  for (const token of tokens) if (token.word) terms.add(token.lower);
  return [...terms];
}

/**
 * Plan a fuzzy query over `queryTokens`. `documentFrequency` returns, for the given distinct words,
 * how many indexed entries contain each (missing = 0).
 */
export function planFuzzy(
  queryTokens: readonly FuzzyToken[],
  minScore: number,
  documentFrequency: (terms: string[]) => Map<string, number>,
): FuzzyPlan {
  const m = queryTokens.length;
  if (minScore <= 0) return { minTokens: 0, maxTokens: Number.MAX_SAFE_INTEGER, probe: null };
  const minTokens = Math.max(0, Math.ceil(minScore * m - 1e-9));
  const maxTokens = Math.floor(m / minScore + 1e-9);
  const maxDistance = (1 - minScore) * Math.max(m, maxTokens);
  const needed = Math.floor(maxDistance + 1e-9) + 1;

  const positions = new Map<string, number>();
  for (const token of queryTokens) if (token.word) positions.set(token.lower, (positions.get(token.lower) ?? 0) + 1);
  let wordPositions = 0;
  for (const count of positions.values()) wordPositions += count;
  if (wordPositions < needed) return { minTokens, maxTokens, probe: null };

  const frequency = documentFrequency([...positions.keys()]);
  const ranked = [...positions.entries()]
    .map(([term, count]) => ({ term, count, df: frequency.get(term) ?? 0 }))
    // Rarest first; among equals, the word covering more positions, then the longer word.
    .sort((a, b) => a.df - b.df || b.count - a.count || b.term.length - a.term.length || (a.term < b.term ? -1 : 1));
  const probe: string[] = [];
  let covered = 0;
  for (const { term, count } of ranked) {
    probe.push(term);
    covered += count;
    if (covered >= needed) break;
  }
  return { minTokens, maxTokens, probe };
}

export interface FuzzyCandidate {
  source: string;
  target: string;
  provider: string;
  /** The entry's origin (its provider when stored without one). */
  origin: string;
  /** Tokens of `source`, when the store already has them. */
  tokens?: readonly FuzzyToken[];
  /** For ordering ties: later entries first. */
  updatedAt?: number;
}

/**
 * Score candidates against the (normalized) query and return the best `limit`, best first, with
 * score >= minScore. Equal (source, target) pairs are reported once.
 */
export function rankFuzzyMatches(
  query: { source: string; tokens: readonly FuzzyToken[]; minScore: number; limit: number },
  candidates: Iterable<FuzzyCandidate>,
  tokenize: (text: string) => FuzzyToken[],
): FuzzyMatch[] {
  const best = new Map<string, FuzzyMatch & { updatedAt: number }>();
  for (const candidate of candidates) {
    let score: number;
    if (candidate.source === query.source) score = 1;
    else {
      score = scoreTokens(query.tokens, candidate.tokens ?? tokenize(candidate.source), query.minScore);
      if (score > SPACING_SCORE) score = SPACING_SCORE;
    }
    if (score < query.minScore || score <= 0) continue;
    const id = `${candidate.source}\u0000${candidate.target}`;
    const previous = best.get(id);
    const updatedAt = candidate.updatedAt ?? 0;
    if (!previous || score > previous.score || (score === previous.score && updatedAt > previous.updatedAt)) {
      best.set(id, { source: candidate.source, target: candidate.target, provider: candidate.provider, origin: candidate.origin, score, updatedAt });
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || b.updatedAt - a.updatedAt || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
    .slice(0, query.limit)
    .map(({ source, target, provider, origin, score }) => ({ source, target, provider, origin, score }));
}

/** Validate the numeric options of a fuzzy query; returns the effective limit. */
export function checkFuzzyOptions(minScore: number, limit: number | undefined): number {
  if (!(minScore >= 0 && minScore <= 1)) throw new RangeError(`fuzzy: minScore must be in [0, 1], got ${minScore}`);
  const effective = limit ?? 3;
  if (!Number.isInteger(effective) || effective < 0) throw new RangeError(`fuzzy: limit must be a non-negative integer, got ${limit}`);
  return effective;
}

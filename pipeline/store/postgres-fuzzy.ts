/**
 * Fuzzy look-up in the shared memory on PostgreSQL: pg_trgm finds candidates, our own scoring
 * (`rankFuzzyMatches`, the same as every store) decides.
 *
 * For reviewed entries (`provider = 'human'`, the only fuzzy look-ups the pipeline makes) the
 * trigram GIN index is probed with `source % $query` under a similarity threshold that depends on
 * the query's length and `minScore` (`trigramThreshold`), inside the exact token-count window of
 * `planFuzzy`; the `TOP_CANDIDATES` most trigram-similar are fetched and scored. Other providers,
 * queries without a word character (no trigrams) and low `minScore` scan the length window of the
 * scope through the btree index instead, like the SQLite store's unindexed path.
 *
 * Measured (a generated memory of news sentences recombined from a real corpus, 2 shared cores): minScore 0.75, limit 1: p50 39 /
 * p95 80 ms at 10,000 reviewed entries (load average 12), p50 590 / p95 1,351 ms at 1,000,000 (load
 * 3); the best match found for 213/213 and 25/25 queries. At a million, EXPLAIN ANALYZE puts ~99 %
 * of a look-up in the GIN bitmap index scan: merging the posting lists of all the query's trigrams
 * (155–185 for a 200–250 character sentence: ~1–1.4 s; 47 for 50 characters: ~0.3 s); the heap
 * recheck of the 90–1,300 candidates and our scoring are a few ms. A higher threshold does not
 * shorten that merge, so the 50 ms target is not met at a million with this index.
 *
 * A look-up that exceeds `fuzzyTimeoutMs` (default 2 s) is cancelled by the server and gives no
 * match: the run goes on without that suggestion.
 *
 * The trigram filter is a heuristic, not an exact bound (token edits and trigram overlap do not
 * map one to one), so the threshold is set below the similarity a match at `minScore` typically
 * has; see `trigramThreshold`.
 */
import type { FuzzyMatch, FuzzyQuery } from './translation-memory.ts';
import { tokenizeForFuzzy } from './fuzzy-score.ts';
import { type FuzzyCandidate, checkFuzzyOptions, planFuzzy, rankFuzzyMatches } from './fuzzy-plan.ts';
import { normalizeMemoryKey } from './memory-key.ts';
import type { PostgresContext } from './postgres-connection.ts';

/** How many trigram candidates are scored by our own measure (the best by trigram similarity). */
export const TOP_CANDIDATES = 50;

/** Below this `minScore` the trigram threshold would let nearly everything through: scan instead. */
const MIN_INDEXED_SCORE = 0.3;

/** SQLSTATE of a statement cancelled by `statement_timeout`. */
const QUERY_CANCELED = '57014';

/** Integer columns hold at most this (planFuzzy's unbounded window is MAX_SAFE_INTEGER). */
const INT_MAX = 2 ** 31 - 1;

/**
 * The pg_trgm similarity threshold for a query of `length` characters at `minScore` (in [0, 1]).
 *
 * A fraction f = 1 − minScore of the words edited changes about that fraction of the trigrams, so a
 * match at `minScore` has a trigram similarity (shared / union) near (1 − f) / (1 + f): 0.6 at 0.75.
 * Short texts vary most (one word holds many of their trigrams; punctuation counts as a token for us
 * but has no trigrams), so the threshold keeps a margin below that for them: ×0.8 under 40
 * characters, ×0.9 under 80, none above (0.48 / 0.54 / 0.6 at minScore 0.75). Measured on 213
 * generated queries whose best match scores >= 0.75 (same corpus): their trigram similarity was
 * at least 0.643 / 0.627 / 0.667 in those buckets. A higher threshold is what keeps the GIN look-up
 * fast on a large memory (fewer posting lists to merge), so it is not set lower than needed.
 */
export function trigramThreshold(minScore: number, length: number): number {
  const f = 1 - minScore;
  const typical = (1 - f) / (1 + f);
  const margin = length < 40 ? 0.8 : length < 80 ? 0.9 : 1;
  // At most 0.9: pg_trgm computes similarity in single precision; a near-exact bound could drop a match.
  return Math.min(0.9, Math.max(0.05, Math.round(typical * margin * 1000) / 1000));
}

interface CandidateRow {
  source: string;
  target: string;
  provider: string;
  origin: string | null;
  updated_ms: string;
}

/** The closest entries of the query's scope, best first (see the module comment). */
export async function fuzzyPostgres(context: PostgresContext, query: FuzzyQuery): Promise<FuzzyMatch[]> {
  const limit = checkFuzzyOptions(query.minScore, query.limit);
  if (limit === 0) return [];
  const source = normalizeMemoryKey({ ...query, fingerprint: '' }).source;
  const tokens = tokenizeForFuzzy(source);
  const plan = planFuzzy(tokens, query.minScore, () => new Map());
  const window = [Math.min(plan.minTokens, INT_MAX), Math.min(plan.maxTokens, INT_MAX)];
  const indexed = query.provider === 'human' && query.minScore >= MIN_INDEXED_SCORE && /[\p{L}\p{N}]/u.test(source);
  const columns = `source, target, provider, origin, (extract(epoch FROM updated_at) * 1000)::bigint AS updated_ms`;
  const rows = indexed
    ? await context.transaction('fuzzy look-up', async (client) => {
        // The planner misjudges `%` (it cannot estimate trigram selectivity) and may scan the table.
        // A look-up over its time bound gives no suggestion rather than stalling the run.
        await client.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true), set_config('enable_seqscan', 'off', true), set_config('statement_timeout', $2, true)`, [
          String(trigramThreshold(query.minScore, source.length)),
          String(context.fuzzyTimeoutMs),
        ]);
        // The literal 'human' lets the planner use the partial trigram index. The inner query (an
        // optimization fence: OFFSET 0) leaves it no other index: given the scope's conditions, it
        // prefers the btree scope index and computes `%` on every row of the scope (50x slower).
        const result = await client.query<CandidateRow>(
          `SELECT ${columns} FROM (
             SELECT * FROM tm_entry WHERE provider = 'human' AND source % $1 OFFSET 0
           ) AS candidate
            WHERE source_locale = $2 AND target_locale = $3 AND token_count BETWEEN $4 AND $5
            ORDER BY similarity(source, $1) DESC
            LIMIT $6`,
          [source, query.sourceLocale, query.targetLocale, window[0], window[1], TOP_CANDIDATES],
        ).catch((error: unknown) => {
          if ((error as { code?: unknown }).code === QUERY_CANCELED) return { rows: [] as CandidateRow[] };
          throw error;
        });
        return result.rows;
      })
    : await context.withClient('fuzzy look-up', async (client) => {
        const result = await client.query<CandidateRow>(
          `SELECT ${columns} FROM tm_entry
            WHERE source_locale = $1 AND target_locale = $2 AND provider = $3 AND token_count BETWEEN $4 AND $5`,
          [query.sourceLocale, query.targetLocale, query.provider, window[0], window[1]],
        );
        return result.rows;
      });
  const candidates: FuzzyCandidate[] = rows.map((row) => ({
    source: row.source,
    target: row.target,
    provider: row.provider,
    origin: row.origin ?? row.provider,
    updatedAt: Number(row.updated_ms),
  }));
  return rankFuzzyMatches({ source, tokens, minScore: query.minScore, limit }, candidates, tokenizeForFuzzy);
}

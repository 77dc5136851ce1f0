/**
 * A translation memory held in process memory: same semantics as the SQLite store, nothing
 * persisted. For tests and one-off runs.
 */
import type { FuzzyMatch, MemoryEntry, MemoryKey, TranslationMemory } from './translation-memory.ts';
import { type SyncMemory, asyncMemory } from './sync-memory.ts';
import { type FuzzyToken, tokenizeForFuzzy } from './fuzzy-score.ts';
import { type FuzzyCandidate, checkFuzzyOptions, indexTerms, planFuzzy, rankFuzzyMatches } from './fuzzy-plan.ts';
import { memoryKeyString, normalizeMemoryKey } from './memory-key.ts';

export interface InMemoryMemoryOptions {
  /** Clock for the entries' times (milliseconds); defaults to `Date.now`. */
  now?: () => number;
}

interface StoredEntry {
  provider: string;
  sourceLocale: string;
  targetLocale: string;
  source: string;
  target: string;
  origin: string;
  tokens: FuzzyToken[];
  createdAt: number;
  updatedAt: number;
}

/** A memory in process memory (see the module comment); each call settles before it returns. */
export function createInMemoryMemory(options: InMemoryMemoryOptions = {}): TranslationMemory {
  return asyncMemory(createInMemoryStore(options));
}

/** The synchronous core of `createInMemoryMemory` (also the SQLite memory's stand-in for a damaged file in a dry run). */
export function createInMemoryStore(options: InMemoryMemoryOptions = {}): SyncMemory {
  const now = options.now ?? Date.now;
  const byKey = new Map<string, StoredEntry>();
  /** Lower-cased word → entries containing it. */
  const postings = new Map<string, StoredEntry[]>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('The in-memory translation memory is closed.');
  }

  return {
    getMany(keys: MemoryKey[]): Array<string | undefined> {
      assertOpen();
      return keys.map((key) => byKey.get(memoryKeyString(normalizeMemoryKey(key)))?.target);
    },

    putMany(entries: MemoryEntry[]): void {
      assertOpen();
      const time = now();
      for (const entry of entries) {
        const key = normalizeMemoryKey(entry);
        const id = memoryKeyString(key);
        const existing = byKey.get(id);
        if (existing) {
          existing.target = entry.target;
          existing.origin = entry.origin ?? entry.provider;
          existing.updatedAt = time;
          continue;
        }
        const tokens = tokenizeForFuzzy(key.source);
        const stored: StoredEntry = {
          provider: key.provider,
          sourceLocale: key.sourceLocale,
          targetLocale: key.targetLocale,
          source: key.source,
          target: entry.target,
          origin: entry.origin ?? entry.provider,
          tokens,
          createdAt: time,
          updatedAt: time,
        };
        byKey.set(id, stored);
        for (const term of indexTerms(tokens)) {
          const list = postings.get(term);
          if (list) list.push(stored);
          else postings.set(term, [stored]);
        }
      }
    },

    fuzzy(query): FuzzyMatch[] {
      assertOpen();
      const limit = checkFuzzyOptions(query.minScore, query.limit);
      if (limit === 0) return [];
      const source = normalizeMemoryKey({ ...query, fingerprint: '' }).source;
      const tokens = tokenizeForFuzzy(source);
      const plan = planFuzzy(tokens, query.minScore, (terms) => new Map(terms.map((term) => [term, postings.get(term)?.length ?? 0])));
      const pool: Iterable<StoredEntry> = plan.probe
        ? new Set(plan.probe.flatMap((term) => postings.get(term) ?? []))
        : byKey.values();
      const candidates: FuzzyCandidate[] = [];
      for (const entry of pool) {
        if (entry.sourceLocale !== query.sourceLocale || entry.targetLocale !== query.targetLocale || entry.provider !== query.provider) continue;
        if (entry.tokens.length < plan.minTokens || entry.tokens.length > plan.maxTokens) continue;
        candidates.push({ source: entry.source, target: entry.target, provider: entry.provider, origin: entry.origin, tokens: entry.tokens, updatedAt: entry.updatedAt });
      }
      return rankFuzzyMatches({ source, tokens, minScore: query.minScore, limit }, candidates, tokenizeForFuzzy);
    },

    close(): void {
      closed = true;
      byKey.clear();
      postings.clear();
    },
  };
}

/**
 * The translation memory interface. The memory is an optimisation (a cache that saves provider
 * calls and suggests fuzzy matches); the committed locale files and their state files remain the
 * record of what is reviewed.
 */

/** Which engine produced a translation: a provider plus the options that change its output. */
export interface MemoryOrigin {
  /** Provider name (`deepl`, `apertium`, …) or `human` for reviewed text. */
  provider: string;
  /** Provider fingerprint for the target (see `Provider.fingerprint`); '' for `human`. */
  fingerprint: string;
}

export interface MemoryKey extends MemoryOrigin {
  sourceLocale: string;
  targetLocale: string;
  /** The source segment in markdown form; the store normalizes whitespace before keying. */
  source: string;
}

export interface MemoryEntry extends MemoryKey {
  /** The translation in markdown form. */
  target: string;
  /**
   * Where the translation came from, for people reading the memory: e.g. `tmx:agency-2019.tmx` for
   * an imported TMX. Not part of the key (an import and a review of the same sentence are one
   * entry, the later wins, origin included). Defaults to `provider`.
   */
  origin?: string;
}

export interface FuzzyMatch {
  source: string;
  target: string;
  provider: string;
  /** The entry's origin (`MemoryEntry.origin`; its provider when it was stored without one). */
  origin: string;
  /** Similarity in [0, 1]; 1 is an exact match after normalization. */
  score: number;
}

export interface TranslationMemory {
  /** Exact look-up of many keys at once; the result is aligned with `keys` (undefined = miss). */
  getMany(keys: MemoryKey[]): Array<string | undefined>;
  /** Store entries durably before returning (a crash right after loses nothing). */
  putMany(entries: MemoryEntry[]): void;
  /**
   * The closest earlier translations of `source` into `targetLocale` from `provider` (e.g. `human`),
   * best first, with score >= minScore.
   */
  fuzzy(query: { sourceLocale: string; targetLocale: string; provider: string; source: string; minScore: number; limit?: number }): FuzzyMatch[];
  close(): void;
}

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

/**
 * A translation memory. Asynchronous so that a memory on a database server (PostgreSQL, shared by
 * several machines) and the embedded SQLite file implement one interface; the SQLite memory does
 * its work synchronously inside each call and returns a settled promise, so a write is on disk
 * when `putMany` returns, before its promise is awaited.
 */
export interface TranslationMemory {
  /** Exact look-up of many keys at once; the result is aligned with `keys` (undefined = miss). */
  getMany(keys: MemoryKey[]): Promise<Array<string | undefined>>;
  /** Store entries durably before the promise resolves (a crash after that loses nothing). */
  putMany(entries: MemoryEntry[]): Promise<void>;
  /**
   * The closest earlier translations of `source` into `targetLocale` from `provider` (e.g. `human`),
   * best first, with score >= minScore.
   */
  fuzzy(query: FuzzyQuery): Promise<FuzzyMatch[]>;
  /** Release the file or the connections; calling it twice is harmless. */
  close(): Promise<void>;
  /**
   * Present on a memory that several machines share (PostgreSQL): claims on segments about to be
   * sent to a provider, so that two runners never pay for the same segment (`segment-claims.ts`).
   */
  claims?: SegmentClaims;
}

export interface FuzzyQuery {
  sourceLocale: string;
  targetLocale: string;
  provider: string;
  source: string;
  minScore: number;
  limit?: number;
}

/**
 * The claim protocol of a shared memory. A claim is a row per memory key (normalized as the memory
 * keys it) with the claiming runner and a lease expiry; a claim whose lease ran out may be taken
 * over by anyone. Storing an entry (`putMany`) releases its claim.
 */
export interface SegmentClaims {
  /** This runner's identity in claims (host, pid and a random part). */
  readonly runner: string;
  /**
   * Claim `keys` for `leaseMs` milliseconds. `granted`: claimed by this runner now (free keys and
   * keys whose claim expired, taken over); `held`: keys a live claim of another runner holds.
   * Keys with an entry in the memory already are `answered` (nobody needs to send them).
   */
  claim(keys: MemoryKey[], leaseMs: number): Promise<{ granted: MemoryKey[]; held: MemoryKey[]; answered: MemoryKey[] }>;
  /** Extend this runner's claims on `keys` by `leaseMs` from now (a heartbeat while a provider works). */
  renew(keys: MemoryKey[], leaseMs: number): Promise<void>;
  /** Drop this runner's claims on `keys` (given up, or the run stops). */
  release(keys: MemoryKey[]): Promise<void>;
  /** Resolves when an entry is stored or a claim released anywhere (LISTEN/NOTIFY), or after `timeoutMs`. */
  waitForChange(timeoutMs: number): Promise<void>;
}

/**
 * A translation memory in a SQLite file (better-sqlite3). The file is a cache: deleting it only
 * costs provider calls.
 *
 * Durability: WAL journal with `synchronous = NORMAL`. Each `putMany` is one transaction, committed
 * before it returns; a committed transaction survives a crash of the process (SIGKILL), only an OS
 * crash or power loss can roll back the last transactions.
 *
 * Schema (user_version 3):
 * - `tm_entry`: one row per key (provider, fingerprint, source locale, target locale, normalized
 *   source) with the target, its origin (NULL: the provider; e.g. `tmx:agency.tmx` for an import),
 *   the token count of the source and the creation/update times; looked up by `key_hash` (64 bits
 *   of SHA-256 of the key; rows are verified field by field).
 * - `tm_term` / `tm_posting`: an inverted index of the lower-cased words of each source with their
 *   document frequency, for the fuzzy prefilter (see `fuzzy-plan.ts`).
 *
 * Versions: 3 added `tm_entry.origin`; a version 2 file is migrated in place (ALTER TABLE, its
 * entries kept: imported TMX entries exist nowhere else), older ones are rebuilt empty.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { FuzzyMatch, MemoryEntry, MemoryKey, TranslationMemory } from './translation-memory.ts';
import { createInMemoryStore } from './in-memory-store.ts';
import { type SyncMemory, asyncMemory, settled } from './sync-memory.ts';
import { tokenizeForFuzzy } from './fuzzy-score.ts';
import { type FuzzyCandidate, checkFuzzyOptions, indexTerms, planFuzzy, rankFuzzyMatches } from './fuzzy-plan.ts';
import { type EntryColumns, type NormalizedMemoryKey, entryFromRow, memoryKeyHash, normalizeMemoryKey } from './memory-key.ts';

/** The schema version this code writes (`PRAGMA user_version`). */
export const SQLITE_MEMORY_SCHEMA_VERSION = 3;
/** Marks the file as a translation memory (`PRAGMA application_id`, "jfTM"). */
const APPLICATION_ID = 0x6a66544d;

export type SqliteMemoryErrorCode = 'MEMORY_NOT_SQLITE' | 'MEMORY_NOT_A_DATABASE' | 'MEMORY_NEWER_SCHEMA' | 'MEMORY_FOREIGN_DATABASE' | 'MEMORY_OPEN_FAILED' | 'MEMORY_CORRUPT';

/** An error opening the memory file; the message names the file and the fix. */
export class SqliteMemoryError extends Error {
  readonly code: SqliteMemoryErrorCode;
  readonly path: string;
  constructor(code: SqliteMemoryErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SqliteMemoryError';
    this.code = code;
    this.path = path;
  }
}

/** Entries per locale pair, provider and origin, and the space the file takes (`SqliteMemory.stats`). */
export interface SqliteMemoryStats {
  /** The file as given to `openSqliteMemory`. */
  file: string;
  schemaVersion: number;
  /** One row per (source locale, target locale, provider, origin), most entries first; origin is the provider when none was stored. */
  entries: Array<{ sourceLocale: string; targetLocale: string; provider: string; origin: string; count: number }>;
  /** The database file and its write-ahead log (committed writes not yet copied into the file), in bytes; absent files left out. */
  files: Array<{ name: string; bytes: number }>;
}

/** The SQLite memory: a `TranslationMemory` with an export iterator and statistics. */
export interface SqliteMemory extends TranslationMemory {
  /** The schema version the file had before this open (0: a new file) and has now. */
  readonly migration: { from: number; to: number };
  /**
   * Every entry in insertion order, read in pages of `pageSize` (default 1,000) so that a large
   * memory never sits in process memory at once. `origin` is set only when it differs from the
   * provider. Empty for the stand-in of a damaged file left in place (`leaveDamaged`).
   */
  entries(pageSize?: number): AsyncIterableIterator<MemoryEntry>;
  stats(): Promise<SqliteMemoryStats>;
}

export interface SqliteMemoryOptions {
  /** Clock for the entries' times (milliseconds); defaults to `Date.now`. */
  now?: () => number;
  /** How long to wait for another process holding the write lock (ms); default 10 000. */
  busyTimeout?: number;
  /**
   * Rebuild a damaged memory: a SQLite file that cannot be read as a database, or whose pages are
   * corrupt (found at open or at any later query), is moved aside to `<path>.corrupt-<time>` and a
   * fresh empty memory takes its place; the interrupted call is retried on it. Called with a
   * warning naming both files. Without it, such a file throws a `SqliteMemoryError`
   * (MEMORY_NOT_A_DATABASE or MEMORY_CORRUPT).
   *
   * Only a file that is recognisably a memory is ever moved: a non-empty file without the SQLite
   * header (an article, the config: a wrong `cache` path) or a SQLite database of another
   * application is always refused (MEMORY_NOT_SQLITE, MEMORY_FOREIGN_DATABASE) and left untouched.
   */
  onCorrupt?: (warning: string, moved?: { from: string; to: string }) => void;
  /**
   * With `onCorrupt`: leave a damaged memory where it is (nothing on disk is moved or written) and
   * go on with an empty memory held in process memory; `onCorrupt` gets the warning without
   * `moved`. For dry runs, which must not change the workspace.
   */
  leaveDamaged?: boolean;
}

const SCHEMA = `
CREATE TABLE tm_entry (
  id INTEGER PRIMARY KEY,
  key_hash INTEGER NOT NULL,
  provider TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  source_locale TEXT NOT NULL,
  target_locale TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  origin TEXT,
  token_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tm_entry_key ON tm_entry (key_hash);
CREATE INDEX tm_entry_scope ON tm_entry (source_locale, target_locale, provider, token_count);
CREATE TABLE tm_term (
  id INTEGER PRIMARY KEY,
  term TEXT NOT NULL UNIQUE,
  df INTEGER NOT NULL
);
CREATE TABLE tm_posting (
  term_id INTEGER NOT NULL,
  entry_id INTEGER NOT NULL,
  PRIMARY KEY (term_id, entry_id)
) WITHOUT ROWID;
`;

function deleteHint(path: string): string {
  return `It is only a cache: delete it and rerun (rm "${path}").`;
}

function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/** A damaged file, found at open (not a database) or by a query (corrupt pages). */
function isCorruption(error: unknown): boolean {
  if (error instanceof SqliteMemoryError) return error.code === 'MEMORY_NOT_A_DATABASE' || error.code === 'MEMORY_CORRUPT';
  return isNotADatabase(error);
}

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuse a file that is not recognisably a translation memory, before anything opens, moves or
 * writes it: a non-empty file without the SQLite header, or a SQLite file whose header carries
 * another application's id. A missing or empty file, or anything that is not a regular file, is
 * left to SQLite (which creates, or fails on its own).
 */
function assertRecognisable(path: string): void {
  const file = resolve(path);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return;
    size = stat.size;
  } catch {
    return;
  }
  if (size === 0) return;
  const header = Buffer.alloc(100);
  let read = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      read = readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw wrapOpenError(path, error);
  }
  const fix =
    `Check \`cache\` in the config: it must name a file of its own for the translation memory (e.g. .cache/memory.sqlite), not an article or any other file. ` +
    `If it is a damaged memory, it is only a cache: delete it and rerun (rm "${path}").`;
  if (read < SQLITE_HEADER.length || !header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    throw new SqliteMemoryError(
      'MEMORY_NOT_SQLITE',
      path,
      `Cannot open the translation memory ${path}: the file is not a valid SQLite database (it does not start with the SQLite header), so it was left untouched. ${fix}`,
    );
  }
  // `PRAGMA application_id` lives at offset 68 of the header, big-endian; 0 is a memory not yet
  // marked (or an empty database).
  const applicationId = read >= 72 ? header.readUInt32BE(68) : 0;
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    throw new SqliteMemoryError(
      'MEMORY_FOREIGN_DATABASE',
      path,
      `Cannot open the translation memory ${path}: it is a SQLite database of another application (application_id ${applicationId}), so it was left untouched. Point the config's \`cache\` at a file of its own (e.g. .cache/memory.sqlite).`,
    );
  }
}

/** `2025-11-30T00-17-05-123Z`: sortable, and a valid file name everywhere. */
const stamp = (time: number): string => new Date(time).toISOString().replace(/[:.]/g, '-');

/**
 * Move a damaged memory (and its WAL, which must never be replayed onto the fresh file) aside.
 * Returns where it went.
 */
function moveAside(file: string, time: number): string {
  let aside = `${file}.corrupt-${stamp(time)}`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.corrupt-${stamp(time)}-${n}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-journal']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  rmSync(`${file}-shm`, { force: true });
  return aside;
}

function wrapOpenError(path: string, error: unknown): Error {
  if (error instanceof SqliteMemoryError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (isNotADatabase(error)) {
    return new SqliteMemoryError(
      'MEMORY_NOT_A_DATABASE',
      path,
      `Cannot open the translation memory ${path}: the file is not a valid SQLite database (${reason}). ${deleteHint(path)}`,
      { cause: error },
    );
  }
  return new SqliteMemoryError('MEMORY_OPEN_FAILED', path, `Cannot open the translation memory ${path}: ${reason}.`, { cause: error });
}

/** Create the schema on an empty file, or check the version of an existing one. */
/** The native SQLite driver, loaded when a memory is first opened (not by commands that never consult it). */
function loadDriver(): typeof Database {
  return createRequire(import.meta.url)('better-sqlite3') as typeof Database;
}

/** Returns the schema version the file had before (0: new or empty). */
function migrate(db: Database.Database, path: string): number {
  const before = db.pragma('user_version', { simple: true }) as number;
  const check = (): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_MEMORY_SCHEMA_VERSION) {
      throw new SqliteMemoryError(
        'MEMORY_NEWER_SCHEMA',
        path,
        `Cannot open the translation memory ${path}: its schema version ${version} is newer than this pipeline supports (${SQLITE_MEMORY_SCHEMA_VERSION}); it was written by a newer version. ${deleteHint(path)}`,
      );
    }
    if (version === SQLITE_MEMORY_SCHEMA_VERSION) {
      const applicationId = db.pragma('application_id', { simple: true }) as number;
      if (applicationId !== APPLICATION_ID) throw foreign(`application_id ${applicationId}`);
      return true;
    }
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).get() as { n: number };
    const ours = db.pragma('application_id', { simple: true }) === APPLICATION_ID;
    if (tables.n > 0 && !ours) throw foreign(`user_version ${version} with ${tables.n} tables`);
    return false;
  };
  const foreign = (what: string): SqliteMemoryError =>
    new SqliteMemoryError(
      'MEMORY_FOREIGN_DATABASE',
      path,
      `Cannot open the translation memory ${path}: it is a SQLite database but not a translation memory (${what}). Point the config's \`cache\` at another file, or, if it is an old memory, delete it: it is only a cache (rm "${path}").`,
    );
  if (check()) return before;
  // Another process may be creating the schema at the same time: decide under the write lock.
  db.transaction(() => {
    if (check()) return;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 2) {
      // Version 2 lacks only the origin column: add it, keeping the entries (NULL = the provider).
      db.exec('ALTER TABLE tm_entry ADD COLUMN origin TEXT');
      db.pragma(`user_version = ${SQLITE_MEMORY_SCHEMA_VERSION}`);
      return;
    }
    // An older schema of ours: the memory is a cache, so it is rebuilt rather than migrated.
    db.exec('DROP TABLE IF EXISTS tm_posting; DROP TABLE IF EXISTS tm_term; DROP TABLE IF EXISTS tm_entry;');
    db.exec(SCHEMA);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SQLITE_MEMORY_SCHEMA_VERSION}`);
  }).immediate();
  return before;
}

/**
 * Fuzzy matches serve reviewers, who want earlier human translations: only those are word-indexed.
 * Entries of machine providers (the bulk of a memory) are still found, by a scan of their scope.
 */
const WORD_INDEXED = new Set(['human']);

/**
 * Words are indexed per scope (locale pair and provider): a fuzzy query for reviewed text never
 * walks the postings of machine entries, and an empty scope answers at once.
 */
function termScope(scope: { sourceLocale: string; targetLocale: string; provider: string }): string {
  return `${scope.sourceLocale}\u0001${scope.targetLocale}\u0001${scope.provider}\u0001`;
}

interface EntryRow extends EntryColumns {
  id: number;
}

interface CandidateRow {
  source: string;
  target: string;
  provider: string;
  origin: string | null;
  updated_at: number;
}

function sameKey(row: EntryRow, key: NormalizedMemoryKey): boolean {
  return (
    row.source === key.source &&
    row.provider === key.provider &&
    row.fingerprint === key.fingerprint &&
    row.source_locale === key.sourceLocale &&
    row.target_locale === key.targetLocale
  );
}

/**
 * Open (or create) the translation memory at `path`; parent folders are created. Throws a
 * `SqliteMemoryError` naming the file and the fix when it is not a valid memory; a damaged file is
 * rebuilt instead when `options.onCorrupt` is given (the memory is only a cache). Each method does
 * its work synchronously and returns a settled promise (a `putMany` is committed when it returns);
 * a failure of a call (e.g. corrupt pages without `onCorrupt`) is a rejected promise.
 */
export function openSqliteMemory(path: string, options: SqliteMemoryOptions = {}): SqliteMemory {
  const now = options.now ?? Date.now;
  const recover = path === ':memory:' ? undefined : options.onCorrupt;
  if (path !== ':memory:') assertRecognisable(path);
  const rebuild = (error: unknown): SqliteStore | SyncMemory => {
    const file = resolve(path);
    const reason = error instanceof SqliteMemoryError ? ((error.cause as Error | undefined)?.message ?? error.message) : (error as Error).message;
    // Never move what is not recognisably a memory (the file may have changed since it was opened).
    assertRecognisable(path);
    if (options.leaveDamaged) {
      recover?.(
        `the translation memory ${path} is damaged (${reason}); left it in place and used an empty memory for this run (nothing was moved or written); the next run that writes will move it aside and start a fresh one.`,
      );
      return createInMemoryStore({ now });
    }
    let aside: string;
    try {
      aside = moveAside(file, now());
    } catch (moveError) {
      throw new SqliteMemoryError('MEMORY_CORRUPT', path, `The translation memory ${path} is damaged and cannot be moved aside (${(moveError as Error).message}). ${deleteHint(path)}`, { cause: error });
    }
    recover?.(
      `the translation memory ${path} is damaged (${reason}); moved it to ${aside} and started a fresh one. It is only a cache: reviewed translations are restored from the locale files, the rest may be asked of the provider again.`,
      { from: file, to: aside },
    );
    return openStore(path, options);
  };
  let store: SqliteStore | SyncMemory;
  try {
    store = openStore(path, options);
  } catch (error) {
    if (!recover || !isCorruption(error)) throw error;
    store = rebuild(error);
  }
  // Corrupt pages may show only when a query reaches them: handle it there, once per call.
  const guard = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      if (!isCorruption(error)) throw error;
      if (!recover) {
        throw new SqliteMemoryError('MEMORY_CORRUPT', path, `The translation memory ${path} is damaged (${(error as Error).message}). ${deleteHint(path)}`, { cause: error });
      }
      store.close();
      store = rebuild(error);
      return call();
    }
  };
  const migration = 'schemaBefore' in store ? { from: store.schemaBefore, to: SQLITE_MEMORY_SCHEMA_VERSION } : { from: 0, to: 0 };
  async function* entries(pageSize = 1_000): AsyncIterableIterator<MemoryEntry> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`entries: pageSize must be a positive integer, got ${pageSize}`);
    for (let after = 0; ; ) {
      const current = store;
      if (!('page' in current)) return;
      const page = guard(() => current.page(after, pageSize));
      for (const row of page) yield row.entry;
      if (page.length < pageSize) return;
      after = page[page.length - 1].id;
    }
  }
  return {
    ...asyncMemory({
      getMany: (keys) => guard(() => store.getMany(keys)),
      putMany: (entries) => guard(() => store.putMany(entries)),
      fuzzy: (query) => guard(() => store.fuzzy(query)),
      close: () => store.close(),
    }),
    migration,
    entries,
    stats: () => settled(() => guard(() => ('stats' in store ? store.stats() : { file: path, schemaVersion: 0, entries: [], files: [] }))),
  };
}

/** The synchronous core of the SQLite memory, with what `SqliteMemory` adds. */
interface SqliteStore extends SyncMemory {
  /** `PRAGMA user_version` before this open migrated the file. */
  schemaBefore: number;
  /** Up to `limit` entries with a row id above `afterId`, in row-id order. */
  page(afterId: number, limit: number): Array<{ id: number; entry: MemoryEntry }>;
  stats(): SqliteMemoryStats;
}

function openStore(path: string, options: SqliteMemoryOptions): SqliteStore {
  const now = options.now ?? Date.now;
  const inMemory = path === ':memory:';
  const file = inMemory ? path : resolve(path);
  let db: Database.Database;
  let schemaBefore = 0;
  try {
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    db = new (loadDriver())(file, { timeout: options.busyTimeout ?? 10_000 });
  } catch (error) {
    throw wrapOpenError(path, error);
  }
  try {
    // The first statement reads the header: a file that is not a database fails here.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    schemaBefore = migrate(db, path);
  } catch (error) {
    db.close();
    throw wrapOpenError(path, error);
  }

  const selectByHash = db.prepare<[bigint]>(
    'SELECT id, provider, fingerprint, source_locale, target_locale, source, target, origin FROM tm_entry WHERE key_hash = ?',
  );
  const updateTarget = db.prepare<[string, string | null, number, number]>('UPDATE tm_entry SET target = ?, origin = ?, updated_at = ? WHERE id = ?');
  const insertEntry = db.prepare(
    `INSERT INTO tm_entry (key_hash, provider, fingerprint, source_locale, target_locale, source, target, origin, token_count, created_at, updated_at)
     VALUES (@keyHash, @provider, @fingerprint, @sourceLocale, @targetLocale, @source, @target, @origin, @tokenCount, @time, @time)`,
  );
  const upsertTerm = db.prepare<[string]>(
    'INSERT INTO tm_term (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1 RETURNING id',
  );
  const insertPosting = db.prepare<[number, number | bigint]>('INSERT OR IGNORE INTO tm_posting (term_id, entry_id) VALUES (?, ?)');
  const selectFrequencies = db.prepare<[string]>('SELECT term, df FROM tm_term WHERE term IN (SELECT value FROM json_each(?))');
  const selectProbeCandidates = db.prepare(
    `SELECT e.source, e.target, e.provider, e.origin, e.updated_at
       FROM (SELECT DISTINCT p.entry_id AS id
               FROM json_each(@terms) AS j
               CROSS JOIN tm_term AS t ON t.term = j.value
               CROSS JOIN tm_posting AS p ON p.term_id = t.id) AS c
       CROSS JOIN tm_entry AS e ON e.id = c.id
      WHERE e.source_locale = @sourceLocale AND e.target_locale = @targetLocale AND e.provider = @provider
        AND e.token_count BETWEEN @minTokens AND @maxTokens`,
  );
  const hasScope = db.prepare<[string, string, string]>('SELECT 1 FROM tm_entry WHERE source_locale = ? AND target_locale = ? AND provider = ? LIMIT 1');
  const selectWindowCandidates = db.prepare(
    `SELECT source, target, provider, origin, updated_at FROM tm_entry
      WHERE source_locale = @sourceLocale AND target_locale = @targetLocale AND provider = @provider
        AND token_count BETWEEN @minTokens AND @maxTokens`,
  );

  const selectPage = db.prepare<[number, number]>(
    'SELECT id, provider, fingerprint, source_locale, target_locale, source, target, origin FROM tm_entry WHERE id > ? ORDER BY id LIMIT ?',
  );
  const selectCounts = db.prepare(
    `SELECT source_locale, target_locale, provider, coalesce(origin, provider) AS origin, count(*) AS count
       FROM tm_entry GROUP BY 1, 2, 3, 4 ORDER BY count(*) DESC, 1, 2, 3, 4`,
  );

  const findRow = (key: NormalizedMemoryKey, hash: bigint): EntryRow | undefined => {
    for (const row of selectByHash.all(hash) as EntryRow[]) if (sameKey(row, key)) return row;
    return undefined;
  };

  const readMany = db.transaction((keys: MemoryKey[]): Array<string | undefined> =>
    keys.map((raw) => {
      const key = normalizeMemoryKey(raw);
      return findRow(key, memoryKeyHash(key))?.target;
    }),
  );

  const writeMany = db.transaction((entries: MemoryEntry[], time: number): void => {
    for (const entry of entries) {
      const key = normalizeMemoryKey(entry);
      const keyHash = memoryKeyHash(key);
      const existing = findRow(key, keyHash);
      // NULL stands for "the provider": the common case costs no bytes per row.
      const origin = entry.origin === undefined || entry.origin === entry.provider ? null : entry.origin;
      if (existing) {
        if (existing.target !== entry.target || existing.origin !== origin) updateTarget.run(entry.target, origin, time, existing.id);
        continue;
      }
      const tokens = tokenizeForFuzzy(key.source);
      const { lastInsertRowid } = insertEntry.run({ keyHash, ...key, target: entry.target, origin, tokenCount: tokens.length, time });
      if (!WORD_INDEXED.has(key.provider)) continue;
      const scope = termScope(key);
      for (const term of indexTerms(tokens)) {
        const { id } = upsertTerm.get(scope + term) as { id: number };
        insertPosting.run(id, lastInsertRowid);
      }
    }
  });

  return {
    schemaBefore,

    page(afterId: number, limit: number): Array<{ id: number; entry: MemoryEntry }> {
      return (selectPage.all(afterId, limit) as EntryRow[]).map((row) => ({ id: row.id, entry: entryFromRow(row) }));
    },

    stats(): SqliteMemoryStats {
      const rows = selectCounts.all() as Array<{ source_locale: string; target_locale: string; provider: string; origin: string; count: number }>;
      const files: SqliteMemoryStats['files'] = [];
      if (!inMemory) {
        for (const name of [file, `${file}-wal`]) {
          try {
            files.push({ name, bytes: statSync(name).size });
          } catch {
            // no write-ahead log right now (checkpointed and removed at the last close)
          }
        }
      }
      return {
        file: path,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        entries: rows.map((row) => ({ sourceLocale: row.source_locale, targetLocale: row.target_locale, provider: row.provider, origin: row.origin, count: row.count })),
        files,
      };
    },

    getMany(keys: MemoryKey[]): Array<string | undefined> {
      if (keys.length === 0) return [];
      return readMany(keys);
    },

    putMany(entries: MemoryEntry[]): void {
      if (entries.length === 0) return;
      // Validate before the transaction so a bad entry never leaves half a batch.
      for (const entry of entries) {
        for (const field of ['provider', 'fingerprint', 'sourceLocale', 'targetLocale', 'source', 'target'] as const) {
          if (typeof entry[field] !== 'string') throw new TypeError(`putMany: entry.${field} must be a string, got ${typeof entry[field]}`);
        }
        if (entry.origin !== undefined && typeof entry.origin !== 'string') throw new TypeError(`putMany: entry.origin must be a string when given, got ${typeof entry.origin}`);
      }
      writeMany.immediate(entries, now());
    },

    fuzzy(query): FuzzyMatch[] {
      const limit = checkFuzzyOptions(query.minScore, query.limit);
      if (limit === 0 || !hasScope.get(query.sourceLocale, query.targetLocale, query.provider)) return [];
      const source = normalizeMemoryKey({ ...query, fingerprint: '' }).source;
      const tokens = tokenizeForFuzzy(source);
      const scope = termScope(query);
      const indexed = WORD_INDEXED.has(query.provider);
      const plan = planFuzzy(tokens, query.minScore, (terms) => {
        if (!indexed) return new Map();
        const rows = selectFrequencies.all(JSON.stringify(terms.map((term) => scope + term))) as Array<{ term: string; df: number }>;
        return new Map(rows.map((row) => [row.term.slice(scope.length), row.df]));
      });
      if (!indexed) plan.probe = null; // not word-indexed: scan the length window of the scope
      const params = {
        sourceLocale: query.sourceLocale,
        targetLocale: query.targetLocale,
        provider: query.provider,
        minTokens: plan.minTokens,
        maxTokens: plan.maxTokens,
      };
      const rows = (
        plan.probe ? selectProbeCandidates.all({ ...params, terms: JSON.stringify(plan.probe.map((term) => scope + term)) }) : selectWindowCandidates.all(params)
      ) as CandidateRow[];
      const candidates: FuzzyCandidate[] = rows.map((row) => ({
        source: row.source,
        target: row.target,
        provider: row.provider,
        origin: row.origin ?? row.provider,
        updatedAt: row.updated_at,
      }));
      return rankFuzzyMatches({ source, tokens, minScore: query.minScore, limit }, candidates, tokenizeForFuzzy);
    },

    close(): void {
      if (db.open) db.close();
    },
  };
}

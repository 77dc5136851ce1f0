/**
 * A translation memory on a PostgreSQL server, shared by several desks and CI runners (issue 17).
 * Same semantics as the SQLite memory (the conformance suite), plus claims so that concurrent
 * runners never pay twice for a segment (`postgres-claims.ts`).
 *
 * - Connection: a `pg.Pool` (default 4 connections) on the URL, or on the standard PG* variables
 *   when there is none; every query is parameterised. The URL is only ever shown with its password
 *   masked (`memory-url.ts`).
 * - Schema: created and migrated at open (`postgres-schema.ts`); a newer schema is refused.
 * - Durability: each `putMany` is one transaction, committed before its promise resolves; it also
 *   deletes the claims of the keys it stores and NOTIFYs the other runners (delivered at commit).
 * - Fuzzy: trigram candidates, our own scoring (`postgres-fuzzy.ts`).
 * - A database that cannot be reached, or goes away in the middle of a call, rejects that call
 *   with a `MemoryUnavailableError` (naming the masked URL and the fix); what was committed stays.
 */
import type { FuzzyMatch, FuzzyQuery, MemoryEntry, MemoryKey, TranslationMemory } from './translation-memory.ts';
import { tokenizeForFuzzy } from './fuzzy-score.ts';
import { type PostgresConnectionOptions, type PostgresContext, createPostgresContext } from './postgres-connection.ts';
import { type MigrationResult, POSTGRES_MEMORY_SCHEMA_VERSION, migratePostgresSchema, newerSchemaError, readPostgresSchemaVersion } from './postgres-schema.ts';
import { type PostgresClaims, createPostgresClaims } from './postgres-claims.ts';
import { fuzzyPostgres } from './postgres-fuzzy.ts';
import { type HashedKey, hashKeys } from './postgres-keys.ts';
import { type EntryColumns, entryFromRow } from './memory-key.ts';

export interface PostgresMemoryOptions extends PostgresConnectionOptions {
  /** This runner's identity in claims; default host, pid and a random part. */
  runner?: string;
  /**
   * Create or migrate the schema at open (default true). With false, a database whose schema is
   * not current is still refused when newer, and used as is otherwise.
   */
  migrate?: boolean;
}

/** Entries per locale pair and origin, and the space the memory takes. */
export interface PostgresMemoryStats {
  /** The database, password masked. */
  target: string;
  schemaVersion: number;
  /** One row per (source locale, target locale, provider, origin), most entries first. */
  entries: Array<{ sourceLocale: string; targetLocale: string; provider: string; origin: string; count: number }>;
  /** Claims now held (`live`) and left behind by runners that stopped (`expired`, taken over on demand). */
  claims: { live: number; expired: number };
  /** Size of each table with its indexes and TOAST (`bytes`), and of the table (with TOAST) and its indexes apart, in bytes. */
  tables: Array<{ name: string; bytes: number; tableBytes: number; indexBytes: number }>;
}

/** The PostgreSQL memory: a `TranslationMemory` with claims, an export iterator and statistics. */
export interface PostgresMemory extends TranslationMemory {
  claims: PostgresClaims;
  /** The database, password masked: for messages. */
  readonly target: string;
  /** What the schema migration at open found and did (`from` = `to` when nothing was done). */
  readonly migration: MigrationResult;
  /**
   * Every entry, in key-hash order (stable, not chronological), read in pages of `pageSize`
   * (default 1,000) so that a large memory never sits in process memory at once; entries stored
   * while it runs may or may not appear. `origin` is set only when it differs from the provider.
   */
  entries(pageSize?: number): AsyncIterableIterator<MemoryEntry>;
  stats(): Promise<PostgresMemoryStats>;
}

/** Rows per INSERT or look-up statement (parameters are arrays, so this only bounds statement size). */
const BATCH = 5_000;

/**
 * Open the shared memory at `url` (`postgres://user:password@host:port/db`; undefined: the PG*
 * environment variables), creating or migrating its schema. Rejects with a `MemoryUnavailableError`
 * when the database cannot be reached or refuses the login, and a `PostgresSchemaError` when its
 * schema is newer than this code (MEMORY_NEWER_SCHEMA) or cannot be created.
 */
export async function openPostgresMemory(url: string | undefined, options: PostgresMemoryOptions = {}): Promise<PostgresMemory> {
  const context = createPostgresContext(url, options);
  let migration: MigrationResult;
  try {
    migration = await context.withClient('open', async (client) => {
      if (options.migrate === false) {
        const version = await readPostgresSchemaVersion(client);
        if (version > POSTGRES_MEMORY_SCHEMA_VERSION) throw newerSchemaError(context.target, version);
        return { from: version, to: version, applied: [] };
      }
      return migratePostgresSchema(client, context.target, options.schema);
    });
  } catch (error) {
    context.closed = true;
    await context.pool.end().catch(() => {});
    throw error;
  }
  return createPostgresMemory(context, migration, options.runner);
}

function createPostgresMemory(context: PostgresContext, migration: MigrationResult, runner: string | undefined): PostgresMemory {
  const claims = createPostgresClaims(context, runner);
  let closing: Promise<void> | undefined;

  const getMany = async (keys: MemoryKey[]): Promise<Array<string | undefined>> => {
    if (keys.length === 0) return [];
    const { byIndex, unique } = hashKeys(keys);
    const found = new Map<string, string>();
    await context.withClient('look-up', async (client) => {
      for (let start = 0; start < unique.length; start += BATCH) {
        const hashes = unique.slice(start, start + BATCH).map((key) => key.hash);
        const { rows } = await client.query<{ key_hash: Buffer; target: string }>('SELECT key_hash, target FROM tm_entry WHERE key_hash = ANY($1::bytea[])', [hashes]);
        for (const row of rows) found.set(row.key_hash.toString('hex'), row.target);
      }
    });
    return byIndex.map((key) => found.get(key.hex));
  };

  const putMany = async (entries: MemoryEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    // Validate before the transaction so a bad entry never leaves half a batch.
    for (const entry of entries) {
      for (const field of ['provider', 'fingerprint', 'sourceLocale', 'targetLocale', 'source', 'target'] as const) {
        if (typeof entry[field] !== 'string') throw new TypeError(`putMany: entry.${field} must be a string, got ${typeof entry[field]}`);
      }
      if (entry.origin !== undefined && typeof entry.origin !== 'string') throw new TypeError(`putMany: entry.origin must be a string when given, got ${typeof entry.origin}`);
      if (entry.source.includes('\u0000') || entry.target.includes('\u0000')) throw new TypeError('putMany: PostgreSQL text cannot hold U+0000 (NUL) characters');
    }
    const { byIndex } = hashKeys(entries);
    // One row per key, the later entry winning (ON CONFLICT cannot touch a row twice in a statement),
    // in key order so that concurrent writers lock rows in the same order (no deadlock).
    const last = new Map<string, { key: HashedKey; entry: MemoryEntry }>();
    byIndex.forEach((key, index) => last.set(key.hex, { key, entry: entries[index] }));
    const rows = [...last.values()].sort((a, b) => Buffer.compare(a.key.hash, b.key.hash));
    await context.transaction('store', async (client) => {
      for (let start = 0; start < rows.length; start += BATCH) {
        const batch = rows.slice(start, start + BATCH);
        const hashes = batch.map((row) => row.key.hash);
        await client.query(
          `INSERT INTO tm_entry (key_hash, provider, fingerprint, source_locale, target_locale, source, target, origin, token_count)
           SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::integer[])
           ON CONFLICT (key_hash) DO UPDATE SET target = EXCLUDED.target, origin = EXCLUDED.origin, updated_at = now()
            WHERE tm_entry.target IS DISTINCT FROM EXCLUDED.target OR tm_entry.origin IS DISTINCT FROM EXCLUDED.origin`,
          [
            hashes,
            batch.map((row) => row.key.key.provider),
            batch.map((row) => row.key.key.fingerprint),
            batch.map((row) => row.key.key.sourceLocale),
            batch.map((row) => row.key.key.targetLocale),
            batch.map((row) => row.key.key.source),
            batch.map((row) => row.entry.target),
            // NULL stands for "the provider": the common case costs no bytes per row.
            batch.map((row) => (row.entry.origin === undefined || row.entry.origin === row.entry.provider ? null : row.entry.origin)),
            batch.map((row) => tokenizeForFuzzy(row.key.key.source).length),
          ],
        );
        await client.query('DELETE FROM tm_claim WHERE key_hash = ANY($1::bytea[])', [hashes]);
      }
      await client.query('SELECT pg_notify($1, $2)', [context.channel, context.payload]);
    });
  };

  async function* entries(pageSize = 1_000): AsyncIterableIterator<MemoryEntry> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`entries: pageSize must be a positive integer, got ${pageSize}`);
    let after: Buffer = Buffer.alloc(0);
    for (;;) {
      const { rows } = await context.withClient('export', (client) =>
        client.query<EntryColumns & { key_hash: Buffer }>(
          `SELECT key_hash, provider, fingerprint, source_locale, target_locale, source, target, origin
             FROM tm_entry WHERE key_hash > $1 ORDER BY key_hash LIMIT $2`,
          [after, pageSize],
        ),
      );
      for (const row of rows) yield entryFromRow(row);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].key_hash;
    }
  }

  const stats = (): Promise<PostgresMemoryStats> =>
    context.withClient('statistics', async (client) => {
      const version = await client.query<{ version: number }>('SELECT max(version) AS version FROM tm_schema_version');
      const perScope = await client.query<{ source_locale: string; target_locale: string; provider: string; origin: string; count: string }>(
        `SELECT source_locale, target_locale, provider, coalesce(origin, provider) AS origin, count(*) AS count
           FROM tm_entry GROUP BY 1, 2, 3, 4 ORDER BY count(*) DESC, 1, 2, 3, 4`,
      );
      const claimCounts = await client.query<{ live: string; expired: string }>(
        'SELECT count(*) FILTER (WHERE expires_at >= now()) AS live, count(*) FILTER (WHERE expires_at < now()) AS expired FROM tm_claim',
      );
      const sizes = await client.query<{ name: string; bytes: string; table_bytes: string; index_bytes: string }>(
        `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes, pg_table_size(c.oid) AS table_bytes, pg_indexes_size(c.oid) AS index_bytes FROM pg_class c
          WHERE c.oid IN (to_regclass('tm_entry'), to_regclass('tm_claim'), to_regclass('tm_schema_version')) ORDER BY c.relname`,
      );
      return {
        target: context.target,
        schemaVersion: version.rows[0].version,
        entries: perScope.rows.map((row) => ({ sourceLocale: row.source_locale, targetLocale: row.target_locale, provider: row.provider, origin: row.origin, count: Number(row.count) })),
        claims: { live: Number(claimCounts.rows[0].live), expired: Number(claimCounts.rows[0].expired) },
        tables: sizes.rows.map((row) => ({ name: row.name, bytes: Number(row.bytes), tableBytes: Number(row.table_bytes), indexBytes: Number(row.index_bytes) })),
      };
    });

  return {
    target: context.target,
    migration,
    claims,
    getMany,
    putMany,
    fuzzy: (query: FuzzyQuery): Promise<FuzzyMatch[]> => fuzzyPostgres(context, query),
    entries,
    stats,
    close() {
      closing ??= (async () => {
        context.closed = true;
        await claims.close();
        await context.pool.end().catch(() => {});
      })();
      return closing;
    },
  };
}

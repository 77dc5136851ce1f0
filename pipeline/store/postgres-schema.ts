/**
 * The schema of the shared translation memory on PostgreSQL, and its migrations. The tool creates
 * and migrates it itself (at open, and by `npm run tm -- migrate`); a `tm_schema_version` table
 * records each applied version. A database whose schema is newer than this code knows is refused
 * (it was written by a newer pipeline, whose rows this one might misread or damage).
 *
 * Tables (version 1):
 * - `tm_entry`: one row per memory key. `key_hash` is the SHA-256 of the normalized key
 *   (`memoryKeyString`: provider, fingerprint, locales and normalized source), so the primary key is
 *   unique on the full key whatever the source's length; the fields are kept beside it. `origin`
 *   NULL stands for the provider. `token_count` (fuzzy tokens of the source) bounds the fuzzy length
 *   window. A trigram GIN index (pg_trgm) on the sources of reviewed (`human`) entries serves fuzzy
 *   look-ups, which only ever ask for those (machine entries, the bulk, cost no index upkeep).
 * - `tm_claim`: one row per key that a runner is about to send to a provider, with the runner and
 *   the lease's expiry (server time). See `postgres-memory.ts` for the protocol.
 *
 * Migrations run in one transaction under an advisory lock, so several runners opening an empty
 * database at the same second create it once.
 */
import type pg from 'pg';

/** A numbered step of the schema; `sql` statements run in order inside the migration's transaction. */
export interface PostgresMigration {
  version: number;
  description: string;
  sql: string[];
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'entries with origin, trigram index on reviewed sources, claims with leases',
    sql: [
      `CREATE TABLE tm_entry (
         key_hash bytea PRIMARY KEY,
         provider text NOT NULL,
         fingerprint text NOT NULL,
         source_locale text NOT NULL,
         target_locale text NOT NULL,
         source text NOT NULL,
         target text NOT NULL,
         origin text,
         token_count integer NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      // Without provider: a qual on it would let the planner prefer this index for a trigram look-up
      // of 'human' entries and compute `%` on every row of the locale pair (see postgres-fuzzy.ts).
      'CREATE INDEX tm_entry_scope ON tm_entry (source_locale, target_locale, token_count)',
      `CREATE INDEX tm_entry_human_trgm ON tm_entry USING gin (source gin_trgm_ops) WHERE provider = 'human'`,
      `CREATE TABLE tm_claim (
         key_hash bytea PRIMARY KEY,
         provider text NOT NULL,
         fingerprint text NOT NULL,
         source_locale text NOT NULL,
         target_locale text NOT NULL,
         source text NOT NULL,
         runner text NOT NULL,
         claimed_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz NOT NULL
       )`,
      'CREATE INDEX tm_claim_runner ON tm_claim (runner)',
    ],
  },
];

/** The newest schema version this code knows (and writes). */
export const POSTGRES_MEMORY_SCHEMA_VERSION = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version;

export type PostgresSchemaErrorCode = 'MEMORY_NEWER_SCHEMA' | 'MEMORY_NO_TRIGRAM_EXTENSION' | 'MEMORY_MIGRATION_FAILED';

/** The schema cannot be used or created; the message names the database (masked) and the fix. */
export class PostgresSchemaError extends Error {
  readonly code: PostgresSchemaErrorCode;
  constructor(code: PostgresSchemaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresSchemaError';
    this.code = code;
  }
}

/** What `migratePostgresSchema` found and did. */
export interface MigrationResult {
  /** The version before (0: an empty database or schema). */
  from: number;
  /** The version now (`POSTGRES_MEMORY_SCHEMA_VERSION`). */
  to: number;
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
}

/** The advisory lock key that serializes migrations ("jfTM" in ASCII). */
const MIGRATION_LOCK = 0x6a66544d;

/**
 * Bring the schema of `client`'s first `search_path` schema to `POSTGRES_MEMORY_SCHEMA_VERSION`.
 * `schema`, when given, is created first if missing (the role needs CREATE on the database). The
 * pg_trgm extension is created when missing (a trusted extension: the database owner may; else an
 * administrator must, and the error says so). `target` is the masked database name for messages.
 *
 * Throws `PostgresSchemaError` (MEMORY_NEWER_SCHEMA, MEMORY_NO_TRIGRAM_EXTENSION,
 * MEMORY_MIGRATION_FAILED); connection errors are passed through for the caller to classify.
 */
export async function migratePostgresSchema(client: pg.ClientBase, target: string, schema?: string): Promise<MigrationResult> {
  await client.query('BEGIN');
  try {
    // Everything under the lock: concurrent `IF NOT EXISTS` statements may still collide.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await ensureTrigramExtension(client, target);
    await client.query(`CREATE TABLE IF NOT EXISTS tm_schema_version (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM tm_schema_version');
    const from = rows[0].version ?? 0;
    if (from > POSTGRES_MEMORY_SCHEMA_VERSION) throw newerSchemaError(target, from);
    const applied: number[] = [];
    for (const migration of POSTGRES_MIGRATIONS) {
      if (migration.version <= from) continue;
      for (const statement of migration.sql) await client.query(statement);
      await client.query('INSERT INTO tm_schema_version (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { from, to: POSTGRES_MEMORY_SCHEMA_VERSION, applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof PostgresSchemaError || !isServerError(error)) throw error;
    throw new PostgresSchemaError(
      'MEMORY_MIGRATION_FAILED',
      `Cannot create or migrate the schema of the shared translation memory ${target}: ${(error as Error).message}. The role needs CREATE on the database (or its schema); the database was left unchanged.`,
      { cause: error },
    );
  }
}

/** The refusal of a schema newer than this code (MEMORY_NEWER_SCHEMA). */
export function newerSchemaError(target: string, version: number): PostgresSchemaError {
  return new PostgresSchemaError(
    'MEMORY_NEWER_SCHEMA',
    `Cannot use the shared translation memory ${target}: its schema version ${version} is newer than this pipeline supports (${POSTGRES_MEMORY_SCHEMA_VERSION}); a newer version of the pipeline wrote it. Update the pipeline on this machine (every runner sharing the memory should run the same version); the database was left unchanged.`,
  );
}

/** The schema version of the database `client` reaches (0 when it has none yet), without changing it. */
export async function readPostgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('tm_schema_version') IS NOT NULL AS exists`);
  if (!rows[0].exists) return 0;
  const version = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM tm_schema_version');
  return version.rows[0].version ?? 0;
}

async function ensureTrigramExtension(client: pg.ClientBase, target: string): Promise<void> {
  const { rowCount } = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
  if (rowCount) return;
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } catch (error) {
    if (!isServerError(error)) throw error;
    throw new PostgresSchemaError(
      'MEMORY_NO_TRIGRAM_EXTENSION',
      `Cannot use the shared translation memory ${target}: the pg_trgm extension (fuzzy search) is missing and this role cannot create it (${(error as Error).message}). Ask an administrator to run \`CREATE EXTENSION pg_trgm;\` in that database (Debian: apt-get install postgresql-contrib).`,
      { cause: error },
    );
  }
}

/** An error the server reported (it has an SQLSTATE), as opposed to a broken connection. */
function isServerError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

/** A double-quoted SQL identifier (schema names come from options, never from data). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The connection side of the shared memory on PostgreSQL: the pool every call borrows from, and the
 * translation of driver errors into a `MemoryUnavailableError` that names the database (password
 * masked) and the fix. Used by `postgres-memory.ts`, `postgres-fuzzy.ts` and `postgres-claims.ts`.
 */
import pg from 'pg';
import { MemoryUnavailableError, type MemoryUnavailableCode } from './memory-unavailable-error.ts';
import { describePostgresTarget, scrubPassword } from './memory-url.ts';
import { quoteIdentifier } from './postgres-schema.ts';

/** What the parts of one open memory share. */
export interface PostgresContext {
  /** The URL as given (undefined: the PG* variables); never printed, see `target`. */
  readonly url: string | undefined;
  /** The database for messages, password masked. */
  readonly target: string;
  /** The schema the tables live in (first on `search_path`), when not the role's default. */
  readonly schema: string | undefined;
  /** The NOTIFY channel and the payload that marks this memory's changes. */
  readonly channel: string;
  readonly payload: string;
  readonly pool: pg.Pool;
  /** The bound on one fuzzy look-up, ms (`PostgresConnectionOptions.fuzzyTimeoutMs`). */
  readonly fuzzyTimeoutMs: number;
  /** The client settings (also for the LISTEN client, which is not pooled). */
  readonly clientConfig: pg.ClientConfig;
  /** Run `work` on a pooled client; driver errors become `MemoryUnavailableError`. Rejects once closed. */
  withClient<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /**
   * Run `work` in a transaction (BEGIN … COMMIT, ROLLBACK on error). A transaction the server aborts
   * for a deadlock or a serialization failure is run again (up to 5 times): `work` must only touch
   * the database (its effects roll back).
   */
  transaction<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Turn a driver error into a `MemoryUnavailableError` when it is one of a connection; else undefined. */
  unavailable(operation: string, error: unknown): MemoryUnavailableError | undefined;
  closed: boolean;
}

export interface PostgresConnectionOptions {
  /** Tables in this schema (created when missing); default: the role's `search_path`. */
  schema?: string;
  /** Connections in the pool; default 4. */
  poolSize?: number;
  /** How long to wait for a connection before the memory counts as unreachable (ms); default 10 000. */
  connectTimeoutMs?: number;
  /**
   * The longest a fuzzy look-up may take (ms; default 2 000, env `TRANSLATE_FUZZY_TIMEOUT_MS`):
   * beyond it the look-up gives no suggestion instead of stalling the run (a suggestion is optional;
   * on a very large memory a trigram look-up can take over a second, see postgres-fuzzy.ts).
   */
  fuzzyTimeoutMs?: number;
}

/** The NOTIFY channel of every shared memory (the payload names the schema). */
export const CHANGE_CHANNEL = 'tm_change';

/** Create the pool and the shared context; no connection is made yet. */
export function createPostgresContext(url: string | undefined, options: PostgresConnectionOptions = {}): PostgresContext {
  const target = describePostgresTarget(url);
  const clientConfig: pg.ClientConfig = {
    ...(url ? { connectionString: url } : {}),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    application_name: 'translate-memory',
    ...(options.schema !== undefined ? { options: `-c search_path=${quoteIdentifier(options.schema)},public` } : {}),
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 4, idleTimeoutMillis: 10_000 });
  // An idle client whose server goes away emits 'error' on the pool; unhandled, it would end the
  // process. The next call gets a fresh connection (or a MemoryUnavailableError).
  pool.on('error', () => {});

  const context: PostgresContext = {
    url,
    target,
    schema: options.schema,
    fuzzyTimeoutMs: options.fuzzyTimeoutMs ?? (Number(process.env.TRANSLATE_FUZZY_TIMEOUT_MS) || 2_000),
    channel: CHANGE_CHANNEL,
    payload: options.schema ?? '',
    pool,
    clientConfig,
    closed: false,
    unavailable: (operation, error) => classify(operation, error, url, target),
    async withClient(operation, work) {
      if (context.closed) throw new Error(`The shared translation memory ${target} is closed (${operation} after close()).`);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw context.unavailable(operation, error) ?? error;
      }
      // A connection that breaks while checked out reports here; the query that was running rejects too.
      const onError = () => {};
      client.on('error', onError);
      let broken: unknown;
      try {
        return await work(client);
      } catch (error) {
        const wrapped = context.unavailable(operation, error);
        if (wrapped) broken = error;
        throw wrapped ?? error;
      } finally {
        client.off('error', onError);
        // A broken connection is destroyed, never handed to the next caller.
        client.release(broken === undefined ? undefined : true);
      }
    },
    async transaction(operation, work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await context.withClient(operation, async (client) => {
            await client.query('BEGIN');
            try {
              const result = await work(client);
              await client.query('COMMIT');
              return result;
            } catch (error) {
              await client.query('ROLLBACK').catch(() => {});
              throw error;
            }
          });
        } catch (error) {
          // Runners claiming, storing and releasing the same keys at once can deadlock (the server
          // aborts one transaction): it rolled back whole, so it is run again after a short pause.
          if (!RETRIED_CODES.has(String((error as { code?: unknown }).code)) || attempt >= TRANSACTION_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        }
      }
    },
  };
  return context;
}

/** deadlock_detected, serialization_failure: the transaction was rolled back and may simply be run again. */
const RETRIED_CODES = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 5;

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', '57P03']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02']);
const LOGIN_CODES = new Set(['28P01', '28000', '3D000']);

function classify(operation: string, error: unknown, url: string | undefined, target: string): MemoryUnavailableError | undefined {
  if (error instanceof MemoryUnavailableError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error.message;
  let kind: MemoryUnavailableCode | undefined;
  if (LOGIN_CODES.has(code)) kind = 'MEMORY_LOGIN_FAILED';
  else if (UNREACHABLE_CODES.has(code) || /timeout exceeded when trying to connect|connection timeout|\bSSL\b/i.test(message)) kind = 'MEMORY_UNREACHABLE';
  else if (LOST_CODES.has(code) || code.startsWith('08') || /Connection terminated|connection error|not queryable|terminating connection/i.test(message)) kind = 'MEMORY_CONNECTION_LOST';
  if (!kind) return undefined;
  const reason = scrubPassword(message || code, url);
  const fix =
    kind === 'MEMORY_LOGIN_FAILED'
      ? 'Check the role, password and database name in the URL (`cache` or TRANSLATE_MEMORY_URL), or PGUSER, PGPASSWORD and PGDATABASE.'
      : kind === 'MEMORY_UNREACHABLE'
        ? 'Check that the PostgreSQL server is running and reachable from this machine, and the URL in `cache` or TRANSLATE_MEMORY_URL (or PGHOST and PGPORT).'
        : 'The database went away during the run (crash, restart or shutdown).';
  const what =
    kind === 'MEMORY_LOGIN_FAILED' ? 'refused the connection' : kind === 'MEMORY_UNREACHABLE' ? 'is unreachable' : 'lost its connection';
  return new MemoryUnavailableError(
    kind,
    target,
    `The shared translation memory ${target} ${what} (${operation}: ${reason}). ${fix} Every translation stored before this point is kept in the database; rerun when it is back, and only what is missing is sent to the provider.`,
    { cause: error },
  );
}

/**
 * Store selection: which translation memory a command opens. The environment variable
 * `TRANSLATE_MEMORY_URL` (a `postgres://` URL) wins; else a config whose `cache` is a `postgres://`
 * or `postgresql://` URL (`Config.memoryUrl`); both open the shared memory on PostgreSQL (with
 * claims, so concurrent runners never pay twice). Otherwise the embedded SQLite file `config.cache`.
 * The PostgreSQL module (and the `pg` driver) is loaded only when a URL is used, and the SQLite
 * driver only when the file is. A URL is only ever shown with its password masked.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { TranslationMemory } from './translation-memory.ts';
import { isPostgresUrl, maskPostgresUrl, postgresUrlProblem } from './memory-url.ts';

/** The environment variable naming a shared memory; it wins over `cache` in the config. */
export const MEMORY_URL_ENV = 'TRANSLATE_MEMORY_URL';

/** `TRANSLATE_MEMORY_URL` is set but is no PostgreSQL URL (exit 2: a usage problem). */
export class MemoryUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryUrlError';
  }
}

/**
 * The URL of the shared memory this config uses in `env`, or undefined for the SQLite file.
 * Throws a `MemoryUrlError` when `TRANSLATE_MEMORY_URL` is set to something other than a
 * `postgres://` / `postgresql://` URL (the value is not repeated: it may hold a password).
 */
export function sharedMemoryUrl(config: Pick<Config, 'memoryUrl'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[MEMORY_URL_ENV]?.trim();
  if (fromEnv) {
    if (!isPostgresUrl(fromEnv)) throw new MemoryUrlError(`${MEMORY_URL_ENV} must be a postgres:// or postgresql:// URL (e.g. postgres://translator@db.example:5432/tm); unset it to use the config's cache`);
    const problem = postgresUrlProblem(fromEnv);
    if (problem) throw new MemoryUrlError(`${MEMORY_URL_ENV}: ${problem}`);
    return fromEnv;
  }
  const problem = config.memoryUrl === undefined ? undefined : postgresUrlProblem(config.memoryUrl);
  if (problem) throw new MemoryUrlError(`cache: ${problem}`);
  return config.memoryUrl;
}

/** The memory for messages: the URL with its password masked, or the SQLite file relative to the working folder. */
export function describeMemory(config: Pick<Config, 'memoryUrl' | 'cache'>, env: NodeJS.ProcessEnv = process.env): string {
  const url = sharedMemoryUrl(config, env);
  if (url) return maskPostgresUrl(url);
  const relative = path.relative(process.cwd(), config.cache);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : config.cache;
}

export interface OpenMemoryOptions {
  /** Default `process.env` (for `TRANSLATE_MEMORY_URL`). */
  env?: NodeJS.ProcessEnv;
  /**
   * A run that writes nothing: a missing SQLite file is not created (an empty memory in process
   * memory stands in), a damaged one is left in place. Ignored for a shared memory.
   */
  dryRun?: boolean;
  /** Told about a damaged SQLite file moved aside (or, in a dry run, left in place) and replaced by an empty memory. */
  onCorrupt?: (warning: string) => void;
}

/**
 * Open the memory of `config` (see the module comment). SQLite: opened lazily (`lazyMemory`: a
 * command with nothing to look up never touches the file); a damaged file is rebuilt with a warning
 * to `onCorrupt` (the memory is only a cache). PostgreSQL: connected and its schema migrated now;
 * rejects with `MemoryUnavailableError` (unreachable, login refused) or `PostgresSchemaError`
 * (newer schema), both naming the masked URL, or a `MemoryUrlError` for a bad `TRANSLATE_MEMORY_URL`.
 */
export async function openMemory(config: Pick<Config, 'memoryUrl' | 'cache'>, options: OpenMemoryOptions = {}): Promise<TranslationMemory> {
  const url = sharedMemoryUrl(config, options.env);
  if (url) {
    const { openPostgresMemory } = await import('./postgres-memory.ts');
    return openPostgresMemory(url);
  }
  const { openSqliteMemory } = await import('./sqlite-memory.ts');
  const { createInMemoryMemory } = await import('./in-memory-store.ts');
  const { lazyMemory } = await import('./lazy-memory.ts');
  const dryRun = options.dryRun === true;
  return lazyMemory(() =>
    dryRun && !fs.existsSync(config.cache)
      ? createInMemoryMemory()
      : openSqliteMemory(config.cache, { ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}), leaveDamaged: dryRun }),
  );
}

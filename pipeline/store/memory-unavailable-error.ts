/**
 * The shared translation memory's database cannot be reached, or went away in the middle of a run.
 * Nothing is lost by it: every `putMany` that resolved was committed in the database, and callers
 * stop with what was stored (a rerun asks the provider only for what is missing).
 */

export type MemoryUnavailableCode =
  /** No connection could be made (refused, unknown host, timeout, the server starting or stopping). */
  | 'MEMORY_UNREACHABLE'
  /** A connection broke during a call (the server crashed, restarted or was shut down). */
  | 'MEMORY_CONNECTION_LOST'
  /** The server refused the role or its password, or the database does not exist. */
  | 'MEMORY_LOGIN_FAILED';

/** A database of the shared memory that cannot be used now; the message names the masked URL and the fix. */
export class MemoryUnavailableError extends Error {
  readonly code: MemoryUnavailableCode;
  /** The database as shown to people: its URL with the password masked (`postgres://user:***@host:port/db`). */
  readonly target: string;
  constructor(code: MemoryUnavailableCode, target: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MemoryUnavailableError';
    this.code = code;
    this.target = target;
  }
}

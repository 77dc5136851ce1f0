/**
 * One place that turns an error reaching a command's top level into what the user reads and the
 * exit code: 2 usage or config error; 3 provider or I/O failure; 1 a broken locale file (review).
 * Known failures get a message naming the file and the fix, never a stack; anything else is a bug:
 * a short message asking for a report, with the stack only when `DEBUG` is set.
 */
import path from 'node:path';
import { ConfigError } from '../config/load-config.ts';
import { LocaleFileError } from '../locale/locale-file.ts';
import { ProviderError } from '../provider.ts';
import { ReviewError } from '../review/apply-review.ts';
import { SqliteMemoryError } from '../store/sqlite-memory.ts';
import { MemoryUnavailableError } from '../store/memory-unavailable-error.ts';
import { MemoryUrlError } from '../store/open-memory.ts';
import { scrubPassword } from '../store/memory-url.ts';
import { FileWriteError } from '../util/write-file-atomic.ts';
import { UsageError } from './parse-args.ts';
import { LockedError } from './workspace-lock.ts';

export interface Failure {
  message: string;
  exitCode: number;
}

export interface FailureContext {
  /** The command, as the message's prefix: `translate`, `check`, `review`. */
  command: string;
  /** The translation memory, when the command saved provider results in it. */
  memory?: string;
  /** `process.env`, for `DEBUG`. */
  env?: NodeJS.ProcessEnv;
}

/** Why a system call failed, in words, and what to do about it; by errno code. */
const IO_REASONS: Record<string, { reason: string; fix: (dir: string) => string }> = {
  EACCES: { reason: 'permission denied', fix: (dir) => `make ${dir} writable for this user (check its owner and permissions)` },
  EPERM: { reason: 'operation not permitted', fix: (dir) => `make ${dir} writable for this user (check its owner and permissions)` },
  EROFS: { reason: 'the file system is read-only', fix: (dir) => `run in a writable checkout (or remount ${dir} read-write)` },
  ENOSPC: { reason: 'no space left on the device', fix: () => 'free some disk space' },
  EDQUOT: { reason: 'the disk quota is exceeded', fix: () => 'free some space or raise the quota' },
  EISDIR: { reason: 'a folder is in the way', fix: () => 'move that folder away' },
  ENOTDIR: { reason: 'a file is in the way of a folder', fix: () => 'move that file away' },
  EMFILE: { reason: 'too many open files', fix: () => 'raise the open-file limit (ulimit -n)' },
  EIO: { reason: 'an input/output error of the device', fix: () => 'check the disk' },
};

const WRITE_SYSCALLS = new Set(['write', 'rename', 'mkdir', 'unlink', 'rmdir', 'rm', 'copyfile', 'chmod', 'utime', 'symlink', 'link']);

const shown = (file: string): string => {
  if (file.includes('://')) return file; // a shared memory's URL, masked by the caller
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};

function errnoOf(error: unknown): { code: string; file?: string; syscall?: string } | undefined {
  if (error instanceof FileWriteError) return { code: error.code, file: error.file, syscall: 'write' };
  const e = error as NodeJS.ErrnoException | null;
  if (e && typeof e === 'object' && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string') {
    return { code: e.code, file: e.path, syscall: e.syscall };
  }
  return undefined;
}

function describeIo(io: { code: string; file?: string; syscall?: string }, context: FailureContext): string {
  const known = IO_REASONS[io.code];
  const verb = WRITE_SYSCALLS.has(io.syscall ?? '') ? 'write' : io.syscall === 'open' ? 'open' : 'read';
  const file = io.file ? shown(io.file) : 'a file';
  const dir = io.file ? `${shown(path.dirname(io.file))}/` : 'the folder';
  const what = `cannot ${verb} ${file}: ${known?.reason ?? 'system error'} (${io.code}).`;
  const fix = known ? known.fix(dir) : 'fix the cause';
  const saved = context.memory ? ` Everything received from the provider is saved in the translation memory (${shown(context.memory)}): nothing will be sent twice.` : '';
  return `${what}${saved} ${fix[0].toUpperCase()}${fix.slice(1)}, then rerun.`;
}

/** What to print (without the trailing newline) and the exit code for an error. Secrets from the environment never show. */
export function describeFailure(error: unknown, context: FailureContext): Failure {
  const failure = describe(error, context);
  for (const name of SECRETS) {
    const secret = context.env?.[name];
    if (secret && secret.length >= 4) failure.message = failure.message.split(secret).join('***');
  }
  const url = context.env?.TRANSLATE_MEMORY_URL;
  if (url) failure.message = scrubPassword(failure.message, url);
  return failure;
}

/** Environment variables holding keys: masked in whatever a failure prints. */
const SECRETS = ['DEEPL_AUTH_KEY', 'OPENAI_API_KEY'];

function describe(error: unknown, context: FailureContext): Failure {
  const prefix = `${context.command}: `;
  if (error instanceof ConfigError) return { message: error.message, exitCode: 2 };
  if (error instanceof UsageError || error instanceof ReviewError) return { message: prefix + error.message, exitCode: 2 };
  if (error instanceof LockedError) return { message: prefix + error.message, exitCode: 3 };
  if (error instanceof ProviderError) return { message: prefix + error.message, exitCode: 3 };
  if (error instanceof SqliteMemoryError) return { message: prefix + error.message, exitCode: 3 };
  // The shared memory (PostgreSQL): unreachable, login refused, connection lost, schema newer or not creatable.
  if (error instanceof MemoryUnavailableError || (error instanceof Error && error.name === 'PostgresSchemaError')) return { message: prefix + error.message, exitCode: 3 };
  if (error instanceof MemoryUrlError) return { message: prefix + error.message, exitCode: 2 };
  if (error instanceof LocaleFileError) return { message: prefix + error.message, exitCode: 1 };
  const io = errnoOf(error);
  if (io) return { message: prefix + describeIo(io, context), exitCode: 3 };
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const debug = context.env?.DEBUG;
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return {
    message: `${prefix}unexpected failure: ${reason}\nThis is a bug in the pipeline; please report it with the command you ran${debug ? ' and the stack below' : ' (rerun with DEBUG=1 to include the stack)'}.${stack}`,
    exitCode: 3,
  };
}

import { MemoryUnavailableError } from '../store/memory-unavailable-error.ts';
import type { TranslationMemory } from '../store/translation-memory.ts';
import type { RunSummary } from './summary.ts';

/** The `RunError.code` of a memory whose database went away during the run (exit 3). */
export const MEMORY_UNAVAILABLE = 'memory-unavailable';

/**
 * Note in the run's `errors` that the memory could not be used (once per run, the memory's own
 * message: the masked URL and the fix). From then on the run calls no provider (see
 * `memoryOutage`), and it ends with exit 3.
 */
export function noteMemoryOutage(summary: RunSummary, error: MemoryUnavailableError): void {
  if (memoryOutage(summary)) return;
  summary.errors.push({
    file: '',
    code: MEMORY_UNAVAILABLE,
    message: `${error.message} Every translation received from the provider before it is in the locale files (the next run reuses them without paying); what was left is pending: rerun once the memory is back.`,
  });
}

/** Whether the run met a memory it could not use (`noteMemoryOutage`). */
export function memoryOutage(summary: RunSummary): boolean {
  return summary.errors.some((error) => error.code === MEMORY_UNAVAILABLE);
}

/**
 * Run `call`; a `MemoryUnavailableError` is noted in `summary` and answered by `fallback` instead
 * (the run goes on without the memory). Other errors pass through.
 */
export async function withoutMemoryOnOutage<T>(summary: RunSummary, call: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof MemoryUnavailableError)) throw error;
    noteMemoryOutage(summary, error);
    return await fallback();
  }
}

/** A memory that holds nothing and takes nothing: the evidence left when the real one is gone. */
export const ABSENT_MEMORY: TranslationMemory = {
  getMany: async (keys) => keys.map(() => undefined),
  putMany: async () => {},
  fuzzy: async () => [],
  close: async () => {},
};

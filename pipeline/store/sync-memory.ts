/**
 * A memory whose calls finish inside the call (the SQLite file, a memory held in process memory),
 * and the asynchronous `TranslationMemory` face it shows the pipeline: each call does its work
 * synchronously and returns a settled promise, so a `putMany` is on disk when it returns, before
 * its promise is awaited. An error becomes a rejected promise, never a synchronous throw.
 */
import type { FuzzyMatch, FuzzyQuery, MemoryEntry, MemoryKey, TranslationMemory } from './translation-memory.ts';

/** The synchronous core of an embedded memory: `TranslationMemory` without promises. */
export interface SyncMemory {
  getMany(keys: MemoryKey[]): Array<string | undefined>;
  putMany(entries: MemoryEntry[]): void;
  fuzzy(query: FuzzyQuery): FuzzyMatch[];
  close(): void;
}

/** Run `call` now and settle a promise with its result or its error. */
export function settled<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The `TranslationMemory` face of a synchronous memory (see the module comment). */
export function asyncMemory(memory: SyncMemory): TranslationMemory {
  return {
    getMany: (keys) => settled(() => memory.getMany(keys)),
    putMany: (entries) => settled(() => memory.putMany(entries)),
    fuzzy: (query) => settled(() => memory.fuzzy(query)),
    close: () => settled(() => memory.close()),
  };
}

import type { TranslationMemory } from './translation-memory.ts';

/**
 * A memory opened on first use: `open` runs when a method other than `close` is first called
 * (and its error, e.g. a locked or damaged file, rejects that call's promise). A run with nothing
 * to look up (a no-op rerun) never loads the SQLite driver nor touches the file; asking for no
 * keys or storing no entries does not open it either. The opened memory's methods are called
 * inside the call (a SQLite `putMany` is on disk when it returns). `close` closes the memory only
 * if it was opened; calling it twice is harmless. It has no `claims`: a shared
 * memory whose claims are needed is used directly, not through this wrapper.
 */
export function lazyMemory(open: () => TranslationMemory): TranslationMemory {
  let memory: TranslationMemory | undefined;
  const opened = () => (memory ??= open());
  /** Run `call` on the opened memory now; an error opening it rejects, never throws. */
  const withMemory = <T>(call: (memory: TranslationMemory) => Promise<T>): Promise<T> => {
    try {
      return call(opened());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    getMany: (keys) => (keys.length === 0 ? Promise.resolve([]) : withMemory((m) => m.getMany(keys))),
    putMany: (entries) => (entries.length === 0 ? Promise.resolve() : withMemory((m) => m.putMany(entries))),
    fuzzy: (query) => withMemory((m) => m.fuzzy(query)),
    close() {
      const closing = memory;
      memory = undefined;
      return closing ? closing.close() : Promise.resolve();
    },
  };
}

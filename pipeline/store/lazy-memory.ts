import type { TranslationMemory } from './translation-memory.ts';

/**
 * A memory opened on first use: `open` runs when a method other than `close` is first called
 * (and its error, e.g. a locked or damaged file, is thrown from that call). A run with nothing to
 * look up (a no-op rerun) never loads the SQLite driver nor touches the file; asking for no keys or
 * storing no entries does not open it either. `close` closes the
 * memory only if it was opened; calling it twice is harmless.
 */
export function lazyMemory(open: () => TranslationMemory): TranslationMemory {
  let memory: TranslationMemory | undefined;
  const opened = () => (memory ??= open());
  return {
    getMany: (keys) => (keys.length === 0 ? [] : opened().getMany(keys)),
    putMany: (entries) => (entries.length === 0 ? undefined : opened().putMany(entries)),
    fuzzy: (query) => opened().fuzzy(query),
    close() {
      memory?.close();
      memory = undefined;
    },
  };
}

import type { SegmentClaims, TranslationMemory } from './translation-memory.ts';
import { MemoryUnavailableError } from './memory-unavailable-error.ts';

/** A memory that remembers the first `MemoryUnavailableError` of any call, and fails fast after it. */
export interface GuardedMemory extends TranslationMemory {
  /** The first `MemoryUnavailableError` a call met in this run; undefined while the memory works. */
  readonly outage: MemoryUnavailableError | undefined;
}

/**
 * Wrap `memory` for one run: once any call (read, write, claim) rejects with a
 * `MemoryUnavailableError`, that error is kept (`outage`) and every later call rejects with it at
 * once, without touching the database. So a database that went away mid-run is not asked again
 * call after call (each waiting for its connection timeout), and one that comes back meanwhile does
 * not turn the rest of the run into provider calls for what it may already hold: callers treat the
 * rest of the run as having no provider (see resolve-needs.ts). `close` always reaches `memory`.
 * Other errors pass through unchanged and are not remembered.
 */
export function guardMemory(memory: TranslationMemory): GuardedMemory {
  let outage: MemoryUnavailableError | undefined;
  const guard = <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (outage) throw outage;
      try {
        return await call(...args);
      } catch (error) {
        if (error instanceof MemoryUnavailableError) outage ??= error;
        throw error;
      }
    };
  const claims: SegmentClaims | undefined = memory.claims && {
    runner: memory.claims.runner,
    claim: guard(memory.claims.claim.bind(memory.claims)),
    renew: guard(memory.claims.renew.bind(memory.claims)),
    release: guard(memory.claims.release.bind(memory.claims)),
    waitForChange: guard(memory.claims.waitForChange.bind(memory.claims)),
  };
  return {
    get outage() {
      return outage;
    },
    getMany: guard(memory.getMany.bind(memory)),
    putMany: guard(memory.putMany.bind(memory)),
    fuzzy: guard(memory.fuzzy.bind(memory)),
    close: () => memory.close(),
    ...(claims ? { claims } : {}),
  };
}

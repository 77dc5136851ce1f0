/**
 * A shared translation memory in process memory, for tests of the claim protocol without a
 * database: one `SharedState` (entries and claims, on the clock `Date.now`, which vitest's fake
 * timers control) seen through several `TranslationMemory` views, one per simulated runner. The
 * claims follow the PostgreSQL memory's rules (`pipeline/store/postgres-claims.ts`): an entry makes a
 * key `answered`; a free key, an expired claim or the runner's own is `granted`; a live claim of
 * another runner is `held`; `putMany` deletes the claims of the keys it stores; `release` deletes
 * only the runner's own; `waitForChange` resolves at once when something changed since the view's
 * last `claim`. Each call waits `delay()` first (a timer), so that runners interleave.
 *
 * `kill()` stops a view as a SIGKILL stops a process: from then on its calls never settle and
 * change nothing; its claims stay until their lease runs out. `holdsLive` tells a model whether a
 * runner held a live claim when it paid for a segment.
 */
import type { FuzzyMatch, MemoryEntry, MemoryKey, SegmentClaims, TranslationMemory } from '../../pipeline/store/translation-memory.ts';
import { memoryKeyString, normalizeMemoryKey } from '../../pipeline/store/memory-key.ts';

export interface SharedState {
  entries: Map<string, string>;
  claims: Map<string, { runner: string; expires: number }>;
  /** Every change (stored entry or released claim) wakes the views waiting for one. */
  waiters: Set<() => void>;
  /** A change counter; a view remembers its value at its last `claim`. */
  generation: number;
}

export interface SharedMemoryView extends TranslationMemory {
  claims: SegmentClaims;
  /** Stop this view as a killed process stops: nothing after this settles or changes. */
  kill(): void;
  /** Whether the claim on `key` is this runner's and live now. */
  holdsLive(key: MemoryKey): boolean;
}

export function createSharedState(): SharedState {
  return { entries: new Map(), claims: new Map(), waiters: new Set(), generation: 0 };
}

const idOf = (key: MemoryKey) => memoryKeyString(normalizeMemoryKey(key));

/** A view of `state` for runner `runner`; `delay` gives each call's wait in milliseconds (default none). */
export function sharedMemoryView(state: SharedState, runner: string, delay: () => number = () => 0): SharedMemoryView {
  let dead = false;
  let seenAtClaim = state.generation;
  const changed = () => {
    state.generation++;
    for (const wake of [...state.waiters]) wake();
  };
  /** Wait `delay()`, then run `work` unless the view was killed meanwhile (then never settle). */
  const call = <T>(work: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (dead) return;
      setTimeout(() => {
        if (dead) return;
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      }, delay());
    });

  const claims: SegmentClaims = {
    runner,
    claim(keys, leaseMs) {
      return call(() => {
        seenAtClaim = state.generation;
        const now = Date.now();
        const result = { granted: [] as MemoryKey[], held: [] as MemoryKey[], answered: [] as MemoryKey[] };
        for (const key of keys) {
          const id = idOf(key);
          const claim = state.claims.get(id);
          if (state.entries.has(id)) result.answered.push(key);
          else if (!claim || claim.expires < now || claim.runner === runner) {
            state.claims.set(id, { runner, expires: now + leaseMs });
            result.granted.push(key);
          } else result.held.push(key);
        }
        return result;
      });
    },
    renew(keys, leaseMs) {
      return call(() => {
        const now = Date.now();
        for (const key of keys) {
          const claim = state.claims.get(idOf(key));
          if (claim?.runner === runner) claim.expires = now + leaseMs;
        }
      });
    },
    release(keys) {
      return call(() => {
        let any = false;
        for (const key of keys) {
          const id = idOf(key);
          if (state.claims.get(id)?.runner === runner) {
            state.claims.delete(id);
            any = true;
          }
        }
        if (any) changed();
      });
    },
    waitForChange(timeoutMs) {
      if (dead) return new Promise<void>(() => {});
      if (state.generation !== seenAtClaim) {
        seenAtClaim = state.generation;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          state.waiters.delete(done);
          seenAtClaim = state.generation;
          if (!dead) resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        state.waiters.add(done);
      });
    },
  };

  return {
    claims,
    getMany: (keys) => call(() => keys.map((key) => state.entries.get(idOf(key)))),
    putMany: (entries: MemoryEntry[]) =>
      call(() => {
        if (entries.length === 0) return;
        for (const entry of entries) {
          const id = idOf(entry);
          state.entries.set(id, entry.target);
          state.claims.delete(id);
        }
        changed();
      }),
    fuzzy: (): Promise<FuzzyMatch[]> => call(() => []),
    close: () => Promise.resolve(),
    kill() {
      dead = true;
    },
    holdsLive(key) {
      const claim = state.claims.get(idOf(key));
      return claim !== undefined && claim.runner === runner && claim.expires >= Date.now();
    },
  };
}

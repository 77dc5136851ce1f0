/**
 * `npm run tm -- push`: seed a shared translation memory (PostgreSQL) from an existing one (a
 * desk's SQLite cache), in batches, so that the other desks and runners reuse what this one paid for.
 *
 * Idempotent: each batch's keys are looked up in the target first. A key it lacks is added; one it
 * holds with the same target is unchanged (not written again, so a second push writes nothing); one
 * it holds with another target is kept as the shared memory has it (a reviewer on another desk may
 * have corrected it) and counted as `kept`, unless `overwrite`. The origin is not compared (an entry
 * with the same text is the same translation). Each batch is one `putMany` (one transaction): an
 * interrupted push keeps the batches before and a rerun adds only the rest.
 *
 * Between a batch's look-up and its write, another runner may store one of the keys; the push then
 * writes its own text over it (the same provider and fingerprint give the same text, so this only
 * matters for human entries edited at that same moment).
 */
import type { MemoryEntry, TranslationMemory } from '../store/translation-memory.ts';

export interface PushOptions {
  /** Entries per look-up and write; default 1,000. */
  batchSize?: number;
  /** Replace entries the target holds with another target (default: keep them, count them as `kept`). */
  overwrite?: boolean;
  /** Called after each batch with the counts so far (for progress on stderr). */
  onBatch?: (progress: PushCounts) => void;
}

/** Counts of a push so far (or at its end). */
export interface PushCounts {
  /** Entries read from the source. */
  read: number;
  /** New in the target. */
  added: number;
  /** The target held the same translation (nothing written). */
  unchanged: number;
  /** The target held another translation and keeps it (without `overwrite`). */
  kept: number;
  /** The target held another translation, replaced (with `overwrite`). */
  overwritten: number;
}

/**
 * Copy every entry of `source` into `target` (see the module comment). Resolves with the counts;
 * rejects with the target's error (e.g. `MemoryUnavailableError`), the batches written before
 * staying in the target.
 */
export async function pushMemory(source: AsyncIterable<MemoryEntry>, target: TranslationMemory, options: PushOptions = {}): Promise<PushCounts> {
  const batchSize = options.batchSize ?? 1_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`pushMemory: batchSize must be a positive integer, got ${batchSize}`);
  const counts: PushCounts = { read: 0, added: 0, unchanged: 0, kept: 0, overwritten: 0 };
  const flush = async (batch: MemoryEntry[]) => {
    const held = await target.getMany(batch);
    const writes: MemoryEntry[] = [];
    batch.forEach((entry, index) => {
      const current = held[index];
      if (current === undefined) {
        counts.added++;
        writes.push(entry);
      } else if (current === entry.target) counts.unchanged++;
      else if (options.overwrite) {
        counts.overwritten++;
        writes.push(entry);
      } else counts.kept++;
    });
    await target.putMany(writes);
    counts.read += batch.length;
    options.onBatch?.({ ...counts });
  };
  let batch: MemoryEntry[] = [];
  for await (const entry of source) {
    batch.push(entry);
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch);
  return counts;
}

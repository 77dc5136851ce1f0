/**
 * Keying helpers shared by the translation memory stores: the normalized source and a stable key.
 */
import { createHash } from 'node:crypto';
import type { MemoryEntry, MemoryKey } from './translation-memory.ts';
import { normalizeSegment } from './fuzzy-score.ts';

/** A key with its source normalized (whitespace collapsed and trimmed, NFC). */
export interface NormalizedMemoryKey {
  provider: string;
  fingerprint: string;
  sourceLocale: string;
  targetLocale: string;
  source: string;
}

export function normalizeMemoryKey(key: MemoryKey): NormalizedMemoryKey {
  return {
    provider: key.provider,
    fingerprint: key.fingerprint,
    sourceLocale: key.sourceLocale,
    targetLocale: key.targetLocale,
    source: normalizeSegment(key.source),
  };
}

/** An unambiguous string form of a normalized key (fields joined by a control character). */
export function memoryKeyString(key: NormalizedMemoryKey): string {
  return [key.provider, key.fingerprint, key.sourceLocale, key.targetLocale, key.source].join('\u0000');
}

/** A signed 64-bit hash of the key (first 8 bytes of its SHA-256), for an integer index. */
export function memoryKeyHash(key: NormalizedMemoryKey): bigint {
  return createHash('sha256').update(memoryKeyString(key)).digest().readBigInt64BE(0);
}

/** An entry row as both stores' `tm_entry` tables hold it (origin NULL: the provider). */
export interface EntryColumns {
  provider: string;
  fingerprint: string;
  source_locale: string;
  target_locale: string;
  source: string;
  target: string;
  origin: string | null;
}

/** The `MemoryEntry` of a `tm_entry` row (SQLite or PostgreSQL); `origin` only when it is not the provider. */
export function entryFromRow(row: EntryColumns): MemoryEntry {
  const entry: MemoryEntry = { provider: row.provider, fingerprint: row.fingerprint, sourceLocale: row.source_locale, targetLocale: row.target_locale, source: row.source, target: row.target };
  if (row.origin !== null) entry.origin = row.origin;
  return entry;
}

/**
 * Memory keys as the PostgreSQL memory stores them: normalized (`normalizeMemoryKey`) and hashed
 * with SHA-256 over the unambiguous key string (`memoryKeyString`), the primary key of `tm_entry`
 * and `tm_claim`. 32 bytes: unique on the full key in practice, whatever the source's length.
 */
import { createHash } from 'node:crypto';
import type { MemoryKey } from './translation-memory.ts';
import { type NormalizedMemoryKey, memoryKeyString, normalizeMemoryKey } from './memory-key.ts';

export interface HashedKey {
  key: NormalizedMemoryKey;
  /** SHA-256 of `memoryKeyString(key)`. */
  hash: Buffer;
  /** `hash` in hex, for maps. */
  hex: string;
}

/** The SHA-256 of a normalized key (the `key_hash` column). */
export function postgresKeyHash(key: NormalizedMemoryKey): Buffer {
  return createHash('sha256').update(memoryKeyString(key)).digest();
}

/**
 * Normalize and hash `keys`: `byIndex` is aligned with `keys`; `unique` holds each distinct key once
 * (the last occurrence's object, in first-occurrence order).
 */
export function hashKeys(keys: readonly MemoryKey[]): { byIndex: HashedKey[]; unique: HashedKey[] } {
  const seen = new Map<string, HashedKey>();
  const byIndex = keys.map((raw) => {
    const key = normalizeMemoryKey(raw);
    const hash = postgresKeyHash(key);
    const hex = hash.toString('hex');
    const hashed = seen.get(hex) ?? { key, hash, hex };
    seen.set(hex, hashed);
    return hashed;
  });
  return { byIndex, unique: [...seen.values()] };
}

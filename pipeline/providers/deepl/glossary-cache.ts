import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from './content-hash.ts';

/**
 * One DeepL multilingual (v3) glossary per source → target pair and set of terms, created once
 * and reused across runs. Its id is remembered in `<cacheDir>/deepl-glossaries.json`, keyed by
 * the hash of the terms; a remembered id is checked once per provider (a GET, never billed) and
 * the glossary recreated if DeepL no longer has it. When the terms of a slot (source → target
 * code) change, a new glossary is created and the slot's previous one deleted.
 * The file holds ids and hashes only: no key, no terms.
 */
export const GLOSSARY_CACHE_FILE = 'deepl-glossaries.json';

export interface GlossarySpec {
  sourceLang: string;
  /** Glossary language (`en`). */
  targetLang: string;
  /** DeepL target code the glossary serves (`EN-GB`): the slot it occupies. */
  targetCode: string;
  entries: Record<string, string>;
}

interface CacheEntry {
  glossaryId: string;
  slot: string;
  entryCount: number;
}

interface CacheFile {
  version: 1;
  glossaries: Record<string, CacheEntry>;
}

/** The part of deepl-node's DeepLClient this needs. */
export interface GlossaryApi {
  createMultilingualGlossary(name: string, dicts: { sourceLangCode: string; targetLangCode: string; entries: unknown }[]): Promise<{ glossaryId: string }>;
  getMultilingualGlossary(id: string): Promise<unknown>;
  deleteMultilingualGlossary(id: string): Promise<void>;
}

export interface GlossaryDeps {
  api: GlossaryApi;
  /** deepl-node's GlossaryEntries constructor. */
  makeEntries: (entries: Record<string, string>) => unknown;
  isNotFound: (error: unknown) => boolean;
  /** Called once per API request made. */
  onRequest: () => void;
}

export function glossaryHash(spec: GlossarySpec): string {
  return contentHash({ source: spec.sourceLang, target: spec.targetLang, entries: spec.entries });
}

function readCache(path: string): CacheFile {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (data && data.version === 1 && typeof data.glossaries === 'object') return data;
  } catch {
    // missing or unreadable: start afresh
  }
  return { version: 1, glossaries: {} };
}

function writeCache(path: string, data: CacheFile): void {
  const text = `${JSON.stringify(data, null, 2)}\n`;
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {
    // not there yet
  }
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** The glossary id to translate with, creating the glossary if needed. */
export async function ensureGlossary(spec: GlossarySpec, cacheDir: string, deps: GlossaryDeps): Promise<string> {
  const hash = glossaryHash(spec);
  const slot = `${spec.sourceLang}->${spec.targetCode}`;
  const path = join(cacheDir, GLOSSARY_CACHE_FILE);
  const known = readCache(path).glossaries[hash];
  if (known) {
    try {
      deps.onRequest();
      await deps.api.getMultilingualGlossary(known.glossaryId);
      return known.glossaryId;
    } catch (error) {
      if (!deps.isNotFound(error)) throw error;
    }
  }
  deps.onRequest();
  const created = await deps.api.createMultilingualGlossary(`jfid-translate ${slot} ${hash}`, [
    { sourceLangCode: spec.sourceLang, targetLangCode: spec.targetLang, entries: deps.makeEntries(spec.entries) },
  ]);
  // Read-modify-write without an await in between, so providers of one process never interleave.
  mkdirSync(cacheDir, { recursive: true });
  const cache = readCache(path);
  const stale: string[] = [];
  for (const [key, entry] of Object.entries(cache.glossaries)) {
    if (key === hash || entry.slot === slot) {
      if (entry.glossaryId !== created.glossaryId) stale.push(entry.glossaryId);
      delete cache.glossaries[key];
    }
  }
  cache.glossaries[hash] = { glossaryId: created.glossaryId, slot, entryCount: Object.keys(spec.entries).length };
  writeCache(path, cache);
  for (const id of stale) {
    try {
      deps.onRequest();
      await deps.api.deleteMultilingualGlossary(id);
    } catch {
      // best effort: an old glossary left behind costs nothing
    }
  }
  return created.glossaryId;
}

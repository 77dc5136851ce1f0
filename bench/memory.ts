/**
 * Translation memory benchmark: `npx tsx bench/memory.ts [--entries 100000]`.
 *
 * Builds a SQLite memory of synthetic Indonesian-like sentences (Zipf-distributed vocabulary,
 * 8–24 words, deterministic seed) in a temp folder, then measures getMany of 10k keys (half hits),
 * putMany of 10k new entries, and fuzzy queries (one word edited in a stored sentence, and
 * unrelated sentences) against the full memory. The in-memory store is measured the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import { openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';
import type { MemoryEntry, TranslationMemory } from '../pipeline/store/translation-memory.ts';
import { createPrng } from '../test/deepl-emulator/prng.ts';

export interface MemoryBenchResult {
  store: string;
  entries: number;
  /** Time to fill the memory (putMany in batches of 10k). */
  fillMs: number;
  getMany10kMs: number;
  putMany10kMs: number;
  fuzzyNearMsMean: number;
  fuzzyNearMsP95: number;
  /** Share of near queries whose edited source was found as the best match. */
  fuzzyNearRecall: number;
  fuzzyUnrelatedMsMean: number;
}

const COMMON = ['yang', 'dan', 'di', 'itu', 'dengan', 'untuk', 'tidak', 'ini', 'dari', 'dalam', 'akan', 'pada', 'juga', 'ke', 'karena', 'tersebut', 'bisa', 'ada', 'mereka', 'lebih', 'kata', 'tahun', 'sudah', 'saat', 'oleh', 'menjadi', 'orang', 'telah', 'hanya', 'masih'];
const SYLLABLES = ['ba', 'ka', 'la', 'ma', 'na', 'pa', 'ra', 'sa', 'ta', 'ja', 'ga', 'da', 'be', 'ke', 'me', 'pe', 'se', 'te', 'bi', 'ki', 'li', 'mi', 'ni', 'ri', 'si', 'ti', 'bu', 'ku', 'lu', 'mu', 'nu', 'ru', 'su', 'tu', 'ngan', 'kan', 'an', 'ang', 'ung', 'ing', 'ong'];


function makeCorpus(count: number, seed: number): { sentences: string[]; vocabulary: string[]; word: () => string } {
  const random = createPrng(seed);
  const vocabulary = [...COMMON];
  const seen = new Set(vocabulary);
  while (vocabulary.length < 30_000) {
    const parts = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < parts; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      vocabulary.push(word);
    }
  }
  // Zipf(1) by inverse transform over ranks.
  const harmonic: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= vocabulary.length; rank++) harmonic.push((total += 1 / rank));
  const word = (): string => {
    const target = random() * total;
    let low = 0;
    let high = harmonic.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (harmonic[mid] < target) low = mid + 1;
      else high = mid;
    }
    return vocabulary[low];
  };
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 8 + Math.floor(random() * 17);
    const words: string[] = [];
    for (let j = 0; j < length; j++) words.push(word());
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    if (length > 12) words[Math.floor(length / 2)] += ',';
    sentences.push(`${words.join(' ')}.`);
  }
  return { sentences, vocabulary, word };
}

const base = { provider: 'deepl', fingerprint: 'en-US', sourceLocale: 'id', targetLocale: 'en' };
const toEntry = (source: string, index: number): MemoryEntry => ({ ...base, source, target: `EN ${index}: ${source}` });

/** Time an asynchronous call, from its start to its settling (milliseconds). */
async function time<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function benchStore(store: string, memory: TranslationMemory, entries: number): Promise<MemoryBenchResult> {
  const corpus = makeCorpus(entries + 10_000, 42);
  const stored = corpus.sentences.slice(0, entries);
  const fresh = corpus.sentences.slice(entries);
  const random = createPrng(7);

  const fill = await time(async () => {
    for (let start = 0; start < stored.length; start += 10_000) {
      await memory.putMany(stored.slice(start, start + 10_000).map((source, offset) => toEntry(source, start + offset)));
    }
  });

  const keys = Array.from({ length: 10_000 }, (_, i) => ({ ...base, source: i % 2 ? stored[Math.floor(random() * stored.length)] : fresh[i] }));
  const get = await time(() => memory.getMany(keys));
  const hits = get.value.filter((value) => value !== undefined).length;
  if (hits < 5_000) throw new Error(`benchmark: expected at least 5000 hits, got ${hits}`);

  const put = await time(() => memory.putMany(fresh.map((source, index) => toEntry(source, entries + index))));

  const nearTimes: number[] = [];
  let found = 0;
  const queries = 200;
  for (let q = 0; q < queries; q++) {
    const original = stored[Math.floor(random() * stored.length)];
    const words = original.split(' ');
    const position = 1 + Math.floor(random() * (words.length - 2));
    words[position] = corpus.word() + (words[position].endsWith(',') ? ',' : '');
    const query = words.join(' ');
    const result = await time(() => memory.fuzzy({ ...base, source: query, minScore: 0.75 }));
    nearTimes.push(result.ms);
    if (result.value.some((match) => match.source === original)) found++;
  }
  const unrelatedTimes: number[] = [];
  const unrelated = makeCorpus(100, 99).sentences;
  for (const source of unrelated) unrelatedTimes.push((await time(() => memory.fuzzy({ ...base, source, minScore: 0.75 }))).ms);

  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    store,
    entries,
    fillMs: Math.round(fill.ms),
    getMany10kMs: Math.round(get.ms),
    putMany10kMs: Math.round(put.ms),
    fuzzyNearMsMean: Number(mean(nearTimes).toFixed(2)),
    fuzzyNearMsP95: Number(percentile(nearTimes, 0.95).toFixed(2)),
    fuzzyNearRecall: found / queries,
    fuzzyUnrelatedMsMean: Number(mean(unrelatedTimes).toFixed(2)),
  };
}

/** Run the benchmark over the SQLite store (temp file) and the in-memory store. */
export async function benchMemory(options: { entries?: number } = {}): Promise<MemoryBenchResult[]> {
  const entries = options.entries ?? 100_000;
  const folder = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  try {
    const sqlite = openSqliteMemory(join(folder, 'memory.sqlite'));
    const results = [await benchStore('sqlite', sqlite, entries)];
    await sqlite.close();
    const inMemory = createInMemoryMemory();
    results.push(await benchStore('in-memory', inMemory, entries));
    await inMemory.close();
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = process.argv.indexOf('--entries');
  const entries = flag > 0 ? Number(process.argv[flag + 1]) : undefined;
  const results = await benchMemory({ entries });
  console.log('Translation memory benchmark (synthetic Zipf corpus, minScore 0.75, one-word edits; 200 near + 100 unrelated fuzzy queries)');
  console.table(results);
}

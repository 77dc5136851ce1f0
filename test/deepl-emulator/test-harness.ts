import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderError, ProviderSegment } from '../../pipeline/provider.ts';
import { createDeepLProvider, type DeepLStats } from '../../pipeline/providers/deepl.ts';
import { DEFAULT_EMULATOR_KEY, startDeepLEmulator, type DeepLEmulator, type DeepLEmulatorOptions } from './start-deepl-emulator.ts';

/**
 * Test harness: an emulator, a temp cache folder, and providers wired to both. Fast retry
 * settings by default (deepl-node's own backoff starts at 1 s and cannot be shortened, so tests
 * that do not exercise it set `maxRetries: 1`, a single attempt per deepl-node call).
 */
export interface Harness {
  emulator: DeepLEmulator;
  cacheDir: string;
  key: string;
  provider(options?: Record<string, unknown>, env?: NodeJS.ProcessEnv): ReturnType<typeof createDeepLProvider>;
  close(): Promise<void>;
}

/** Fast retries; one request per paragraph (`contextChars: 0`) so fault tests get many requests. */
export const FAST = { maxRetries: 1, minTimeout: 2000, retries: 8, retryDelayMs: 5, maxRetryDelayMs: 40, contextChars: 0 };

export async function startHarness(options: DeepLEmulatorOptions = {}): Promise<Harness> {
  const emulator = await startDeepLEmulator(options);
  const cacheDir = mkdtempSync(join(tmpdir(), 'deepl-test-'));
  return {
    emulator,
    cacheDir,
    key: DEFAULT_EMULATOR_KEY,
    provider: (providerOptions = {}, env = { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url }) =>
      createDeepLProvider({ options: { ...FAST, ...providerOptions }, env, cacheDir }),
    async close() {
      await emulator.stop();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export interface RunOutcome {
  results: Map<string, string>;
  /** onResults calls, in order. */
  deliveries: number;
  stats?: DeepLStats;
  error?: ProviderError;
}

/** Run a job, collecting every delivered result, and the stats or the error. */
export async function runJob(
  provider: ReturnType<typeof createDeepLProvider>,
  segments: ProviderSegment[],
  targetLocale = 'en',
): Promise<RunOutcome> {
  const outcome: RunOutcome = { results: new Map(), deliveries: 0 };
  try {
    outcome.stats = (await provider.translate({ sourceLocale: 'id', targetLocale, segments }, (results) => {
      outcome.deliveries++;
      for (const r of results) {
        if (outcome.results.has(r.id)) throw new Error(`delivered twice: ${r.id}`);
        outcome.results.set(r.id, r.text);
      }
    })) as DeepLStats;
  } catch (error) {
    outcome.error = error as ProviderError;
  }
  return outcome;
}

const WORDS = ['rumah', 'besar', 'kota', 'harga', 'pasar', 'pemerintah', 'berita', 'anak', 'buku', 'merah', 'jalan', 'baru', 'Jakarta', 'Bandung', 'rupiah'];

/** `count` unique sentences in paragraphs of `perParagraph`, some with inline markup. */
export function makeSegments(count: number, perParagraph = 5, prefix = 's'): ProviderSegment[] {
  const sentences = Array.from({ length: count }, (_, i) => {
    const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length];
    const body = i % 4 === 0 ? `${w(1)} <g1>${w(2)}</g1> ${w(3)}` : i % 4 === 1 ? `${w(1)} ${w(2)} <x1/> ${w(3)}` : `${w(1)} ${w(2)} ${w(3)}`;
    return `Kalimat ${prefix}${i} tentang ${body}.`;
  });
  const segments: ProviderSegment[] = [];
  for (let p = 0; p * perParagraph < count; p++) {
    const group = sentences.slice(p * perParagraph, (p + 1) * perParagraph);
    const context = group.map((s) => s.replace(/<[^>]+>/g, '')).join(' ');
    group.forEach((text, j) => segments.push({ id: `${prefix}-${p}-${j}`, text, context }));
  }
  return segments;
}

export function codePoints(texts: Iterable<string>): number {
  let n = 0;
  for (const t of texts) n += [...t].length;
  return n;
}

/**
 * The llm provider against the LLM emulator on 127.0.0.1, through the real `openai` client:
 * start both, run jobs, collect deliveries (a segment delivered twice fails the job).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlossaryTerm, ProviderError, ProviderSegment } from '../../pipeline/provider.ts';
import { createLlmProvider, type LlmStats } from '../../pipeline/providers/llm.ts';
import { startLlmEmulator, type LlmEmulator, type LlmEmulatorOptions } from '../llm-emulator/index.ts';

export interface LlmRunOutcome {
  results: Map<string, string>;
  /** onResults calls. */
  deliveries: number;
  stats?: LlmStats;
  error?: ProviderError;
}

export interface LlmHarness {
  emulator: LlmEmulator;
  dir: string;
  provider(options?: Record<string, unknown>, extra?: { glossary?: GlossaryTerm[]; env?: NodeJS.ProcessEnv }): ReturnType<typeof createLlmProvider>;
  close(): Promise<void>;
}

export async function startLlmHarness(emulatorOptions: LlmEmulatorOptions = {}): Promise<LlmHarness> {
  const emulator = await startLlmEmulator(emulatorOptions);
  const dir = mkdtempSync(join(tmpdir(), 'llm-provider-'));
  return {
    emulator,
    dir,
    provider: (options = {}, extra = {}) =>
      createLlmProvider({
        options: { model: emulator.model, retryDelayMs: 5, maxRetryDelayMs: 20, ...options },
        env: extra.env ?? { OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.url },
        cacheDir: dir,
        configDir: dir,
        glossary: extra.glossary,
      }),
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function runLlmJob(
  provider: ReturnType<typeof createLlmProvider>,
  segments: ProviderSegment[],
  onDelivery?: (ids: string[]) => void,
  targetLocale = 'en',
): Promise<LlmRunOutcome> {
  const outcome: LlmRunOutcome = { results: new Map(), deliveries: 0 };
  try {
    outcome.stats = (await provider.translate({ sourceLocale: 'id', targetLocale, segments }, (results) => {
      outcome.deliveries++;
      for (const r of results) {
        if (outcome.results.has(r.id)) throw new Error(`delivered twice: ${r.id}`);
        outcome.results.set(r.id, r.text);
      }
      onDelivery?.(results.map((r) => r.id));
    })) as LlmStats;
  } catch (error) {
    outcome.error = error as ProviderError;
  }
  return outcome;
}

const WORDS = ['rumah', 'besar', 'kota', 'harga', 'pasar', 'pemerintah', 'berita', 'anak', 'buku', 'merah', 'jalan', 'baru', 'kucing', 'air', 'nasi'];

/** `count` unique prose sentences of dictionary words, in paragraphs of `perParagraph`, some with markup. */
export function llmSegments(count: number, perParagraph = 4, prefix = 'p'): ProviderSegment[] {
  const sentences = Array.from({ length: count }, (_, i) => {
    const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length];
    const body = i % 3 === 0 ? `${w(1)} <g1>${w(2)}</g1> ${w(3)}` : i % 3 === 1 ? `${w(1)} ${w(2)} <x1/> ${w(3)}` : `${w(1)} ${w(2)} ${w(3)}`;
    return `Mereka datang ke ${body} dan pasar nomor ${i + 1}.`;
  });
  const segments: ProviderSegment[] = [];
  for (let p = 0; p * perParagraph < count; p++) {
    const group = sentences.slice(p * perParagraph, (p + 1) * perParagraph);
    const context = group.map((s) => s.replace(/<[^>]+>/g, '')).join(' ');
    group.forEach((text, j) => segments.push({ id: `${prefix}-${p}-${j}`, text, context }));
  }
  return segments;
}

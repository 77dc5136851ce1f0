/**
 * DeepL context strategies compared: requests and billed characters for the 100 IndoSum news
 * articles in ../shared, translated into two targets through the DeepL provider and the real
 * deepl-node client, against the local DeepL emulator (no network, no key needed).
 * Sentences come from our segmenter (`splitSentences`); each sentence's paragraph is its context.
 * Run: npx tsx bench/deepl-context.ts [--targets en,de]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderSegment } from '../pipeline/provider.ts';
import { createDeepLProvider, type DeepLStats } from '../pipeline/providers/deepl.ts';
import { DEFAULT_CONTEXT_CHARS } from '../pipeline/providers/deepl/plan-requests.ts';
import { splitSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { escapeText } from '../pipeline/tagged-text.ts';
import { DEFAULT_EMULATOR_KEY, startDeepLEmulator } from '../test/deepl-emulator/index.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_ARTICLES_DIR = resolve(HERE, '../../shared/corpora/indosum-news-id/articles');

export interface StrategyFigure {
  /** `sentence-1` (one paragraph's context per request), `sentence` (neighbours share), `paragraph`. */
  strategy: string;
  target: string;
  requests: number;
  billedCharacters: number;
  /** Characters sent as `context` (not billed). */
  contextCharacters: number;
  maxTextsPerRequest: number;
  maxRequestBytes: number;
}

export type BenchDeepLContextResult =
  | { skipped: true; reason: string }
  | { skipped: false; articles: number; paragraphs: number; segments: number; uniqueSegments: number; figures: StrategyFigure[] };

/** Segments of the corpus: every sentence, with its paragraph as context. */
function loadSegments(dir: string): { segments: ProviderSegment[]; articles: number; paragraphs: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const segments: ProviderSegment[] = [];
  let paragraphs = 0;
  for (const file of files) {
    const body = readFileSync(join(dir, file), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const paragraph of body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
      paragraphs++;
      splitSentences(paragraph).forEach((sentence, i) =>
        segments.push({ id: `${file}#${paragraphs}.${i}`, text: escapeText(sentence), context: paragraph }),
      );
    }
  }
  return { segments, articles: files.length, paragraphs };
}

export async function benchDeepLContext(options: { articlesDir?: string; targets?: string[] } = {}): Promise<BenchDeepLContextResult> {
  const dir = options.articlesDir ?? DEFAULT_ARTICLES_DIR;
  if (!existsSync(dir)) return { skipped: true, reason: `news corpus not found at ${dir} (it lives in ../shared beside the checkout)` };
  const { segments, articles, paragraphs } = loadSegments(dir);
  const figures: StrategyFigure[] = [];
  // `sentence-1`: each request carries one paragraph's context (contextChars 0); `sentence`: the
  // default, neighbouring paragraphs share a request within 2,000 context characters.
  const variants = [
    { label: 'sentence-1', strategy: 'sentence', contextChars: 0 },
    { label: 'sentence', strategy: 'sentence', contextChars: DEFAULT_CONTEXT_CHARS },
    { label: 'paragraph', strategy: 'paragraph', contextChars: 0 },
  ] as const;
  for (const { label, strategy, contextChars } of variants) {
    for (const target of options.targets ?? ['en', 'de']) {
      const emulator = await startDeepLEmulator({ characterLimit: 100_000_000 });
      const cacheDir = mkdtempSync(join(tmpdir(), 'bench-deepl-'));
      try {
        const provider = createDeepLProvider({
          options: { contextStrategy: strategy, contextChars, concurrency: 4 },
          env: { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url },
          cacheDir,
        });
        const stats = (await provider.translate({ sourceLocale: 'id', targetLocale: target, segments }, () => {})) as DeepLStats;
        if (stats.rejected.length > 0) throw new Error(`${stats.rejected.length} segments failed`);
        const requests = emulator.translateRequests();
        figures.push({
          strategy: label,
          target,
          requests: requests.length,
          billedCharacters: emulator.billedCharacters,
          contextCharacters: requests.reduce((n, r) => n + [...(r.context ?? '')].length, 0),
          maxTextsPerRequest: Math.max(...requests.map((r) => r.texts.length)),
          maxRequestBytes: Math.max(...requests.map((r) => r.bodyBytes)),
        });
      } finally {
        await emulator.stop();
        rmSync(cacheDir, { recursive: true, force: true });
      }
    }
  }
  return { skipped: false, articles, paragraphs, segments: segments.length, uniqueSegments: new Set(segments.map((s) => s.text)).size, figures };
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--targets');
  const targets = arg > 0 ? process.argv[arg + 1].split(',') : undefined;
  const result = await benchDeepLContext({ targets });
  if (result.skipped) {
    console.log(`deepl-context: skipped, ${result.reason}`);
    return;
  }
  console.log(`${result.articles} articles, ${result.paragraphs} paragraphs, ${result.segments} sentences (${result.uniqueSegments} unique)`);
  console.log('strategy   target  requests  billed chars  context chars (free)  max texts/req  max bytes/req');
  for (const f of result.figures)
    console.log(
      `${f.strategy.padEnd(10)} ${f.target.padEnd(7)} ${String(f.requests).padStart(8)}  ${String(f.billedCharacters).padStart(12)}  ${String(f.contextCharacters).padStart(20)}  ${String(f.maxTextsPerRequest).padStart(13)}  ${String(f.maxRequestBytes).padStart(13)}`,
    );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

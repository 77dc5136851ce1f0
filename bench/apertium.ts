/**
 * Apertium benchmark: `npx tsx bench/apertium.ts [--articles N]`.
 *
 * Translates the sentences of the 100 news articles of `../shared/corpora/indosum-news-id`
 * (front matter dropped, paragraphs split on blank lines, sentences by the project's segmenter
 * `splitSentences`, or `Intl.Segmenter` if it cannot be loaded) from Indonesian to Malay with the
 * Apertium provider in both modes: `command` (the `apertium` command line) and `server` (an
 * apertium-apy started on a free loopback port). Reports segments/s, process calls or HTTP
 * requests, and the unknown-word rate (unknown words / words of the source, words = runs of
 * letters and digits). Skips, saying why, when the engine or `../shared/` is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProviderResult, ProviderSegment } from '../pipeline/provider.ts';
import { createApertiumProvider, type ApertiumResult, type ApertiumStats } from '../pipeline/providers/apertium.ts';
import { escapeText } from '../pipeline/tagged-text.ts';
import { hasApertiumApy, startApertiumServer } from '../test/apertium-server.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../shared/corpora/indosum-news-id/articles', import.meta.url));

export interface ApertiumModeResult {
  mode: 'command' | 'server';
  segments: number;
  ms: number;
  segmentsPerSecond: number;
  /** Process calls (command) or HTTP requests (server). */
  requests: number;
  delivered: number;
  rejected: number;
  unknownWords: number;
}

export interface ApertiumBenchResult {
  articles: number;
  segments: number;
  words: number;
  segmenter: string;
  modes: ApertiumModeResult[];
  /** Unknown words / words, from the command-mode run. */
  unknownWordRate: number;
  /** Why the benchmark did not run, when it did not. */
  skipped?: string;
}

async function sentenceSplitter(): Promise<{ name: string; split: (text: string) => string[] }> {
  try {
    const mod = (await import('../pipeline/segmenter/segment-sentences.ts')) as { splitSentences?: (text: string) => string[] };
    if (typeof mod.splitSentences === 'function') return { name: 'splitSentences (SRX)', split: mod.splitSentences };
  } catch {
    // fall through
  }
  const segmenter = new Intl.Segmenter('id', { granularity: 'sentence' });
  return { name: 'Intl.Segmenter', split: (text) => [...segmenter.segment(text)].map((s) => s.segment) };
}

function articleParagraphs(markdown: string): string[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

function engineAbsent(): string | undefined {
  const probe = spawnSync('apertium', ['-l'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error || probe.status !== 0 || !/\bind-zlm\b/.test(probe.stdout)) {
    return 'Apertium with the ind-zlm pair is not installed; install it with: apt-get install apertium apertium-ind-zlm apertium-apy (or .ci/install-apertium.sh)';
  }
  return undefined;
}

async function runMode(mode: 'command' | 'server', segments: ProviderSegment[], url?: string): Promise<ApertiumModeResult> {
  const provider = createApertiumProvider({ options: { mode, ...(url ? { url } : {}) }, env: process.env, cacheDir: tmpdir() });
  let delivered = 0;
  const started = performance.now();
  const stats = (await provider.translate({ sourceLocale: 'id', targetLocale: 'ms', segments }, (results: ProviderResult[]) => {
    delivered += (results as ApertiumResult[]).length;
  })) as ApertiumStats;
  const ms = performance.now() - started;
  return {
    mode,
    segments: segments.length,
    ms: Math.round(ms),
    segmentsPerSecond: Math.round((segments.length / ms) * 1000),
    requests: stats.requests,
    delivered,
    rejected: stats.rejected.length,
    unknownWords: stats.unknownWords,
  };
}

export async function benchApertium(options: { articles?: number } = {}): Promise<ApertiumBenchResult> {
  const empty = { articles: 0, segments: 0, words: 0, segmenter: '', modes: [], unknownWordRate: 0 };
  if (!existsSync(CORPUS_DIR)) return { ...empty, skipped: `corpus not found at ${CORPUS_DIR} (../shared/ is beside the checkout in CI only)` };
  const absent = engineAbsent();
  if (absent) return { ...empty, skipped: absent };

  const files = readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .slice(0, options.articles ?? 100);
  const splitter = await sentenceSplitter();
  const segments: ProviderSegment[] = [];
  let words = 0;
  for (const file of files) {
    for (const paragraph of articleParagraphs(readFileSync(join(CORPUS_DIR, file), 'utf8'))) {
      for (const sentence of splitter.split(paragraph)) {
        const text = sentence.trim();
        if (text === '') continue;
        words += text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
        segments.push({ id: `${file}#${segments.length}`, text: escapeText(text) });
      }
    }
  }

  const modes: ApertiumModeResult[] = [await runMode('command', segments)];
  if (hasApertiumApy()) {
    const server = await startApertiumServer({ warmPair: 'ind-zlm' });
    try {
      modes.push(await runMode('server', segments, server.url));
    } finally {
      await server.stop();
    }
  }
  return {
    articles: files.length,
    segments: segments.length,
    words,
    segmenter: splitter.name,
    modes,
    unknownWordRate: words === 0 ? 0 : modes[0]!.unknownWords / words,
  };
}

function printReport(result: ApertiumBenchResult): void {
  if (result.skipped) {
    console.log(`apertium bench skipped: ${result.skipped}`);
    return;
  }
  console.log(
    `apertium ind-zlm on ${result.articles} indosum articles: ${result.segments} sentences (${result.segmenter}), ${result.words} words`,
  );
  for (const m of result.modes) {
    console.log(
      `  ${m.mode.padEnd(8)} ${String(m.segmentsPerSecond).padStart(6)} segments/s  ${String(m.ms).padStart(6)} ms  ${m.requests} ${m.mode === 'command' ? 'process calls' : 'HTTP requests'}  delivered ${m.delivered}, rejected ${m.rejected}, unknown words ${m.unknownWords}`,
    );
  }
  if (!result.modes.some((m) => m.mode === 'server')) console.log('  server   skipped: apertium-apy not installed (apt-get install apertium-apy)');
  console.log(`  unknown-word rate: ${(result.unknownWordRate * 100).toFixed(2)}% of source words`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--articles');
  const articles = at > 0 ? Number(process.argv[at + 1]) : undefined;
  benchApertium({ articles }).then(printReport, (error: unknown) => {
    console.error(error);
    process.exitCode = 3;
  });
}

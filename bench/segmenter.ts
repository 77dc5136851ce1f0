/**
 * Segmenter throughput: our SRX segmenter beside `sbd` on the bodies of the 100 IndoSum news
 * articles in ../shared (front matter removed). Median of several repetitions.
 * Run: npx tsx bench/segmenter.ts [--repetitions N]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sbd from 'sbd';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';

export interface BenchSegmenterOptions {
  /** Folder of news articles (Markdown with front matter). */
  articlesDir?: string;
  /** Timed repetitions per segmenter (median reported). Default 7. */
  repetitions?: number;
  /** Passes over the corpus per repetition, so each timing is long enough. Default 5. */
  passes?: number;
}

export interface SegmenterFigure {
  name: string;
  /** Median MB/s (UTF-8 megabytes of input per second). */
  mbPerSecond: number;
  sentences: number;
}

export type BenchSegmenterResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      articles: number;
      megabytes: number;
      repetitions: number;
      ours: SegmenterFigure;
      sbd: SegmenterFigure;
      /** ours.mbPerSecond / sbd.mbPerSecond */
      ratio: number;
    };

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_ARTICLES_DIR = resolve(HERE, '../../shared/corpora/indosum-news-id/articles');

/** Article bodies: front matter removed; paragraphs (blank-line separated) as separate inputs. */
function loadParagraphs(dir: string): { paragraphs: string[]; articles: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const paragraphs: string[] = [];
  for (const file of files) {
    const body = readFileSync(join(dir, file), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const paragraph of body.split(/\n\s*\n/)) if (paragraph.trim()) paragraphs.push(paragraph);
  }
  return { paragraphs, articles: files.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(name: string, paragraphs: string[], megabytes: number, repetitions: number, passes: number, split: (text: string) => number): SegmenterFigure {
  let sentences = 0;
  for (const p of paragraphs) sentences += split(p); // warm-up, and the count
  const rates: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const started = process.hrtime.bigint();
    for (let pass = 0; pass < passes; pass++) for (const p of paragraphs) split(p);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push((megabytes * passes) / seconds);
  }
  return { name, mbPerSecond: median(rates), sentences };
}

export function benchSegmenter(options: BenchSegmenterOptions = {}): BenchSegmenterResult {
  const dir = options.articlesDir ?? DEFAULT_ARTICLES_DIR;
  if (!existsSync(dir)) return { skipped: true, reason: `news corpus not found at ${dir} (it lives in ../shared beside the checkout)` };
  const { paragraphs, articles } = loadParagraphs(dir);
  const megabytes = paragraphs.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6;
  const repetitions = options.repetitions ?? 7;
  const passes = options.passes ?? 5;
  const ours = measure('jfid SRX segmenter', paragraphs, megabytes, repetitions, passes, (t) => segmentSentences(t).length);
  const theirs = measure('sbd', paragraphs, megabytes, repetitions, passes, (t) => sbd.sentences(t).length);
  return { skipped: false, articles, megabytes, repetitions, ours, sbd: theirs, ratio: ours.mbPerSecond / theirs.mbPerSecond };
}

function report(result: BenchSegmenterResult): string {
  if (result.skipped) return `segmenter bench skipped: ${result.reason}`;
  const line = (f: SegmenterFigure) => `  ${f.name.padEnd(20)} ${f.mbPerSecond.toFixed(2).padStart(7)} MB/s  (${f.sentences} sentences)`;
  return [
    `segmenter bench: ${result.articles} articles, ${result.megabytes.toFixed(3)} MB, median of ${result.repetitions} repetitions`,
    line(result.ours),
    line(result.sbd),
    `  ratio ours/sbd: ${result.ratio.toFixed(1)}x`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--repetitions');
  const repetitions = at > 0 ? Number(process.argv[at + 1]) : undefined;
  console.log(report(benchSegmenter({ repetitions })));
}

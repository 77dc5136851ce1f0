/**
 * A synthetic newsroom archive for the benchmarks: `size` articles made from the indosum corpus
 * (100 real articles), copy k of each with small deterministic word changes so their content
 * differs (most sentences become unique; some stay shared, like boilerplate in a real archive),
 * in a temp workspace with its own config file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrng } from '../test/deepl-emulator/prng.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../shared/corpora/indosum-news-id/articles', import.meta.url));
export const TARGET_LOCALES = ['en', 'de', 'fr'];

/** Lower-case words swapped in (the archive's per-copy variation). */
const SWAPS = ['baru', 'besar', 'kecil', 'lama', 'cepat', 'tinggi', 'rendah', 'utama', 'penting', 'umum', 'resmi', 'khusus', 'nasional', 'daerah', 'pusat', 'lokal', 'warga', 'pihak', 'sektor', 'program', 'kawasan', 'rencana', 'laporan', 'kegiatan'];

export interface Archive {
  root: string;
  config: string;
  sourceDir: string;
  /** Relative to `root`, sorted. */
  files: string[];
  sourceBytes: number;
}

export function corpusAvailable(dir = CORPUS_DIR): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.md'));
}

/** Split an article into its front matter block (with the closing `---\n`) and body. */
function splitFrontMatter(text: string): [string, string] {
  const match = /^---\n[\s\S]*?\n---\n/.exec(text);
  return match ? [match[0], text.slice(match[0].length)] : ['', text];
}

/** Copy `copy` of an article: about one lower-case word in eight swapped (copy 0 is the original). */
export function varyArticle(text: string, copy: number, seed: number): string {
  if (copy === 0) return text;
  const [front, body] = splitFrontMatter(text);
  const random = createPrng(copy * 7919 + seed * 104729);
  const varied = body.replace(/(?<=[ \n])[a-z]{4,}(?=[ ,])/g, (word) => (random() < 0.125 ? SWAPS[Math.floor(random() * SWAPS.length)] : word));
  return front + varied;
}

/** Edit exactly one sentence of an article: a unique number after one lower-case body word. */
export function editOneSentence(text: string, tag: number): string {
  const [front, body] = splitFrontMatter(text);
  const match = /(?<= )[a-z]{5,}(?= [a-z])/.exec(body);
  if (!match) throw new Error('no word to edit');
  const at = match.index + match[0].length;
  return front + body.slice(0, at) + ` ${tag}` + body.slice(at);
}

/** A workspace config: every locale of `locales` a target of `providerName` (with `providerOptions`). */
export function configText(providerName: string, providerOptions: Record<string, unknown> = {}, locales: string[] = TARGET_LOCALES): string {
  const options = Object.entries(providerOptions).map(([k, v]) => `, ${k}: ${JSON.stringify(v)}`).join('');
  return [
    'sourceLocale: id',
    'source: source/**/*.md',
    'locales: locales',
    'output: dist',
    'cache: .cache/memory.sqlite',
    'targets:',
    ...locales.map((l) => `  ${l}: { provider: ${providerName}${options} }`),
    '',
  ].join('\n');
}

/** Build the archive in `root` (created; must not hold an older archive). */
export function buildArchive(root: string, size: number, corpusDir = CORPUS_DIR): Archive {
  const originals = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.md')).sort();
  if (originals.length === 0) throw new Error(`no articles in ${corpusDir}`);
  const texts = originals.map((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8'));
  const sourceDir = path.join(root, 'source');
  const files: string[] = [];
  let sourceBytes = 0;
  for (let i = 0; i < size; i++) {
    const base = i % originals.length;
    const copy = Math.floor(i / originals.length);
    const dir = `copy-${String(copy).padStart(3, '0')}`;
    fs.mkdirSync(path.join(sourceDir, dir), { recursive: true });
    const relative = path.join('source', dir, originals[base]);
    const text = varyArticle(texts[base], copy, base);
    fs.writeFileSync(path.join(root, relative), text);
    sourceBytes += Buffer.byteLength(text);
    files.push(relative);
  }
  const config = path.join(root, 'translate.config.yaml');
  fs.writeFileSync(config, configText('deepl'));
  return { root, config, sourceDir, files: files.sort(), sourceBytes };
}

/** Remove what a run produced (locale files, bundles, memory): the next run is cold. */
export function resetOutputs(root: string): void {
  for (const dir of ['locales', 'dist', '.cache']) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
}

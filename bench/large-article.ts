/**
 * One very large article (1 MB, 5 MB, …) for the per-file scaling bench: every step that works on
 * one article (segmenting, keys, locale files, splicing, the check) must stay linear in its size.
 *
 * Built from the repository's own prose (source/*.md and test/fixtures/corpus/indosum-news-id), so
 * it needs no ../shared corpus: the body paragraphs are repeated, and copy k of a paragraph has
 * about one lower-case word in five swapped and a copy number after the first word of each
 * sentence (seeded), so sentences are mostly distinct, as in a long real article.
 *
 * Also the CLI: `tsx bench/large-article.ts --bytes 1000000 --out DIR` writes a workspace
 * (`DIR/translate.config.yaml` with one target `en: { provider: identity }`, `DIR/source/large.md`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrng } from '../test/deepl-emulator/prng.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['source', 'test/fixtures/corpus/indosum-news-id'];

const SWAPS = ['baru', 'besar', 'kecil', 'lama', 'cepat', 'tinggi', 'rendah', 'utama', 'penting', 'umum', 'resmi', 'khusus', 'nasional', 'daerah', 'pusat', 'lokal', 'warga', 'pihak', 'sektor', 'program', 'kawasan', 'rencana', 'laporan', 'kegiatan', 'kota', 'desa', 'negara', 'dunia', 'pasar', 'harga', 'waktu', 'tahun'];

/** The body paragraphs (prose only: no headings, lists, tables or front matter) of the inputs. */
export function proseParagraphs(root = ROOT): string[] {
  const paragraphs: string[] = [];
  for (const dir of INPUTS) {
    const folder = path.join(root, dir);
    if (!fs.existsSync(folder)) continue;
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.md')).sort()) {
      const body = fs.readFileSync(path.join(folder, file), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      for (const block of body.split(/\n{2,}/)) {
        const text = block.trim();
        if (/^[A-Z"“]/.test(text) && /[.?!"”]$/.test(text) && !text.includes('\n') && text.length > 60) paragraphs.push(text);
      }
    }
  }
  if (paragraphs.length === 0) throw new Error('no prose paragraphs found in source/ or test/fixtures/corpus/indosum-news-id');
  return paragraphs;
}

/** Copy `copy` of a paragraph: words swapped and a number after each sentence's first word. */
export function varyParagraph(text: string, copy: number, seed: number): string {
  const random = createPrng(copy * 7919 + seed * 104729 + 1);
  const swapped = text.replace(/(?<=[ \n])[a-z]{4,}(?=[ ,])/g, (word) => (random() < 0.2 ? SWAPS[Math.floor(random() * SWAPS.length)] : word));
  // The first word of the paragraph and of every sentence after ". " gets the copy number.
  return swapped.replace(/(^|[.?!] )([A-Z][a-z]+)(?= )/g, (_, before: string, word: string) => `${before}${word} ${copy}`);
}

/** An article of about `bytes` bytes (UTF-8): front matter, then varied paragraphs with a heading every 20. */
export function largeArticle(bytes: number, paragraphs = proseParagraphs()): string {
  const parts = ['---\ntitle: "Arsip besar"\ndescription: "Artikel panjang untuk mengukur skala per berkas"\n---\n'];
  let size = Buffer.byteLength(parts[0]);
  for (let i = 0; size < bytes; i++) {
    const base = i % paragraphs.length;
    const copy = Math.floor(i / paragraphs.length);
    const block = (i % 20 === 0 ? `## Bagian ${i / 20 + 1}\n\n` : '') + varyParagraph(paragraphs[base], copy, base);
    parts.push(`\n${block}\n`);
    size += Buffer.byteLength(block) + 2;
  }
  return parts.join('');
}

/** The paragraph the insert run puts at the top of the body (new sentences, none seen before). */
export const INSERTED_PARAGRAPH = 'Paragraf sisipan ini baru ditulis oleh redaksi pada hari Senin. Isinya menjelaskan latar belakang laporan panjang di bawah ini secara ringkas.';

/** The article with one new paragraph inserted before the first body paragraph. */
export function insertParagraphAtTop(text: string, paragraph = INSERTED_PARAGRAPH): string {
  const front = /^---\n[\s\S]*?\n---\n/.exec(text)?.[0] ?? '';
  return `${front}\n${paragraph}\n${text.slice(front.length)}`;
}

export const LARGE_CONFIG = ['sourceLocale: id', 'source: source/**/*.md', 'locales: locales', 'output: dist', 'cache: .cache/memory.sqlite', 'targets:', '  en: { provider: identity }', ''].join('\n');

/** A workspace with one large article and an identity target; returns the config path. */
export function writeLargeWorkspace(dir: string, bytes: number): { config: string; article: string; sourceBytes: number } {
  fs.mkdirSync(path.join(dir, 'source'), { recursive: true });
  const text = largeArticle(bytes);
  const article = path.join(dir, 'source', 'large.md');
  fs.writeFileSync(article, text);
  const config = path.join(dir, 'translate.config.yaml');
  fs.writeFileSync(config, LARGE_CONFIG);
  return { config, article, sourceBytes: Buffer.byteLength(text) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const out = arg('out');
  if (arg('insert')) {
    const file = arg('insert') as string;
    fs.writeFileSync(file, insertParagraphAtTop(fs.readFileSync(file, 'utf8')));
  } else if (!out) {
    process.stderr.write('usage: tsx bench/large-article.ts --bytes N --out DIR | --insert FILE\n');
    process.exitCode = 2;
  } else {
    const made = writeLargeWorkspace(out, Number(arg('bytes') ?? 1_000_000));
    process.stdout.write(`${JSON.stringify(made)}\n`);
  }
}

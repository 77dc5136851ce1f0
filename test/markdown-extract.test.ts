import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { spliceTranslations, taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { parseMarkdown } from '../pipeline/markdown/parse-markdown.ts';
import { mapText } from '../pipeline/tagged-text.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { corpusFiles, hasShared } from './helpers/corpus.ts';

const FIELDS = ['title', 'description', 'summary'];
const extract = (source: string) => extractArticle(source, { fields: FIELDS, split: segmentSentences });
const sources = (source: string) => extract(source).segments.map((s) => s.source);
const tagged = (source: string) => extract(source).segments.map((s) => s.tagged);

/** A visible "translation" that keeps tags: upper-cases prose. */
const shout = (text: string) => mapText(text, (t) => t.toUpperCase());
function translateAll(source: string, fn = shout): string {
  const { segments } = extract(source);
  return spliceTranslations(source, segments, (segment) => taggedToMarkdown(segment, fn(segment.tagged)));
}

/** Node types of a parsed document, in order, without text: its structure. */
function shape(source: string): string {
  const types: string[] = [];
  const walk = (node: { type: string; children?: unknown[] }) => {
    if (node.type !== 'text') types.push(node.type);
    for (const child of (node.children ?? []) as Array<{ type: string }>) walk(child);
  };
  walk(parseMarkdown(source).tree);
  return types.join(' ');
}

describe('extracting segments', () => {
  it('splits paragraphs into sentences and keeps headings, list items, quotes and table cells', () => {
    const doc = ['# Judul Berita', '', 'Kalimat satu. Kalimat dua?', '', '- Butir pertama.', '', '> Kutipan di sini.', '', '| Kolom | Isi |', '|---|---|', '| Harga | Naik tajam |', ''].join('\n');
    expect(sources(doc)).toEqual(['Judul Berita', 'Kalimat satu.', 'Kalimat dua?', 'Butir pertama.', 'Kutipan di sini.', 'Kolom', 'Isi', 'Harga', 'Naik tajam']);
  });

  it('translates the configured front-matter fields only', () => {
    const doc = '---\ntitle: "Harga Naik"\nauthor: Budi\nslug: harga-naik\nsummary: Ringkasan singkat.\n---\n\nIsi.\n';
    const segments = extract(doc).segments;
    expect(segments.filter((s) => s.field).map((s) => [s.field, s.source])).toEqual([['title', 'Harga Naik'], ['summary', 'Ringkasan singkat.']]);
  });

  it('never offers code, HTML, JSX attributes, URLs or heading anchors for translation', () => {
    const doc = [
      '## Memakai state {/*using-state*/}',
      '',
      '```js',
      'const teks = "jangan diterjemahkan";',
      '```',
      '',
      '<Note>',
      '',
      'Baca [dokumentasi](https://react.dev/learn "Belajar") dan jalankan `npm test` di <kbd>Terminal</kbd>.',
      '',
      '</Note>',
      '',
      '<Sandpack>',
      '',
      '```js',
      'export default function App() {}',
      '```',
      '',
      '</Sandpack>',
      '',
    ].join('\n');
    expect(tagged(doc)).toEqual(['Memakai state <x1/>', 'Baca <g1>dokumentasi</g1> dan jalankan <x2/> di <g3>Terminal</g3>.']);
    const [, sentence] = extract(doc).segments;
    expect(sentence.tags).toEqual({ g1: { open: '[', close: '](https://react.dev/learn "Belajar")' }, x2: { atom: '`npm test`' }, g3: { open: '<kbd>', close: '</kbd>' } });
  });

  it('leaves indented code alone in CommonMark documents', () => {
    expect(sources('Paragraf biasa.\n\n    kode terindentasi\n')).toEqual(['Paragraf biasa.']);
  });

  it('protects bare URLs, e-mail addresses, legacy anchors, entities and escapes inside prose', () => {
    const doc = '## Pasang Hook {#installing}\n\nKunjungi https://jfid.id atau tulis ke redaksi@jfid.id &amp; ikuti \\*petunjuk\\*.\n';
    expect(tagged(doc)).toEqual(['Pasang Hook <x1/>', 'Kunjungi <x1/> atau tulis ke <x2/> <x3/> ikuti <x4/>petunjuk<x5/>.']);
  });

  it('keeps emphasis and links inside their sentence and never splits inside a link', () => {
    const doc = 'Menurut **Wells**, hubungan *membaik*. Baca [laporan lengkap. Di sini](https://x.id) ya.\n';
    expect(tagged(doc)).toEqual(['Menurut <g1>Wells</g1>, hubungan <g2>membaik</g2>.', 'Baca <g1>laporan lengkap. Di sini</g1> ya.']);
  });

  it('keeps emphasis spanning two sentences as one segment', () => {
    expect(sources('*Kalimat satu. Kalimat dua.* Tiga.\n')).toEqual(['*Kalimat satu. Kalimat dua.*', 'Tiga.']);
  });

  it('translates image alt text but not its address', () => {
    expect(tagged('![Grafik harga beras](/img/beras.png) naik.\n')).toEqual(['<g1>Grafik harga beras</g1> naik.']);
  });

  it('skips sentences without letters and escapes XML characters for providers', () => {
    expect(tagged('2016\n\nNilai a < b & c > d.\n')).toEqual(['Nilai a &lt; b &amp; c &gt; d.']);
  });

  it('records the line of each segment', () => {
    const doc = '---\ntitle: Judul\n---\n\nSatu.\n\nDua. Tiga.\n';
    expect(extract(doc).segments.map((s) => s.line)).toEqual([2, 5, 7, 7]);
  });
});

describe('splicing translations back', () => {
  it('restores markup exactly and touches nothing outside prose', () => {
    const doc = '> Menurut **Wells**, hubungan\n> *membaik* [kini](https://x.id).\n\n```\nkode\n```\n';
    expect(translateAll(doc)).toBe('> MENURUT **WELLS**, HUBUNGAN\n> *MEMBAIK* [KINI](https://x.id).\n\n```\nkode\n```\n');
  });

  it('puts container prefixes back after line breaks and flattens extra ones', () => {
    const doc = '- Butir satu\n  lanjutan baris.\n';
    expect(translateAll(doc)).toBe('- BUTIR SATU\n  LANJUTAN BARIS.\n');
    expect(translateAll(doc, (t) => t.replace('satu', 'satu\nbaru'))).toBe('- Butir satu\n  baru lanjutan baris.\n');
  });

  it('writes a translated front-matter field as a quoted YAML scalar', () => {
    const doc = '---\ntitle: Harga Naik\nslug: harga-naik\n---\n\nIsi.\n';
    expect(translateAll(doc, () => 'Prices: "up"')).toBe('---\ntitle: "Prices: \\"up\\""\nslug: harga-naik\n---\n\nPrices: "up"\n');
  });

  it('is byte-exact with the identity translation, and structure-preserving with a real change (random documents)', () => {
    const word = fc.constantFrom('harga', 'Beras', 'naik', 'di', 'Jakarta', 'Rp1.500', '3,5', 'persen', 'kata', 'dia');
    const sentence = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => `${w.join(' ')}.`);
    const inline = fc.oneof(sentence, sentence.map((s) => `**${s.slice(0, -1)}**.`), sentence.map((s) => `[${s.slice(0, -1)}](https://x.id/a).`), sentence.map((s) => `\`kode\` ${s}`));
    const block = fc.oneof(
      fc.array(inline, { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')),
      inline.map((s) => `## ${s}`),
      fc.array(inline, { minLength: 1, maxLength: 3 }).map((items) => items.map((s) => `- ${s}`).join('\n')),
      inline.map((s) => `> ${s}\n> ${s}`),
      fc.constant('```js\nconst a = 1;\n```'),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        const doc = `${blocks.join('\n\n')}\n`;
        expect(translateAll(doc, (t) => t)).toBe(doc);
        expect(shape(translateAll(doc))).toBe(shape(doc));
      }),
      { numRuns: 150 },
    );
  });
});

describe('identity round trip on real documents', () => {
  const { fixtures, shared } = corpusFiles();
  const roundTrip = (files: string[]) => {
    const broken = files.filter((file) => {
      const source = fs.readFileSync(file, 'utf8');
      return translateAll(source, (t) => t) !== source || shape(translateAll(source)) !== shape(source);
    });
    expect(broken).toEqual([]);
  };

  it('is byte-exact on the committed fixtures (news and MDX docs)', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(6);
    roundTrip(fixtures);
  });

  it.skipIf(!hasShared)('is byte-exact on every file of ../shared/corpora (indosum-news-id, react-id-docs)', () => {
    expect(shared.length).toBe(250);
    roundTrip(shared);
  });
  if (!hasShared) console.log('note: ../shared/corpora is absent; the whole-corpus round trip was skipped');
});

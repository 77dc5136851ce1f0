/**
 * `taggedTarget`: a translation in markdown form written back with its source's tag ids (the inverse
 * of `taggedToMarkdown`), which XLIFF and TMX exports rely on to carry inline codes in targets.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { taggedTarget } from '../pipeline/exchange/target-tagged.ts';
import { verifyTags } from '../pipeline/tagged-text.ts';
import type { Segment } from '../pipeline/segment.ts';

const segmentsOf = (markdown: string): Segment[] => extractArticle(markdown, { fields: ['title'], split: segmentSentences }).segments;

describe('taggedTarget', () => {
  it('maps a translation with moved markup onto the source tag ids', () => {
    const [segment] = segmentsOf('Kata **tebal** dan [tautan](https://jf.id/a "judul") di sini.\n');
    expect(segment.tagged).toBe('Kata <g1>tebal</g1> dan <g2>tautan</g2> di sini.');
    const tagged = taggedTarget(segment, 'The [link](https://jf.id/a "judul") and the **bold** word.');
    expect(tagged).toBe('The <g2>link</g2> and the <g1>bold</g1> word.');
  });

  it('escapes the text between tags as tagged text does', () => {
    const [segment] = segmentsOf('Harga **naik** 5 < 6 & turun.\n');
    expect(taggedTarget(segment, 'Prices **rose** 5 < 6 & fell.')).toBe('Prices <g1>rose</g1> 5 &lt; 6 &amp; fell.');
  });

  it('gives identical markup to the tags in the source order', () => {
    const [segment] = segmentsOf('Ada **satu** dan **dua** hal.\n');
    expect(taggedTarget(segment, 'There is **one** and **two** things.')).toBe('There is <g1>one</g1> and <g2>two</g2> things.');
  });

  it('is undefined when the translation lost a tag or emptied a pair', () => {
    const [segment] = segmentsOf('Baca [laporan](https://jf.id/r) ini.\n');
    expect(taggedTarget(segment, 'Read this report.')).toBeUndefined();
    expect(taggedTarget(segment, 'Read [](https://jf.id/r) this report.')).toBeUndefined();
  });

  it('does not read markup characters that are text as tags when a valid placement exists', () => {
    const [segment] = segmentsOf('Nilai 2 * 3 adalah *enam*.\n');
    const value = 'The value of 2 * 3 is *six*.';
    const tagged = taggedTarget(segment, value);
    expect(tagged).toBeDefined();
    expect(taggedToMarkdown(segment, tagged as string)).toBe(value);
    expect(verifyTags(segment.tagged, tagged as string)).toEqual([]);
  });

  it('inverts taggedToMarkdown on every segment of the shared corpora', () => {
    const corpora = path.resolve(import.meta.dirname, '../../shared/corpora');
    const files = fg.sync('**/*.{md,mdx}', { cwd: corpora, absolute: true }).sort();
    if (files.length === 0) return void console.warn(`skipped: no corpus at ${corpora}`);
    // A sample keeps the test quick; every 4th file still covers the markup-rich docs.
    let checked = 0;
    for (const file of files.filter((_, i) => i % 4 === 0)) {
      let segments: Segment[];
      try {
        segments = segmentsOf(fs.readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      for (const segment of segments) {
        const markdown = taggedToMarkdown(segment, segment.tagged);
        const tagged = taggedTarget(segment, markdown);
        expect(tagged, `${file}: ${segment.tagged}`).toBeDefined();
        expect(taggedToMarkdown(segment, tagged as string)).toBe(markdown);
        expect(verifyTags(segment.tagged, tagged as string)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  }, 60_000);

  it('inverts taggedToMarkdown for random translations of a tagged segment (tags reordered, text replaced)', () => {
    const [segment] = segmentsOf('Menurut **Kemenkeu**, [laporan](https://jf.id/l) dan `kode` serta <abbr>PBB</abbr> tetap *berlaku*.\n');
    const ids = ['g1', 'g2', 'x3', 'g4', 'g5'];
    expect(Object.keys(segment.tags).sort()).toEqual([...ids].sort());
    const word = fc.stringMatching(/^[a-z<>&* ]{1,8}$/);
    fc.assert(
      fc.property(fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }), fc.array(word, { minLength: 6, maxLength: 6 }), (order, words) => {
        const parts = order.map((id, i) => (id.startsWith('x') ? `${words[i]} <${id}/>` : `${words[i]} <${id}>w${i}</${id}>`));
        const translation = `${parts.join(' ')} ${words[5]}`.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string).replace(/&lt;(\/?[gx]\d+\/?)&gt;/g, '<$1>');
        const markdown = taggedToMarkdown(segment, translation);
        const tagged = taggedTarget(segment, markdown);
        expect(tagged).toBeDefined();
        expect(taggedToMarkdown(segment, tagged as string)).toBe(markdown);
        expect(verifyTags(segment.tagged, tagged as string)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { normalizeSegment } from '../pipeline/store/fuzzy-score.ts';
import { ROOT } from './helpers/corpus.ts';

const scraped = normalizeSegment(fs.readFileSync(path.join(ROOT, 'test/fixtures/seed/000_e1c8c7941a0e916c.txt'), 'utf8'));
const article = fs.readFileSync(path.join(ROOT, 'source/putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara.md'), 'utf8');
const { segments, frontMatter } = extractArticle(article, { fields: ['title'], split: segmentSentences });

describe('the seed article, converted once from the scraped page', () => {
  it('keeps every sentence exactly as scraped (only the lost second heading is restored)', () => {
    const notScraped = segments.map((s) => normalizeSegment(s.source)).filter((text) => !scraped.includes(text));
    expect(notScraped).toEqual(['Andrés Sánchez Braun, Jurnalis Agensi Berita Spanyol Efe']);
    expect(segments).toHaveLength(58);
  });

  it('leaves the site’s own lines out of the article (they live in the common namespace)', () => {
    for (const line of ['8 Min Read', 'Share This Article', 'Ikuti jfid di Google News', 'Segala sanggahan']) {
      expect(scraped).toContain(line);
      expect(article).not.toContain(line);
    }
    expect(frontMatter).toMatchObject({ title: 'Putin Siap Hadiri Undangan Kim Jong Un ke Korea Utara', author: 'Deni Puja Pranata', readingTime: 8 });
  });
});

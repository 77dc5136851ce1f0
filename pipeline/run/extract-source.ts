import type { SourceStructure } from '../bundle/structure-guard.ts';
import type { Segment } from '../segment.ts';
import { extractArticle } from '../markdown/extract-article.ts';
import { FrontMatterError } from '../markdown/front-matter.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import type { RunError } from './summary.ts';

/**
 * What parsing and segmenting one article's text gives: the pure, CPU-bound part of loading an
 * article, plain data only (it crosses from a worker thread by structured clone, see
 * `article-pool.ts`). The rest of loading (the key record, keys) is `keyArticle` in
 * `load-article.ts`.
 */
export interface SourceExtract {
  segments: Segment[];
  /** Link reference definitions (normalised label → URL). */
  definitions: Map<string, string>;
  structure: SourceStructure;
}

/**
 * Parse and segment the text of `file` (path relative to the config's folder, used in messages)
 * with the front-matter `fields` translated. Pure. An empty file, front matter that is not valid
 * YAML, or markdown the parser rejects is a RunError (`empty-source`, `bad-front-matter`,
 * `unparsable-source`), never an exception.
 */
export function extractSource(file: string, text: string, fields: readonly string[], split: SentenceSplitter): SourceExtract | RunError {
  if (text.trim() === '') return { file, code: 'empty-source', message: `${file} is empty: write the article or delete the file` };
  try {
    const extracted = extractArticle(text, { fields, split });
    return { segments: extracted.segments, definitions: extracted.definitions, structure: { skeleton: extracted.skeleton, dialect: extracted.dialect } };
  } catch (error) {
    if (error instanceof FrontMatterError) {
      return { file, line: error.line, code: 'bad-front-matter', message: `${file}:${error.line}: ${error.message}; fix the front matter between the "---" lines` };
    }
    return { file, code: 'unparsable-source', message: `Cannot parse ${file}: ${(error as Error).message}` };
  }
}

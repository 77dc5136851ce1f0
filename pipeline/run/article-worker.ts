/**
 * Worker module of the article pool (`article-pool.ts`, through `task-pool.ts`): each export is a
 * task. An entry point of `scripts/build.mjs` (build/article-worker.js). The splitter cannot cross
 * threads: workers use the default one, `segmentSentences`, and the pool is only used with it.
 */
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { extractSource, type SourceExtract } from './extract-source.ts';
import type { RunError } from './summary.ts';

/** Input of task `extract`: an article's text, its path for messages, the translated front-matter fields. */
export interface ExtractInput {
  file: string;
  text: string;
  fields: string[];
}

/** Task `extract`: `extractSource` with the default splitter. */
export function extract(input: ExtractInput): SourceExtract | RunError {
  return extractSource(input.file, input.text, input.fields, segmentSentences);
}

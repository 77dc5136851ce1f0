import type { Segment } from '../segment.ts';
import { guardStructure, type SourceStructure } from '../bundle/structure-guard.ts';
import { textHash } from '../util/hash.ts';
import { excerpt, type Diagnostic } from './diagnostic.ts';
import type { TargetResource } from './check-resource.ts';

/** What the structure rule needs of an article: its text and segments, keyed as the record says. */
export interface ArticleStructure {
  text: string;
  segments: readonly Segment[];
  keys: readonly string[];
  structure?: SourceStructure;
}

/**
 * Rule `structure` (issue 12): the bundle that the locale file's values would publish keeps the
 * source's markdown tree, only its text changed. The same comparison as translate's publication
 * guard (`bundle/structure-guard.ts`), over the values as they stand (a reviewer's edit included);
 * values of an older source are `stale`'s business and left out.
 *
 * @returns one error per value that breaks the structure, at its line in the locale file
 */
export function checkStructure(article: ArticleStructure, target: TargetResource, locale: string): Diagnostic[] {
  const values = article.segments.map((segment, i) => {
    const value = target.entries.get(article.keys[i]);
    const state = target.state?.get(article.keys[i]);
    if (value === undefined || value.trim() === '' || (state && state.source !== textHash(segment.source))) return undefined;
    return value;
  });
  return guardStructure(article.text, article.segments, values, article.structure).withheld.map(({ index, message }) => {
    const key = article.keys[index];
    return {
      rule: 'structure',
      severity: 'error',
      locale,
      file: target.file,
      line: target.lines.get(key) ?? 1,
      key,
      message: `this translation would break the published markdown (${message}); the source sentence would be published in its place. Keep the source's markup around the matching words: "${excerpt(article.segments[index].source, 100)}".`,
    };
  });
}

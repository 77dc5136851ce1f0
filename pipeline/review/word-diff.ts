import { diffWordsWithSpace } from 'diff';

/** One run of a word diff: text common to both, only in the new text, or only in the old. */
export interface DiffPart {
  text: string;
  op: 'same' | 'added' | 'removed';
}

/**
 * Word-level diff of `before` → `after` (e.g. a stale entry's previous and current source), by the
 * `diff` package's `diffWordsWithSpace` (whitespace runs are tokens of their own, so a changed
 * space shows). Concatenating the `same` and `removed` parts gives `before`; `same` and `added`
 * give `after`. Adjacent changes come removed first, then added.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({ text: change.value, op: change.added ? 'added' : change.removed ? 'removed' : 'same' }));
}

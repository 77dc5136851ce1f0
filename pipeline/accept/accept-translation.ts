import type { Segment } from '../segment.ts';
import { describeTagProblems, plainText, verifyTags } from '../tagged-text.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { taggedToMarkdown } from '../markdown/splice.ts';
import { compareFragmentMarkup } from '../markdown/structure.ts';
import { repairTagSpacing, type SpacingRepair } from './tag-spacing.ts';

export type Acceptance =
  | { ok: true; /** Markdown form, ready for the locale file and the memory. */ markdown: string; repairs: SpacingRepair[] }
  | { ok: false; /** Why, for people: "<g1> emptied (its text is gone)", "bold (**…**) lost". */ reason: string };

/**
 * The gate every provider answer passes before it is stored or written (issue 12): not empty, character
 * references decoded (`tokenize`), whitespace at tag edges repaired from the source's own spacing,
 * every tag back exactly once, properly nested and not emptied, and the markdown it yields read
 * with the same parser as the source showing the same inline markup (so `**watch **this`, which
 * CommonMark does not read as bold, is refused even when the tags look right).
 *
 * @param segment the segment as sent (tagged text, tag markup, markdown source)
 * @param tagged the provider's tagged translation
 */
export function acceptTranslation(segment: Pick<Segment, 'tagged' | 'tags' | 'source' | 'field'>, tagged: string): Acceptance {
  if (isEmptyTranslation(plainText(segment.tagged), plainText(tagged))) return { ok: false, reason: 'the answer is empty' };
  const repaired = repairTagSpacing(segment.tagged, tagged);
  const problems = verifyTags(segment.tagged, repaired.tagged);
  if (problems.length > 0) return { ok: false, reason: describeTagProblems(problems) };
  const markdown = taggedToMarkdown(segment, repaired.tagged);
  if (segment.field === undefined && markdown !== segment.source && mayHoldMarkup(segment, markdown)) {
    const difference = compareFragmentMarkup(segment.source, markdown);
    if (difference) return { ok: false, reason: difference };
  }
  return { ok: true, markdown, repairs: repaired.repairs };
}

/** Plain prose with no tags, no markdown-significant character and no block marker at its start cannot change the markup: skip the parse. */
function mayHoldMarkup(segment: Pick<Segment, 'tags'>, markdown: string): boolean {
  return Object.keys(segment.tags).length > 0 || /[\\`*_~[\]<>!&|#{}@\n]|www\.|https?:|^\s*(?:[-+=]|\d+[.)])(?:\s|$)|^(?: {4}|\t)/.test(markdown);
}

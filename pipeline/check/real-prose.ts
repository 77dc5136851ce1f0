import { markupOf } from './strip-markup.ts';

/** Words of real prose in a markdown text: letters only, two or more letters (markup and code left out). */
export function proseWords(text: string): string[] {
  return markupOf(text).prose.match(/\p{L}[\p{L}'’-]*\p{L}/gu) ?? [];
}

/**
 * Prose worth translating: at least three words, some of them lower-case (a run of capitalised
 * words is a name or a heading of names, and a byline such as `(bir/bir)` is initials: both stay as
 * they are). The one definition shared by the check's `untranslated` rule and the llm provider's
 * answer verification.
 */
export function isRealProse(text: string): boolean {
  const words = proseWords(text);
  return words.length >= 3 && words.some((w) => /^\p{Ll}/u.test(w));
}

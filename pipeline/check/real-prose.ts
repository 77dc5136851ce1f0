import { markupOf } from './strip-markup.ts';

/** Words of real prose in a markdown text: letters only, two or more letters (markup and code left out). */
export function proseWords(text: string): string[] {
  return markupOf(text).prose.match(/\p{L}[\p{L}'’-]*\p{L}/gu) ?? [];
}

/**
 * Prose worth translating: at least three words, two or more of them lower-case (a run of
 * capitalised words is a name or a heading of names, a byline such as `(bir/bir)` is initials, and
 * a results line like `Dani Pedrosa ESP Repsol Honda 1 m 59.212s 323 km/h` is names and units:
 * all stay as they are). The one definition shared by the check's `untranslated` rule and the llm provider's
 * answer verification.
 */
export function isRealProse(text: string): boolean {
  const words = proseWords(text);
  return words.length >= 3 && words.filter((w) => /^\p{Ll}/u.test(w)).length >= 2;
}

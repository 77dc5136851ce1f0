/**
 * A translation left empty (or blank) for a source that is not: never published, reported by
 * translate and by the check's `empty` rule. A blank source may have a blank translation.
 */
export function isEmptyTranslation(source: string, value: string): boolean {
  return isBlank(value) && !isBlank(source);
}

/** Nothing visible: whitespace and the invisible format characters (zero-width space/joiners, word joiner, BOM). */
export function isBlank(text: string): boolean {
  return /^[\s\u200B-\u200D\u2060\uFEFF]*$/u.test(text);
}

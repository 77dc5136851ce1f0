/**
 * A translation left empty (or blank) for a source that is not: never published, reported by
 * translate and by the check's `empty` rule. A blank source may have a blank translation.
 */
export function isEmptyTranslation(source: string, value: string): boolean {
  return isBlank(value) && !isBlank(source);
}

/**
 * Nothing visible: whitespace, format characters (Unicode category Cf: zero-width space and
 * joiners, bidi marks, soft hyphen, invisible operators, BOM) and default-ignorable code points
 * (Hangul fillers, variation selectors, combining grapheme joiner; Unicode DerivedCoreProperties).
 */
export function isBlank(text: string): boolean {
  return /^[\s\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u.test(text);
}

/**
 * A translation left empty (or blank) for a source that is not: never published, reported by
 * translate and by the check's `empty` rule. A blank source may have a blank translation.
 */
export function isEmptyTranslation(source: string, value: string): boolean {
  return value.trim() === '' && source.trim() !== '';
}

/**
 * Which of our locales a language tag from another tool means (TMX `xml:lang`, XLIFF `trgLang`):
 * tags are compared case-insensitively with `_` read as `-`; the withdrawn ISO 639 codes tools
 * still write (`in` for Indonesian, `iw`, `ji`, `jw`) are read as today's. Pure.
 */

/** Withdrawn ISO 639-1 codes → current ones (`in` is common in old Java-based tools' Indonesian). */
const RENAMED: Record<string, string> = { in: 'id', iw: 'he', ji: 'yi', jw: 'jv' };

const canonical = (tag: string): string => {
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  parts[0] = RENAMED[parts[0]] ?? parts[0];
  return parts.join('-');
};
const primary = (tag: string): string => canonical(tag).split('-')[0];

/**
 * The locale of `locales` that `tag` names, or undefined:
 * 1. the same tag (`en-us` = `en-US`, `in` = `id`);
 * 2. the tag's primary language is one of `locales` (`en-US` → `en`, `pt-BR` → `pt`);
 * 3. a bare language is the primary language of exactly one of `locales` (`pt` → `pt-BR` when
 *    there is no other Portuguese); ambiguous → undefined. A regional tag is never moved to
 *    another region (`pt-PT` is not `pt-BR`).
 */
export function matchLocale(tag: string, locales: readonly string[]): string | undefined {
  const wanted = canonical(tag);
  if (wanted === '' || wanted === '*all*') return undefined;
  const exact = locales.find((locale) => canonical(locale) === wanted);
  if (exact !== undefined) return exact;
  const language = primary(wanted);
  const byPrimary = locales.find((locale) => canonical(locale) === language);
  if (byPrimary !== undefined) return byPrimary;
  if (language !== wanted) return undefined;
  const sameLanguage = locales.filter((locale) => primary(locale) === language);
  return sameLanguage.length === 1 ? sameLanguage[0] : undefined;
}

/** Whether `tag` is exactly `locale` (after case and `_`/`-` folding), not only mapped to it. */
export function isExactLocale(tag: string, locale: string): boolean {
  return canonical(tag) === canonical(locale);
}

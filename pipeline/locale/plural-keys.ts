/**
 * Plural keys of i18next resources (JSON v4 naming), the one definition that translate (which
 * expands a namespace's plurals per target) and check (which verifies them) share.
 *
 * A plural is a group of keys `<base>_<category>` (cardinal: `readingTime_one`) or
 * `<base>_ordinal_<category>` (ordinal: `peringkat_ordinal_two`), the categories being CLDR's as
 * `Intl.PluralRules(locale, { type })` reports them: exactly the suffixes i18next looks up for
 * `t(base, { count })` and `t(base, { count, ordinal: true })`. i18next also looks up `_zero` for
 * a cardinal count of 0 in every language, so a cardinal `_zero` is always allowed.
 */

/** CLDR plural categories, in the order i18next lists suffixes. */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

/** One key of a plural group. */
export interface PluralKey {
  /** The key i18next's `t()` is called with (`peringkat`). */
  base: string;
  /** `_ordinal_<category>`: selected with `{ ordinal: true }`. */
  ordinal: boolean;
  category: PluralCategory;
}

const SUFFIX = new RegExp(`^(.+?)_(ordinal_)?(${PLURAL_CATEGORIES.join('|')})$`);

/**
 * `readingTime_one` → { base: 'readingTime', ordinal: false, category: 'one' };
 * `peringkat_ordinal_two` → { base: 'peringkat', ordinal: true, category: 'two' };
 * undefined for a key that is no plural form (`share`, `s-5aaaaa6bac`).
 */
export function parsePluralKey(key: string): PluralKey | undefined {
  const m = SUFFIX.exec(key);
  return m ? { base: m[1], ordinal: m[2] !== undefined, category: m[3] as PluralCategory } : undefined;
}

/** The group a plural key belongs to, and the prefix of its keys: `peringkat_ordinal`, `readingTime`. */
export function pluralGroupId(p: Pick<PluralKey, 'base' | 'ordinal'>): string {
  return p.ordinal ? `${p.base}_ordinal` : p.base;
}

/** The key of one form: (`peringkat`, ordinal, `two`) → `peringkat_ordinal_two`. */
export function pluralFormKey(base: string, ordinal: boolean, category: PluralCategory): string {
  return `${pluralGroupId({ base, ordinal })}_${category}`;
}

const byOrder = (a: string, b: string) => PLURAL_CATEGORIES.indexOf(a as PluralCategory) - PLURAL_CATEGORIES.indexOf(b as PluralCategory);

const requiredCache = new Map<string, PluralCategory[]>();
/**
 * The forms `locale` needs for a cardinal or ordinal plural, in i18next's order:
 * `Intl.PluralRules(locale, { type }).resolvedOptions().pluralCategories` (en ordinal: one, two,
 * few, other; en cardinal: one, other; id: other). Throws RangeError for an invalid locale tag.
 */
export function requiredPluralCategories(locale: string, ordinal: boolean): PluralCategory[] {
  const id = `${locale}\u0000${ordinal}`;
  let categories = requiredCache.get(id);
  if (!categories) {
    const rules = new Intl.PluralRules(locale, { type: ordinal ? 'ordinal' : 'cardinal' });
    categories = [...rules.resolvedOptions().pluralCategories].sort(byOrder) as PluralCategory[];
    requiredCache.set(id, categories);
  }
  return categories;
}

/** Whether `locale` may have the form at all: one it needs, or a cardinal `_zero` (i18next, count 0). */
export function isAllowedPluralCategory(locale: string, ordinal: boolean, category: PluralCategory): boolean {
  return requiredPluralCategories(locale, ordinal).includes(category) || (!ordinal && category === 'zero');
}

/**
 * The forms a target's plural group has, given the forms of the source's group: the ones the
 * target language needs, plus a cardinal `_zero` when the source wrote one (its text for "no
 * items" is kept). Translate writes exactly these; check asks for exactly these.
 */
export function expectedPluralCategories(locale: string, ordinal: boolean, sourceCategories: Iterable<string>): PluralCategory[] {
  const required = requiredPluralCategories(locale, ordinal);
  const source = new Set(sourceCategories);
  const zero = !ordinal && source.has('zero') && !required.includes('zero');
  return zero ? ['zero', ...required] : required;
}

/**
 * The source form a target form is translated from: the same category if the source has it,
 * else `other` (every language has it), else the source's first form. `sourceCategories` must
 * not be empty.
 */
export function sourcePluralCategory(category: PluralCategory, sourceCategories: readonly PluralCategory[]): PluralCategory {
  if (sourceCategories.includes(category)) return category;
  if (sourceCategories.includes('other')) return 'other';
  return sourceCategories[0];
}

const singleCache = new Map<string, boolean>();
/**
 * Whether a form stands for a single count, so its text may leave `{{count}}` out ("one
 * minute"): true for `_zero` (i18next's count-0 key) and for a category only one whole number
 * up to 1000 selects (en cardinal `one`); false for ru `one` (1, 21, 31…) and en ordinal `one`
 * (1st, 21st…), whose text must show the count.
 */
export function isSingleCountCategory(locale: string, ordinal: boolean, category: PluralCategory): boolean {
  if (category === 'zero' && !ordinal) return true;
  const id = `${locale}\u0000${ordinal}\u0000${category}`;
  let single = singleCache.get(id);
  if (single === undefined) {
    const rules = new Intl.PluralRules(locale, { type: ordinal ? 'ordinal' : 'cardinal' });
    let hits = 0;
    for (let n = 0; n <= 1000 && hits < 2; n++) if (rules.select(n) === category) hits++;
    single = hits === 1;
    singleCache.set(id, single);
  }
  return single;
}

/**
 * The first few whole counts (up to 1000) that select a category, for messages: en ordinal `two`
 * → [2, 22, 32]; `_zero` → [0] when the language has no zero category of its own.
 */
export function pluralCategoryExamples(locale: string, ordinal: boolean, category: PluralCategory, count = 3): number[] {
  if (category === 'zero' && !ordinal && !requiredPluralCategories(locale, false).includes('zero')) return [0];
  const rules = new Intl.PluralRules(locale, { type: ordinal ? 'ordinal' : 'cardinal' });
  const out: number[] = [];
  for (let n = 0; n <= 1000 && out.length < count; n++) if (rules.select(n) === category) out.push(n);
  return out;
}

/** A plural group of a resource: its forms present and their keys, in file order. */
export interface PluralGroup {
  base: string;
  ordinal: boolean;
  categories: Set<PluralCategory>;
  keys: string[];
}

/** Plural groups of a resource's keys, by group id (`peringkat_ordinal`, `readingTime`), in first-key order. */
export function pluralGroups(keys: Iterable<string>): Map<string, PluralGroup> {
  const groups = new Map<string, PluralGroup>();
  for (const key of keys) {
    const p = parsePluralKey(key);
    if (!p) continue;
    const id = pluralGroupId(p);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { base: p.base, ordinal: p.ordinal, categories: new Set(), keys: [] }));
    group.categories.add(p.category);
    group.keys.push(key);
  }
  return groups;
}

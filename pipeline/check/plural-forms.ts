import type { Diagnostic } from './diagnostic.ts';

const SUFFIX = /^(.+?)_(ordinal_)?(zero|one|two|few|many|other)$/;

export interface PluralKey {
  base: string;
  ordinal: boolean;
  category: string;
}

/** `readingTime_one` → { base: readingTime, category: one }; undefined for a plain key. */
export function pluralKey(key: string): PluralKey | undefined {
  const m = SUFFIX.exec(key);
  return m ? { base: m[1], ordinal: Boolean(m[2]), category: m[3] } : undefined;
}

const groupId = (p: PluralKey) => `${p.base}${p.ordinal ? '_ordinal' : ''}`;

/** Plural groups (base → categories present) of a resource. */
export function pluralGroups(keys: Iterable<string>): Map<string, { ordinal: boolean; categories: Set<string>; keys: string[] }> {
  const groups = new Map<string, { ordinal: boolean; categories: Set<string>; keys: string[] }>();
  for (const key of keys) {
    const p = pluralKey(key);
    if (!p) continue;
    const id = groupId(p);
    const group = groups.get(id) ?? { ordinal: p.ordinal, categories: new Set<string>(), keys: [] };
    group.categories.add(p.category);
    group.keys.push(key);
    groups.set(id, group);
  }
  return groups;
}

const categoriesCache = new Map<string, string[]>();
export function pluralCategories(locale: string, ordinal: boolean): string[] {
  const id = `${locale}:${ordinal}`;
  let categories = categoriesCache.get(id);
  if (!categories) {
    categories = [...new Intl.PluralRules(locale, { type: ordinal ? 'ordinal' : 'cardinal' }).resolvedOptions().pluralCategories];
    categoriesCache.set(id, categories);
  }
  return categories;
}

export interface PluralInput {
  locale: string;
  file: string;
  sourceKeys: Iterable<string>;
  targetLines: ReadonlyMap<string, number>;
}

/**
 * A pluralised key (in the source or the target) must have exactly the forms the target language
 * uses (`Intl.PluralRules(locale).resolvedOptions().pluralCategories`); `_zero` is always allowed
 * (i18next uses it for a count of 0).
 */
export function checkPluralForms(input: PluralInput): Diagnostic[] {
  const sourceGroups = pluralGroups(input.sourceKeys);
  const targetGroups = pluralGroups(input.targetLines.keys());
  const out: Diagnostic[] = [];
  for (const [id, group] of targetGroups) {
    const needed = pluralCategories(input.locale, group.ordinal);
    const missing = sourceGroups.has(id) || group.categories.size > 0 ? needed.filter((c) => !group.categories.has(c)) : [];
    const extra = [...group.categories].filter((c) => !needed.includes(c) && c !== 'zero');
    if (missing.length === 0 && extra.length === 0) continue;
    const firstKey = group.keys.reduce((a, b) => ((input.targetLines.get(a) ?? 0) <= (input.targetLines.get(b) ?? 0) ? a : b));
    const base = id;
    const parts = [
      missing.length ? `lacks ${missing.map((c) => `${base}_${c}`).join(', ')}` : '',
      extra.length ? `has ${extra.map((c) => `${base}_${c}`).join(', ')}, which ${input.locale} never uses` : '',
    ].filter(Boolean);
    out.push({
      rule: 'plural-forms',
      severity: 'error',
      locale: input.locale,
      file: input.file,
      line: input.targetLines.get(firstKey) ?? 1,
      key: firstKey,
      message: `plural "${base}" ${parts.join(' and ')}. ${input.locale} uses the forms ${needed.join(', ')} (Intl.PluralRules); ${missing.length ? 'add the missing ones' : ''}${missing.length && extra.length ? ' and ' : ''}${extra.length ? 'delete the others' : ''}.`,
    });
  }
  return out;
}

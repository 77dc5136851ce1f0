import type { Diagnostic } from './diagnostic.ts';
import { expectedPluralCategories, isAllowedPluralCategory, pluralCategoryExamples, pluralFormKey, pluralGroups, type PluralCategory } from '../locale/plural-keys.ts';

export interface PluralInput {
  locale: string;
  file: string;
  sourceKeys: Iterable<string>;
  targetLines: ReadonlyMap<string, number>;
}

/**
 * A plural group of the target that the source has too (cardinal `x_*` or ordinal `x_ordinal_*`)
 * must have exactly the forms translate writes for it (`expectedPluralCategories` of
 * `locale/plural-keys.ts`: what `Intl.PluralRules(locale, { type })` lists, plus the source's
 * cardinal `_zero`); a cardinal `_zero` is always allowed (i18next uses it for a count of 0).
 * Groups the source does not have are the `orphaned` rule's. One diagnostic per group, at the
 * line of its first key.
 */
export function checkPluralForms(input: PluralInput): Diagnostic[] {
  const sourceGroups = pluralGroups(input.sourceKeys);
  const targetGroups = pluralGroups(input.targetLines.keys());
  const out: Diagnostic[] = [];
  for (const [id, group] of targetGroups) {
    const source = sourceGroups.get(id);
    if (!source) continue;
    const expected = expectedPluralCategories(input.locale, group.ordinal, source.categories);
    const missing = expected.filter((c) => !group.categories.has(c));
    const extra = [...group.categories].filter((c) => !expected.includes(c) && !isAllowedPluralCategory(input.locale, group.ordinal, c));
    if (missing.length === 0 && extra.length === 0) continue;
    const firstKey = group.keys.reduce((a, b) => ((input.targetLines.get(a) ?? 0) <= (input.targetLines.get(b) ?? 0) ? a : b));
    const keyOf = (c: PluralCategory) => pluralFormKey(group.base, group.ordinal, c);
    const type = group.ordinal ? 'ordinal' : 'cardinal';
    const parts = [
      missing.length ? `lacks ${missing.map(keyOf).join(', ')}` : '',
      extra.length ? `has ${extra.map(keyOf).join(', ')}, which ${input.locale} never uses` : '',
    ].filter(Boolean);
    const forms = expected.map((c) => `${c} (${pluralCategoryExamples(input.locale, group.ordinal, c).join(', ')})`).join(', ');
    out.push({
      rule: 'plural-forms',
      severity: 'error',
      locale: input.locale,
      file: input.file,
      line: input.targetLines.get(firstKey) ?? 1,
      key: firstKey,
      message: `${type} plural "${group.base}" ${parts.join(' and ')}. ${input.locale} uses the ${type} forms ${forms} (Intl.PluralRules); ${missing.length ? 'add the missing ones' : ''}${missing.length && extra.length ? ' and ' : ''}${extra.length ? 'delete the others' : ''}.`,
    });
  }
  return out;
}

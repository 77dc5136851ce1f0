import type { Diagnostic, Finding } from './diagnostic.ts';
import { excerpt } from './diagnostic.ts';
import type { SegmentState, StateMap } from '../locale/segment-state.ts';
import { textHash } from '../util/hash.ts';
import { type TargetContext, type TranslationUnit } from './unit.ts';
import { UNIT_RULES } from './rules.ts';
import { nearest } from '../config/schema-problems.ts';
import { checkPluralForms } from './plural-forms.ts';
import { expectedPluralCategories, isSingleCountCategory, parsePluralKey, pluralFormKey, pluralGroupId, pluralGroups, sourcePluralCategory } from '../locale/plural-keys.ts';

/** The source side of one resource: an article's segments, or a hand-maintained namespace. */
export interface SourceResource {
  kind: 'article' | 'namespace';
  /** Where the source lives (article `source/x.md`, namespace `locales/id/common.yaml`). */
  file: string;
  /** key → source text, in order. */
  entries: ReadonlyMap<string, string>;
  /** key → line in `file` (for messages). */
  lines: ReadonlyMap<string, number>;
  /** An article's key record (`locales/id/<article>.yaml`): keys it ever had, for telling orphans from typos. */
  recordKeys?: ReadonlySet<string>;
  /** An article's link reference definitions (normalised label → URL). */
  definitions?: ReadonlyMap<string, string>;
}

/** The target side: a locale file as parsed (absent when `exists` is false). */
export interface TargetResource {
  /** `locales/en/x.yaml`, relative to the config's folder. */
  file: string;
  exists: boolean;
  entries: ReadonlyMap<string, string>;
  lines: ReadonlyMap<string, number>;
  state?: StateMap;
}

const lostRecord = (value: string, source: string): SegmentState => ({ source: textHash(source), written: textHash(value), origin: 'unknown', status: 'unknown' });

const fixCommand = (locale: string) => `npm run translate -- --locale ${locale}`;

/** All problems of one target resource against its source. Pure: data in, diagnostics out. */
export function checkResource(source: SourceResource, target: TargetResource, context: TargetContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const place = (key: string | null, line: number) => ({ locale: context.locale, file: target.file, line, key });
  const article = source.kind === 'article';
  if (!target.exists) {
    if (source.entries.size > 0) {
      out.push({
        rule: 'missing',
        severity: 'error',
        ...place(null, 1),
        message: `${target.file} does not exist: ${source.entries.size} ${article ? 'segments' : 'strings'} of ${source.file} have no ${context.locale} translation. ${article ? `Run \`${fixCommand(context.locale)}\`, then review.` : `Create it with a translation of each key of ${source.file}.`}`,
      });
    }
    return out;
  }
  const sourcePlurals = pluralGroups(source.entries.keys());
  // The source's plural group a key belongs to (`peringkat_ordinal`), if any.
  const pluralBase = (key: string) => {
    const p = parsePluralKey(key);
    return p && sourcePlurals.has(pluralGroupId(p)) ? pluralGroupId(p) : undefined;
  };
  const targetPluralBases = new Set([...target.entries.keys()].map(pluralBase).filter((b): b is string => b !== undefined));
  // missing: per key, at the line where it belongs (after the previous key present).
  let previousLine = 1;
  const reportedBases = new Set<string>();
  for (const [key, text] of source.entries) {
    const line = target.lines.get(key);
    if (line !== undefined) {
      previousLine = line;
      continue;
    }
    const base = pluralBase(key);
    if (base !== undefined && (targetPluralBases.has(base) || reportedBases.has(base))) continue;
    if (base !== undefined) reportedBases.add(base);
    const where = source.lines.get(key);
    const group = base !== undefined ? sourcePlurals.get(base) : undefined;
    const forms = group && expectedPluralCategories(context.locale, group.ordinal, group.categories).map((c) => `"${pluralFormKey(group.base, group.ordinal, c)}"`).join(', ');
    out.push({
      rule: 'missing',
      severity: 'error',
      ...place(key, previousLine),
      message: `"${key}" has no ${context.locale} translation (source ${source.file}${where ? `:${where}` : ''}: "${excerpt(text)}"). ${article ? `Run \`${fixCommand(context.locale)}\`, then review.` : `Add ${forms ? `the plural forms ${forms}` : `"${key}"`} to ${target.file}.`}`,
    });
  }
  // orphaned: keys the source no longer has.
  for (const [key, line] of target.lines) {
    if (source.entries.has(key) || pluralBase(key) !== undefined) continue;
    if (article && source.recordKeys && !source.recordKeys.has(key)) {
      const meant = nearest(key, [...source.entries.keys()]);
      out.push({
        rule: 'unknown-key',
        severity: 'error',
        ...place(key, line),
        message: `"${key}" is not a key of ${source.file}${meant ? ` (did you mean "${meant}"?)` : ''}: its text is not published. Rename the key (the name before the colon) to the sentence's key, or delete the line.`,
      });
      continue;
    }
    out.push({
      rule: 'orphaned',
      severity: 'warning',
      ...place(key, line),
      message: `"${key}" is not in the source ${source.file} any more. ${article ? `Run \`${fixCommand(context.locale)}\` (it removes orphans and keeps reviewed text in memory).` : `Delete it from ${target.file}, or add it to ${source.file}.`}`,
    });
  }
  out.push(...checkPluralForms({ locale: context.locale, file: target.file, sourceKeys: source.entries.keys(), targetLines: target.lines }));
  // Per translation: stale, status and QA.
  for (const [key, value] of target.entries) {
    const line = target.lines.get(key) ?? 1;
    const base = pluralBase(key);
    const p = base !== undefined ? parsePluralKey(key) : undefined;
    let sourceText = source.entries.get(key);
    if (sourceText === undefined && p) {
      // Translate fills a form the source lacks from the source's closest one: compare with that.
      const present = [...sourcePlurals.get(base as string)!.categories];
      sourceText = source.entries.get(pluralFormKey(p.base, p.ordinal, sourcePluralCategory(p.category, present)));
    }
    if (sourceText === undefined) continue;
    // An article's value without a record is of unknown origin, never taken as a reviewer's.
    const state = target.state?.get(key) ?? (article ? lostRecord(value, sourceText) : undefined);
    const unit: TranslationUnit = { key, source: sourceText, target: value, state, optionalPlaceholders: p && isSingleCountCategory(context.locale, p.ordinal, p.category) ? ['{{count}}'] : undefined, definitions: source.definitions };
    const humanEdit = state !== undefined && textHash(value) !== state.written;
    if (article && state && !humanEdit && (state.status === 'stale' || state.source !== textHash(sourceText))) {
      const reviewed = state.status !== 'machine';
      out.push({
        rule: 'stale',
        severity: 'error',
        ...place(key, line),
        message: reviewed
          ? `the source changed since this translation was reviewed (now: "${excerpt(sourceText)}"). Update the translation to the new source (the "# was:" and "# suggestion" comments help; run \`${fixCommand(context.locale)}\` if they are not there).`
          : `machine translation of an older source (now: "${excerpt(sourceText)}"). Run \`${fixCommand(context.locale)}\`.`,
      });
      continue;
    }
    const findings: Finding[] = [];
    for (const rule of Object.values(UNIT_RULES)) {
      findings.push(...rule(unit, context));
    }
    // Pseudo text in a published target: one diagnostic says it all (no QA noise on top).
    const pseudo = findings.some((f) => f.rule === 'pseudo');
    const empty = findings.some((f) => f.rule === 'empty');
    for (const f of findings) {
      if (pseudo && f.rule !== 'pseudo' && f.rule !== 'unreviewed') continue;
      if (empty && f.rule !== 'empty') continue;
      out.push({ rule: f.rule, severity: f.severity, ...place(key, line), message: f.message });
    }
  }
  return out;
}

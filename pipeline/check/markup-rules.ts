import type { Finding } from './diagnostic.ts';
import type { TargetContext, TranslationUnit } from './unit.ts';
import { containsTerm, containsTermVerbatim, matchingTerms } from '../glossary/glossary-terms.ts';
import { markupOf, multisetDiff, resolveLinks, type ResolvedLink } from './strip-markup.ts';

const list = (items: string[]) => items.map((i) => `"${i}"`).join(', ');

/** i18next `{{…}}`, `$t(…)`, printf and MDX `{…}` placeholders: the same set, verbatim. */
export function checkPlaceholders(unit: TranslationUnit): Finding[] {
  const diff = multisetDiff(markupOf(unit.source).placeholders, markupOf(unit.target).placeholders);
  const missing = diff.missing.filter((p) => !unit.optionalPlaceholders?.includes(p));
  const extra = diff.extra;
  if (missing.length === 0 && extra.length === 0) return [];
  const parts = [missing.length ? `missing ${list(missing)}` : '', extra.length ? `unexpected ${list(extra)}` : ''].filter(Boolean);
  return [{ rule: 'placeholders', severity: 'error', message: `placeholders differ from the source: ${parts.join('; ')}. Copy each placeholder exactly as in the source (only move it).` }];
}

/** HTML/JSX tags and emphasis delimiters: the same set (order may change). */
export function checkInlineMarkup(unit: TranslationUnit): Finding[] {
  const { missing, extra } = multisetDiff(markupOf(unit.source).tags, markupOf(unit.target).tags);
  if (missing.length === 0 && extra.length === 0) return [];
  const parts = [missing.length ? `missing ${list(missing)}` : '', extra.length ? `unexpected ${list(extra)}` : ''].filter(Boolean);
  return [{ rule: 'inline-markup', severity: 'error', message: `inline markup differs from the source: ${parts.join('; ')}. Keep every tag and emphasis marker of the source around the matching words.` }];
}

/**
 * Markdown links and images: the same destinations, references resolved through the article's
 * definitions (`[Price list][Daftar harga]` is the source's `[Daftar harga][]`; an inline link to
 * the definition's URL is too). Each difference names the link as written.
 */
export function checkLinks(unit: TranslationUnit): Finding[] {
  const source = resolveLinks(markupOf(unit.source).links, unit.definitions);
  const target = resolveLinks(markupOf(unit.target).links, unit.definitions);
  const { missing, extra } = multisetDiff(source.map((l) => l.key), target.map((l) => l.key));
  if (missing.length === 0 && extra.length === 0) return [];
  const show = (keys: string[], links: ResolvedLink[]) => {
    const left = [...links];
    return list(keys.map((key) => left.splice(left.findIndex((l) => l.key === key), 1)[0].written));
  };
  const parts = [missing.length ? `missing ${show(missing, source)}` : '', extra.length ? `unexpected ${show(extra, target)}` : ''].filter(Boolean);
  return [{ rule: 'links', severity: 'error', message: `markdown links differ from the source: ${parts.join('; ')}. Keep each link of the source with the same destination ([text](url), or [text][label] with the label of the source's definition); translate only the link text.` }];
}

/** Inline code is never translated. */
export function checkInlineCode(unit: TranslationUnit): Finding[] {
  const { missing } = multisetDiff(markupOf(unit.source).code, markupOf(unit.target).code);
  if (missing.length === 0) return [];
  return [{ rule: 'inline-code', severity: 'error', message: `inline code changed or missing: ${list(missing)}. Copy code spans unchanged.` }];
}

/** Bare URLs and e-mail addresses, unchanged. */
export function checkUrls(unit: TranslationUnit): Finding[] {
  const { missing } = multisetDiff(markupOf(unit.source).urls, markupOf(unit.target).urls);
  if (missing.length === 0) return [];
  return [{ rule: 'urls', severity: 'error', message: `URL or e-mail address missing or changed: ${list(missing)}. Copy it exactly as in the source.` }];
}

/**
 * What the glossary rules read of a text: what the pipeline translates, i.e. its prose
 * (`markupOf`: without inline code, link destinations and titles, HTML/JSX tags with their
 * attributes, placeholders, URLs and e-mail addresses, all kept verbatim and never sent to a
 * provider) and the alt text of its images. The same reading for source and translation.
 */
export function glossaryText(text: string): string {
  const { prose, alts } = markupOf(text);
  return alts.length === 0 ? prose : `${prose}\n${alts.join('\n')}`;
}

/**
 * Glossary (source term → required target term) and do-not-translate terms, the target's own
 * (errors) and the project glossary's (warnings). Terms are looked for in the translatable text of
 * the source only (`glossaryText`): a term in a link title, an HTML attribute or inline code is
 * copied verbatim, so no translation could satisfy the rule. The rendering (or the kept term) is
 * looked for in the translatable text of the translation the same way.
 */
export function checkGlossary(unit: TranslationUnit, target: TargetContext): Finding[] {
  const found: Finding[] = [];
  const source = glossaryText(unit.source);
  const translation = glossaryText(unit.target);
  const sourceLower = source.toLocaleLowerCase(target.sourceLocale);
  const targetLower = translation.toLocaleLowerCase(target.locale);
  for (const [term, wanted] of Object.entries(target.glossary)) {
    if (!containsWord(sourceLower, term.toLocaleLowerCase(target.sourceLocale))) continue;
    if (!containsWord(targetLower, wanted.toLocaleLowerCase(target.locale))) {
      found.push({ rule: 'glossary', severity: 'error', message: `glossary: the source says "${term}", which this target translates as "${wanted}"; use "${wanted}" (targets.${target.locale}.glossary).` });
    }
  }
  for (const term of target.doNotTranslate) {
    if (containsWord(source, term) && !containsWord(translation, term)) {
      found.push({ rule: 'do-not-translate', severity: 'error', message: `"${term}" must stay as written (targets.${target.locale}.doNotTranslate); keep it verbatim.` });
    }
  }
  if (target.projectGlossary) found.push(...checkProjectGlossary(source, translation, target.locale, target.projectGlossary));
  return found;
}

/**
 * The project glossary's terms (warnings: the glossary may be wrong as well as the translation, so
 * each message names its row), over the translatable text of source and translation
 * (`glossaryText`). Terms are found in the source as whole words, case-insensitively,
 * the longest match winning (`matchingTerms`: `Bank Indonesia` inside "Bank Indonesia Pusat" is
 * not asked for when `Bank Indonesia Pusat` has its own row). Then: a term whose rendering the
 * translation lacks (whole words, case-insensitively), and a do-not-translate term the translation
 * does not keep exactly as the glossary writes it, case included (`jfid`, not "JFID").
 */
function checkProjectGlossary(source: string, translation: string, locale: string, glossary: NonNullable<TargetContext['projectGlossary']>): Finding[] {
  const found: Finding[] = [];
  for (const term of matchingTerms(glossary.terms, [source])) {
    const row = `${glossary.file}:${term.line}`;
    if (term.doNotTranslate) {
      if (!containsTermVerbatim(translation, term.source))
        found.push({ rule: 'do-not-translate', severity: 'warning', message: `"${term.source}" must stay as written (do-not-translate in the project glossary, ${row}); keep it verbatim, exactly "${term.source}" (case included), or change the glossary row.` });
    } else if (term.target !== undefined && !containsTerm(translation, term.target)) {
      found.push({ rule: 'glossary', severity: 'warning', message: `glossary: the source says "${term.source}", which the project glossary (${row}) renders in ${locale} as "${term.target}"; use "${term.target}", or change the glossary row.` });
    }
  }
  return found;
}

function containsWord(text: string, term: string): boolean {
  if (term === '') return false;
  let from = 0;
  for (;;) {
    const at = text.indexOf(term, from);
    if (at === -1) return false;
    const before = text[at - 1];
    const after = text[at + term.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

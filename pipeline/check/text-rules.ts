import { isEmptyTranslation } from '../merge/empty-translation.ts';
import type { Finding } from './diagnostic.ts';
import { baseLanguage, isPseudoText, type TargetContext, type TranslationUnit } from './unit.ts';
import { markupOf } from './strip-markup.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import { isRealProse, proseWords } from './real-prose.ts';

/** Languages that cannot be told apart from the source by a detector (Malay for Indonesian). */
const CLOSE: Record<string, string[]> = { id: ['id', 'ms'], ms: ['id', 'ms'] };
const sourceLike = (sourceLocale: string) => CLOSE[baseLanguage(sourceLocale)] ?? [baseLanguage(sourceLocale)];

/** The translation equals the source for real prose (not a name, a number or a quote already in the target language). */
export function checkUntranslated(unit: TranslationUnit, target: TargetContext): Finding[] {
  if (normalizeSegment(unit.source) !== normalizeSegment(unit.target) || !isRealProse(unit.source)) return [];
  const detected = target.detectLanguage?.(markupOf(unit.source).prose);
  // The language first: `reliable` is the costly part of an answer, needed only for the target's own language.
  if (detected && detected.language === baseLanguage(target.locale) && detected.reliable) return [];
  return [{ rule: 'untranslated', severity: 'error', message: `the translation is the ${target.sourceLocale} source unchanged. Translate it into ${target.locale}.` }];
}

/** Source-language text left in a translation (detected by `eld`; skipped for Malay/Indonesian targets). */
export function checkSourceLanguage(unit: TranslationUnit, target: TargetContext): Finding[] {
  const close = sourceLike(target.sourceLocale);
  if (!target.detectLanguage || close.includes(baseLanguage(target.locale))) return [];
  if (normalizeSegment(unit.source) === normalizeSegment(unit.target) || isPseudoText(unit.target)) return [];
  const prose = markupOf(unit.target).prose;
  if (!isRealProse(prose) || proseWords(prose).length < 4) return [];
  const detected = target.detectLanguage(prose);
  if (!close.includes(detected.language) || !detected.reliable) return [];
  return [{ rule: 'source-language', severity: 'error', message: `the translation reads as ${target.sourceLocale}, not ${target.locale}. Translate the remaining ${target.sourceLocale} text.` }];
}

/**
 * Expected length of a translation relative to its Indonesian source, by target language
 * (characters); outside [low, high] the translation is probably truncated or padded.
 */
const RATIO: Record<string, [number, number]> = { default: [0.45, 2.2], en: [0.45, 1.8], zh: [0.15, 0.9], ja: [0.2, 1.1], ko: [0.2, 1.1] };

export function checkLengthRatio(unit: TranslationUnit, target: TargetContext): Finding[] {
  const source = normalizeSegment(unit.source);
  const translated = normalizeSegment(unit.target.replace(/[⟦⟧]|~+(?=⟧)/g, ''));
  if (source.length < 25 || translated === '') return [];
  const ratio = translated.length / source.length;
  const [low, high] = RATIO[baseLanguage(target.locale)] ?? RATIO.default;
  if (ratio >= low && ratio <= high) return [];
  const how = ratio < low ? 'much shorter' : 'much longer';
  return [{ rule: 'length-ratio', severity: 'warning', message: `the translation is ${how} than the source (${Math.round(ratio * 100)}% of its length; usual for ${target.sourceLocale}→${target.locale}: ${Math.round(low * 100)}–${Math.round(high * 100)}%). Check that nothing was dropped or repeated.` }];
}

/** Leading and trailing whitespace as in the source. */
export function checkWhitespace(unit: TranslationUnit): Finding[] {
  const lead = (s: string) => /^\s*/.exec(s)?.[0] ?? '';
  const trail = (s: string) => /\s*$/.exec(s)?.[0] ?? '';
  const found: string[] = [];
  if (lead(unit.source) !== lead(unit.target)) found.push('leading');
  if (trail(unit.source) !== trail(unit.target)) found.push('trailing');
  if (found.length === 0) return [];
  return [{ rule: 'whitespace', severity: 'warning', message: `${found.join(' and ')} whitespace differs from the source. Remove or restore the spaces at the ${found.length === 2 ? 'ends' : found[0] === 'leading' ? 'start' : 'end'}.` }];
}

/** Final sentence punctuation class: question, exclamation, full stop, ellipsis, colon, none. */
function finalPunctuation(text: string): string {
  const trimmed = text
    .replace(/~+⟧\s*$|⟧\s*$/, '')
    .replace(/[\s"'”’»)\]*_`>]+$/u, '')
    .replace(/\(\w+(?:\/\w+)*\)$/u, '')
    .trimEnd();
  const last = trimmed.slice(-3);
  if (/(\.\.\.|…)$/.test(last)) return 'ellipsis';
  const c = trimmed.slice(-1);
  if ('?？؟'.includes(c)) return 'question';
  if ('!！'.includes(c)) return 'exclamation';
  // "Washington, D.C." or "Inc.": the dot belongs to an abbreviation, not to the sentence.
  if (c === '.' && /(?:^|[\s(])(?:\p{L}\.){2,}$|(?:^|\s)\p{Lu}\.$/u.test(trimmed)) return 'abbreviation';
  if ('.。।'.includes(c)) return 'full stop';
  if (':：'.includes(c)) return 'colon';
  return 'none';
}

const SIGN: Record<string, string> = { abbreviation: 'an abbreviation', question: '"?"', exclamation: '"!"', 'full stop': '"."', ellipsis: '"…"', colon: '":"', none: 'no final punctuation' };

export function checkPunctuation(unit: TranslationUnit, target: TargetContext): Finding[] {
  const source = finalPunctuation(unit.source);
  const translated = finalPunctuation(unit.target);
  if (source === translated) return [];
  if ([source, translated].includes('abbreviation') && [source, translated].some((p) => p === 'none' || p === 'full stop')) return [];
  // Greek writes ";" for "?"; treat a colon and a full stop ending a lead-in as interchangeable.
  if (baseLanguage(target.locale) === 'el' && source === 'question' && /;\s*$/.test(unit.target)) return [];
  if (new Set([source, translated]).size === 2 && [source, translated].every((p) => p === 'colon' || p === 'full stop')) return [];
  return [{ rule: 'punctuation', severity: 'warning', message: `the source ends with ${SIGN[source]}, the translation with ${SIGN[translated]}. End the translation as the source ends.` }];
}

/** "the the": a word repeated that the source does not repeat. */
export function checkDoubledWords(unit: TranslationUnit): Finding[] {
  const doubled = (text: string) => [...markupOf(text).prose.matchAll(/(?<![\p{L}\p{N}-])(\p{L}+)\s+\1(?![\p{L}\p{N}-])/giu)].map((m) => m[1].toLowerCase());
  // Counted, not compared word by word: Indonesian may repeat a word on purpose, and the translation may keep it.
  const inSource = doubled(unit.source).length;
  const found = doubled(unit.target);
  if (found.length <= inSource) return [];
  return [{ rule: 'doubled-words', severity: 'warning', message: `"${found[0]} ${found[0]}": a word is repeated. Delete the second one unless it is meant.` }];
}

/** An empty translation of a non-empty source: the sentence would vanish from the published article. */
export function checkEmpty(unit: TranslationUnit): Finding[] {
  if (!isEmptyTranslation(unit.source, unit.target)) return [];
  return [{ rule: 'empty', severity: 'error', message: `the translation is empty, so the sentence would vanish from the published article. Write its translation, or delete the line and run \`npm run translate\` to have it translated again.` }];
}

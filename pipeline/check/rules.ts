import type { Finding } from './diagnostic.ts';
import type { TargetContext, TranslationUnit } from './unit.ts';
import { checkUnreviewed, checkPseudo, checkUnknownWords } from './status-rules.ts';
import { checkPlaceholders, checkInlineMarkup, checkLinks, checkInlineCode, checkUrls, checkGlossary } from './markup-rules.ts';
import { checkNumbers } from './figure-rules.ts';
import { checkEmpty, checkUntranslated, checkSourceLanguage, checkLengthRatio, checkWhitespace, checkPunctuation, checkDoubledWords } from './text-rules.ts';

export { RULES, type RuleGroup, type RuleInfo } from './rule-info.ts';

export type UnitRule = (unit: TranslationUnit, target: TargetContext) => Finding[];

/** Rules on one translation, keyed by id; status rules first, then QA. */
export const UNIT_RULES: Record<string, UnitRule> = {
  empty: checkEmpty,
  unreviewed: checkUnreviewed,
  pseudo: checkPseudo,
  'unknown-words': checkUnknownWords,
  placeholders: checkPlaceholders,
  'inline-markup': checkInlineMarkup,
  links: checkLinks,
  'inline-code': checkInlineCode,
  urls: checkUrls,
  numbers: checkNumbers,
  glossary: checkGlossary,
  untranslated: checkUntranslated,
  'source-language': checkSourceLanguage,
  'length-ratio': checkLengthRatio,
  whitespace: checkWhitespace,
  punctuation: checkPunctuation,
  'doubled-words': checkDoubledWords,
};

export { segmentSentences, splitSentences, createSentenceSegmenter, spansFromBreaks, DEFAULT_RULES_URL } from './segment-sentences.ts';
export type { SentenceSpan } from './segment-sentences.ts';
export { parseSrx, rulesForLanguage, SrxError } from './srx.ts';
export type { SrxDocument, SrxRule, SrxLanguageMap } from './srx.ts';
export { compileSrxRules, SrxRuleError } from './srx-segmenter.ts';
export type { BreakFinder } from './srx-segmenter.ts';

import { errorResponse, type Handler } from './emulator-state.ts';
import { fakeTranslate } from './fake-translate.ts';
import { findTargetLanguage, isSourceLanguage } from './languages.ts';
import { paramList, paramValue } from './parse-body.ts';

const FORMALITIES = new Set(['default', 'more', 'less', 'prefer_more', 'prefer_less']);

/** DeepL bills the code points of the texts; `context` is free. */
export function billedCharactersOf(texts: string[]): number {
  return texts.reduce((sum, t) => sum + [...t].length, 0);
}

/**
 * `POST /v2/translate`: validates like DeepL, checks the quota, bills, then "translates".
 * A request over the quota is rejected whole (456) and bills nothing.
 */
export const handleTranslate: Handler = (req, state) => {
  const { params, record } = req;
  const texts = paramList(params, 'text');
  record.texts = texts;
  record.context = paramValue(params, 'context');
  if (texts.length === 0) return errorResponse(400, "Parameter 'text' not specified.");
  if (texts.length > state.maxTexts) return errorResponse(400, `Too many texts: at most ${state.maxTexts} 'text' values are allowed per request.`);
  const targetCode = paramValue(params, 'target_lang');
  const target = targetCode ? findTargetLanguage(targetCode) : undefined;
  if (!target) return errorResponse(400, "Value for 'target_lang' not supported.");
  const source = paramValue(params, 'source_lang');
  if (source !== undefined && !isSourceLanguage(source)) return errorResponse(400, "Value for 'source_lang' not supported.");
  const formality = paramValue(params, 'formality');
  if (formality !== undefined) {
    if (!FORMALITIES.has(formality)) return errorResponse(400, "Value for 'formality' not supported.");
    if ((formality === 'more' || formality === 'less') && !target.supports_formality)
      return errorResponse(400, "'formality' is not supported for given 'target_lang'.");
  }
  const tagHandling = paramValue(params, 'tag_handling');
  if (tagHandling !== undefined && tagHandling !== 'xml' && tagHandling !== 'html')
    return errorResponse(400, "Value for 'tag_handling' not supported.");
  const glossaryId = paramValue(params, 'glossary_id');
  let glossary: ReadonlyMap<string, string> | undefined;
  if (glossaryId !== undefined) {
    if (source === undefined) return errorResponse(400, "Use of a glossary requires the 'source_lang' parameter to be specified.");
    const dict = state.glossaries.dictionaryFor(glossaryId, source, target.language);
    if (!dict) return errorResponse(404, 'Glossary not found');
    glossary = dict.entries;
  }

  const billed = billedCharactersOf(texts);
  const limit = state.plan.faults.quotaCharacters ?? state.characterLimit;
  if (state.billedCharacters + billed > limit) {
    record.fault = 'quota';
    return errorResponse(456, 'Quota Exceeded');
  }
  state.billedCharacters += billed;
  record.billedCharacters = billed;

  const showBilled = ['1', 'true'].includes(paramValue(params, 'show_billed_characters') ?? '');
  const translations = texts.map((text) => {
    const dropTags = state.plan.dropsTagsOf(text);
    if (dropTags) record.fault = 'dropTags';
    return {
      detected_source_language: (source ?? 'ID').toUpperCase(),
      text: fakeTranslate(text, { tagHandling, glossary, reorderTags: state.reorderTags, dropTags }),
      ...(showBilled ? { billed_characters: [...text].length } : {}),
    };
  });
  return { status: 200, body: { translations } };
};

import type { Handler } from './emulator-state.ts';
import { SOURCE_LANGUAGES, TARGET_LANGUAGES } from './languages.ts';
import { paramValue } from './parse-body.ts';

/** `GET /v2/usage`: the billed total and the limit (the quota fault's, if set). */
export const handleUsage: Handler = (_req, state) => ({
  status: 200,
  body: { character_count: state.billedCharacters, character_limit: state.plan.faults.quotaCharacters ?? state.characterLimit },
});

/** `GET /v2/languages` (source) and `?type=target`. */
export const handleLanguages: Handler = (req) => ({
  status: 200,
  body: paramValue(req.params, 'type') === 'target' ? TARGET_LANGUAGES : SOURCE_LANGUAGES.map(({ language, name }) => ({ language, name })),
});

/** `GET /v2/glossary-language-pairs`: Indonesian to and from English, plus a few others. */
export const handleGlossaryLanguagePairs: Handler = () => ({
  status: 200,
  body: {
    supported_languages: ['en', 'de', 'fr', 'ja', 'pt', 'zh', 'es', 'it', 'nl'].flatMap((code) => [
      { source_lang: 'id', target_lang: code },
      { source_lang: code, target_lang: 'id' },
    ]),
  },
});

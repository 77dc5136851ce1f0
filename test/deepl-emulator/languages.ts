/**
 * The languages the emulator accepts, in DeepL's `/v2/languages` shape. Target codes carry
 * DeepL's regional variants; `supports_formality` follows DeepL's documentation.
 */
export interface EmulatedLanguage {
  language: string;
  name: string;
  supports_formality?: boolean;
}

export const SOURCE_LANGUAGES: EmulatedLanguage[] = [
  ['AR', 'Arabic'], ['BG', 'Bulgarian'], ['CS', 'Czech'], ['DA', 'Danish'], ['DE', 'German'], ['EL', 'Greek'],
  ['EN', 'English'], ['ES', 'Spanish'], ['ET', 'Estonian'], ['FI', 'Finnish'], ['FR', 'French'], ['HU', 'Hungarian'],
  ['ID', 'Indonesian'], ['IT', 'Italian'], ['JA', 'Japanese'], ['KO', 'Korean'], ['LT', 'Lithuanian'], ['LV', 'Latvian'],
  ['NB', 'Norwegian'], ['NL', 'Dutch'], ['PL', 'Polish'], ['PT', 'Portuguese'], ['RO', 'Romanian'], ['RU', 'Russian'],
  ['SK', 'Slovak'], ['SL', 'Slovenian'], ['SV', 'Swedish'], ['TR', 'Turkish'], ['UK', 'Ukrainian'], ['ZH', 'Chinese'],
].map(([language, name]) => ({ language, name }));

const FORMALITY = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'PT-BR', 'PT-PT', 'JA', 'RU']);

export const TARGET_LANGUAGES: EmulatedLanguage[] = [
  ['AR', 'Arabic'], ['BG', 'Bulgarian'], ['CS', 'Czech'], ['DA', 'Danish'], ['DE', 'German'], ['EL', 'Greek'],
  ['EN-GB', 'English (British)'], ['EN-US', 'English (American)'], ['ES', 'Spanish'], ['ET', 'Estonian'],
  ['FI', 'Finnish'], ['FR', 'French'], ['HU', 'Hungarian'], ['ID', 'Indonesian'], ['IT', 'Italian'], ['JA', 'Japanese'],
  ['KO', 'Korean'], ['LT', 'Lithuanian'], ['LV', 'Latvian'], ['NB', 'Norwegian'], ['NL', 'Dutch'], ['PL', 'Polish'],
  ['PT-BR', 'Portuguese (Brazilian)'], ['PT-PT', 'Portuguese (European)'], ['RO', 'Romanian'], ['RU', 'Russian'],
  ['SK', 'Slovak'], ['SL', 'Slovenian'], ['SV', 'Swedish'], ['TR', 'Turkish'], ['UK', 'Ukrainian'],
  ['ZH-HANS', 'Chinese (simplified)'], ['ZH-HANT', 'Chinese (traditional)'],
].map(([language, name]) => ({ language, name, supports_formality: FORMALITY.has(language) }));

export function isSourceLanguage(code: string): boolean {
  return SOURCE_LANGUAGES.some((l) => l.language === code.toUpperCase());
}

export function findTargetLanguage(code: string): EmulatedLanguage | undefined {
  return TARGET_LANGUAGES.find((l) => l.language === code.toUpperCase());
}

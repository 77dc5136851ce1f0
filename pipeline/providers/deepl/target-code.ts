/**
 * Locale → DeepL target code, and which targets accept `formality`.
 * DeepL wants a regional variant for English and Portuguese and a script for Chinese.
 */
export const DEEPL_TARGETS = [
  'AR', 'BG', 'CS', 'DA', 'DE', 'EL', 'EN-GB', 'EN-US', 'ES', 'ES-419', 'ET', 'FI', 'FR', 'HE', 'HU', 'ID', 'IT',
  'JA', 'KO', 'LT', 'LV', 'NB', 'NL', 'PL', 'PT-BR', 'PT-PT', 'RO', 'RU', 'SK', 'SL', 'SV', 'TH', 'TR', 'UK', 'VI',
  'ZH-HANS', 'ZH-HANT',
] as const;

const FORMALITY_TARGETS = new Set(['DE', 'FR', 'IT', 'ES', 'ES-419', 'NL', 'PL', 'PT-BR', 'PT-PT', 'JA', 'RU']);

const LOCALE_DEFAULTS: Record<string, string> = {
  en: 'EN-US',
  pt: 'PT-BR',
  zh: 'ZH-HANS',
  'zh-cn': 'ZH-HANS',
  'zh-sg': 'ZH-HANS',
  'zh-tw': 'ZH-HANT',
  'zh-hk': 'ZH-HANT',
  no: 'NB',
  nn: 'NB',
  iw: 'HE',
};

/** The DeepL target code for a locale (`en` → `EN-US`), or undefined when DeepL has none. */
export function deeplTargetCode(locale: string, override?: string): string | undefined {
  const code = override ?? LOCALE_DEFAULTS[locale.toLowerCase()] ?? locale.toUpperCase();
  const upper = code.toUpperCase();
  if ((DEEPL_TARGETS as readonly string[]).includes(upper)) return upper;
  const base = upper.split('-')[0];
  return (DEEPL_TARGETS as readonly string[]).includes(base) ? base : undefined;
}

export function supportsFormality(targetCode: string): boolean {
  return FORMALITY_TARGETS.has(targetCode.toUpperCase());
}

/** Glossary dictionaries use the language without region or script (`EN-US` → `en`). */
export function glossaryLanguage(targetCode: string): string {
  return targetCode.split('-')[0].toLowerCase();
}

import type { Finding } from './diagnostic.ts';
import type { TargetContext, TranslationUnit } from './unit.ts';
import { extractFigures, missingFigures } from './figures.ts';
import { markupOf } from './strip-markup.ts';

/** Every figure of the source (numbers, amounts, dates, times) is in the translation, in any correct local format. */
export function checkNumbers(unit: TranslationUnit, target: TargetContext): Finding[] {
  const prose = markupOf(unit.source).prose;
  if (!/\d/.test(prose)) return [];
  const source = extractFigures(prose, target.sourceLocale);
  if (source.numbers.length === 0 && source.dates.length === 0) return [];
  const translated = extractFigures(markupOf(unit.target).prose, target.locale, [target.sourceLocale]);
  const missing = missingFigures(source, translated);
  // Small whole numbers are often written as words ("dua" → "two"); only English words are known.
  const knowsWords = target.locale.toLowerCase().startsWith('en');
  const real = missing.filter((raw) => knowsWords || !/^\d$|^10$/.test(raw));
  if (real.length === 0) return [];
  return [
    {
      rule: 'numbers',
      severity: 'error',
      message: `figure${real.length > 1 ? 's' : ''} ${real.map((r) => `"${r}"`).join(', ')} of the source missing or changed in the translation. Keep every figure; write it in ${target.locale} style if you like (e.g. 1.500.000,50 → 1,500,000.50; 13/9/2023 → September 13, 2023).`,
    },
  ];
}

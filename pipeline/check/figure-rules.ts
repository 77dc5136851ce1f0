import { decodeHTML } from 'entities';
import type { Finding } from './diagnostic.ts';
import { isPseudoText, type TargetContext, type TranslationUnit } from './unit.ts';
import { extractFigures, missingFigures, type FigurePart, type MissingFigure } from './figures.ts';
import { formatAmountExample, formatDateExample, formatTimeExample } from './figure-styles.ts';
import { markupOf } from './strip-markup.ts';

/**
 * Every figure of the source (numbers, amounts with their unit, dates with day, month and year,
 * times) is in the translation whole, in any correct local format of the target or the source.
 * The message names the part missing (`the year (2023) of "13/9/2023"`) and shows each missing
 * figure in the target's style (`Intl`: en `September 13, 2023`, de `13. September 2023`).
 */
export function checkNumbers(unit: TranslationUnit, target: TargetContext): Finding[] {
  const prose = figureText(unit.source);
  if (!/\d/.test(prose)) return [];
  const source = extractFigures(prose, target.sourceLocale);
  if (source.numbers.length === 0 && source.dates.length === 0) return [];
  const translated = extractFigures(figureText(unit.target), target.locale, [target.sourceLocale]);
  // Small whole numbers are often written as words ("dua" → "two"); only English words are known.
  const knowsWords = target.locale.toLowerCase().startsWith('en');
  // Pseudo text disguises letters (`Rp` → `Ŕþ`, `September` → `Šéþţéɱƀéŕ`): only its digits count.
  const letters: FigurePart[] = isPseudoText(unit.target) ? ['unit', 'month'] : [];
  const real = missingFigures(source, translated)
    .filter((m) => m.parts.length === 0 || m.parts.some((part) => !letters.includes(part)))
    .filter((m) => knowsWords || m.parts.length > 0 || !('keys' in m.figure) || m.figure.unit || !/^\d$|^10$/.test(m.figure.raw));
  if (real.length === 0) return [];
  const examples = [...new Set(real.map((m) => example(m, target.locale)))];
  return [
    {
      rule: 'numbers',
      severity: 'error',
      message: `${real.length > 1 ? 'figures' : 'figure'} of the source missing or changed in the translation: ${real.map((m) => describe(m, target.locale)).join('; ')}. Keep every figure whole (a date's day, month and year; an amount's unit), in ${target.locale} style if you like: ${examples.map((e) => `"${e}"`).join(', ')}.`,
    },
  ];
}

/** A GFM footnote reference (`[^1]`, `[^catatan]`) or the label of a footnote definition (`[^1]:`). */
const FOOTNOTE = /\[\^[^\]\s]+\]:?/g;

/**
 * What a reader sees of a segment, as far as figures go: its prose without markup (`markupOf`:
 * code, links' destinations and labels, URLs, tags), without footnote references (`[^1]` is no
 * figure 1), with HTML character references decoded (`&#8211;` is a dash, not 8211; `&nbsp;` a
 * space). Positions are not kept.
 */
function figureText(text: string): string {
  return decodeHTML(markupOf(text).prose.replace(FOOTNOTE, ' '));
}

/** `"Rp 2 miliar"`, `the year (2023) of "13/9/2023"`, `the unit "Rp" of "Rp 2 miliar" (the translation has "$")`. */
function describe(m: MissingFigure, locale: string): string {
  const raw = `"${m.figure.raw}"`;
  if (m.parts.length === 0) return raw;
  if ('readings' in m.figure) {
    const reading = m.reading ?? m.figure.readings[0];
    const names = m.parts.map((part) => {
      if (part === 'month') return `month (${new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, reading.month - 1, 1)))})`;
      return `${part} (${reading[part as 'day' | 'year']})`;
    });
    return `the ${names.join(' and ')} of the date ${raw}`;
  }
  const what = m.figure.unit?.ids.includes('%') ? 'unit' : 'currency';
  return `the ${what} "${m.figure.unit?.raw}" of ${raw}${m.foundUnit ? ` (the translation has "${m.foundUnit}")` : ''}`;
}

/** The whole source figure in the target's style. */
function example(m: MissingFigure, locale: string): string {
  const figure = m.figure;
  if ('readings' in figure) return formatDateExample(locale, m.reading ?? figure.readings[0]);
  if (figure.kind === 'time') return formatTimeExample(locale, figure.value);
  return formatAmountExample(locale, figure.value, { decimals: figure.decimals, unit: figure.unit?.ids[0], scale: figure.scale, grouping: figure.grouped });
}

/**
 * Figures of a text, normalised per locale so that a correctly localised figure compares equal,
 * and compared whole: a date by its day, month and year, an amount by its value and its unit
 * (currency or percent). `Rp1.500.000,50` (id) = `IDR 1,500,000.50` (en) = `1 500 000,50 IDR`
 * (fr); `3,5 persen` = `3.5 percent` = `3,5 %`; `13/9/2023` = `September 13, 2023` =
 * `13. September 2023`; `pukul 10.30` = `10:30 a.m.` = `10 h 30` = `10:30 Uhr`; `Rp 2 miliar` =
 * `IDR 2 billion` = `2 Milliarden Rupiah`. Pure; the locales' ways of writing figures come from
 * `Intl` (`figure-styles.ts`).
 */
import { figureStyle, type FigureStyle, type UnitId } from './figure-styles.ts';

/** The unit written with an amount: `Rp` → IDR, `persen` → %. */
export interface FigureUnit {
  raw: string;
  /** Units the token may stand for (`$`: USD, AUD…); two units match when these intersect. */
  ids: UnitId[];
}

export interface Figure {
  kind: 'number' | 'time';
  /** As written (`Rp 2 miliar`, `pukul 10.30`). */
  raw: string;
  /** Normalised readings (`n:1500000`, `t:630` minutes of the day); equal if any is shared. */
  keys: string[];
  /** First reading: the number written (2 for `2 miliar`), or minutes of the day for a time. */
  value: number;
  /** Digits after the decimal mark in the first reading. */
  decimals: number;
  /**
   * The first reading has digit groups as written (`1.500`, `1 000`). A figure written without
   * them (a year `1990`, `Rp 5000`) is shown without them in messages: en `1990`, not `1,990`.
   */
  grouped: boolean;
  /** Multiplier of a scale word (`miliar` → 1e9). */
  scale?: number;
  unit?: FigureUnit;
  /** Where it starts in the text (UTF-16), for ordering messages only. */
  at: number;
}

export interface DateReading {
  day?: number;
  month: number;
  year?: number;
}

export interface DateFigure {
  raw: string;
  /** Possible (day, month, year) readings; day/year undefined when not written. */
  readings: DateReading[];
  at: number;
}

export interface Figures {
  numbers: Figure[];
  dates: DateFigure[];
}

/** A part of a figure the translation lacks. */
export type FigurePart = 'day' | 'month' | 'year' | 'unit';

/** A figure of the source the translation does not have whole. */
export interface MissingFigure {
  figure: Figure | DateFigure;
  /** The parts the translation lacks; empty when the figure is missing or changed as a whole. */
  parts: FigurePart[];
  /** For a date: the reading of the source the parts refer to. */
  reading?: DateReading;
  /** For an amount whose unit is missing: the other unit the translation wrote, if any. */
  foundUnit?: string;
}

const FALLBACK = [{ group: ',', decimal: '.' }, { group: '.', decimal: ',' }];
const SPACE = String.raw`[\s\u00a0\u202f]`;

const key = (n: number) => `n:${Number(n.toPrecision(12))}`;

interface Reading {
  value: number;
  decimals: number;
  grouped: boolean;
}

function parseWith(raw: string, { group, decimal }: { group: string; decimal: string }): Reading | undefined {
  const normalized = /^\s$/u.test(group) ? raw.replace(/[\s\u00a0\u202f]/gu, group) : raw;
  const parts = normalized.split(decimal);
  if (parts.length > 2) return undefined;
  const [int, frac] = parts;
  if (frac !== undefined && !/^\d+$/.test(frac)) return undefined;
  const groups = int.split(group);
  if (groups.some((g) => !/^\d+$/.test(g))) return undefined;
  if (groups.length > 1 && (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3))) return undefined;
  return { value: Number(groups.join('') + (frac !== undefined ? `.${frac}` : '')), decimals: frac?.length ?? 0, grouped: groups.length > 1 };
}

const MONTH_WORD = String.raw`(\p{L}{3,}\.?)`;

interface DatePattern {
  re: RegExp;
  read(m: RegExpMatchArray, style: FigureStyle): DateReading[];
}

/** Numeric day and month in the orders the locales write them (id, fr, de: day first; en-US: month first). */
const numericOrders = (a: number, b: number, style: FigureStyle, year?: number): DateReading[] => [
  ...(style.dayFirst ? [{ day: a, month: b, year }] : []),
  ...(style.monthFirst ? [{ day: b, month: a, year }] : []),
];

const DATE_PATTERNS: DatePattern[] = [
  // 2023-09-13
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/gu, read: (m) => [{ year: +m[1], month: +m[2], day: +m[3] }] },
  // 13/9/2023, 13-9-2023, 13.9.2023, 13/9/23; 9/13/2023 in a month-first locale
  { re: /\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/gu, read: (m, style) => numericOrders(+m[1], +m[3], style, m[4].length === 2 ? 2000 + +m[4] : +m[4]) },
  // 13/9 (Indonesian news: "Rabu (13/9)")
  { re: /(?<![\d/])(\d{1,2})\/(\d{1,2})(?![\d/])/gu, read: (m, style) => numericOrders(+m[1], +m[2], style) },
  // 13 September 2023, 13. September 2023, 13 Sept., 1er septembre
  {
    re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?${MONTH_WORD}(?:,?\s+(\d{4}))?`, 'gu'),
    read: (m, style) => {
      const month = style.monthOf(m[2]);
      return month ? [{ day: +m[1], month, year: m[3] ? +m[3] : undefined }] : [];
    },
  },
  // September 13, 2023; Sept. 13 (capitalised where the locales capitalise months: "may 13" is no date)
  {
    re: new RegExp(String.raw`${MONTH_WORD}\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'gu'),
    read: (m, style) => {
      const month = !style.capitalMonths || /^\p{Lu}/u.test(m[1]) ? style.monthOf(m[1]) : undefined;
      return month ? [{ month, day: +m[2], year: m[3] ? +m[3] : undefined }] : [];
    },
  },
  // April 2019, septembre 2023, and a machine's lower-cased "jun 2021"
  {
    re: new RegExp(String.raw`${MONTH_WORD},?\s+(\d{4})\b`, 'gu'),
    read: (m, style) => {
      const month = style.monthOf(m[1]);
      return month ? [{ month, year: +m[2] }] : [];
    },
  },
];

/** English number words, so that "2" ↔ "two" and "ke-2" ↔ "second" compare equal. */
const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const EN_ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

interface Patterns {
  time: RegExp;
  number: RegExp;
  scale: RegExp;
  unit: RegExp;
}
const patternCache = new WeakMap<FigureStyle, Patterns>();
function patterns(style: FigureStyle): Patterns {
  let p = patternCache.get(style);
  if (p) return p;
  const hourWord = style.hourWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)';
  const digits = String.raw`\d+(?:[.,\u00a0\u202f'’]\d+)*`;
  p = {
    // 10:30, pukul 10.30, 10.30 WIB, 2 p.m., 10:30 a.m., 10 h 30, 10h30, 10:30 Uhr, 10 Uhr
    time: new RegExp(String.raw`\b(?:(pukul|jam)\s+)?(\d{1,2})(?:([:.])(\d{2})|${SPACE}?(${hourWord})(?:${SPACE}?(\d{2}))?(?!\p{L}))?(?:${SPACE}*(WIB|WITA|WIT|${hourWord}|([ap])\.?\s?m\b\.?)(?!\p{L}))?`, 'giu'),
    // An amount: unit before (Rp, US$, IDR), digits grouped in any of the locales' styles.
    number: new RegExp(String.raw`(?:(?<![\p{L}\d.,])(${style.prefixPattern})\.?${SPACE}?)?(?<![\d.,])(${style.spaceGrouping ? String.raw`\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|` : ''}${digits})`, 'gu'),
    scale: new RegExp(String.raw`(${SPACE}*)(${style.scalePattern})\.?(?![\p{L}\d])`, 'iuy'),
    // After a scale word a connector may come first: `2 millions de dollars`, `2 millions d'euros`.
    unit: new RegExp(String.raw`${SPACE}*((?:de|of)${SPACE}+|d['’])?(${style.suffixPattern})(?![\p{L}])`, 'iuy'),
  };
  patternCache.set(style, p);
  return p;
}

/**
 * Figures of `text` written in `locale`. `alsoLocales` are accepted as well (a target may keep
 * the source's formatting or month names, e.g. an untranslated quote). Throws RangeError for an
 * invalid locale tag.
 */
export function extractFigures(text: string, locale: string, alsoLocales: readonly string[] = []): Figures {
  const style = figureStyle([locale, ...alsoLocales.filter((l) => l !== locale)]);
  const p = patterns(style);
  const dates: DateFigure[] = [];
  // Abbreviated year ranges: 1950-53 → 1950-1953.
  let rest = text.replace(/\b(1\d|20)(\d{2})([-–—])(\d{2})(?!\d)/g, (_w, century: string, from: string, dash: string, to: string) => `${century}${from}${dash}${century}${to}`);
  // What is read is blanked with as many spaces, so positions stay.
  const blank = (s: string) => ' '.repeat(s.length);
  for (const pattern of DATE_PATTERNS) {
    rest = rest.replace(pattern.re, (...args) => {
      const match = args.slice(0, -2) as unknown as RegExpMatchArray;
      const at = args[args.length - 2] as number;
      const readings = pattern.read(match, style).filter((r) => r.month >= 1 && r.month <= 12 && (r.day === undefined || (r.day >= 1 && r.day <= 31)));
      if (readings.length === 0) return match[0];
      dates.push({ raw: match[0], readings, at });
      return blank(match[0]);
    });
  }
  const numbers: Figure[] = [];
  rest = rest.replace(p.time, (whole: string, word?: string, h?: string, sep?: string, mm?: string, hourWord?: string, hmm?: string, zone?: string, ampm?: string, at?: number) => {
    const hour = Number(h);
    const minutes = mm ?? hmm;
    const minute = minutes === undefined ? 0 : +minutes;
    const isTime = Boolean(word || zone || hourWord || sep === ':') && hour < 24 && minute < 60;
    if (!isTime) return whole;
    const keys: number[] = [];
    if (ampm) keys.push(((hour % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0)) * 60 + minute);
    else {
      keys.push(hour * 60 + minute);
      if (hour >= 1 && hour <= 12) keys.push(((hour % 12) + 12) * 60 + minute);
    }
    const figure: Figure = { kind: 'time', raw: whole.trim(), keys: keys.map((k) => `t:${k}`), value: keys[0], decimals: 0, grouped: false, at: at ?? 0 };
    // "pukul 10.30" may also be read as the number 10.30 by a careless target; "10 h" as 10 hours.
    if (sep === '.') figure.keys.push(key(Number(`${h}.${mm}`)));
    if (minutes === undefined) figure.keys.push(key(hour));
    numbers.push(figure);
    return blank(whole);
  });
  let previous: { figure: Figure; end: number; scales: number[] } | undefined;
  for (const match of rest.matchAll(p.number)) {
    const raw = match[2];
    const start = match.index ?? 0;
    let end = start + match[0].length;
    const readings: Reading[] = [];
    const addReading = (r: Reading | undefined) => {
      if (r && !readings.some((x) => x.value === r.value)) readings.push(r);
    };
    for (const s of style.separators) addReading(parseWith(raw, s));
    // A figure the text's own locale cannot read is also read in the other common styles: the
    // decimal point of English style in a fr text (`2.555 %`, which the source's id style would
    // take for 2555: both readings count), "1.9 GHz" in Indonesian tech news. A figure the own
    // locale reads keeps that reading only (de `1.000` is a thousand, never 1.0). Failing all
    // styles, its separate parts.
    if (!parseWith(raw, style.separators[0])) for (const s of FALLBACK) addReading(parseWith(raw, s));
    if (readings.length === 0) for (const part of raw.split(/[.,\s\u00a0\u202f'’]/u)) addReading({ value: Number(part), decimals: 0, grouped: false });
    // A scale word (`juta`, `billion`, `2B`), then a unit (`persen`, `rupiah`, `de dollars`).
    let scale: number[] = [];
    p.scale.lastIndex = end;
    const scaled = p.scale.exec(rest);
    if (scaled) {
      scale = style.scaleOf(scaled[2], scaled[1] === '');
      if (scale.length) end += scaled[0].length;
    }
    let unit: FigureUnit | undefined = match[1] ? { raw: match[1], ids: style.unitsOf(match[1]) } : undefined;
    // A bare year ("pada 2023 rupiah melemah") takes no unit after it.
    const yearLike = !match[1] && !scale.length && /^[12]\d{3}$/.test(raw);
    if (!yearLike) {
      p.unit.lastIndex = end;
      const after = p.unit.exec(rest);
      if (after && (!after[1] || scale.length) && style.unitsOf(after[2]).length) {
        end += after[0].length;
        unit ??= { raw: after[2], ids: style.unitsOf(after[2]) };
      }
    }
    const keys = readings.map((r) => key(r.value));
    for (const s of scale) for (const r of readings) keys.push(key(r.value * s));
    const figure: Figure = { kind: 'number', raw: rest.slice(start, end).trim().replace(/(\p{L}{4,})\.$/u, '$1'), keys, value: readings[0].value, decimals: readings[0].decimals, grouped: readings[0].grouped, scale: scale[0], unit, at: start };
    // The first number of a range takes the second's scale word: "USD 3-4 ribu" is 3,000 to 4,000.
    if (previous && !previous.scales.length && scale.length && /^[\s\u00a0\u202f]*[-–—][\s\u00a0\u202f]*$/u.test(rest.slice(previous.end, start))) {
      const first = previous.figure;
      for (const s of scale) first.keys.push(key(first.value * s));
    }
    numbers.push(figure);
    previous = { figure, end, scales: scale };
  }
  if (style.locales.some((l) => l.toLowerCase().startsWith('en'))) {
    for (const match of rest.matchAll(/\b(\p{L}+)\b/gu)) {
      const word = match[1].toLowerCase();
      const n = EN_WORDS.indexOf(word);
      const o = EN_ORDINALS.indexOf(word);
      const value = n > 0 || word === 'zero' ? n : o > 0 ? o : word === 'dozen' ? 12 : undefined;
      if (value !== undefined) numbers.push({ kind: 'number', raw: match[1], keys: [key(value)], value, decimals: 0, grouped: false, at: match.index ?? 0 });
    }
  }
  numbers.sort((a, b) => a.at - b.at);
  return { numbers, dates };
}

const DATE_PARTS = ['day', 'month', 'year'] as const;
const sharesUnit = (a: FigureUnit, b: FigureUnit | undefined) => b !== undefined && a.ids.some((id) => b.ids.includes(id));

/**
 * Source figures the target does not have whole (one-to-one matching), in source order. A date
 * needs its day, month and year (a part the target's date lacks may stand alone in the target:
 * "September 13 … in 2023"); an amount needs its value and, if the source wrote one, its unit (a
 * target amount without unit counts when another target amount carries it: "IDR 2 billion to 3
 * billion").
 */
export function missingFigures(source: Figures, target: Figures): MissingFigure[] {
  const missing: MissingFigure[] = [];
  const usedNumbers = new Set<number>();
  const usedDates = new Set<number>();
  for (const date of source.dates) {
    let best: { missing: FigurePart[]; reading: DateReading; at?: number; numbers: number[] } | undefined;
    for (const rs of date.readings) {
      const wanted = DATE_PARTS.filter((part) => rs[part] !== undefined);
      const candidates: Array<{ at?: number; rt?: DateReading }> = [...target.dates.flatMap((t, at) => (usedDates.has(at) ? [] : t.readings.map((rt) => ({ at, rt })))), {}];
      for (const c of candidates) {
        const gaps: FigurePart[] = [];
        const numbers: number[] = [];
        for (const part of wanted) {
          const value = rs[part] as number;
          const got = c.rt?.[part];
          if (got === value) continue;
          // Gathered from the whole target ("September 13-14, 2023" for "14 September 2023"): the
          // month from any of its dates, day and year as figures of their own.
          if (!c.rt && part === 'month' && target.dates.some((t) => t.readings.some((r) => r.month === value))) continue;
          if (got === undefined && part !== 'month') {
            const at = target.numbers.findIndex((t, i) => !usedNumbers.has(i) && !numbers.includes(i) && t.kind === 'number' && !t.unit && t.keys.includes(key(value)));
            if (at !== -1) {
              numbers.push(at);
              continue;
            }
          }
          gaps.push(part);
        }
        if (!best || gaps.length < best.missing.length) best = { missing: gaps, reading: rs, at: c.at, numbers };
      }
    }
    if (!best) continue;
    const whole = best.missing.length === DATE_PARTS.filter((part) => best.reading[part] !== undefined).length;
    if (best.missing.length === 0) best.numbers.forEach((i) => usedNumbers.add(i));
    if (best.at !== undefined && !whole) usedDates.add(best.at);
    if (best.missing.length) missing.push({ figure: date, parts: whole ? [] : best.missing, reading: best.reading });
  }
  // Amounts and times: first the ones that match with their unit, then the rest. The day and year
  // of a target date no source date took count as numbers ("13-14 September" → "September 13-14").
  const pool = [...target.numbers];
  target.dates.forEach((date, i) => {
    if (usedDates.has(i)) return;
    const values = new Set(date.readings.flatMap((r) => [r.day, r.year]).filter((v): v is number => v !== undefined));
    for (const value of values) pool.push({ kind: 'number', raw: date.raw, keys: [key(value)], value, decimals: 0, grouped: false, at: date.at });
  });
  const pending: Figure[] = [];
  for (const figure of source.numbers) {
    const at = pool.findIndex((t, i) => !usedNumbers.has(i) && t.keys.some((k) => figure.keys.includes(k)) && (!figure.unit || sharesUnit(figure.unit, t.unit)));
    if (at === -1) pending.push(figure);
    else usedNumbers.add(at);
  }
  for (const figure of pending) {
    const at = pool.findIndex((t, i) => !usedNumbers.has(i) && t.keys.some((k) => figure.keys.includes(k)));
    if (at === -1) {
      missing.push({ figure, parts: [] });
      continue;
    }
    usedNumbers.add(at);
    const found = pool[at];
    if (!found.unit && target.numbers.some((t) => sharesUnit(figure.unit as FigureUnit, t.unit))) continue;
    missing.push({ figure, parts: ['unit'], foundUnit: found.unit?.raw });
  }
  return missing.sort((a, b) => a.figure.at - b.figure.at);
}

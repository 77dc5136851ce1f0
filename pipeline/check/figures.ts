/**
 * Figures of a text, normalised per locale so that a correctly localised figure compares equal:
 * `Rp1.500.000,50` (id) = `IDR 1,500,000.50` (en); `3,5 persen` = `3.5 percent`; `13/9/2023` =
 * `September 13, 2023` = `Sept. 13, 2023`; `pukul 10.30` = `10:30` = `10:30 a.m.`; `1,5 juta` =
 * `1.5 million` = `1,500,000`. Pure; month names and separators come from `Intl`.
 */

export interface Figure {
  raw: string;
  /** Normalised readings (`n:1500000`, `t:630` minutes of the day); equal if any is shared. */
  keys: string[];
}

export interface DateFigure {
  raw: string;
  /** Possible (day, month, year) readings; day/year undefined when not written. */
  readings: Array<{ day?: number; month: number; year?: number }>;
}

export interface Figures {
  numbers: Figure[];
  dates: DateFigure[];
}

interface Separators {
  group: string;
  decimal: string;
}

const separatorCache = new Map<string, Separators>();
function separators(locale: string): Separators {
  let s = separatorCache.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
    s = { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
    separatorCache.set(locale, s);
  }
  return s;
}

const monthCache = new Map<string, Map<string, number>>();
/** Lower-cased month names (long and short, without dots) → month number, for a locale. */
function monthNames(locale: string): Map<string, number> {
  let names = monthCache.get(locale);
  if (!names) {
    names = new Map();
    for (const style of ['long', 'short'] as const) {
      const format = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        const name = format.format(new Date(Date.UTC(2023, m, 15))).toLocaleLowerCase(locale).replace(/\.$/, '');
        if (/^\p{L}+$/u.test(name)) names.set(name, m + 1);
      }
    }
    monthCache.set(locale, names);
  }
  return names;
}

/** A month word in any of the locales: full name, short name, or a 3+ letter prefix of the full name (`Sept.`). */
function monthOf(word: string, locales: readonly string[]): number | undefined {
  const w = word.replace(/\.$/, '');
  for (const locale of locales) {
    const lower = w.toLocaleLowerCase(locale);
    const names = monthNames(locale);
    const exact = names.get(lower);
    if (exact) return exact;
    if (lower.length >= 3) for (const [name, m] of names) if (name.length > 4 && name.startsWith(lower)) return m;
  }
  return undefined;
}

const SCALE: Record<string, number> = {
  ribu: 1e3, rb: 1e3, juta: 1e6, jt: 1e6, miliar: 1e9, milyar: 1e9, triliun: 1e12,
  thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12,
};

const FALLBACK: Separators[] = [{ group: ',', decimal: '.' }, { group: '.', decimal: ',' }];

const key = (n: number) => `n:${Number(n.toPrecision(12))}`;

function parseWith(raw: string, { group, decimal }: Separators): number | undefined {
  const normalized = /^\s$/u.test(group) ? raw.replace(/[\u00a0\u202f]/g, group) : raw;
  const parts = normalized.split(decimal);
  if (parts.length > 2) return undefined;
  const [int, frac] = parts;
  if (frac !== undefined && !/^\d+$/.test(frac)) return undefined;
  const groups = int.split(group);
  if (groups.some((g) => !/^\d+$/.test(g))) return undefined;
  if (groups.length > 1 && (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3))) return undefined;
  return Number(groups.join('') + (frac !== undefined ? `.${frac}` : ''));
}

const MONTH_WORD = String.raw`(\p{L}{3,}\.?)`;
const DATE_PATTERNS: Array<{ re: RegExp; read(m: RegExpMatchArray, locales: readonly string[]): DateFigure['readings'] }> = [
  // 2023-09-13
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/gu, read: (m) => [{ year: +m[1], month: +m[2], day: +m[3] }] },
  // 13/9/2023, 13-9-2023, 13.9.2023, 13/9/23, and 9/13/2023
  {
    re: /\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/gu,
    read: (m) => {
      const year = m[4].length === 2 ? 2000 + +m[4] : +m[4];
      return [{ day: +m[1], month: +m[3], year }, { day: +m[3], month: +m[1], year }];
    },
  },
  // 13/9 (Indonesian news: "Rabu (13/9)")
  { re: /(?<![\d/])(\d{1,2})\/(\d{1,2})(?![\d/])/gu, read: (m) => [{ day: +m[1], month: +m[2] }, { day: +m[2], month: +m[1] }] },
  // 13 September 2023, 13 Sept.
  {
    re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?${MONTH_WORD}(?:,?\s+(\d{4}))?`, 'gu'),
    read: (m, locales) => {
      const month = monthOf(m[2], locales);
      return month ? [{ day: +m[1], month, year: m[3] ? +m[3] : undefined }] : [];
    },
  },
  // September 13, 2023; Sept. 13
  {
    re: new RegExp(String.raw`${MONTH_WORD}\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'gu'),
    read: (m, locales) => {
      const month = /^\p{Lu}/u.test(m[1]) ? monthOf(m[1], locales) : undefined;
      return month ? [{ month, day: +m[2], year: m[3] ? +m[3] : undefined }] : [];
    },
  },
  // April 2019
  {
    re: new RegExp(String.raw`${MONTH_WORD},?\s+(\d{4})\b`, 'gu'),
    read: (m, locales) => {
      const month = /^\p{Lu}/u.test(m[1]) ? monthOf(m[1], locales) : undefined;
      return month ? [{ month, year: +m[2] }] : [];
    },
  },
];

/** English number words, so that "2" ↔ "two" and "ke-2" ↔ "second" compare equal. */
const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const EN_ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/**
 * Figures of `text` written in `locale`. `alsoLocales` are accepted as well (a target may keep
 * the source's formatting or month names, e.g. an untranslated quote).
 */
export function extractFigures(text: string, locale: string, alsoLocales: readonly string[] = []): Figures {
  const locales = [locale, ...alsoLocales.filter((l) => l !== locale)];
  const dates: DateFigure[] = [];
  // Abbreviated year ranges: 1950-53 → 1950-1953.
  let rest = text.replace(/\b(1\d|20)(\d{2})([-–—])(\d{2})(?!\d)/g, (_w, century: string, from: string, dash: string, to: string) => `${century}${from}${dash}${century}${to}`);
  for (const pattern of DATE_PATTERNS) {
    rest = rest.replace(pattern.re, (...args) => {
      const match = args.slice(0, -2) as unknown as RegExpMatchArray;
      const readings = pattern.read(match, locales).filter((r) => r.month >= 1 && r.month <= 12 && (r.day === undefined || (r.day >= 1 && r.day <= 31)));
      if (readings.length === 0) return match[0];
      dates.push({ raw: match[0], readings });
      return ' ';
    });
  }
  const numbers: Figure[] = [];
  // Times: 10:30, pukul 10.30, 10.30 WIB, 2 p.m., 10:30 a.m.
  rest = rest.replace(/\b(?:(pukul|jam)\s+)?(\d{1,2})(?:([:.])(\d{2}))?(?:\s*(WIB|WITA|WIT|([ap])\.?\s?m\b\.?))?/giu, (whole, word, h, sep, mm, zone, ampm) => {
    const hour = +h;
    const minute = mm === undefined ? 0 : +mm;
    const isTime = Boolean(word || zone || sep === ':') && hour < 24 && minute < 60;
    if (!isTime) return whole;
    const keys: number[] = [];
    if (ampm) keys.push(((hour % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0)) * 60 + minute);
    else {
      keys.push(hour * 60 + minute);
      if (hour >= 1 && hour <= 12) keys.push(((hour % 12) + 12) * 60 + minute);
    }
    const figure: Figure = { raw: whole.trim(), keys: keys.map((k) => `t:${k}`) };
    // "pukul 10.30" may also be read as the number 10.30 by a careless target.
    if (sep === '.') figure.keys.push(key(Number(`${h}.${mm}`)));
    numbers.push(figure);
    return ' ';
  });
  const seps = locales.map(separators);
  for (const match of rest.matchAll(/(?<![\d.,])((?:[$€£¥]|Rp\.?\s?|IDR\s?|US\$\s?)?(\d+(?:[.,\u00a0\u202f'’]\d+)*)(?:\s*(?:%|persen|percent))?)(?:\s+(\p{L}+)\b)?/gu)) {
    const raw = match[2];
    const values = new Set<number>();
    for (const s of seps) {
      const v = parseWith(raw, s);
      if (v !== undefined) values.add(v);
    }
    // A figure not valid in the locale's own style: read it in the other common styles (Indonesian
    // tech news writes "1.9 GHz"), and failing those, as its separate parts.
    if (values.size === 0) for (const s of FALLBACK) {
      const v = parseWith(raw, s);
      if (v !== undefined) values.add(v);
    }
    if (values.size === 0) for (const part of raw.split(/[.,\u00a0\u202f'’]/)) values.add(Number(part));
    const scale = match[3] ? SCALE[match[3].toLowerCase()] : undefined;
    const keys = [...values].map(key);
    if (scale) for (const v of values) keys.push(key(v * scale));
    numbers.push({ raw: match[1].trim(), keys });
  }
  if (locales.some((l) => l.toLowerCase().startsWith('en'))) {
    for (const match of rest.matchAll(/\b(\p{L}+)\b/gu)) {
      const word = match[1].toLowerCase();
      const n = EN_WORDS.indexOf(word);
      const o = EN_ORDINALS.indexOf(word);
      if (n > 0 || word === 'zero') numbers.push({ raw: match[1], keys: [key(n)] });
      else if (o > 0) numbers.push({ raw: match[1], keys: [key(o)] });
      else if (word === 'dozen') numbers.push({ raw: match[1], keys: [key(12)] });
    }
  }
  return { numbers, dates };
}

/** Source figures with no counterpart in the target (one-to-one matching). */
export function missingFigures(source: Figures, target: Figures): string[] {
  const missing: string[] = [];
  const used = new Set<number>();
  for (const figure of source.numbers) {
    const at = target.numbers.findIndex((t, i) => !used.has(i) && t.keys.some((k) => figure.keys.includes(k)));
    if (at === -1) missing.push(figure.raw);
    else used.add(at);
  }
  const usedDates = new Set<number>();
  for (const date of source.dates) {
    const at = target.dates.findIndex((t, i) => !usedDates.has(i) && t.readings.some((r) => date.readings.some((s) => sameDate(s, r))));
    if (at !== -1) {
      usedDates.add(at);
      continue;
    }
    // A date may come back as separate figures ("13 and 14 September" style rewrites).
    const reading = date.readings[0];
    const parts = [reading.day, reading.year].filter((p): p is number => p !== undefined);
    const loose = parts.every((p) => target.numbers.some((t, i) => !used.has(i) && t.keys.includes(key(p))));
    if (!loose || parts.length === 0) missing.push(date.raw);
  }
  return missing;
}

function sameDate(a: DateFigure['readings'][number], b: DateFigure['readings'][number]): boolean {
  return a.month === b.month && (a.day === b.day) && (a.year === undefined || b.year === undefined || a.year === b.year);
}
